#pragma once

#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace gensr {

// RUN_DIR/log.jsonl: one JSON object per line, appended and flushed as training goes. On
// resume the lines of steps after the checkpoint are dropped first (they will be redone), so
// the log reads as if the run had never stopped.
class RunLog {
 public:
  // keep_through_step < 0 starts a fresh log.
  RunLog(const std::string& path, std::int64_t keep_through_step);
  void write(const nlohmann::json& record);

 private:
  std::string path_;
  std::ofstream out_;
};

// The rank-0 progress line on stderr: step/total, epoch, loss, instances/s, ETA.
class Progress {
 public:
  Progress(std::int64_t first_step, std::int64_t total_steps);
  void report(std::int64_t step, std::int64_t epoch, std::int64_t epochs, double loss,
              double instances_per_s);

 private:
  std::int64_t first_step_, total_;
  std::chrono::steady_clock::time_point start_;
};

// "1:02:03" / "4:05".
std::string format_duration(double seconds);

}  // namespace gensr
