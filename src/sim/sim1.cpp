#include "sim/sim1.h"

#include <cmath>

#include "sim/sim_data.h"
#include "stats/measures.h"
#include "util/error.h"

namespace gensr::sim {

namespace {

void check(const Sim1Options& o) {
  if (o.items < 2) throw UsageError("sim1: --items must be at least 2");
  if (!(o.zipf_exponent >= 0)) throw UsageError("sim1: --zipf-exponent must be >= 0");
  if (o.shuffle_steps < 0) throw UsageError("sim1: --shuffle-steps must be >= 0");
  if (o.users < 1) throw UsageError("sim1: --users must be at least 1");
  if (o.history_length < 4)
    throw UsageError("sim1: --history-length must be at least 4 (shorter users are dropped)");
  if (o.train_queries < 0) throw UsageError("sim1: --train-queries must be >= 0");
  if (o.query_words < 1) throw UsageError("sim1: --query-words must be at least 1");
}

}  // namespace

std::vector<double> zipf_distribution(std::int32_t n, double exponent) {
  std::vector<double> p(static_cast<std::size_t>(n));
  double sum = 0;
  for (std::int32_t i = 0; i < n; ++i)
    sum += p[static_cast<std::size_t>(i)] = std::pow(i + 1.0, -exponent);
  for (double& x : p) x /= sum;
  return p;
}

std::vector<double> swap_shuffled(std::vector<double> p, std::int32_t steps, Rng& g) {
  const std::uint64_t n = p.size();
  if (n < 2) return p;
  for (std::int32_t s = 0; s < steps; ++s) {
    const std::uint64_t a = uniform_below(g, n);
    std::uint64_t b = uniform_below(g, n - 1);
    if (b >= a) ++b;
    std::swap(p[a], p[b]);
  }
  return p;
}

Dataset simulate_sim1(const Sim1Options& o) {
  check(o);
  const std::vector<double> p_rec = zipf_distribution(o.items, o.zipf_exponent);
  Rng shuffle_rng = make_stream(o.seed, Stream::kShuffle);
  const std::vector<double> p_search = swap_shuffled(p_rec, o.shuffle_steps, shuffle_rng);

  SimData s;
  s.item_ids = numbered_ids("i", o.items);

  // Every interaction is an independent draw, so a history says nothing about its next item.
  Rng rec_rng = make_stream(o.seed, Stream::kRec);
  const std::vector<double> rec_cdf = cumulative(p_rec);
  s.histories.resize(static_cast<std::size_t>(o.users));
  for (auto& h : s.histories)
    for (std::int32_t t = 0; t < o.history_length; ++t)
      h.push_back(static_cast<std::int32_t>(draw_from_cdf(rec_cdf, rec_rng)));

  // Queries mirror the rec splits: as many training instances, and one valid and one test query
  // per user. Texts come from their own stream, so they are independent of the targets.
  const std::int32_t train_queries =
      o.train_queries > 0 ? o.train_queries : o.users * (o.history_length - 3);
  Rng search_rng = make_stream(o.seed, Stream::kSearch);
  Rng text_rng = make_stream(o.seed, Stream::kText);
  const std::vector<double> search_cdf = cumulative(p_search);
  auto add_queries = [&](std::int32_t n, Split split) {
    for (std::int32_t q = 0; q < n; ++q) {
      SimQuery sq;
      sq.text = o.generic_query_text ? "find an item" : random_text(text_rng, o.query_words);
      sq.split = split;
      sq.relevant = {static_cast<std::int32_t>(draw_from_cdf(search_cdf, search_rng))};
      s.queries.push_back(std::move(sq));
    }
  };
  add_queries(train_queries, Split::kTrain);
  add_queries(o.users, Split::kValid);
  add_queries(o.users, Split::kTest);

  nlohmann::json realized;
  if (o.sample != 1.0) realized["sample"] = sample_training(s, o.sample, o.seed);
  realized["distribution_kl_s_r"] = stats::kl_divergence(p_search, p_rec);
  realized["distribution_kl_r_s"] = stats::kl_divergence(p_rec, p_search);
  realized["distribution_ks_distance"] = stats::kolmogorov_distance(p_search, p_rec);
  realized["training_popularity"] = training_popularity_json(s);

  nlohmann::json info = {{"name", "sim1"},
                         {"source", "gensr-data simulate --kind sim1"},
                         {"simulator", "sim1"},
                         {"parameters",
                          {{"seed", o.seed},
                           {"items", o.items},
                           {"zipf_exponent", o.zipf_exponent},
                           {"shuffle_steps", o.shuffle_steps},
                           {"users", o.users},
                           {"history_length", o.history_length},
                           {"train_queries", train_queries},
                           {"query_text", o.generic_query_text ? "generic" : "random"},
                           {"query_words", o.query_words},
                           {"sample", o.sample}}},
                         {"realized", realized},
                         {"counts", counts_json(s)},
                         {"rec_popularity", p_rec},
                         {"search_popularity", p_search}};
  return to_dataset(s, std::move(info));
}

}  // namespace gensr::sim
