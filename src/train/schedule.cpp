#include "train/schedule.h"

#include <algorithm>

#include "util/error.h"

namespace gensr {

double scheduled_lr(const std::string& schedule, double peak, std::int64_t step,
                    std::int64_t warmup, std::int64_t total) {
  if (step < warmup) return peak * static_cast<double>(step) / static_cast<double>(warmup);
  if (schedule == "constant") return peak;
  if (schedule != "linear")
    throw UsageError("--schedule: expected linear or constant, got '" + schedule + "'");
  const double left = static_cast<double>(total - step);
  return peak *
         std::max(0.0, left / static_cast<double>(std::max<std::int64_t>(1, total - warmup)));
}

}  // namespace gensr
