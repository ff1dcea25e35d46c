#pragma once

#include <cstdint>
#include <vector>

#include "data/dataset.h"

// SIM3 (paper section 5, hypothesis H2, recommendation helping search): ten topics with five
// paraphrased queries each (four for training, one for test), each topic relevant to its own set
// of items; user histories are built so that a share `pairs_in_qrels` of all item pairs of a
// user's interactions fall together inside one query's relevant set.
namespace gensr::sim {

struct Sim3Options {
  std::uint64_t seed = 42;
  std::int32_t topics = 10;  // at most the 10 written topics
  std::int32_t items_per_topic = 5;
  // Short histories, because a share of 1 needs a whole history inside one topic's items.
  std::int32_t history_length = 5;
  // 0: round(topics * 4 * items_per_topic / (length - 3)), as many recommendation training
  // instances as search ones.
  std::int32_t users = 0;
  double pairs_in_qrels = 1.0;  // 0..1
  double sample = 1.0;
};

// A way to spread a history over topics: how many of its items come from each topic used.
struct TopicSplit {
  std::vector<std::int32_t> parts;  // descending, each 1..items_per_topic
  std::int64_t pairs_within = 0;    // sum over parts of C(part, 2)
};

// Every split of `length` items into at most `topics` parts of at most `per_topic` items.
std::vector<TopicSplit> topic_splits(std::int32_t length, std::int32_t topics,
                                     std::int32_t per_topic);

Dataset simulate_sim3(const Sim3Options& opt);

}  // namespace gensr::sim
