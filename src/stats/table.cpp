#include "stats/table.h"

#include <cstdio>
#include <set>
#include <sstream>

#include "stats/measures.h"
#include "stats/popularity.h"

namespace gensr::stats {

namespace {

// The counts of `items` only, in the order given.
std::vector<std::int64_t> restrict_to(const std::vector<std::int64_t>& counts,
                                      const std::set<std::int32_t>& items) {
  std::vector<std::int64_t> out;
  out.reserve(items.size());
  for (std::int32_t i : items) out.push_back(counts[static_cast<std::size_t>(i)]);
  return out;
}

RecStats rec_stats(const RecSplits& rec, const std::vector<std::int64_t>& pop) {
  RecStats s;
  std::set<std::int32_t> items;
  for (const auto& seq : rec.sequences) {
    s.interactions += static_cast<std::int64_t>(seq.size());
    items.insert(seq.begin(), seq.end());
  }
  s.items = static_cast<std::int64_t>(items.size());
  s.users = static_cast<std::int64_t>(rec.sequences.size());
  s.density = s.users > 0 && s.items > 0
                  ? static_cast<double>(s.interactions) /
                        (static_cast<double>(s.users) * static_cast<double>(s.items))
                  : 0.0;
  s.gini = gini(restrict_to(pop, items));
  s.train_instances = static_cast<std::int64_t>(rec.train.size());
  s.dropped_users = rec.dropped_users;
  return s;
}

SearchStats search_stats(const Dataset& d, const SearchSplits& search,
                         const std::vector<std::int64_t>& pop) {
  SearchStats s;
  std::set<std::int32_t> items, queries;
  std::int64_t relevant = 0;
  for (const Qrel& q : d.qrels) {
    if (q.relevance < 1) continue;
    items.insert(q.item);
    queries.insert(q.query);
    ++relevant;
  }
  s.items = static_cast<std::int64_t>(items.size());
  s.queries = static_cast<std::int64_t>(queries.size());
  s.avg_relevant =
      s.queries > 0 ? static_cast<double>(relevant) / static_cast<double>(s.queries) : 0.0;
  s.gini = gini(restrict_to(pop, items));
  s.train_instances = static_cast<std::int64_t>(search.train.size());
  return s;
}

Comparison compare(const std::vector<std::int64_t>& rec_pop,
                   const std::vector<std::int64_t>& search_pop) {
  std::set<std::int32_t> items;
  for (std::size_t i = 0; i < rec_pop.size(); ++i)
    if (rec_pop[i] > 0 || search_pop[i] > 0) items.insert(static_cast<std::int32_t>(i));
  const std::vector<double> r = add_one_distribution(restrict_to(rec_pop, items));
  const std::vector<double> s = add_one_distribution(restrict_to(search_pop, items));
  Comparison c;
  c.union_items = static_cast<std::int64_t>(items.size());
  c.ks = kolmogorov_distance(s, r);
  c.kl_s_r = kl_divergence(s, r);
  c.kl_r_s = kl_divergence(r, s);
  return c;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

DatasetStats dataset_stats(const std::string& name, const Dataset& d, const RecSplits& rec,
                           const SearchSplits& search) {
  DatasetStats out;
  out.name = name;
  const std::vector<std::int64_t> rec_pop = rec_popularity(rec, d.item_ids.size());
  const std::vector<std::int64_t> search_pop = search_popularity(search, d.item_ids.size());
  if (d.has_rec()) out.rec = rec_stats(rec, rec_pop);
  if (d.has_search()) out.search = search_stats(d, search, search_pop);
  if (out.rec && out.search) out.comparison = compare(rec_pop, search_pop);
  return out;
}

nlohmann::json to_json(const DatasetStats& s) {
  nlohmann::json j = {
      {"name", s.name}, {"rec", nullptr}, {"search", nullptr}, {"comparison", nullptr}};
  if (s.rec)
    j["rec"] = {{"items", s.rec->items},
                {"users", s.rec->users},
                {"interactions", s.rec->interactions},
                {"density", s.rec->density},
                {"gini", s.rec->gini},
                {"train_instances", s.rec->train_instances},
                {"dropped_users", s.rec->dropped_users}};
  if (s.search)
    j["search"] = {{"items", s.search->items},
                   {"queries", s.search->queries},
                   {"avg_relevant_per_query", s.search->avg_relevant},
                   {"gini", s.search->gini},
                   {"train_instances", s.search->train_instances}};
  if (s.comparison)
    j["comparison"] = {{"union_items", s.comparison->union_items},
                       {"ks_distance", s.comparison->ks},
                       {"kl_s_r", s.comparison->kl_s_r},
                       {"kl_r_s", s.comparison->kl_r_s}};
  return j;
}

std::string stats_markdown(const std::vector<DatasetStats>& rows) {
  std::ostringstream md;
  md << "| Dataset | Rec # items | # users | Density | Gini index | Search # items | # queries "
        "| Avg. rel. per query | Gini index | KSdist(S,R) | KLD(S‖R) | KLD(R‖S) |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const DatasetStats& s : rows) {
    md << "| " << s.name;
    if (s.rec)
      md << " | " << s.rec->items << " | " << s.rec->users << " | " << fixed(s.rec->density, 5)
         << " | " << fixed(s.rec->gini, 4);
    else
      md << " | - | - | - | -";
    if (s.search)
      md << " | " << s.search->items << " | " << s.search->queries << " | "
         << fixed(s.search->avg_relevant, 2) << " | " << fixed(s.search->gini, 4);
    else
      md << " | - | - | - | -";
    if (s.comparison)
      md << " | " << fixed(s.comparison->ks, 4) << " | " << fixed(s.comparison->kl_s_r, 4) << " | "
         << fixed(s.comparison->kl_r_s, 4);
    else
      md << " | - | - | -";
    md << " |\n";
  }
  return md.str();
}

}  // namespace gensr::stats
