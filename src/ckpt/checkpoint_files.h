#pragma once

// Where a run keeps its checkpoints and how they are replaced: RUN_DIR/checkpoints/
// step-<global step>.h5, plus RUN_DIR/latest.h5 and RUN_DIR/best.h5 as hard links (copies
// where links fail) that are swapped in by rename, so a reader never sees a partial file.

#include <cstdint>
#include <string>
#include <vector>

namespace gensr {

std::string step_checkpoint_path(const std::string& run_dir, std::int64_t step);
std::string latest_checkpoint_path(const std::string& run_dir);
std::string best_checkpoint_path(const std::string& run_dir);

// Makes `alias` name the same content as `source`: hard link (or copy) to a temporary name
// beside `alias`, then rename over it.
void replace_alias(const std::string& source, const std::string& alias);

// The global steps of RUN_DIR/checkpoints/step-*.h5, ascending.
std::vector<std::int64_t> step_checkpoints(const std::string& run_dir);

// Removes all but the `keep` newest step checkpoints (keep <= 0 keeps all).
void prune_step_checkpoints(const std::string& run_dir, std::int64_t keep);

}  // namespace gensr
