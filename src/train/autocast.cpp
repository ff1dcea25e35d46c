#include "train/autocast.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

// LibTorch 2.4 replaced the per-device autocast calls (set_cpu_enabled, ...) by ones taking the
// device type; the old ones are deprecated there and may be gone in later releases.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define GENSR_AUTOCAST_BY_DEVICE 1
#endif

namespace gensr {

namespace {
bool cpu_autocast_enabled() {
#ifdef GENSR_AUTOCAST_BY_DEVICE
  return at::autocast::is_autocast_enabled(at::kCPU);
#else
  return at::autocast::is_cpu_enabled();
#endif
}

void set_cpu_autocast(bool enabled) {
#ifdef GENSR_AUTOCAST_BY_DEVICE
  at::autocast::set_autocast_dtype(at::kCPU, at::kBFloat16);
  at::autocast::set_autocast_enabled(at::kCPU, enabled);
#else
  at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
  at::autocast::set_cpu_enabled(enabled);
#endif
}
}  // namespace

AutocastGuard::AutocastGuard(bool enabled) : enabled_(enabled) {
  if (!enabled_) return;
  was_enabled_ = cpu_autocast_enabled();
  set_cpu_autocast(true);
  at::autocast::increment_nesting();
}

AutocastGuard::~AutocastGuard() {
  if (!enabled_) return;
  // Casts are cached while autocast is on; drop them when the outermost guard ends.
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  set_cpu_autocast(was_enabled_);
}

}  // namespace gensr
