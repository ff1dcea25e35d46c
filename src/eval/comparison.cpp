#include "eval/comparison.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "util/error.h"

namespace gensr {

namespace {

std::vector<std::string> slice_order(const PerQueryTable& t) {
  std::vector<std::string> out;
  for (const char* s : {"all", "head", "torso"})
    if (t.count(s)) out.push_back(s);
  for (const auto& [name, rows] : t)
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  return out;
}

void require_same_queries(const std::string& slice, const std::map<std::string, QueryMetrics>& a,
                          const std::map<std::string, QueryMetrics>& b, const std::string& a_name,
                          const std::string& b_name) {
  for (const auto& [q, m] : a)
    if (!b.count(q))
      throw UsageError("the systems were evaluated on different queries: slice " + slice +
                       " query '" + q + "' is in " + a_name + " but not in " + b_name);
  for (const auto& [q, m] : b)
    if (!a.count(q))
      throw UsageError("the systems were evaluated on different queries: slice " + slice +
                       " query '" + q + "' is in " + b_name + " but not in " + a_name);
}

std::string fixed(double x, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << x;
  return s.str();
}

}  // namespace

std::vector<MetricComparison> compare_tables(const PerQueryTable& a, const PerQueryTable& b,
                                             const std::string& a_name, const std::string& b_name) {
  const auto slices = slice_order(a);
  if (slices != slice_order(b))
    throw UsageError("the systems' per-query tables have different slices (" + a_name + ", " +
                     b_name + ")");
  std::vector<MetricComparison> out;
  for (const auto& slice : slices) {
    const auto& ra = a.at(slice);
    const auto& rb = b.at(slice);
    require_same_queries(slice, ra, rb, a_name, b_name);
    for (const auto& [metric, field] :
         {std::pair{"recall", &QueryMetrics::recall}, std::pair{"ndcg", &QueryMetrics::ndcg},
          std::pair{"mrr", &QueryMetrics::mrr}}) {
      std::vector<double> va, vb;
      for (const auto& [q, m] : ra) {
        va.push_back(m.*field);
        vb.push_back(rb.at(q).*field);
      }
      out.push_back({slice, metric, paired_t_test(va, vb)});
    }
  }
  return out;
}

nlohmann::json comparison_json(const std::vector<MetricComparison>& rows, double alpha) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& r : rows)
    out[r.slice][r.metric] = {{"queries", r.test.n},
                              {"a", r.test.mean_a},
                              {"b", r.test.mean_b},
                              {"relative_improvement", r.test.relative_improvement()},
                              {"t", r.test.t},
                              {"df", r.test.df},
                              {"p_value", r.test.p_value},
                              {"significant", r.test.significant(alpha)}};
  return out;
}

std::string comparison_markdown(const std::vector<MetricComparison>& rows,
                                const std::string& a_name, const std::string& b_name,
                                double alpha) {
  std::ostringstream md;
  md << "A = " << a_name << ", B = " << b_name
     << ". Paired two-sided t-test over the same queries; † marks p < " << alpha << ".\n\n"
     << "| slice | metric | queries | A | B | B vs A | p |\n|---|---|---|---|---|---|---|\n";
  for (const auto& r : rows) {
    // No change relative to a zero A can be stated (B 0.5 against A 0 is not "+0.0%").
    const double rel = 100.0 * r.test.relative_improvement();
    const std::string change =
        r.test.mean_a == 0 ? "n/a" : (rel >= 0 ? "+" : "") + fixed(rel, 1) + "%";
    md << "| " << r.slice << " | " << r.metric << " | " << r.test.n << " | "
       << fixed(r.test.mean_a, 4) << " | " << fixed(r.test.mean_b, 4)
       << (r.test.significant(alpha) ? "†" : "") << " | " << change << " | " << std::setprecision(3)
       << r.test.p_value << " |\n";
  }
  return md.str();
}

}  // namespace gensr
