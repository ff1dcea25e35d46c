#include "ids/code_report.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

namespace gensr::ids {

namespace {

// Sizes of the runs of equal prefixes in `order` (order_by_prefix at `depth`).
std::vector<std::int64_t> group_sizes(const ItemCodes& c, const std::vector<std::int64_t>& order,
                                      std::int64_t depth) {
  std::vector<std::int64_t> sizes;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k == 0 || !same_prefix(c, order[k - 1], order[k], depth)) sizes.push_back(0);
    ++sizes.back();
  }
  return sizes;
}

}  // namespace

CodeReport code_report(const ItemCodes& c) {
  CodeReport r;
  r.items = c.num_items();
  for (std::int64_t level = 0; level < c.levels; ++level) {
    CodeReport::Level l;
    l.size = c.codebook_sizes[static_cast<std::size_t>(level)];
    std::map<std::int32_t, std::int64_t> counts;
    for (std::int64_t i = 0; i < r.items; ++i) ++counts[c.row(i)[level]];
    l.used = static_cast<std::int64_t>(counts.size());
    double entropy = 0;
    for (const auto& [code, count] : counts) {
      const double p = static_cast<double>(count) / static_cast<double>(r.items);
      entropy -= p * std::log(p);
    }
    l.perplexity = std::exp(entropy);
    l.prefixes =
        static_cast<std::int64_t>(group_sizes(c, order_by_prefix(c, level + 1), level + 1).size());
    r.levels.push_back(l);
  }
  for (const std::int64_t size : group_sizes(c, order_by_prefix(c, c.levels), c.levels)) {
    r.largest_group = std::max(r.largest_group, size);
    if (size < 2) continue;
    ++r.colliding_groups;
    r.colliding_items += size;
  }
  return r;
}

nlohmann::json to_json(const CodeReport& r) {
  nlohmann::json levels = nlohmann::json::array();
  for (const CodeReport::Level& l : r.levels)
    levels.push_back({{"codebook_size", l.size},
                      {"used", l.used},
                      {"perplexity", l.perplexity},
                      {"distinct_prefixes", l.prefixes}});
  return {{"items", r.items},
          {"levels", levels},
          {"colliding_items", r.colliding_items},
          {"colliding_groups", r.colliding_groups},
          {"largest_group", r.largest_group},
          {"last_level_size", r.largest_group},
          {"residual_mse", r.residual_mse},
          {"notes", r.notes}};
}

std::string report_markdown(const CodeReport& r) {
  std::ostringstream md;
  md << "| level | codebook | used | perplexity | distinct prefixes |\n"
     << "|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < r.levels.size(); ++i) {
    const CodeReport::Level& l = r.levels[i];
    md << "| " << i + 1 << " | " << l.size << " | " << l.used << " | " << std::fixed
       << std::setprecision(1) << l.perplexity << " | " << l.prefixes << " |\n";
  }
  md << "\n"
     << r.items << " items; " << r.colliding_items << " share all " << r.levels.size()
     << " codes with another item, in " << r.colliding_groups << " groups; the largest group has "
     << r.largest_group << " items, so the last level (numbering them) needs " << r.largest_group
     << " codes.\n";
  for (const std::string& note : r.notes) md << "note: " << note << "\n";
  return md.str();
}

}  // namespace gensr::ids
