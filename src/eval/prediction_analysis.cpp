#include "eval/prediction_analysis.h"

#include <algorithm>
#include <iomanip>
#include <set>
#include <sstream>

#include "eval/metrics.h"
#include "util/error.h"

namespace gensr {

namespace {

std::pair<std::int32_t, std::int32_t> ordered(std::int32_t a, std::int32_t b) {
  return a < b ? std::pair{a, b} : std::pair{b, a};
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

std::string percent(double x) {
  std::ostringstream s;
  s << (x >= 0 ? "+" : "") << std::fixed << std::setprecision(2) << 100 * x << "%";
  return s.str();
}

std::string fixed(double x) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(4) << x;
  return s.str();
}

}  // namespace

std::vector<std::pair<std::int32_t, std::int32_t>> instance_pairs(bool rec,
                                                                  const AnalysisQuery& q) {
  std::set<std::pair<std::int32_t, std::int32_t>> pairs;
  if (rec) {
    for (std::int32_t target : q.relevant)
      for (std::int32_t h : q.history)
        if (h != target) pairs.insert(ordered(h, target));
  } else {
    for (std::size_t i = 0; i < q.relevant.size(); ++i)
      for (std::size_t j = i + 1; j < q.relevant.size(); ++j)
        if (q.relevant[i] != q.relevant[j]) pairs.insert(ordered(q.relevant[i], q.relevant[j]));
  }
  return {pairs.begin(), pairs.end()};
}

double mean_predicted_popularity(const std::vector<std::vector<std::int32_t>>& predictions,
                                 const std::vector<std::int64_t>& popularity) {
  std::vector<double> per_query;
  for (const auto& list : predictions) {
    if (list.empty()) continue;
    double s = 0;
    for (std::int32_t item : list) s += static_cast<double>(popularity.at(item));
    per_query.push_back(s / static_cast<double>(list.size()));
  }
  return mean(per_query);
}

std::int64_t history_target_query_matches(const AnalysisQuery& q, const ItemGroups& queries) {
  std::int64_t matches = 0;
  for (const auto& [a, b] : instance_pairs(true, q)) matches += queries.together(a, b);
  return matches;
}

double relevant_pair_cooccurrence(const AnalysisQuery& q, const ItemGroups& sequences) {
  const auto pairs = instance_pairs(false, q);
  if (pairs.empty()) throw Error("relevant_pair_cooccurrence: the query has no relevant pair");
  double s = 0;
  for (const auto& [a, b] : pairs) s += static_cast<double>(sequences.together(a, b));
  return s / static_cast<double>(pairs.size());
}

PairKind classify_pair(std::int32_t a, std::int32_t b, const ItemGroups& target_task,
                       const ItemGroups& other_task) {
  const bool in_target = target_task.together(a, b) > 0;
  const bool in_other = other_task.together(a, b) > 0;
  if (in_target && in_other) return PairKind::kRedundant;
  if (in_other) return PairKind::kNonRedundant;
  return PairKind::kNeither;
}

PredictionAnalysis analyse_predictions(bool rec, const std::vector<AnalysisQuery>& queries,
                                       const ItemGroups& rec_train, const ItemGroups& search_train,
                                       const std::vector<std::int64_t>& other_popularity, int k) {
  PredictionAnalysis out;
  std::vector<std::vector<std::int32_t>> single, joint;
  for (const auto& q : queries) {
    single.emplace_back(q.single.begin(),
                        q.single.begin() + std::min<std::size_t>(q.single.size(), k));
    joint.emplace_back(q.joint.begin(), q.joint.begin() + std::min<std::size_t>(q.joint.size(), k));
  }
  out.popularity_single = mean_predicted_popularity(single, other_popularity);
  out.popularity_joint = mean_predicted_popularity(joint, other_popularity);

  const ItemGroups& target = rec ? rec_train : search_train;
  const ItemGroups& other = rec ? search_train : rec_train;
  std::vector<double> differing, identical, all;
  std::set<std::pair<std::int32_t, std::int32_t>> redundant_pairs, non_redundant_pairs;
  std::vector<double> red_single, red_joint, non_single, non_joint;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const auto& q = queries[i];
    const auto pairs = instance_pairs(rec, q);
    if (!pairs.empty()) {
      const double measure = rec ? static_cast<double>(history_target_query_matches(q, other))
                                 : relevant_pair_cooccurrence(q, other);
      (single[i] == joint[i] ? identical : differing).push_back(measure);
      all.push_back(measure);
    }
    bool has_redundant = false, has_non_redundant = false;
    for (const auto& [a, b] : pairs) {
      const PairKind kind = classify_pair(a, b, target, other);
      if (kind == PairKind::kRedundant) {
        redundant_pairs.insert({a, b});
        has_redundant = true;
      } else if (kind == PairKind::kNonRedundant) {
        non_redundant_pairs.insert({a, b});
        has_non_redundant = true;
      }
    }
    if (!has_redundant && !has_non_redundant) continue;
    const double rs = score_ranking(single[i], q.relevant, k).recall;
    const double rj = score_ranking(joint[i], q.relevant, k).recall;
    if (has_redundant) red_single.push_back(rs), red_joint.push_back(rj);
    if (has_non_redundant) non_single.push_back(rs), non_joint.push_back(rj);
  }
  out.differing = static_cast<std::int64_t>(differing.size());
  out.identical = static_cast<std::int64_t>(identical.size());
  out.measure_differing = mean(differing);
  out.measure_identical = mean(identical);
  out.measure_all = mean(all);
  out.redundant = {static_cast<std::int64_t>(redundant_pairs.size()),
                   static_cast<std::int64_t>(red_single.size()), mean(red_single), mean(red_joint)};
  out.non_redundant = {static_cast<std::int64_t>(non_redundant_pairs.size()),
                       static_cast<std::int64_t>(non_single.size()), mean(non_single),
                       mean(non_joint)};
  return out;
}

