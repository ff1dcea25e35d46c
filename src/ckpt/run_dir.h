#pragma once

// A gensr-train run directory (docs/training.md "Run directory"):
//   RUN_DIR/config.json            resolved options, model and data (rank 0, at every start)
//   RUN_DIR/log.jsonl              one JSON object per logged step, validation or stop
//   RUN_DIR/checkpoints/step-N.h5  the newest --keep-checkpoints step checkpoints
//   RUN_DIR/latest.h5, best.h5     hard links (copies where links fail) to a step checkpoint,
//                                  swapped in by rename, so a reader never sees a partial file
//   RUN_DIR/.lock                  held by the gensr-train training it (RunDirLock)
// The trainer writes it and gensr-eval reads it, both through this class.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gensr {

class RunDirLock;

class RunDir {
 public:
  explicit RunDir(std::string path);

  const std::string& path() const { return path_; }
  std::string config_path() const;
  std::string log_path() const;
  std::string checkpoints_path() const;
  std::string step_checkpoint_path(std::int64_t step) const;
  std::string latest_checkpoint_path() const;
  std::string best_checkpoint_path() const;

  // Creates the folder and takes its lock: a second trainer on it stops at once with a
  // UsageError naming the folder. The lock lasts as long as the returned object.
  std::unique_ptr<RunDirLock> create_and_lock() const;
  // Creates RUN_DIR/checkpoints and writes config.json (atomically) with `config_json`.
  void start(const std::string& config_json) const;

  // After step_checkpoint_path(step) was written: latest.h5 (and, if `best`, best.h5) name it,
  // and all but the `keep` newest step checkpoints are removed (keep <= 0 keeps all).
  void publish_checkpoint(std::int64_t step, bool best, std::int64_t keep) const;

  // The global steps of the step checkpoints, ascending.
  std::vector<std::int64_t> step_checkpoints() const;

  // The checkpoint a user means by `path`: a checkpoint file or an HF model folder (gensr-eval
  // export's) as given, a run directory's best.h5. Throws InputError when `path` is a folder
  // that is neither an HF model nor a run directory with a best.h5.
  static std::string resolve_checkpoint(const std::string& path);

 private:
  std::string path_;
};

// Makes `alias` name the same content as `source`: hard link (or copy) to a temporary name
// beside `alias`, then rename over it.
void replace_alias(const std::string& source, const std::string& alias);

}  // namespace gensr
