#pragma once

#include <ATen/Tensor.h>

namespace gensr {

// Inverted dropout (zero with probability p, scale the rest by 1/(1-p)), as at::dropout. On the
// CPU the mask comes from a counter-based hash of one 64-bit seed drawn from LibTorch's default
// generator: at::dropout's bernoulli_ draws one mt19937 number per element, which took a
// quarter of a tiny model's training step (bench/training.md). The mask depends only on the
// seed and the element's index, so it is the same at any number of threads. Other devices use
// at::dropout.
at::Tensor dropout(const at::Tensor& x, double p, bool training);

}  // namespace gensr
