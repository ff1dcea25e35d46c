#include "stats/popularity.h"

#include <string>

#include "util/error.h"

namespace gensr::stats {

namespace {
void count(std::vector<std::int64_t>& counts, std::int32_t item) {
  if (item < 0 || static_cast<std::size_t>(item) >= counts.size())
    throw Error("popularity: item index " + std::to_string(item) + " outside the " +
                std::to_string(counts.size()) + " items");
  ++counts[static_cast<std::size_t>(item)];
}
}  // namespace

std::vector<std::int64_t> rec_popularity(const RecSplits& rec, std::size_t item_count) {
  std::vector<std::int64_t> counts(item_count, 0);
  for (const RecInstance& in : rec.train)
    count(counts,
          rec.sequences.at(static_cast<std::size_t>(in.seq)).at(static_cast<std::size_t>(in.end)));
  return counts;
}

std::vector<std::int64_t> search_popularity(const SearchSplits& search, std::size_t item_count) {
  std::vector<std::int64_t> counts(item_count, 0);
  for (const SearchInstance& in : search.train) count(counts, in.item);
  return counts;
}

}  // namespace gensr::stats
