#include "ckpt/run_dir.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "ckpt/exported_model.h"
#include "ckpt/run_dir_lock.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace gensr {

RunDir::RunDir(std::string path) : path_(std::move(path)) {}

std::string RunDir::config_path() const { return path_ + "/config.json"; }
std::string RunDir::log_path() const { return path_ + "/log.jsonl"; }
std::string RunDir::checkpoints_path() const { return path_ + "/checkpoints"; }
std::string RunDir::step_checkpoint_path(std::int64_t step) const {
  return checkpoints_path() + "/step-" + std::to_string(step) + ".h5";
}
std::string RunDir::latest_checkpoint_path() const { return path_ + "/latest.h5"; }
std::string RunDir::best_checkpoint_path() const { return path_ + "/best.h5"; }

std::unique_ptr<RunDirLock> RunDir::create_and_lock() const {
  fs::create_directories(path_);
  return std::make_unique<RunDirLock>(path_);
}

void RunDir::start(const std::string& config_json) const {
  fs::create_directories(checkpoints_path());
  write_file_atomic(config_path(), config_json);
}

void replace_alias(const std::string& source, const std::string& alias) {
  const std::string tmp = temp_path_for(alias);
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_hard_link(source, tmp, ec);
  if (ec) {
    // File systems without hard links (some network mounts): a copy is as good, only bigger.
    fs::copy_file(source, tmp, fs::copy_options::overwrite_existing, ec);
    if (ec) throw Error(alias + ": cannot copy " + source + ": " + ec.message());
  }
  publish(tmp, alias);
}

void RunDir::publish_checkpoint(std::int64_t step, bool best, std::int64_t keep) const {
  const std::string path = step_checkpoint_path(step);
  replace_alias(path, latest_checkpoint_path());
  if (best) replace_alias(path, best_checkpoint_path());
  if (keep <= 0) return;
  const auto steps = step_checkpoints();
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < steps.size(); ++i) {
    std::error_code ec;
    fs::remove(step_checkpoint_path(steps[i]), ec);
    if (ec) throw Error(step_checkpoint_path(steps[i]) + ": cannot remove: " + ec.message());
  }
}

std::vector<std::int64_t> RunDir::step_checkpoints() const {
  std::vector<std::int64_t> steps;
  const fs::path dir = checkpoints_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return steps;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 9 || name.rfind("step-", 0) != 0 || name.substr(name.size() - 3) != ".h5")
      continue;
    const std::string digits = name.substr(5, name.size() - 8);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit)) continue;
    steps.push_back(std::stoll(digits));
  }
  std::sort(steps.begin(), steps.end());
  return steps;
}

std::string RunDir::resolve_checkpoint(const std::string& path) {
  if (!fs::is_directory(path) || is_hf_folder(path)) return path;
  const std::string best = RunDir(path).best_checkpoint_path();
  if (!fs::exists(best))
    throw InputError(best, 0, "file", "missing: is " + path + " a gensr-train run directory?");
  return best;
}

}  // namespace gensr
