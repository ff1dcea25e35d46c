#pragma once

#include <string>

namespace gensr {

// An exclusive lock on RUN_DIR/.lock (flock), held while the object lives. A second gensr-train
// on the same run directory would resume from the first one's checkpoints, truncate the log the
// first one is still writing and replace latest.h5 under it; with the lock it stops at once
// instead. The kernel releases the lock when the process ends, so a killed or requeued job
// leaves none behind.
class RunDirLock {
 public:
  // Throws UsageError naming the directory when another process holds the lock.
  explicit RunDirLock(const std::string& run_dir);
  ~RunDirLock();
  RunDirLock(const RunDirLock&) = delete;
  RunDirLock& operator=(const RunDirLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace gensr
