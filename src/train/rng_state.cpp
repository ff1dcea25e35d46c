#include "train/rng_state.h"

#include <algorithm>
#include <mutex>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

namespace gensr {

std::vector<std::uint8_t> cpu_rng_state() {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  const at::Tensor s = gen.get_state().contiguous();
  const auto* p = s.data_ptr<std::uint8_t>();
  return {p, p + s.numel()};
}

void set_cpu_rng_state(const std::vector<std::uint8_t>& state) {
  if (state.empty()) return;
  at::Tensor t = at::empty({static_cast<std::int64_t>(state.size())}, at::kByte);
  std::copy(state.begin(), state.end(), t.data_ptr<std::uint8_t>());
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(t);
}

}  // namespace gensr
