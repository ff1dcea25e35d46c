#include <iostream>

#include "apps/data/commands.h"
#include "text/prepare.h"
#include "util/error.h"
#ifdef GENSR_WITH_IDS
#include "ids/codes_file.h"
#endif
#include "util/atomic_file.h"
#include "util/options.h"
#include "util/provenance.h"

namespace gensr::data_cmd {

int prepare(const Args& args) {
  PrepareOptions opt;
  po::options_description desc("gensr-data prepare options");
  desc.add_options()("data", po::value<std::string>()->required(), "dataset folder")(
      "out", po::value<std::string>()->required(), "prepared folder to write")(
      "spiece", po::value<std::string>(&opt.spiece_model),
      "SentencePiece model to use (default: train one on the training queries)")(
      "vocab-size", po::value<int>(&opt.vocab_size)->default_value(8000),
      "pieces of a trained SentencePiece model (soft limit)")(
      "extra-ids", po::value<int>(&opt.extra_ids)->default_value(-1),
      "tokens between the text pieces and the items (-1: 100 with --spiece, as T5, else 0)")(
      "max-history", po::value<int>(&opt.max_history)->default_value(50),
      "most recent history items kept")("max-query-tokens",
                                        po::value<int>(&opt.max_query_tokens)->default_value(32),
                                        "query tokens kept, EOS included")(
      "shared-items-only", po::bool_switch(&opt.shared_items_only),
      "keep only items present in both tasks (the paper's ML and MPD)")(
      "min-items", po::value<int>(&opt.split.min_items)->default_value(4),
      "users with fewer interactions are dropped")(
      "seed", po::value<std::uint64_t>(&opt.split.seed)->default_value(42),
      "seed of the 80/10/10 split of queries without one")(
      "keep-unseen-targets", po::bool_switch(),
      "keep valid/test targets that are no training target of their task")(
      "item-ids", po::value<std::string>(&opt.item_codes_path),
      "semantic IDs: a codes.tsv of `gensr-data ids` (default: atomic IDs, one token per item)");
  po::variables_map vm;
  if (!parse_options(args, desc, "usage: gensr-data prepare --data DIR --out DIR [options]", vm))
    return 0;
  opt.split.require_seen_targets = !vm["keep-unseen-targets"].as<bool>();
  const std::string out = vm["out"].as<std::string>();
  ids::ItemCodes codes;
  if (!opt.item_codes_path.empty()) {
#ifdef GENSR_WITH_IDS
    codes = ids::read_item_codes(opt.item_codes_path);
    opt.item_codes = &codes;
#else
    throw UsageError("--item-ids: this gensr-data was built without gensr_ids (FAISS, LAPACK)");
#endif
  }
  const PreparedData p = prepare_dataset(vm["data"].as<std::string>(), out, opt);
  write_file_atomic(out + "/options.json", options_to_json(vm).dump(2) + "\n");
  std::cout << "prepared " << out << ": " << p.item_ids.size() << " items (tokens from "
            << p.item_offset << "), rec " << p.rec_train.size() << "/" << p.rec_valid.size() << "/"
            << p.rec_test.size() << ", search " << p.search_train.size() << "/"
            << p.search_valid.size() << "/" << p.search_test.size()
            << " train/valid/test instances, "
            << (p.semantic_ids() ? std::to_string(p.id_length()) + " code tokens per item, "
                                 : std::string())
            << "fingerprint " << p.fingerprint << std::endl;
  return 0;
}

}  // namespace gensr::data_cmd
