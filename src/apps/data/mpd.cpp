#include <iostream>

#include "apps/data/commands.h"
#include "data/mpd.h"
#include "util/options.h"

namespace gensr::data_cmd {

int mpd(const Args& args) {
  MpdOptions opt;
  po::options_description desc("gensr-data mpd options");
  desc.add_options()("input", po::value<std::string>()->required(),
                     "folder with data/mpd.slice.*.json (or the slices themselves)")(
      "out", po::value<std::string>()->required(), "dataset folder to write")(
      "sample-playlists", po::value<double>(&opt.sample_playlists)->default_value(1.0),
      "fraction of playlists kept (a seeded hash of the pid decides)")(
      "seed", po::value<std::uint64_t>(&opt.seed)->default_value(42), "seed of the sample")(
      "min-item-count", po::value<int>(&opt.min_item_count)->default_value(1),
      "tracks occurring fewer times in the sampled playlists are dropped");
  po::variables_map vm;
  if (!parse_options(args, desc, "usage: gensr-data mpd --input DIR --out DIR [options]", vm))
    return 0;
  const std::string out = vm["out"].as<std::string>();
  Dataset d = convert_mpd(vm["input"].as<std::string>(), opt);
  d.info["converter"]["command_options"] = options_to_json(vm);
  write_dataset(out, d);
  std::cout << "wrote " << out << ": " << d.item_ids.size() << " tracks, " << d.user_ids.size()
            << " playlists, " << d.interactions.size() << " interactions, " << d.queries.size()
            << " queries, " << d.qrels.size() << " qrels" << std::endl;
  return 0;
}

}  // namespace gensr::data_cmd
