#include "data/splits.h"

#include <algorithm>
#include <limits>

#include "util/error.h"
#include "util/random.h"

namespace gensr {

namespace {

// Positions 0..n-1 grouped by key (counting sort, stable): the positions of key k are
// order[start[k] .. start[k+1]), in their original order.
struct Groups {
  std::vector<std::size_t> start;
  std::vector<std::uint32_t> order;
};

template <typename KeyOf>
Groups group_by(std::size_t n, std::size_t keys, KeyOf key_of) {
  if (n > std::numeric_limits<std::uint32_t>::max())
    throw Error("too many records to group (" + std::to_string(n) + ")");
  Groups g;
  g.start.assign(keys + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++g.start[key_of(i) + 1];
  for (std::size_t k = 0; k < keys; ++k) g.start[k + 1] += g.start[k];
  std::vector<std::size_t> next(g.start.begin(), g.start.end() - 1);
  g.order.resize(n);
  for (std::size_t i = 0; i < n; ++i) g.order[next[key_of(i)]++] = static_cast<std::uint32_t>(i);
  return g;
}

// The instances whose target item was seen in training; the others are counted in `dropped`.
template <typename T, typename TargetOf>
std::vector<T> keep_seen(const std::vector<T>& instances, const std::vector<char>& seen,
                         std::int64_t& dropped, TargetOf target) {
  std::vector<T> kept;
  kept.reserve(instances.size());
  for (const T& x : instances) {
    if (seen[target(x)])
      kept.push_back(x);
    else
      ++dropped;
  }
  return kept;
}

}  // namespace

RecSplits split_recommendation(const Dataset& d, const SplitOptions& opt) {
  // Fewer than 3 items would leave validation with an empty history.
  if (opt.min_items < 3)
    throw UsageError("min_items must be at least 3, got " + std::to_string(opt.min_items));
  RecSplits s;
  const Groups by_user = group_by(d.interactions.size(), d.user_ids.size(),
                                  [&](std::size_t i) { return d.interactions[i].user; });
  std::vector<std::uint32_t> order;
  for (std::size_t u = 0; u < d.user_ids.size(); ++u) {
    const auto first = by_user.order.begin() + by_user.start[u];
    const auto last = by_user.order.begin() + by_user.start[u + 1];
    const auto t = static_cast<std::int32_t>(last - first);
    if (t < opt.min_items) {
      ++s.dropped_users;
      continue;
    }
    // Positions are in file order, so a stable sort by time breaks ties by file order.
    order.assign(first, last);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      return d.interactions[a].timestamp < d.interactions[b].timestamp;
    });
    std::vector<std::int32_t> items(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) items[k] = d.interactions[order[k]].item;

    const auto seq = static_cast<std::int32_t>(s.sequences.size());
    s.sequences.push_back(std::move(items));
    s.sequence_user.push_back(static_cast<std::int32_t>(u));
    s.test.push_back({seq, t - 1});
    s.valid.push_back({seq, t - 2});
    for (std::int32_t end = t - 3; end >= 1; --end) s.train.push_back({seq, end});
  }

  if (opt.require_seen_targets) {
    std::vector<char> seen(d.item_ids.size(), 0);
    for (const RecInstance& x : s.train) seen[s.sequences[x.seq][x.end]] = 1;
    auto target = [&](const RecInstance& x) { return s.sequences[x.seq][x.end]; };
    s.valid = keep_seen(s.valid, seen, s.dropped_eval_instances, target);
    s.test = keep_seen(s.test, seen, s.dropped_eval_instances, target);
  }
  return s;
}

