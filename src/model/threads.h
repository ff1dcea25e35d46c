#pragma once

namespace gensr {

// Sets LibTorch's intra-op threads (LibTorch 1.13 starts with one here) and returns the count
// in effect. n <= 0 keeps LibTorch's choice.
int set_intra_op_threads(int n);

}  // namespace gensr
