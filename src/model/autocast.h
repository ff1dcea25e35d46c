#pragma once

#include <c10/core/DeviceType.h>

namespace gensr {

// bfloat16 autocast on `device` (the CPU or CUDA) for the guard's lifetime when `enabled`
// (matmuls in bf16, reductions and losses in float32, as torch.autocast(device, torch.bfloat16)).
class AutocastGuard {
 public:
  explicit AutocastGuard(bool enabled, c10::DeviceType device = c10::DeviceType::CPU);
  ~AutocastGuard();
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool enabled_;
  c10::DeviceType device_;
  bool was_enabled_ = false;
};

}  // namespace gensr