SearchSplits split_search(const Dataset& d, const SplitOptions& opt) {
  SearchSplits s;
  const std::size_t n = d.queries.size();
  s.query_split.resize(n);
  std::vector<std::size_t> unset;
  for (std::size_t q = 0; q < n; ++q) {
    s.query_split[q] = d.queries[q].split;
    if (d.queries[q].split == Split::kUnset) unset.push_back(q);
  }

  // Seeded 80/10/10 split of the queries that have none: a Fisher-Yates shuffle of their
  // indices, then validation and test take floor(m/10) each and training the rest (so a
  // handful of queries all go to training, and m = 10k splits exactly 8k/k/k).
  Rng rng(opt.seed);
  shuffle(unset, rng);
  const std::size_t m = unset.size(), eval = m / 10, train = m - 2 * eval;
  for (std::size_t k = 0; k < m; ++k)
    s.query_split[unset[k]] = k < train          ? Split::kTrain
                              : k < train + eval ? Split::kValid
                                                 : Split::kTest;

  // Instances grouped by query (queries.tsv order), then in qrels.tsv order.
  const Groups by_query =
      group_by(d.qrels.size(), n, [&](std::size_t i) { return d.qrels[i].query; });
  for (std::size_t q = 0; q < n; ++q) {
    std::vector<SearchInstance>& out = s.query_split[q] == Split::kTrain   ? s.train
                                       : s.query_split[q] == Split::kValid ? s.valid
                                                                           : s.test;
    for (std::size_t k = by_query.start[q]; k < by_query.start[q + 1]; ++k) {
      const Qrel& r = d.qrels[by_query.order[k]];
      if (r.relevance >= 1) out.push_back({static_cast<std::int32_t>(q), r.item});
    }
  }

  if (opt.require_seen_targets) {
    std::vector<char> seen(d.item_ids.size(), 0);
    for (const SearchInstance& x : s.train) seen[x.item] = 1;
    auto target = [](const SearchInstance& x) { return x.item; };
    s.valid = keep_seen(s.valid, seen, s.dropped_eval_instances, target);
    s.test = keep_seen(s.test, seen, s.dropped_eval_instances, target);
  }
  return s;
}

Dataset keep_shared_items(const Dataset& d) {
  const std::size_t n_items = d.item_ids.size();
  std::vector<char> in_rec(n_items, 0), in_search(n_items, 0);
  for (const Interaction& x : d.interactions) in_rec[x.item] = 1;
  for (const Qrel& r : d.qrels)
    if (r.relevance >= 1) in_search[r.item] = 1;

  Dataset out;
  out.info = d.info;
  std::vector<std::int32_t> item_map(n_items, -1);
  for (std::size_t i = 0; i < n_items; ++i)
    if (in_rec[i] && in_search[i]) item_map[i] = out.add_item(d.item_ids[i], d.item_titles[i]);

  // Users are re-interned in first-seen order of the kept interactions, as the reader would.
  std::vector<std::int32_t> user_map(d.user_ids.size(), -1);
  for (const Interaction& x : d.interactions) {
    const std::int32_t item = item_map[x.item];
    if (item < 0) continue;
    std::int32_t& user = user_map[x.user];
    if (user < 0) {
      user = static_cast<std::int32_t>(out.user_ids.size());
      out.user_ids.push_back(d.user_ids[x.user]);
    }
    out.interactions.push_back({user, item, x.timestamp});
  }

  std::vector<char> query_kept(d.queries.size(), 0);
  for (const Qrel& r : d.qrels)
    if (r.relevance >= 1 && item_map[r.item] >= 0) query_kept[r.query] = 1;
  std::vector<std::int32_t> query_map(d.queries.size(), -1);
  for (std::size_t q = 0; q < d.queries.size(); ++q) {
    if (!query_kept[q]) continue;
    query_map[q] = static_cast<std::int32_t>(out.queries.size());
    out.queries.push_back(d.queries[q]);
  }
  for (const Qrel& r : d.qrels)
    if (query_map[r.query] >= 0 && item_map[r.item] >= 0)
      out.qrels.push_back({query_map[r.query], item_map[r.item], r.relevance});
  return out;
}

}  // namespace gensr
