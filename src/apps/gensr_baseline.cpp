// gensr-baseline: the non-neural references (popularity, transition counts, BM25), each writing
// a TREC run over exactly the evaluation queries that `gensr-eval score` scores.
#include <iostream>
#include <set>

#include "baselines/baseline_run.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/options.h"
#include "util/program.h"

namespace {

using namespace gensr;
using Args = std::vector<std::string>;

const char* kUsage =
    "usage: gensr-baseline <kind> --data PREPARED --task rec|search [--split valid|test] [--k K]\n"
    "                      --out RUN_FILE [options]   (gensr-baseline <kind> --help for them)\n"
    "kinds:\n"
    "  pop          Pop_R / Pop_S: the most popular items of the rec or search training data\n"
    "               (--popularity rec|search); rec queries drop their history items unless\n"
    "               --keep-history\n"
    "  transitions  item-to-item counts of the rec training data, summed over the most recent\n"
    "               history items with decaying weights, topped up by popularity (--task rec)\n"
    "  bm25         Terrier-style BM25 (Xapian) over item titles + training query text\n"
    "               (--task search; needs the raw dataset: --dataset DIR)\n"
    "Writes RUN_FILE (qid Q0 docid rank score tag) and RUN_FILE.json (resolved options).\n";

int run(const std::string& kind, const Args& args) {
  BaselineOptions opt;
  opt.kind = kind;
  po::options_description desc("gensr-baseline " + kind + " options");
  // clang-format off
  desc.add_options()
    ("data", po::value<std::string>(&opt.data)->required(), "prepared dataset folder")
    ("task", po::value<std::string>(&opt.task)->required(), "rec | search")
    ("split", po::value<std::string>(&opt.split)->default_value("test"), "test | valid")
    ("k", po::value<std::int64_t>(&opt.k)->default_value(10), "items per query")
    ("out", po::value<std::string>(&opt.out)->required(), "TREC run file to write")
    ("tag", po::value<std::string>(&opt.tag)->default_value(""),
     "run tag (default: Pop_R, Pop_R-nohist, Pop_S, Transitions, BM25, ...)")
    ("popularity", po::value<std::string>(&opt.popularity)->default_value(""),
     kind == "pop" ? "rec (Pop_R) | search (Pop_S); default: the task's own"
                   : "rec | search: popularity that tops lists up; default: the task's own");
  if (kind != "bm25")
    desc.add_options()("keep-history", po::bool_switch(&opt.keep_history),
                       "rec: keep the user's history items in the list (default: remove them)");
  if (kind == "transitions")
    desc.add_options()
      ("window", po::value<int>(&opt.window)->default_value(3),
       "most recent history items that vote")
      ("decay", po::value<double>(&opt.decay)->default_value(0.5),
       "weight of the i-th most recent item (0-based) is decay^i");
  if (kind == "bm25")
    desc.add_options()
      ("dataset", po::value<std::string>(&opt.dataset)->default_value(""),
       "raw dataset folder PREPARED was made from (default: the one its options.json names)")
      ("k1", po::value<double>(&opt.bm25.k1)->default_value(1.2), "BM25 k1 (Terrier's)")
      ("b", po::value<double>(&opt.bm25.b)->default_value(0.75), "BM25 b (Terrier's)")
      ("k3", po::value<double>(&opt.bm25.k3)->default_value(8.0), "BM25 k3 (Terrier's)")
      ("min-normlen", po::value<double>(&opt.bm25.min_normlen)->default_value(0.0),
       "Xapian's floor on document length / average (0: none, as Terrier)")
      ("fill", po::bool_switch(&opt.fill),
       "top lists up to K by popularity (default: matching items only, as Terrier)");
  // clang-format on
  po::variables_map vm;
  if (!parse_options(args, desc,
                     "usage: gensr-baseline " + kind +
                         " --data PREPARED --task rec|search [--k K] --out RUN_FILE",
                     vm))
    return 0;
  nlohmann::json summary = run_baseline(opt);
  nlohmann::json options = options_to_json(vm);
  options["kind"] = kind;
  summary["options"] = options;
  write_file_atomic(opt.out + ".json", summary.dump(2) + "\n");
  std::cout << summary["tag"].get<std::string>() << ": " << opt.task << " " << opt.split << ", "
            << summary["queries"].get<std::size_t>() << " queries, top " << opt.k << " -> "
            << opt.out << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return guarded_main("gensr-baseline", [&]() -> int {
    const Args args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
      std::cout << kUsage;
      return args.empty() ? kExitUsage : kExitOk;
    }
    const std::set<std::string> kinds = {"pop", "transitions", "bm25"};
    if (!kinds.count(args[0])) throw UsageError("unknown baseline '" + args[0] + "'\n" + kUsage);
    return run(args[0], Args(args.begin() + 1, args.end()));
  });
}
