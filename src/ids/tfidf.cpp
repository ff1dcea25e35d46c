#include "ids/tfidf.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "baselines/text_analysis.h"

namespace gensr::ids {

SparseMatrix term_counts(const std::vector<std::string>& documents, const TextAnalyser& analyser) {
  std::unordered_map<std::string, std::int32_t> term_ids;
  SparseMatrix m;
  m.rows = static_cast<std::int64_t>(documents.size());
  m.offsets.reserve(documents.size() + 1);
  std::vector<std::int32_t> ids;
  for (const std::string& doc : documents) {
    ids.clear();
    for (std::string& term : analyser.terms(doc))
      ids.push_back(term_ids.emplace(std::move(term), static_cast<std::int32_t>(term_ids.size()))
                        .first->second);
    std::sort(ids.begin(), ids.end());
    for (auto it = ids.begin(); it != ids.end();) {
      const auto next = std::upper_bound(it, ids.end(), *it);
      m.indices.push_back(*it);
      m.values.push_back(static_cast<float>(next - it));
      it = next;
    }
    m.offsets.push_back(static_cast<std::int64_t>(m.values.size()));
  }
  m.cols = static_cast<std::int64_t>(term_ids.size());
  return m;
}

SparseMatrix tfidf(const SparseMatrix& counts, std::int64_t min_df) {
  std::vector<std::int64_t> df(static_cast<std::size_t>(counts.cols), 0);
  for (std::int32_t term : counts.indices) ++df[term];
  const std::int64_t docs = counts.rows - empty_rows(counts);
  std::vector<std::int32_t> column(df.size(), -1);
  std::vector<double> idf(df.size(), 0.0);
  std::int32_t kept = 0;
  for (std::size_t t = 0; t < df.size(); ++t) {
    if (df[t] < min_df || df[t] >= docs) continue;
    column[t] = kept++;
    idf[t] = std::log(static_cast<double>(docs) / static_cast<double>(df[t]));
  }

  SparseMatrix m;
  m.rows = counts.rows;
  m.cols = kept;
  m.offsets.reserve(static_cast<std::size_t>(counts.rows + 1));
  for (std::int64_t r = 0; r < counts.rows; ++r) {
    for (std::int64_t e = counts.offsets[r]; e < counts.offsets[r + 1]; ++e) {
      const std::int32_t t = counts.indices[e];
      if (column[t] < 0) continue;
      m.indices.push_back(column[t]);
      m.values.push_back(static_cast<float>((1.0 + std::log(counts.values[e])) * idf[t]));
    }
    m.offsets.push_back(static_cast<std::int64_t>(m.values.size()));
  }
  return normalise_rows(std::move(m));
}

}  // namespace gensr::ids
