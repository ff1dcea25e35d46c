// gensr-eval: evaluates a checkpoint (top-K decoding, Recall/NDCG/MRR with Head and Torso).
#include <iostream>

#include "dist/communicator.h"
#include "dist/distributed_main.h"
#include "evaluate/evaluate.h"
#include "train/threads.h"
#include "util/atomic_file.h"
#include "util/options.h"

int main(int argc, char** argv) {
  using namespace gensr;
  return distributed_main("gensr-eval", CommOptions{}, [&](Communicator& comm) -> int {
    EvalOptions opt;
    int threads = 0;
    po::options_description desc("gensr-eval options");
    desc.add_options()("checkpoint", po::value<std::string>(&opt.checkpoint)->required(),
                       "checkpoint file (e.g. RUN_DIR/best.h5)")(
        "data", po::value<std::string>(&opt.data)->required(), "prepared dataset folder")(
        "task", po::value<std::string>(&opt.task)->required(), "rec | search")(
        "split", po::value<std::string>(&opt.split)->default_value("test"), "test | valid")(
        "k", po::value<std::int64_t>(&opt.k)->default_value(10), "cutoff K")(
        "batch-size", po::value<std::int64_t>(&opt.batch_size)->default_value(256),
        "queries decoded together (fixed batches are sharded over ranks)")(
        "bf16", po::bool_switch(&opt.bf16), "bf16 autocast")(
        "threads", po::value<int>(&threads)->default_value(0), "intra-op threads per rank")(
        "out", po::value<std::string>(&opt.out)->required(), "output folder");
    po::variables_map vm;
    if (!parse_options({argv + 1, argv + argc}, desc,
                       "usage: gensr-eval --checkpoint FILE --data PREPARED --task rec|search "
                       "[--k K] --out DIR",
                       vm))
      return 0;
    set_intra_op_threads(threads);
    const auto summary = evaluate_checkpoint(opt, comm);
    if (comm.rank() == 0) {
      write_file_atomic(opt.out + "/options.json", options_to_json(vm).dump(2) + "\n");
      std::cout << opt.task << " " << opt.split << " Recall@" << opt.k << " = "
                << summary["metrics"]["all"]["recall"].get<double>() << " over "
                << summary["metrics"]["all"]["queries"].get<long>() << " queries" << std::endl;
    }
    return 0;
  });
}