double relative_change(double a, double b) { return a == 0 ? 0 : (b - a) / a; }

nlohmann::json analysis_json(const PredictionAnalysis& a, bool rec) {
  auto group = [](const PredictionAnalysis::Group& g) {
    return nlohmann::json{{"pairs", g.pairs},
                          {"instances", g.instances},
                          {"recall_single", g.recall_single},
                          {"recall_joint", g.recall_joint},
                          {"improvement", relative_change(g.recall_single, g.recall_joint)}};
  };
  return {
      {"table6",
       {{"measure", rec ? "mean search popularity of predicted items"
                        : "mean rec popularity of predicted items"},
        {"single", a.popularity_single},
        {"joint", a.popularity_joint},
        {"delta", relative_change(a.popularity_single, a.popularity_joint)}}},
      {"table7",
       {{"measure", rec ? "history-to-target query matches"
                        : "co-occurrences in rec training data of relevant pairs"},
        {"differing_instances", a.differing},
        {"identical_instances", a.identical},
        {"differing", a.measure_differing},
        {"identical", a.measure_identical},
        {"all", a.measure_all},
        {"delta", relative_change(a.measure_identical, a.measure_differing)}}},
      {"table8", {{"redundant", group(a.redundant)}, {"non_redundant", group(a.non_redundant)}}}};
}

std::string analysis_markdown(const PredictionAnalysis& a, bool rec) {
  std::ostringstream md;
  const char* other = rec ? "search" : "rec";
  md << "| analysis | single | joint | Δ |\n|---|---|---|---|\n"
     << "| Table 6: mean " << other << " popularity of predicted items | "
     << fixed(a.popularity_single) << " | " << fixed(a.popularity_joint) << " | "
     << percent(relative_change(a.popularity_single, a.popularity_joint)) << " |\n\n"
     << "| Table 7: "
     << (rec ? "history→target query matches" : "rec co-occurrences of relevant pairs")
     << " | instances | mean |\n|---|---|---|\n"
     << "| predictions differ | " << a.differing << " | " << fixed(a.measure_differing) << " |\n"
     << "| predictions identical | " << a.identical << " | " << fixed(a.measure_identical)
     << " |\n| Δ (differ vs identical) | | "
     << percent(relative_change(a.measure_identical, a.measure_differing)) << " |\n\n"
     << "| Table 8 | pairs | instances | recall single | recall joint | improvement |\n"
     << "|---|---|---|---|---|---|\n";
  for (const auto& [name, g] :
       {std::pair{"redundant", a.redundant}, std::pair{"non-redundant", a.non_redundant}})
    md << "| " << name << " | " << g.pairs << " | " << g.instances << " | "
       << fixed(g.recall_single) << " | " << fixed(g.recall_joint) << " | "
       << percent(relative_change(g.recall_single, g.recall_joint)) << " |\n";
  return md.str();
}

}  // namespace gensr
