#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/splits.h"

namespace gensr {

enum class Task : std::uint8_t { kRec = 0, kSearch = 1 };
const char* task_name(Task t);  // "rec" / "search"
// Parses --task (rec | search) and --tasks (rec, search or rec,search); UsageError otherwise.
Task parse_task(const std::string& task);
std::vector<Task> parse_tasks(const std::string& tasks);

// One query to evaluate: its id (user id for rec, query id for search), encoder input and
// relevant items (item indices); for rec also every item of the user's sequence before the
// target (not only the `max_history` the input keeps), which `--exclude-history` leaves out
// of the ranking.
struct EvalQuery {
  std::string id;
  std::vector<std::int32_t> input;
  std::vector<std::int32_t> relevant;
  std::vector<std::int32_t> history;
};

// A `gensr-data prepare`d folder: everything training and evaluation read, already tokenized,
// in one HDF5 file (`prepared.h5`, layout in docs/prepared-layout.md) plus `prepare.json`
// (resolved options + provenance) and `spiece.model`. Recommendation instances are stored as
// (sequence, end) rows over each user sequence stored once, not as padded rows per prefix.
struct PreparedData {
  static constexpr int kFormatVersion = 1;

  std::string fingerprint;             // hex digest of the content; checkpoints carry it
  std::int64_t item_offset = 0;        // token id of item 0 (= text vocabulary size)
  std::int32_t max_history = 50;       // most recent items kept in a history
  std::int32_t max_query_tokens = 32;  // query tokens kept, EOS included
  std::vector<std::string> item_ids;   // in token order

  // Semantic IDs (prepare --item-ids, docs/semantic-ids.md); both empty for atomic IDs. Item i
  // is spelled by the L + 1 codes item_codes[i * (L + 1) ...]; level l's code c is token
  // item_offset + (code_sizes[0] + ... + code_sizes[l - 1]) + c.
  std::vector<std::int32_t> item_codes;  // items x (L + 1), row-major
  std::vector<std::int32_t> code_sizes;  // vocabulary of each of the L + 1 levels

  // Recommendation: sequences of item indices (oldest first), concatenated.
  std::vector<std::int32_t> seq_items;
  std::vector<std::int64_t> seq_offsets{0};  // sequence s is [offsets[s], offsets[s+1])
  std::vector<std::string> seq_users;
  std::vector<RecInstance> rec_train, rec_valid, rec_test;

  // Search: token ids of each query (truncated, EOS last), concatenated.
  std::vector<std::int32_t> query_tokens;
  std::vector<std::int64_t> query_offsets{0};
  std::vector<std::string> query_ids;
  std::vector<SearchInstance> search_train, search_valid, search_test;

  // Popularity of each item = its training instances in the task (Table 3, Head/Torso).
  std::vector<std::int64_t> popularity_rec, popularity_search;

  std::string tokenizer;  // SentencePiece model bytes (empty when there are no queries)
  nlohmann::json info = nlohmann::json::object();  // dataset.json of the source + counts

  std::int64_t num_items() const { return static_cast<std::int64_t>(item_ids.size()); }
  bool semantic_ids() const { return !code_sizes.empty(); }
  // Tokens that spell one item, EOS not included: 1 for atomic IDs, L + 1 for semantic IDs.
  std::int64_t id_length() const {
    return semantic_ids() ? static_cast<std::int64_t>(code_sizes.size()) : 1;
  }
  // Tokens after the text vocabulary: one per item, or one per code of each level.
  std::int64_t item_vocab_size() const;
  std::int64_t vocab_size() const { return item_offset + item_vocab_size(); }
  // Appends the tokens that spell `item` (EOS not included) to `out`.
  void append_item_tokens(std::int32_t item, std::vector<std::int32_t>& out) const;
  // Encoder input of a rec instance: the tokens of its most recent `max_history` history items,
  // oldest first, then EOS (so at most max_history * id_length() + 1 tokens).
  std::vector<std::int32_t> rec_input(const RecInstance& r) const;
  // Encoder input of a query: its stored tokens (EOS included).
  std::vector<std::int32_t> search_input(std::int32_t query) const;

  // The evaluation queries of a task's valid or test split: one per rec instance (relevant =
  // its target); one per search query with all its relevant items, in instance order.
  std::vector<EvalQuery> eval_queries(Task task, Split split) const;

  // Digest of every array above; set by write_prepared.
  std::string compute_fingerprint() const;
};

constexpr std::int32_t kPadToken = 0;
constexpr std::int32_t kEosToken = 1;
constexpr std::int32_t kUnkToken = 2;

// Writes `<dir>/prepared.h5` atomically (temp name, then rename), filling in the fingerprint.
void write_prepared(const std::string& dir, PreparedData& p);
// Reads and checks a prepared folder; throws InputError naming the file and object on a
// missing, truncated or foreign file.
PreparedData read_prepared(const std::string& dir);

}  // namespace gensr
