#include "ckpt/checkpoint_files.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "util/atomic_file.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace gensr {

std::string step_checkpoint_path(const std::string& run_dir, std::int64_t step) {
  return run_dir + "/checkpoints/step-" + std::to_string(step) + ".h5";
}
std::string latest_checkpoint_path(const std::string& run_dir) { return run_dir + "/latest.h5"; }
std::string best_checkpoint_path(const std::string& run_dir) { return run_dir + "/best.h5"; }

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

std::vector<std::int64_t> step_checkpoints(const std::string& run_dir) {
  std::vector<std::int64_t> steps;
  const fs::path dir = fs::path(run_dir) / "checkpoints";
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

void prune_step_checkpoints(const std::string& run_dir, std::int64_t keep) {
  if (keep <= 0) return;
  const auto steps = step_checkpoints(run_dir);
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < steps.size(); ++i) {
    std::error_code ec;
    fs::remove(step_checkpoint_path(run_dir, steps[i]), ec);
    if (ec)
      throw Error(step_checkpoint_path(run_dir, steps[i]) + ": cannot remove: " + ec.message());
  }
}

}  // namespace gensr
