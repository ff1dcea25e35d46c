#include "baselines/transitions.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "data/prepared.h"
#include "util/error.h"

namespace gensr {

TransitionCounts::TransitionCounts(std::size_t num_items,
                                   std::vector<std::pair<std::int32_t, std::int32_t>> pairs) {
  for (const auto& [a, b] : pairs)
    if (a < 0 || b < 0 || static_cast<std::size_t>(a) >= num_items ||
        static_cast<std::size_t>(b) >= num_items)
      throw Error("TransitionCounts: item index out of range");
  // Sorting the pairs turns counting into run lengths and gives a compact CSR table, which
  // stays small for ML-25M-sized data where a map per item would not.
  std::sort(pairs.begin(), pairs.end());
  offsets_.assign(num_items + 1, 0);
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    successors_.push_back({pairs[i].second, static_cast<std::int64_t>(j - i)});
    ++offsets_[static_cast<std::size_t>(pairs[i].first) + 1];
    i = j;
  }
  for (std::size_t a = 0; a < num_items; ++a) offsets_[a + 1] += offsets_[a];
  total_ = static_cast<std::int64_t>(pairs.size());
}

TransitionCounts TransitionCounts::from_training(const PreparedData& data) {
  std::vector<std::pair<std::int32_t, std::int32_t>> pairs;
  pairs.reserve(data.rec_train.size());
  for (const RecInstance& r : data.rec_train) {
    const std::int64_t at = data.seq_offsets[static_cast<std::size_t>(r.seq)] + r.end;
    pairs.emplace_back(data.seq_items[static_cast<std::size_t>(at - 1)],
                       data.seq_items[static_cast<std::size_t>(at)]);
  }
  return TransitionCounts(static_cast<std::size_t>(data.num_items()), std::move(pairs));
}

std::int64_t TransitionCounts::count(std::int32_t a, std::int32_t b) const {
  const auto* first = begin(a);
  const auto* last = end(a);
  const auto* it = std::lower_bound(
      first, last, b, [](const Successor& s, std::int32_t item) { return s.item < item; });
  return it != last && it->item == b ? it->count : 0;
}

RankedList rank_by_transitions(const TransitionCounts& counts, const PopularityRanker& popularity,
                               const std::vector<std::int32_t>& history, std::size_t k,
                               const TransitionOptions& opt) {
  if (opt.window < 1) throw UsageError("--window must be at least 1");
  if (!(opt.decay > 0.0) || opt.decay > 1.0) throw UsageError("--decay must be in (0, 1]");
  std::vector<std::int32_t> excluded;
  if (opt.remove_history) {
    excluded = history;
    std::sort(excluded.begin(), excluded.end());
    excluded.erase(std::unique(excluded.begin(), excluded.end()), excluded.end());
  }
  std::unordered_map<std::int32_t, double> score;
  double weight = 1.0;
  for (int i = 0; i < opt.window && static_cast<std::size_t>(i) < history.size(); ++i) {
    const std::int32_t h = history[history.size() - 1 - static_cast<std::size_t>(i)];
    for (const auto* s = counts.begin(h); s != counts.end(h); ++s)
      score[s->item] += weight * static_cast<double>(s->count);
    weight *= opt.decay;
  }
  RankedList list;
  list.reserve(score.size());
  for (const auto& [item, value] : score)
    if (!std::binary_search(excluded.begin(), excluded.end(), item)) list.push_back({item, value});
  std::sort(list.begin(), list.end(), [&](const RankedItem& a, const RankedItem& b) {
    if (a.score != b.score) return a.score > b.score;
    if (popularity.count(a.item) != popularity.count(b.item))
      return popularity.count(a.item) > popularity.count(b.item);
    return a.item < b.item;
  });
  if (list.size() > k) list.resize(k);
  popularity.fill(list, k, excluded);
  return list;
}

}  // namespace gensr
