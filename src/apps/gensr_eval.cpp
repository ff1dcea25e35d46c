// gensr-eval: evaluates a checkpoint (top-K, beam or diverse beam decoding; Recall/NDCG/MRR with
// Head and Torso), scores any TREC run, compares two evaluations, runs the paper's prediction
// analyses, and exports a checkpoint as a Hugging Face T5 folder.
#include <iostream>
#include <map>

#include "ckpt/hf_export.h"
#include "ckpt/run_dir.h"
#include "data/prepared.h"
#include "dist/communicator.h"
#include "dist/distributed_main.h"
#include "eval/analyse.h"
#include "eval/compare_runs.h"
#include "eval/evaluate_checkpoint.h"
#include "eval/score_run.h"
#include "model/threads.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/heap.h"
#include "util/options.h"
#include "util/program.h"

namespace {

using namespace gensr;
using Args = std::vector<std::string>;

const char* kUsage =
    "usage: gensr-eval --checkpoint FILE --data PREPARED --task rec|search [--k K] --out DIR\n"
    "       gensr-eval score --run FILE --data PREPARED --task rec|search [--k K] --out DIR\n"
    "       gensr-eval compare A B --out DIR   (A, B: eval output folders or per_query.tsv)\n"
    "       gensr-eval analyse --joint DIR --single DIR --data PREPARED --task rec|search "
    "--out DIR\n"
    "       gensr-eval export --checkpoint FILE|RUN_DIR --data PREPARED --out DIR\n"
    "(gensr-eval [command] --help for the options)\n";

int evaluate(const Args& args) {
  return distributed_main("gensr-eval", CommOptions{}, [&](Communicator& comm) -> int {
    EvalOptions opt;
    int threads = 0;
    bool no_fill = false, all_checkpoints = false;
    po::options_description desc("gensr-eval options");
    // clang-format off
    desc.add_options()
      ("checkpoint", po::value<std::string>(&opt.checkpoint)->required(),
       "checkpoint file, a run directory (its best.h5), or a folder gensr-eval export wrote")
      ("all-checkpoints", po::bool_switch(&all_checkpoints),
       "with a run directory: evaluate every RUN_DIR/checkpoints/step-N.h5 into OUT/step-N "
       "and write OUT/curve.tsv (learning curve)")
      ("data", po::value<std::string>(&opt.data)->required(), "prepared dataset folder")
      ("task", po::value<std::string>(&opt.task)->required(), "rec | search")
      ("split", po::value<std::string>(&opt.split)->default_value("test"), "test | valid")
      ("k", po::value<std::int64_t>(&opt.k)->default_value(10), "cutoff K")
      ("decoding", po::value<std::string>(&opt.decoding)->default_value("topk"),
       "topk | beam (constrained to valid IDs) | diverse (HF group beam search, even K)")
      ("queries-per-batch", po::value<std::int64_t>(&opt.queries_per_batch)->default_value(256),
       "queries decoded together (fixed batches are dealt to the ranks)")
      ("batch-size", po::value<std::int64_t>(&opt.queries_per_batch),
       "deprecated name of --queries-per-batch")
      ("no-fill", po::bool_switch(&no_fill),
       "keep beam/diverse lists short instead of topping them up to K from the exact top-K")
      ("exclude-history", po::bool_switch(&opt.exclude_history),
       "rec, topk: never return an item of the user's history (as the Pop-nohist and "
       "transition baselines)")
      ("bf16", po::bool_switch(&opt.bf16), "bf16 autocast")
      ("device", po::value<std::string>(&opt.device)->default_value("auto"),
       "auto (a GPU when one is visible: the rank's local rank modulo the GPUs, else the CPU) | "
       "cpu | cuda | cuda:N")
      ("threads", po::value<int>(&threads)->default_value(0), "intra-op threads per rank")
      ("out", po::value<std::string>(&opt.out)->required(), "output folder");
    // clang-format on
    po::variables_map vm;
    if (!parse_options(args, desc, kUsage, vm, comm.rank() == 0,
                       {{"batch-size", "queries-per-batch"}}))
      return 0;
    set_intra_op_threads(threads);
    keep_freed_memory();
    opt.fill_to_k = !no_fill;
    if (all_checkpoints) {
      const std::string curve = evaluate_learning_curve(opt, comm);
      if (comm.rank() == 0) std::cout << curve;
      return 0;
    }
    opt.checkpoint = RunDir::resolve_checkpoint(opt.checkpoint);
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

int score(const Args& args) {
  ScoreRunOptions opt;
  po::options_description desc("gensr-eval score options");
  desc.add_options()("run", po::value<std::string>(&opt.run)->required(), "TREC run file")(
      "data", po::value<std::string>(&opt.data)->required(), "prepared dataset folder")(
      "task", po::value<std::string>(&opt.task)->required(), "rec | search")(
      "split", po::value<std::string>(&opt.split)->default_value("test"), "test | valid")(
      "k", po::value<std::int64_t>(&opt.k)->default_value(10), "cutoff K")(
      "out", po::value<std::string>(&opt.out)->required(), "output folder");
  po::variables_map vm;
  if (!parse_options(args, desc,
                     "usage: gensr-eval score --run FILE --data PREPARED --task rec|search "
                     "[--k K] --out DIR",
                     vm))
    return 0;
  const auto summary = score_run_file(opt);
  write_file_atomic(opt.out + "/options.json", options_to_json(vm).dump(2) + "\n");
  std::cout << opt.task << " " << opt.split << " Recall@" << opt.k << " = "
            << summary["metrics"]["all"]["recall"].get<double>() << " over "
            << summary["metrics"]["all"]["queries"].get<long>() << " queries" << std::endl;
  return 0;
}

// Leading arguments that are not options (`compare A B --out DIR`).
Args take_positional(Args& args) {
  Args positional;
  while (!args.empty() && !args.front().empty() && args.front()[0] != '-') {
    positional.push_back(args.front());
    args.erase(args.begin());
  }
  return positional;
}

int compare(Args args) {
  CompareOptions opt;
  const Args positional = take_positional(args);
  if (positional.size() > 2) throw UsageError("compare takes two evaluations, A and B");
  if (positional.size() > 0) opt.a = positional[0];
  if (positional.size() > 1) opt.b = positional[1];
  po::options_description desc("gensr-eval compare options");
  desc.add_options()("a", po::value<std::string>(&opt.a), "evaluation A (the baseline)")(
      "b", po::value<std::string>(&opt.b), "evaluation B (tested against A)")(
      "alpha", po::value<double>(&opt.alpha)->default_value(0.05), "significance level")(
      "out", po::value<std::string>(&opt.out)->required(), "output folder");
  po::variables_map vm;
  if (!parse_options(args, desc, "usage: gensr-eval compare A B --out DIR", vm)) return 0;
  if (opt.a.empty() || opt.b.empty())
    throw UsageError("compare needs two evaluations: gensr-eval compare A B --out DIR");
  std::cout << compare_evaluations(opt).markdown;
  return 0;
}

int analyse(const Args& args) {
  AnalyseOptions opt;
  po::options_description desc("gensr-eval analyse options");
  desc.add_options()("joint", po::value<std::string>(&opt.joint)->required(),
                     "eval output folder (or run file) of the joint model Gen_R+S")(
      "single", po::value<std::string>(&opt.single)->required(),
      "eval output folder (or run file) of the single-task model (Gen_R or Gen_S)")(
      "data", po::value<std::string>(&opt.data)->required(), "prepared dataset folder")(
      "task", po::value<std::string>(&opt.task)->required(), "rec | search")(
      "split", po::value<std::string>(&opt.split)->default_value("test"), "test | valid")(
      "k", po::value<std::int64_t>(&opt.k)->default_value(0),
      "cutoff K (0: the K of the joint evaluation)")(
      "out", po::value<std::string>(&opt.out)->required(), "output folder");
  po::variables_map vm;
  if (!parse_options(args, desc,
                     "usage: gensr-eval analyse --joint DIR --single DIR --data PREPARED "
                     "--task rec|search --out DIR",
                     vm))
    return 0;
  analyse_runs(opt);
  std::cout << "wrote " << opt.out << "/analysis.json and analysis.md" << std::endl;
  return 0;
}

int export_model(const Args& args) {
  std::string checkpoint, data, out;
  po::options_description desc("gensr-eval export options");
  desc.add_options()("checkpoint", po::value<std::string>(&checkpoint)->required(),
                     "T5 checkpoint file, or a run directory (its best.h5)")(
      "data", po::value<std::string>(&data)->required(),
      "the prepared dataset folder the model was trained on")(
      "out", po::value<std::string>(&out)->required(),
      "folder to write: a Hugging Face T5 model (docs/export.md)");
  po::variables_map vm;
  if (!parse_options(args, desc,
                     "usage: gensr-eval export --checkpoint FILE|RUN_DIR --data PREPARED --out DIR",
                     vm))
    return 0;
  const nlohmann::json g =
      export_hf_t5(RunDir::resolve_checkpoint(checkpoint), read_prepared(data), out);
  std::cout << "wrote " << out << ": Hugging Face T5 of " << g["checkpoint"].get<std::string>()
            << " (step " << g["global_step"] << "), " << g["items"] << " items from token "
            << g["item_offset"] << " (items.tsv, README.md)" << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args(argv + 1, argv + argc);
  if (args.empty() || args[0].empty() || args[0][0] == '-') return evaluate(args);
  const std::map<std::string, int (*)(Args)> commands = {
      {"score", [](Args a) { return score(a); }},
      {"compare", [](Args a) { return compare(std::move(a)); }},
      {"analyse", [](Args a) { return analyse(a); }},
      {"export", [](Args a) { return export_model(a); }},
  };
  return guarded_main("gensr-eval", [&]() -> int {
    const auto it = commands.find(args[0]);
    if (it == commands.end()) throw UsageError("unknown command '" + args[0] + "'\n" + kUsage);
    return it->second(Args(args.begin() + 1, args.end()));
  });
}
