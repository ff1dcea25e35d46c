#pragma once

#include <cstdint>
#include <vector>

#include "data/dataset.h"

namespace gensr {

// One recommendation instance: history = sequences[seq][0, end), target = sequences[seq][end].
struct RecInstance {
  std::int32_t seq;
  std::int32_t end;
};

// The paper's recommendation protocol (section 5). For a time-ordered sequence of t items
// (1-based): test predicts t from 1..t-1, validation predicts t-1 from 1..t-2, training has one
// instance per prefix with targets t-2, t-3, ... down to item 2. Users with fewer than
// `min_items` (4) interactions are dropped and counted.
struct RecSplits {
  std::vector<std::vector<std::int32_t>> sequences;  // item indices, oldest first
  std::vector<std::int32_t> sequence_user;           // user index of each sequence
  std::vector<RecInstance> train, valid, test;
  std::int64_t dropped_users = 0;
  std::int64_t dropped_eval_instances = 0;  // valid/test targets never seen in training
};

// One search instance: a query and one of its relevant items.
struct SearchInstance {
  std::int32_t query;
  std::int32_t item;
};

// Disjoint query sets. Queries without a split get a seeded 80/10/10 split; each query with k
// relevant items (relevance >= 1) yields k instances.
// The seeded split shuffles the m unset queries (Fisher-Yates over std::mt19937_64, so it is the
// same on every platform); validation and test take floor(m/10) each, training the rest.
// Instances are grouped by query in queries.tsv order, then in qrels.tsv order.
struct SearchSplits {
  std::vector<Split> query_split;  // the resolved split of every query
  std::vector<SearchInstance> train, valid, test;
  std::int64_t dropped_eval_instances = 0;  // relevant items never seen in training
};

struct SplitOptions {
  int min_items = 4;
  std::uint64_t seed = 42;
  // Drop validation and test targets that are no training target of the same task, so every
  // evaluated item could have been learned (the paper did this for ML and MPD).
  bool require_seen_targets = true;
};

RecSplits split_recommendation(const Dataset& d, const SplitOptions& opt = {});
SearchSplits split_search(const Dataset& d, const SplitOptions& opt = {});

// A copy of `d` keeping only items that occur in both tasks (interactions and relevant qrels),
// as the paper did for ML and MPD; queries left with no relevant item are dropped.
Dataset keep_shared_items(const Dataset& d);

}  // namespace gensr
