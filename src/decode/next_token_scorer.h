#pragma once

#include <ATen/Tensor.h>
#include <cstdint>
#include <vector>

namespace gensr {

// What a decoder asks of a model: log-probabilities of the next token for every beam row (beam
// searches), or of the first token being each item (top-K).
// Rows are query-major: row = query * beams + beam. The log-probs may live on any device (the
// model's); the search keeps its work there. Tests implement it with a plain function of
// the prefix, so the search logic is tested without a model.
class NextTokenScorer {
 public:
  virtual ~NextTokenScorer() = default;
  virtual std::int64_t num_queries() const = 0;
  // Opens `beams` rows per query (all with the empty prefix); returns log-probs [rows, vocab]
  // of the first generated token.
  virtual at::Tensor start(std::int64_t beams) = 0;
  // Row r now extends row parents[r] of the previous call by tokens[r]; returns the log-probs
  // [rows, vocab] of the token after that.
  virtual at::Tensor next(const std::vector<std::int64_t>& parents,
                          const std::vector<std::int64_t>& tokens) = 0;
  // Log-probabilities [queries, num_items] of the first generated token being item i's token
  // (item_offset + i): the one step of exact top-K decoding with atomic IDs. By default the item
  // columns of start(1).
  virtual at::Tensor item_log_probs(std::int64_t item_offset, std::int64_t num_items);
};

}  // namespace gensr
