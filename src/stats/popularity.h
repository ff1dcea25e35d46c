#pragma once

#include <cstdint>
#include <vector>

#include "data/splits.h"

namespace gensr::stats {

// Popularity of an item in a task = its number of training instances there (DESIGN.md), indexed
// by item index; items with no training instance count 0.
std::vector<std::int64_t> rec_popularity(const RecSplits& rec, std::size_t item_count);
std::vector<std::int64_t> search_popularity(const SearchSplits& search, std::size_t item_count);

}  // namespace gensr::stats
