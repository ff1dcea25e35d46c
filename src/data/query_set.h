#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "data/dataset.h"

namespace gensr {

// Queries a converter collects before it knows which to keep: each distinct (already
// normalised) text with the items relevant to it. Memory is one string per text and one int
// per (text, item) occurrence.
class QuerySet {
 public:
  // Index of `text`, added on first sight.
  std::int32_t intern(const std::string& text);
  void add(std::int32_t query, std::int32_t item) { items_[query].push_back(item); }
  std::size_t size() const { return texts_.size(); }

  struct Kept {
    std::size_t queries = 0, qrels = 0, too_few = 0, too_many = 0;
  };
  // Writes to `d` the queries whose distinct relevant items, after `item_map` (old item index
  // -> new index, or -1 for a dropped item; empty: identity), number within
  // [min_items, max_items] (max_items 0: no limit). Query ids are q1, q2, ... in the order
  // the texts were first seen; qrels have relevance 1, in item order.
  Kept write_to(Dataset& d, std::size_t min_items, std::size_t max_items,
                const std::vector<std::int32_t>& item_map = {});

 private:
  std::unordered_map<std::string, std::int32_t> index_;
  std::vector<std::string> texts_;
  std::vector<std::vector<std::int32_t>> items_;
};

}  // namespace gensr
