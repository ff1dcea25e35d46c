// gensr-data: dataset tools (validate, simulate, prepare, stats, converters, semantic IDs).
#include <iostream>
#include <map>

#include "apps/data/commands.h"
#include "util/error.h"
#include "util/program.h"

namespace {
const char* kUsage =
    "usage: gensr-data <command> [options]   (gensr-data <command> --help for its options)\n"
    "commands:\n"
    "  validate   read a dataset folder, check every file, print its splits as JSON\n"
    "  prepare    split, tokenize and write the HDF5 file training and evaluation read\n"
    "  movielens  convert MovieLens CSV files (ml-25m, ml-latest, ml-latest-small)\n"
    "  mpd        convert Million Playlist Dataset slices (mpd.slice.*.json)\n"
    "  simulate   write one of the paper's simulated datasets (--kind sim1|sim2|sim3)\n"
    "  stats      the paper's Table 3 statistics of dataset folders (JSON + Markdown)\n"
#ifdef GENSR_WITH_IDS
    "  embed      item embeddings as HDF5: from the training data (collab, text, joint) or a\n"
    "             checkpoint (model)\n"
    "  ids        semantic IDs: RQ-KMeans codes of item embeddings, with a report\n"
#endif
    ;
}  // namespace

int main(int argc, char** argv) {
  using namespace gensr;
  return guarded_main("gensr-data", [&]() -> int {
    std::map<std::string, int (*)(const data_cmd::Args&)> commands = {
        {"validate", data_cmd::validate},   {"prepare", data_cmd::prepare},
        {"movielens", data_cmd::movielens}, {"mpd", data_cmd::mpd},
        {"simulate", data_cmd::simulate},   {"stats", data_cmd::stats},
    };
#ifdef GENSR_WITH_IDS
    commands.emplace("embed", data_cmd::embed);
    commands.emplace("ids", data_cmd::semantic_ids);
#endif
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
      std::cout << kUsage;
      return argc < 2 ? kExitUsage : kExitOk;
    }
    const auto it = commands.find(argv[1]);
    if (it == commands.end())
      throw UsageError(std::string("unknown command '") + argv[1] + "'\n" + kUsage);
    return it->second({argv + 2, argv + argc});
  });
}
