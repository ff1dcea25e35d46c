#include <iostream>

#include "apps/data/commands.h"
#include "data/dataset.h"
#include "data/splits.h"
#include "util/options.h"

namespace gensr::data_cmd {

int validate(const Args& args) {
  po::options_description desc("gensr-data validate options");
  desc.add_options()("data", po::value<std::string>()->required(), "dataset folder")(
      "seed", po::value<std::uint64_t>()->default_value(42), "seed of the 80/10/10 query split")(
      "shared-items-only", po::bool_switch(), "keep only items present in both tasks");
  po::variables_map vm;
  if (!parse_options(args, desc, "usage: gensr-data validate --data DIR [options]", vm)) return 0;

  Dataset d = read_dataset(vm["data"].as<std::string>());
  if (vm["shared-items-only"].as<bool>()) d = keep_shared_items(d);
  SplitOptions so;
  so.seed = vm["seed"].as<std::uint64_t>();
  const RecSplits rec = split_recommendation(d, so);
  const SearchSplits search = split_search(d, so);
  nlohmann::json out = {{"items", d.item_ids.size()},
                        {"users", d.user_ids.size()},
                        {"interactions", d.interactions.size()},
                        {"queries", d.queries.size()},
                        {"qrels", d.qrels.size()},
                        {"rec",
                         {{"sequences", rec.sequences.size()},
                          {"dropped_users", rec.dropped_users},
                          {"train", rec.train.size()},
                          {"valid", rec.valid.size()},
                          {"test", rec.test.size()},
                          {"dropped_eval_instances", rec.dropped_eval_instances}}},
                        {"search",
                         {{"train", search.train.size()},
                          {"valid", search.valid.size()},
                          {"test", search.test.size()},
                          {"dropped_eval_instances", search.dropped_eval_instances}}}};
  std::cout << out.dump(2) << std::endl;
  return 0;
}

}  // namespace gensr::data_cmd
