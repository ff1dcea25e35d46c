#pragma once

#include <cstddef>
#include <vector>

namespace gensr {

// One flat gradient bucket: the parameters (indices into the model's parameter list) whose
// gradients it carries, in the order they are laid out in the flat buffer.
struct BucketSpec {
  std::vector<std::size_t> params;
  std::size_t bytes = 0;
};

// Groups parameters into buckets of at most `cap_bytes` each (a parameter larger than the cap
// gets a bucket of its own), walking the parameters in reverse order as PyTorch DDP does:
// backward produces the last layers' gradients first. `bytes[i]` is parameter i's gradient
// size. Every rank computes the same plan from the same model, so buckets are reduced in one
// fixed order everywhere. cap_bytes 0 means one bucket per parameter.
std::vector<BucketSpec> plan_buckets(const std::vector<std::size_t>& bytes, std::size_t cap_bytes);

}  // namespace gensr
