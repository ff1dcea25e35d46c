#include "text/prepare.h"

#include <sentencepiece_trainer.h>

#include <filesystem>
#include <sstream>

#include "data/dataset.h"
#include "text/item_codes.h"
#include "text/tokenizer.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

namespace {

std::vector<std::int64_t> count_targets(const std::vector<RecInstance>& rows, const RecSplits& rec,
                                        std::size_t items) {
  std::vector<std::int64_t> pop(items, 0);
  for (const auto& r : rows) ++pop[rec.sequences[r.seq][r.end]];
  return pop;
}

std::vector<std::int64_t> count_targets(const std::vector<SearchInstance>& rows,
                                        std::size_t items) {
  std::vector<std::int64_t> pop(items, 0);
  for (const auto& r : rows) ++pop[r.item];
  return pop;
}

}  // namespace

namespace {

// Feeds the texts to the trainer from memory: no corpus file, and no file path ends up in the
// model's trainer_spec, so the same texts always give the same model bytes.
class TextIterator : public sentencepiece::SentenceIterator {
 public:
  explicit TextIterator(const std::vector<std::string>& texts) : texts_(texts) {}
  bool done() const override { return i_ >= texts_.size(); }
  void Next() override { ++i_; }
  const std::string& value() const override { return texts_[i_]; }
  sentencepiece::util::Status status() const override { return {}; }

 private:
  const std::vector<std::string>& texts_;
  std::size_t i_ = 0;
};

}  // namespace

std::string train_sentencepiece(const std::vector<std::string>& texts, int vocab_size) {
  std::ostringstream args;
  args << "--vocab_size=" << vocab_size
       << " --hard_vocab_limit=false --model_type=unigram --character_coverage=1.0"
       << " --pad_id=0 --eos_id=1 --unk_id=2 --bos_id=-1"
       << " --input_sentence_size=0 --shuffle_input_sentence=false --num_threads=1"
       << " --minloglevel=2";
  TextIterator it(texts);
  std::string model;
  const auto status = sentencepiece::SentencePieceTrainer::Train(args.str(), &it, &model);
  if (!status.ok()) throw Error("training the SentencePiece model failed: " + status.ToString());
  return model;
}

PreparedData prepare_dataset(const std::string& in, const std::string& out,
                             const PrepareOptions& opt) {
  if (opt.max_history < 1) throw UsageError("--max-history must be at least 1");
  if (opt.max_query_tokens < 2) throw UsageError("--max-query-tokens must be at least 2");
  Dataset d = read_dataset(in);
  if (opt.shared_items_only) d = keep_shared_items(d);
  const RecSplits rec = split_recommendation(d, opt.split);
  const SearchSplits search = split_search(d, opt.split);
  std::filesystem::create_directories(out);

  PreparedData p;
  p.max_history = opt.max_history;
  p.max_query_tokens = opt.max_query_tokens;
  p.item_ids = d.item_ids;
  if (opt.item_codes != nullptr) attach_item_codes(p, *opt.item_codes, opt.item_codes_path);

  // Tokenizer: the given model, or one trained on the training queries only (no test text).
  std::string spiece_path = opt.spiece_model;
  int extra_ids = opt.extra_ids;
  if (spiece_path.empty() && !d.queries.empty()) {
    std::vector<std::string> texts;
    for (std::size_t q = 0; q < d.queries.size(); ++q)
      if (search.query_split[q] == Split::kTrain) texts.push_back(d.queries[q].text);
    if (texts.empty()) throw InputError(in + "/queries.tsv", 0, "split", "no training queries");
    write_file_atomic(out + "/spiece.model", train_sentencepiece(texts, opt.vocab_size));
    spiece_path = out + "/spiece.model";
    if (extra_ids < 0) extra_ids = 0;
  } else if (!spiece_path.empty()) {
    if (extra_ids < 0) extra_ids = 100;
  }
  if (!spiece_path.empty()) {
    Tokenizer tok(spiece_path);
    p.tokenizer = tok.model_bytes();
    if (spiece_path != out + "/spiece.model") write_file_atomic(out + "/spiece.model", p.tokenizer);
    p.item_offset = tok.piece_count() + extra_ids;
    for (std::size_t q = 0; q < d.queries.size(); ++q) {
      std::vector<int> ids = tok.encode(d.queries[q].text);
      if (static_cast<int>(ids.size()) > opt.max_query_tokens - 1)
        ids.resize(static_cast<std::size_t>(opt.max_query_tokens - 1));
      p.query_tokens.insert(p.query_tokens.end(), ids.begin(), ids.end());
      p.query_tokens.push_back(kEosToken);
      p.query_offsets.push_back(static_cast<std::int64_t>(p.query_tokens.size()));
      p.query_ids.push_back(d.queries[q].id);
    }
  } else {
    p.item_offset = 3;  // no text at all: only pad, eos and unk precede the items
  }

  for (std::size_t s = 0; s < rec.sequences.size(); ++s) {
    p.seq_items.insert(p.seq_items.end(), rec.sequences[s].begin(), rec.sequences[s].end());
    p.seq_offsets.push_back(static_cast<std::int64_t>(p.seq_items.size()));
    p.seq_users.push_back(d.user_ids[rec.sequence_user[s]]);
  }
  p.rec_train = rec.train;
  p.rec_valid = rec.valid;
  p.rec_test = rec.test;
  p.search_train = search.train;
  p.search_valid = search.valid;
  p.search_test = search.test;
  p.popularity_rec = count_targets(rec.train, rec, d.item_ids.size());
  p.popularity_search = count_targets(search.train, d.item_ids.size());

  p.info = {{"source", d.info},
            {"rec",
             {{"sequences", rec.sequences.size()},
              {"dropped_users", rec.dropped_users},
              {"dropped_eval_instances", rec.dropped_eval_instances},
              {"train", rec.train.size()},
              {"valid", rec.valid.size()},
              {"test", rec.test.size()}}},
            {"search",
             {{"queries", d.queries.size()},
              {"dropped_eval_instances", search.dropped_eval_instances},
              {"train", search.train.size()},
              {"valid", search.valid.size()},
              {"test", search.test.size()}}}};
  write_prepared(out, p);

  nlohmann::json summary = provenance("gensr-prepare", PreparedData::kFormatVersion);
  summary["fingerprint"] = p.fingerprint;
  summary["item_offset"] = p.item_offset;
  summary["items"] = p.item_ids.size();
  if (p.semantic_ids()) summary["code_sizes"] = p.code_sizes;
  summary["counts"] = p.info;
  write_file_atomic(out + "/prepare.json", summary.dump(2) + "\n");
  return p;
}

}  // namespace gensr
