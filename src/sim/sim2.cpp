#include "sim/sim2.h"

#include <cmath>

#include "sim/stream.h"
#include "sim/sim_data.h"
#include "util/error.h"

namespace gensr::sim {

namespace {

void check(const Sim2Options& o) {
  if (o.clusters < 1) throw UsageError("sim2: --clusters must be at least 1");
  if (o.cluster_size < 2) throw UsageError("sim2: --cluster-size must be at least 2");
  if (o.users < 1) throw UsageError("sim2: --users must be at least 1");
  if (o.history_length < 4)
    throw UsageError("sim2: --history-length must be at least 4 (shorter users are dropped)");
  if (!(o.query_match >= 0 && o.query_match <= 1))
    throw UsageError("sim2: --query-match must be in [0, 1]");
  if (o.train_queries_per_item < 0) throw UsageError("sim2: --train-queries-per-item must be >= 0");
  if (o.query_words < 1) throw UsageError("sim2: --query-words must be at least 1");
}

}  // namespace

Dataset simulate_sim2(const Sim2Options& o) {
  check(o);
  const std::int32_t items = o.clusters * o.cluster_size;
  auto cluster_of = [&](std::int32_t item) { return item / o.cluster_size; };
  SimData s;
  s.item_ids = numbered_ids("i", items);

  // A history is a run of pairs: a uniform item, then another item of its cluster.
  Rng rec_rng = make_stream(o.seed, Stream::kRec);
  s.histories.resize(static_cast<std::size_t>(o.users));
  for (auto& h : s.histories) {
    while (static_cast<std::int32_t>(h.size()) < o.history_length) {
      const auto a =
          static_cast<std::int32_t>(uniform_below(rec_rng, static_cast<std::uint64_t>(items)));
      auto b = static_cast<std::int32_t>(
          uniform_below(rec_rng, static_cast<std::uint64_t>(o.cluster_size - 1)));
      if (b >= a % o.cluster_size) ++b;
      h.push_back(a);
      if (static_cast<std::int32_t>(h.size()) < o.history_length)
        h.push_back(cluster_of(a) * o.cluster_size + b);
    }
  }

  const std::int32_t train_per_item =
      o.train_queries_per_item > 0
          ? o.train_queries_per_item
          : std::max<std::int32_t>(
                1, static_cast<std::int32_t>(std::llround(static_cast<double>(o.users) *
                                                          (o.history_length - 3) / items)));
  const std::int32_t slots = train_per_item + 2;  // + one valid, one test
  const auto shared_per_item =
      static_cast<std::int32_t>(std::llround(o.query_match * static_cast<double>(slots)));

  // Cluster texts first, then one random text per slot whether used or not, so the texts of a
  // slot do not depend on --query-match; which slots are shared comes from its own stream.
  Rng text_rng = make_stream(o.seed, Stream::kText);
  Rng match_rng = make_stream(o.seed, Stream::kMatch);
  std::vector<std::string> cluster_texts;
  for (std::int32_t c = 0; c < o.clusters; ++c)
    cluster_texts.push_back(random_text(text_rng, o.query_words));
  for (std::int32_t item = 0; item < items; ++item) {
    std::vector<bool> shared(static_cast<std::size_t>(slots), false);
    for (std::int32_t k : choose_distinct(slots, shared_per_item, match_rng))
      shared[static_cast<std::size_t>(k)] = true;
    for (std::int32_t k = 0; k < slots; ++k) {
      SimQuery q;
      const std::string own = random_text(text_rng, o.query_words);
      q.text = shared[static_cast<std::size_t>(k)]
                   ? cluster_texts[static_cast<std::size_t>(cluster_of(item))]
                   : own;
      q.split = k < train_per_item    ? Split::kTrain
                : k == train_per_item ? Split::kValid
                                      : Split::kTest;
      q.relevant = {item};
      s.queries.push_back(std::move(q));
    }
  }

  nlohmann::json realized;
  if (o.sample != 1.0) realized["sample"] = sample_training(s, o.sample, o.seed);
  std::int64_t match = 0, match_train = 0, train = 0;
  for (const SimQuery& q : s.queries) {
    const bool is_shared =
        q.text == cluster_texts[static_cast<std::size_t>(cluster_of(q.relevant[0]))];
    match += is_shared;
    train += q.split == Split::kTrain;
    match_train += is_shared && q.split == Split::kTrain;
  }
  realized["query_match"] = static_cast<double>(match) / static_cast<double>(s.queries.size());
  realized["query_match_train"] =
      train > 0 ? static_cast<double>(match_train) / static_cast<double>(train) : 0.0;
  realized["shared_queries_per_item"] = shared_per_item;
  realized["training_popularity"] = training_popularity_json(s);

  nlohmann::json clusters = nlohmann::json::array();
  for (std::int32_t c = 0; c < o.clusters; ++c) {
    nlohmann::json members = nlohmann::json::array();
    for (std::int32_t j = 0; j < o.cluster_size; ++j)
      members.push_back(s.item_ids[static_cast<std::size_t>(c * o.cluster_size + j)]);
    clusters.push_back({{"items", members}, {"text", cluster_texts[static_cast<std::size_t>(c)]}});
  }
  nlohmann::json info = {{"name", "sim2"},
                         {"source", "gensr-data simulate --kind sim2"},
                         {"simulator", "sim2"},
                         {"parameters",
                          {{"seed", o.seed},
                           {"clusters", o.clusters},
                           {"cluster_size", o.cluster_size},
                           {"users", o.users},
                           {"history_length", o.history_length},
                           {"query_match", o.query_match},
                           {"train_queries_per_item", train_per_item},
                           {"query_words", o.query_words},
                           {"sample", o.sample}}},
                         {"realized", realized},
                         {"counts", counts_json(s)},
                         {"clusters", clusters}};
  return to_dataset(s, std::move(info));
}

}  // namespace gensr::sim
