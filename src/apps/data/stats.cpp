#include <filesystem>
#include <iostream>

#include "apps/data/commands.h"
#include "data/dataset.h"
#include "data/splits.h"
#include "stats/table.h"
#include "util/atomic_file.h"
#include "util/options.h"
#include "util/provenance.h"

namespace gensr::data_cmd {

namespace {

std::string folder_name(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  const auto slash = dir.find_last_of('/');
  return slash == std::string::npos ? dir : dir.substr(slash + 1);
}

}  // namespace

int stats(const Args& args) {
  po::options_description desc("gensr-data stats options");
  desc.add_options()("data", po::value<std::vector<std::string>>()->required(),
                     "dataset folder; repeat for one table row per dataset")(
      "out", po::value<std::string>()->required(), "folder for stats.json and stats.md")(
      "seed", po::value<std::uint64_t>()->default_value(42),
      "seed of the 80/10/10 split of queries without one")(
      "min-items", po::value<int>()->default_value(4), "users with fewer interactions are dropped")(
      "shared-items-only", po::bool_switch(), "keep only items present in both tasks (ML, MPD)");
  po::variables_map vm;
  if (!parse_options(args, desc, "usage: gensr-data stats --data DIR [--data DIR ...] --out DIR",
                     vm))
    return 0;

  SplitOptions so;
  so.seed = vm["seed"].as<std::uint64_t>();
  so.min_items = vm["min-items"].as<int>();
  std::vector<stats::DatasetStats> rows;
  nlohmann::json datasets = nlohmann::json::array();
  for (const std::string& dir : vm["data"].as<std::vector<std::string>>()) {
    Dataset d = read_dataset(dir);
    if (vm["shared-items-only"].as<bool>()) d = keep_shared_items(d);
    const std::string name = d.info.contains("name") && d.info["name"].is_string() &&
                                     !d.info["name"].get<std::string>().empty()
                                 ? d.info["name"].get<std::string>()
                                 : folder_name(dir);
    rows.push_back(stats::dataset_stats(name, d, split_recommendation(d, so), split_search(d, so)));
    nlohmann::json j = stats::to_json(rows.back());
    j["folder"] = dir;
    datasets.push_back(std::move(j));
  }

  const std::string out = vm["out"].as<std::string>();
  const std::string md = stats::stats_markdown(rows);
  const nlohmann::json doc = {{"provenance", provenance("gensr-stats", 1)},
                              {"options", options_to_json(vm)},
                              {"datasets", datasets}};
  std::filesystem::create_directories(out);
  write_file_atomic(out + "/stats.json", doc.dump(2) + "\n");
  write_file_atomic(out + "/stats.md", md);
  std::cout << md;
  return 0;
}

}  // namespace gensr::data_cmd
