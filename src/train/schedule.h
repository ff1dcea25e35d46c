#pragma once

#include <cstdint>
#include <string>

namespace gensr {

// The learning rate of optimizer step `step` (0-based, the number of steps already taken), as
// HF's get_linear_schedule_with_warmup / get_constant_schedule_with_warmup: a linear warm-up
// from 0 over `warmup` steps, then "linear" decays to 0 at `total` steps and "constant" stays.
double scheduled_lr(const std::string& schedule, double peak, std::int64_t step,
                    std::int64_t warmup, std::int64_t total);

}  // namespace gensr
