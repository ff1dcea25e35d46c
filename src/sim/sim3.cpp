#include "sim/sim3.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "sim/stream.h"
#include "sim/sim3_topics.h"
#include "sim/sim_data.h"
#include "util/error.h"

namespace gensr::sim {

namespace {

constexpr std::int32_t kTrainParaphrases = 4;

std::int64_t choose2(std::int64_t n) { return n * (n - 1) / 2; }

void check(const Sim3Options& o) {
  if (o.topics < 1 || o.topics > kSim3Topics)
    throw UsageError("sim3: --topics must be in 1.." + std::to_string(kSim3Topics));
  if (o.items_per_topic < 1) throw UsageError("sim3: --items-per-topic must be at least 1");
  if (o.history_length < 4)
    throw UsageError("sim3: --history-length must be at least 4 (shorter users are dropped)");
  if (o.history_length > o.topics * o.items_per_topic)
    throw UsageError(
        "sim3: --history-length exceeds the number of items (histories hold "
        "distinct items)");
  if (o.users < 0) throw UsageError("sim3: --users must be >= 0");
  if (!(o.pairs_in_qrels >= 0 && o.pairs_in_qrels <= 1))
    throw UsageError("sim3: --pairs-in-qrels must be in [0, 1]");
}

void extend(std::int32_t left, std::int32_t max_part, std::int32_t parts_left,
            std::vector<std::int32_t>& parts, std::vector<TopicSplit>& out) {
  if (left == 0) {
    TopicSplit t;
    t.parts = parts;
    for (std::int32_t p : parts) t.pairs_within += choose2(p);
    out.push_back(std::move(t));
    return;
  }
  if (parts_left == 0) return;
  for (std::int32_t p = std::min(left, max_part); p >= 1; --p) {
    parts.push_back(p);
    extend(left - p, p, parts_left - 1, parts, out);
    parts.pop_back();
  }
}

// The paper's measure on the generated data: the share of all item pairs of each user's
// interactions that are relevant together to some query, pooled over users, and its per-user mean.
std::pair<double, double> measure_pairs_in_qrels(const SimData& s) {
  std::set<std::pair<std::int32_t, std::int32_t>> together;
  for (const SimQuery& q : s.queries)
    for (std::int32_t a : q.relevant)
      for (std::int32_t b : q.relevant)
        if (a < b) together.insert({a, b});
  std::int64_t inside = 0, all = 0;
  double mean = 0;
  for (const auto& h : s.histories) {
    std::int64_t in_user = 0, all_user = 0;
    for (std::size_t i = 0; i < h.size(); ++i)
      for (std::size_t j = i + 1; j < h.size(); ++j) {
        ++all_user;
        in_user += together.count({std::min(h[i], h[j]), std::max(h[i], h[j])});
      }
    inside += in_user;
    all += all_user;
    mean += all_user > 0 ? static_cast<double>(in_user) / static_cast<double>(all_user) : 0.0;
  }
  const double users = static_cast<double>(std::max<std::size_t>(s.histories.size(), 1));
  return {all > 0 ? static_cast<double>(inside) / static_cast<double>(all) : 0.0, mean / users};
}

}  // namespace

std::vector<TopicSplit> topic_splits(std::int32_t length, std::int32_t topics,
                                     std::int32_t per_topic) {
  std::vector<TopicSplit> out;
  std::vector<std::int32_t> parts;
  extend(length, per_topic, topics, parts, out);
  return out;
}

Dataset simulate_sim3(const Sim3Options& o) {
  check(o);
  const std::int32_t items = o.topics * o.items_per_topic;
  const std::int32_t users =
      o.users > 0
          ? o.users
          : std::max<std::int32_t>(
                1, static_cast<std::int32_t>(std::llround(
                       static_cast<double>(o.topics * kTrainParaphrases * o.items_per_topic) /
                       (o.history_length - 3))));
  SimData s;
  s.item_ids = numbered_ids("d", items);

  // Search: topic t is relevant to items t*S .. t*S+S-1; the last paraphrase is the test query.
  for (std::int32_t t = 0; t < o.topics; ++t)
    for (std::int32_t p = 0; p < kSim3Paraphrases; ++p) {
      SimQuery q;
      q.text = sim3_topics()[static_cast<std::size_t>(t)][static_cast<std::size_t>(p)];
      q.split = p < kTrainParaphrases ? Split::kTrain : Split::kTest;
      for (std::int32_t j = 0; j < o.items_per_topic; ++j)
        q.relevant.push_back(t * o.items_per_topic + j);
      s.queries.push_back(std::move(q));
    }

  // With disjoint topics, a user whose items split over topics as (n_1, .., n_k) has
  // sum C(n_i, 2) of C(L, 2) pairs inside a relevant set. Users take the two achievable values
  // around the asked share, in the proportion that makes the pooled share hit it.
  const std::vector<TopicSplit> splits =
      topic_splits(o.history_length, o.topics, o.items_per_topic);
  std::map<std::int64_t, std::vector<const TopicSplit*>> by_pairs;
  for (const TopicSplit& t : splits) by_pairs[t.pairs_within].push_back(&t);
  const double all_pairs = static_cast<double>(choose2(o.history_length));
  const double target = o.pairs_in_qrels * all_pairs;
  const double eps = 1e-9;
  if (target > static_cast<double>(by_pairs.rbegin()->first) + eps ||
      target < static_cast<double>(by_pairs.begin()->first) - eps)
    throw UsageError(
        "sim3: --pairs-in-qrels " + std::to_string(o.pairs_in_qrels) +
        " cannot be reached with --history-length " + std::to_string(o.history_length) + ", " +
        std::to_string(o.topics) + " topics of " + std::to_string(o.items_per_topic) +
        " items: the share lies in [" +
        std::to_string(static_cast<double>(by_pairs.begin()->first) / all_pairs) + ", " +
        std::to_string(static_cast<double>(by_pairs.rbegin()->first) / all_pairs) + "]");
  auto upper = by_pairs.lower_bound(static_cast<std::int64_t>(std::ceil(target - eps)));
  auto lower = upper;
  if (static_cast<double>(upper->first) > target + eps) --lower;
  const double a = static_cast<double>(lower->first), b = static_cast<double>(upper->first);
  const std::int32_t users_at_upper =
      b > a ? static_cast<std::int32_t>(std::llround(users * (target - a) / (b - a))) : 0;

  Rng rec_rng = make_stream(o.seed, Stream::kRec);
  std::vector<std::int32_t> order = choose_distinct(users, users, rec_rng);
  std::vector<bool> at_upper(static_cast<std::size_t>(users), false);
  for (std::int32_t k = 0; k < users_at_upper; ++k)
    at_upper[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = true;
  for (std::int32_t u = 0; u < users; ++u) {
    const auto& options = at_upper[static_cast<std::size_t>(u)] ? upper->second : lower->second;
    const TopicSplit& split = *options[uniform_below(rec_rng, options.size())];
    const std::vector<std::int32_t> topics =
        choose_distinct(o.topics, static_cast<std::int32_t>(split.parts.size()), rec_rng);
    std::vector<std::int32_t> h;
    for (std::size_t k = 0; k < split.parts.size(); ++k)
      for (std::int32_t j : choose_distinct(o.items_per_topic, split.parts[k], rec_rng))
        h.push_back(topics[k] * o.items_per_topic + j);
    shuffle(h, rec_rng);
    s.histories.push_back(std::move(h));
  }

  nlohmann::json realized;
  if (o.sample != 1.0) realized["sample"] = sample_training(s, o.sample, o.seed);
  const auto [pooled, mean] = measure_pairs_in_qrels(s);
  realized["pairs_in_qrels"] = pooled;
  realized["pairs_in_qrels_user_mean"] = mean;
  realized["training_popularity"] = training_popularity_json(s);

  nlohmann::json topics = nlohmann::json::array();
  for (std::int32_t t = 0; t < o.topics; ++t) {
    nlohmann::json rel = nlohmann::json::array();
    for (std::int32_t j = 0; j < o.items_per_topic; ++j)
      rel.push_back(s.item_ids[static_cast<std::size_t>(t * o.items_per_topic + j)]);
    topics.push_back({{"topic", sim3_topics()[static_cast<std::size_t>(t)][0]}, {"relevant", rel}});
  }
  nlohmann::json info = {{"name", "sim3"},
                         {"source", "gensr-data simulate --kind sim3"},
                         {"simulator", "sim3"},
                         {"parameters",
                          {{"seed", o.seed},
                           {"topics", o.topics},
                           {"items_per_topic", o.items_per_topic},
                           {"history_length", o.history_length},
                           {"users", users},
                           {"pairs_in_qrels", o.pairs_in_qrels},
                           {"sample", o.sample}}},
                         {"realized", realized},
                         {"counts", counts_json(s)},
                         {"topics", topics},
                         {"query_texts", "written for gensr, not the paper's TREC DL'22 + GPT-4"}};
  return to_dataset(s, std::move(info));
}

}  // namespace gensr::sim
