#pragma once

#include <functional>
#include <string>

#include "train/train_options.h"

namespace gensr {

// Named starting points for gensr-train's options (`--recipe`). "paper" is the paper's settings
// (DESIGN.md "Training defaults": TrainOptions' defaults). "scratch" is what validation recall
// chose for models trained from a random start (experiments/recipe/RESULTS.md).
// With --arch sasrec, dropout defaults to SASRec's 0.2 instead. `given(flag)` says whether the
// user set an option (flag name without dashes); those keep the user's value. Throws
// UsageError for an unknown recipe name.
void apply_recipe(const std::string& name, TrainOptions& options,
                  const std::function<bool(const std::string&)>& given);

}  // namespace gensr
