#include <chrono>
#include <iostream>

#include "apps/data/commands.h"
#include "data/dataset.h"
#include "data/splits.h"
#include "ids/checkpoint_embeddings.h"
#include "ids/embeddings_file.h"
#include "ids/item_embeddings.h"
#include "ids/parallel.h"
#include "util/error.h"
#include "util/options.h"

namespace gensr::data_cmd {

int embed(const Args& args) {
  ids::EmbeddingOptions opt;
  SplitOptions split;
  po::options_description desc("gensr-data embed options");
  desc.add_options()("data", po::value<std::string>(), "dataset folder (collab, text, joint)")(
      "kind", po::value<std::string>()->required(),
      "collab (co-occurrence in training histories), text (titles + training queries), joint "
      "(both), or model (the item rows of --checkpoint)")(
      "checkpoint", po::value<std::string>(),
      "model: a gensr checkpoint trained on atomic IDs (T5 or SASRec)")(
      "out", po::value<std::string>()->required(), "HDF5 file to write")(
      "dim", po::value<std::int64_t>(&opt.dim)->default_value(64), "embedding dimension")(
      "seed", po::value<std::uint64_t>(&opt.seed)->default_value(1),
      "seed of the randomized SVD's test matrix")(
      "window", po::value<int>(&opt.window)->default_value(5),
      "collab, joint: items at most this many positions apart co-occur")(
      "oversample", po::value<std::int64_t>(&opt.oversample)->default_value(10),
      "randomized SVD: test vectors beyond --dim")(
      "power-iterations", po::value<int>(&opt.power_iterations)->default_value(2),
      "randomized SVD: power iterations")("threads", po::value<int>()->default_value(0),
                                          "OpenMP threads (0: OpenMP's default)")(
      "shared-items-only", po::bool_switch(),
      "keep only items present in both tasks (as prepare --shared-items-only)")(
      "min-items", po::value<int>(&split.min_items)->default_value(4),
      "users with fewer interactions are dropped (as prepare)")(
      "split-seed", po::value<std::uint64_t>(&split.seed)->default_value(42),
      "seed of the 80/10/10 split of queries without one (prepare's --seed)");
  po::variables_map vm;
  if (!parse_options(args, desc,
                     "usage: gensr-data embed --data DIR --kind collab|text|joint --out FILE.h5 "
                     "[options]\n       gensr-data embed --kind model --checkpoint FILE.h5 --out "
                     "FILE.h5",
                     vm))
    return 0;
  const std::string kind = vm["kind"].as<std::string>();
  const std::string out = vm["out"].as<std::string>();
  if (kind == "model") {
    if (!vm.count("checkpoint")) throw UsageError("embed --kind model needs --checkpoint");
    if (vm.count("data"))
      throw UsageError("embed --kind model reads no --data (the checkpoint lists its items)");
    const ids::ItemEmbeddings e =
        ids::checkpoint_item_embeddings(vm["checkpoint"].as<std::string>());
    ids::write_item_embeddings(out, e, options_to_json(vm));
    std::cout << "embedded " << e.num_items() << " items (model, dim " << e.dim << ") into " << out
              << std::endl;
    return 0;
  }
  if (vm.count("checkpoint")) throw UsageError("--checkpoint goes with --kind model only");
  if (!vm.count("data")) throw UsageError("embed --kind " + kind + " needs --data");
  opt.kind = ids::parse_embedding_kind(kind);
  ids::set_parallel_threads(vm["threads"].as<int>());
  const auto start = std::chrono::steady_clock::now();
  opt.progress = [&](const std::string& done) {
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::cerr << "embed: " << done << " (" << static_cast<long>(elapsed.count() + 0.5) << " s)"
              << std::endl;
  };

  Dataset d = read_dataset(vm["data"].as<std::string>());
  if (vm["shared-items-only"].as<bool>()) d = keep_shared_items(d);
  const RecSplits rec = split_recommendation(d, split);
  const SearchSplits search = split_search(d, split);
  opt.progress("read the dataset and its splits");
  const ids::ItemEmbeddings e = ids::embed_items(d, rec, search, opt);
  ids::write_item_embeddings(out, e, options_to_json(vm));
  std::cout << "embedded " << e.num_items() << " items (" << e.kind << ", dim " << e.dim
            << ", rank " << e.rank << ", " << e.items_without_signal
            << " without training signal) into " << out << std::endl;
  return 0;
}

}  // namespace gensr::data_cmd
