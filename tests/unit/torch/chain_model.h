#pragma once

// The small model of the gradient-bucket suites: y = sum over layers of tanh(x W_k), one weight
// per "layer", so backward produces the gradients of the last weights first.

#include <cstdint>
#include <vector>

#include <ATen/ATen.h>

namespace gensr::test {

inline at::Tensor chain_loss(const std::vector<at::Tensor>& weights, const at::Tensor& x) {
  at::Tensor h = x;
  for (const auto& w : weights) h = at::tanh(at::matmul(h, w));
  return h.pow(2).sum();
}

// Deterministic weights (no random generator): every rank thread builds the same ones.
inline std::vector<at::Tensor> chain_weights(int layers, std::int64_t width) {
  std::vector<at::Tensor> weights;
  for (int k = 0; k < layers; ++k)
    weights.push_back(
        (at::sin(at::arange(width * width, at::kDouble) * (k + 1)).view({width, width}) / 3)
            .set_requires_grad(true));
  return weights;
}

}  // namespace gensr::test
