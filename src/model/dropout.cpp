#include "model/dropout.h"

#include <cstdint>
#include <mutex>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>

namespace gensr {

namespace {

// SplitMix64's finaliser: a bijective mix whose outputs pass BigCrush for consecutive inputs.
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t draw_seed() {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return gen.get<at::CPUGeneratorImpl>()->random64();
}

}  // namespace

at::Tensor dropout(const at::Tensor& x, double p, bool training) {
  if (!training || p <= 0) return x;
  if (!x.device().is_cpu()) return at::dropout(x, p, training);
  if (p >= 1) return x * 0;
  const std::uint64_t seed = draw_seed();
  // An element is dropped when 32 bits of its hash fall below p * 2^32.
  const auto threshold = static_cast<std::uint64_t>(p * 4294967296.0);
  at::Tensor mask = at::empty(x.sizes(), x.options().requires_grad(false));
  const std::int64_t n = mask.numel();
  AT_DISPATCH_FLOATING_TYPES_AND2(at::kBFloat16, at::kHalf, mask.scalar_type(), "dropout", [&] {
    auto* m = mask.data_ptr<scalar_t>();
    const auto keep = static_cast<scalar_t>(1.0 / (1.0 - p));
    const auto drop = static_cast<scalar_t>(0);
    // Each 64-bit hash serves two elements (low and high 32 bits).
    at::parallel_for(0, (n + 1) / 2, 4096, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t i = begin; i < end; ++i) {
        const std::uint64_t h = mix64(seed + static_cast<std::uint64_t>(i) * 0x9e3779b97f4a7c15ULL);
        m[2 * i] = (h & 0xffffffffULL) < threshold ? drop : keep;
        if (2 * i + 1 < n) m[2 * i + 1] = (h >> 32) < threshold ? drop : keep;
      }
    });
  });
  return x * mask;
}

}  // namespace gensr
