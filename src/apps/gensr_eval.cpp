// gensr-eval: evaluates checkpoints (beam search, Recall/NDCG/MRR) and compares runs.
#include "util/error.h"
#include "util/options.h"
#include "util/program.h"

int main(int argc, char** argv) {
  return gensr::guarded_main("gensr-eval", [&] {
    gensr::po::options_description desc("gensr-eval options");
    desc.add_options()("checkpoint", gensr::po::value<std::string>(), "checkpoint file")(
        "data", gensr::po::value<std::string>(), "prepared dataset folder")(
        "task", gensr::po::value<std::string>(), "rec | search")(
        "k", gensr::po::value<int>()->default_value(10), "cutoff K")(
        "out", gensr::po::value<std::string>(), "output folder");
    gensr::po::variables_map vm;
    if (!gensr::parse_options(
            {argv + 1, argv + argc}, desc,
            "usage: gensr-eval --checkpoint FILE --data PREPARED --task rec|search "
            "--k K --out DIR",
            vm))
      return 0;
    throw gensr::Error("evaluation is not implemented yet (tracked in issue 8)");
  });
}
