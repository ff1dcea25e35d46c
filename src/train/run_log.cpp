#include "train/run_log.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/error.h"

namespace gensr {

RunLog::RunLog(const std::string& path, std::int64_t keep_through_step) : path_(path) {
  std::string kept;
  if (keep_through_step >= 0 && std::filesystem::exists(path)) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      // A torn last line (killed mid-write) is dropped like the steps after the checkpoint.
      if (j.is_discarded()) continue;
      if (j.contains("step") && j["step"].is_number_integer() &&
          j["step"].get<std::int64_t>() > keep_through_step)
        continue;
      kept += line + "\n";
    }
  }
  write_file_atomic(path, kept);
  out_.open(path, std::ios::app);
  if (!out_) throw Error(path + ": cannot open the training log for appending");
}

void RunLog::write(const nlohmann::json& record) {
  out_ << record.dump() << "\n";
  out_.flush();
  if (!out_) throw Error(path_ + ": cannot write the training log");
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<long long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
}

Progress::Progress(std::int64_t first_step, std::int64_t total_steps)
    : first_step_(first_step), total_(total_steps), start_(std::chrono::steady_clock::now()) {}

void Progress::report(std::int64_t step, std::int64_t epoch, std::int64_t epochs, double loss,
                      double instances_per_s) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::int64_t done = step - first_step_;
  const double eta = done > 0 ? elapsed / done * static_cast<double>(total_ - step) : NAN;
  char buf[256];
  std::snprintf(buf, sizeof buf, "step %lld/%lld  epoch %lld/%lld  loss %.4f  %.1f inst/s  ETA %s",
                static_cast<long long>(step), static_cast<long long>(total_),
                static_cast<long long>(epoch + 1), static_cast<long long>(epochs), loss,
                instances_per_s, format_duration(eta).c_str());
  std::cerr << buf << std::endl;
}

}  // namespace gensr
