#include "sim/sim_data.h"

#include <algorithm>
#include <cstdio>

#include "sim/stream.h"
#include "stats/measures.h"
#include "util/error.h"

namespace gensr::sim {

namespace {

std::string padded(const std::string& prefix, std::size_t i, std::size_t n) {
  int width = 1;
  for (std::size_t m = n > 0 ? n - 1 : 0; m >= 10; m /= 10) ++width;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*zu", width, i);
  return prefix + buf;
}

std::int64_t rec_instances_of(std::size_t t) {
  return t >= 4 ? static_cast<std::int64_t>(t) - 3 : 0;
}

// Keeps round(fraction * n) of n indices, chosen by a seeded draw, in their original order.
std::vector<bool> keep_mask(std::size_t n, double fraction, Rng g) {
  const auto k = static_cast<std::int32_t>(std::llround(fraction * static_cast<double>(n)));
  std::vector<bool> keep(n, false);
  for (std::int32_t i : choose_distinct(static_cast<std::int32_t>(n), k, g))
    keep[static_cast<std::size_t>(i)] = true;
  return keep;
}

}  // namespace

std::vector<std::string> numbered_ids(const std::string& prefix, std::int32_t n) {
  std::vector<std::string> ids;
  for (std::int32_t i = 0; i < n; ++i)
    ids.push_back(padded(prefix, static_cast<std::size_t>(i), static_cast<std::size_t>(n)));
  return ids;
}

Dataset to_dataset(const SimData& s, nlohmann::json info) {
  Dataset d;
  for (const std::string& id : s.item_ids) {
    d.item_index.emplace(id, static_cast<std::int32_t>(d.item_ids.size()));
    d.item_ids.push_back(id);
    d.item_titles.emplace_back();
  }
  for (std::size_t u = 0; u < s.histories.size(); ++u) {
    d.user_ids.push_back(padded("u", u, std::max<std::size_t>(s.histories.size(), 1000)));
    const auto& h = s.histories[u];
    for (std::size_t t = 0; t < h.size(); ++t)
      d.interactions.push_back({static_cast<std::int32_t>(u), h[t], static_cast<std::int64_t>(t)});
  }
  for (std::size_t q = 0; q < s.queries.size(); ++q) {
    const SimQuery& sq = s.queries[q];
    d.queries.push_back(
        {padded("q", q, std::max<std::size_t>(s.queries.size(), 10000)), sq.text, sq.split});
    for (std::int32_t item : sq.relevant)
      d.qrels.push_back({static_cast<std::int32_t>(q), item, 1});
  }
  d.info = std::move(info);
  return d;
}

std::vector<std::int64_t> rec_train_counts(const SimData& s) {
  std::vector<std::int64_t> counts(s.item_ids.size(), 0);
  for (const auto& h : s.histories)
    for (std::size_t p = 1; p + 3 <= h.size(); ++p) ++counts[static_cast<std::size_t>(h[p])];
  return counts;
}

std::vector<std::int64_t> search_train_counts(const SimData& s) {
  std::vector<std::int64_t> counts(s.item_ids.size(), 0);
  for (const SimQuery& q : s.queries)
    if (q.split == Split::kTrain)
      for (std::int32_t item : q.relevant) ++counts[static_cast<std::size_t>(item)];
  return counts;
}

nlohmann::json counts_json(const SimData& s) {
  std::int64_t interactions = 0, rec_train = 0, search_train = 0, qrels = 0;
  for (const auto& h : s.histories) {
    interactions += static_cast<std::int64_t>(h.size());
    rec_train += rec_instances_of(h.size());
  }
  nlohmann::json per_split = {{"train", 0}, {"valid", 0}, {"test", 0}, {"unset", 0}};
  for (const SimQuery& q : s.queries) {
    per_split[split_name(q.split)] = per_split[split_name(q.split)].get<std::int64_t>() + 1;
    qrels += static_cast<std::int64_t>(q.relevant.size());
    if (q.split == Split::kTrain) search_train += static_cast<std::int64_t>(q.relevant.size());
  }
  return {{"items", s.item_ids.size()},
          {"users", s.histories.size()},
          {"interactions", interactions},
          {"queries", per_split},
          {"qrels", qrels},
          {"rec_train_instances", rec_train},
          {"search_train_instances", search_train}};
}

nlohmann::json training_popularity_json(const SimData& s) {
  const std::vector<std::int64_t> r_all = rec_train_counts(s), s_all = search_train_counts(s);
  std::vector<std::int64_t> r, q;
  for (std::size_t i = 0; i < r_all.size(); ++i)
    if (r_all[i] > 0 || s_all[i] > 0) {
      r.push_back(r_all[i]);
      q.push_back(s_all[i]);
    }
  const std::vector<double> pr = stats::add_one_distribution(r),
                            ps = stats::add_one_distribution(q);
  return {{"union_items", r.size()},
          {"ks_distance", stats::kolmogorov_distance(ps, pr)},
          {"kl_s_r", stats::kl_divergence(ps, pr)},
          {"kl_r_s", stats::kl_divergence(pr, ps)}};
}

nlohmann::json sample_training(SimData& s, double fraction, std::uint64_t seed) {
  if (!(fraction > 0 && fraction <= 1))
    throw UsageError("--sample must be in (0, 1], got " + std::to_string(fraction));
  const nlohmann::json before = counts_json(s);

  const std::vector<bool> keep_user =
      keep_mask(s.histories.size(), fraction, make_stream(seed, Stream::kSampleRec));
  std::vector<std::vector<std::int32_t>> histories;
  for (std::size_t u = 0; u < s.histories.size(); ++u)
    if (keep_user[u]) histories.push_back(std::move(s.histories[u]));
  s.histories = std::move(histories);

  std::size_t train_queries = 0;
  for (const SimQuery& q : s.queries) train_queries += q.split == Split::kTrain;
  const std::vector<bool> keep_query =
      keep_mask(train_queries, fraction, make_stream(seed, Stream::kSampleSearch));
  std::vector<SimQuery> queries;
  std::size_t k = 0;
  for (SimQuery& q : s.queries)
    if (q.split != Split::kTrain || keep_query[k++]) queries.push_back(std::move(q));
  s.queries = std::move(queries);

  const nlohmann::json after = counts_json(s);
  auto share = [&](const char* key) {
    const double b = before[key].get<double>();
    return b > 0 ? after[key].get<double>() / b : 0.0;
  };
  return {{"rec_train_instances_before", before["rec_train_instances"]},
          {"search_train_instances_before", before["search_train_instances"]},
          {"rec_train_fraction_kept", share("rec_train_instances")},
          {"search_train_fraction_kept", share("search_train_instances")}};
}

std::string random_text(std::mt19937_64& g, int words) {
  static const char kConsonants[] = "bdfgklmnprstvz";
  static const char kVowels[] = "aeiou";
  std::string text;
  for (int w = 0; w < words; ++w) {
    if (w > 0) text += ' ';
    for (int syllable = 0; syllable < 2; ++syllable) {
      text += kConsonants[uniform_below(g, sizeof kConsonants - 1)];
      text += kVowels[uniform_below(g, sizeof kVowels - 1)];
    }
  }
  return text;
}

}  // namespace gensr::sim
