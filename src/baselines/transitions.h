#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "baselines/popularity.h"
#include "baselines/ranked_item.h"

namespace gensr {

struct PreparedData;

// Item-to-item transition counts: how often item b directly followed item a.
class TransitionCounts {
 public:
  // From (a, b) pairs; any order, repeats counted.
  TransitionCounts(std::size_t num_items, std::vector<std::pair<std::int32_t, std::int32_t>> pairs);

  // The pairs the recommendation training instances see: (history's last item, target) of
  // every `rec_train` instance. The last two items of a sequence are never training targets,
  // so no validation or test target is ever counted.
  static TransitionCounts from_training(const PreparedData& data);

  std::int64_t count(std::int32_t a, std::int32_t b) const;
  std::size_t num_items() const { return offsets_.size() - 1; }
  std::int64_t total() const { return total_; }  // pairs counted

  // Successors of `a` with their counts, by item index.
  struct Successor {
    std::int32_t item;
    std::int64_t count;
  };
  const Successor* begin(std::int32_t a) const { return &successors_[offsets_[a]]; }
  const Successor* end(std::int32_t a) const { return &successors_[offsets_[a + 1]]; }

 private:
  std::vector<std::size_t> offsets_;  // successors of a: [offsets_[a], offsets_[a + 1])
  std::vector<Successor> successors_;
  std::int64_t total_ = 0;
};

struct TransitionOptions {
  int window = 3;              // most recent history items that vote
  double decay = 0.5;          // the i-th most recent (0-based) votes with weight decay^i
  bool remove_history = true;  // never recommend an item already in the history
};

// Scores every item c by sum_i decay^i * count(h_i, c) over the `window` most recent history
// items h_0 (the last), h_1, ...; ranks by score (ties: more popular first, then item index),
// drops history items when asked, and tops the list up to k by popularity.
RankedList rank_by_transitions(const TransitionCounts& counts, const PopularityRanker& popularity,
                               const std::vector<std::int32_t>& history, std::size_t k,
                               const TransitionOptions& opt);

}  // namespace gensr
