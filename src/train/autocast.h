#pragma once

namespace gensr {

// bfloat16 autocast on the CPU for the guard's lifetime when `enabled` (matmuls in bf16,
// reductions and losses in float32, as torch.autocast("cpu", torch.bfloat16)).
class AutocastGuard {
 public:
  explicit AutocastGuard(bool enabled);
  ~AutocastGuard();
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool enabled_;
  bool was_enabled_ = false;
};

}  // namespace gensr
