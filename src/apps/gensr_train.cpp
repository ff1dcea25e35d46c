// gensr-train: trains Gen_R, Gen_S or Gen_R+S on a prepared dataset.
#include <iostream>

#include "train/threads.h"
#include "util/error.h"
#include "util/options.h"
#include "util/program.h"

int main(int argc, char** argv) {
  return gensr::guarded_main("gensr-train", [&] {
    gensr::po::options_description desc("gensr-train options");
    desc.add_options()("data", gensr::po::value<std::string>(), "prepared dataset folder")(
        "tasks", gensr::po::value<std::string>()->default_value("rec,search"),
        "rec | search | rec,search")("out", gensr::po::value<std::string>(), "run directory")(
        "threads", gensr::po::value<int>()->default_value(0), "intra-op threads (0: LibTorch's)");
    gensr::po::variables_map vm;
    if (!gensr::parse_options({argv + 1, argv + argc}, desc,
                              "usage: gensr-train --data PREPARED --tasks rec|search|rec,search "
                              "--out RUN_DIR [options]",
                              vm))
      return 0;
    throw gensr::Error("training is not implemented yet (tracked in issue 6)");
  });
}
