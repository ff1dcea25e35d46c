#pragma once

// A tiny prepared dataset built in memory for trainer and checkpoint tests (gensr_text, which
// makes real ones, must not share a process with LibTorch). 12 items, token ids 10..21 after a
// 10-token "text" vocabulary. Histories follow item i -> i+1 (mod 12), so recommendation is
// learnable; every item has queries made of two word tokens that name it.

#include <string>

#include "data/prepared.h"

namespace gensr::test {

inline PreparedData tiny_prepared(int users = 24, bool search_valid = true) {
  PreparedData p;
  p.item_offset = 10;
  const int items = 12;
  for (int i = 0; i < items; ++i) p.item_ids.push_back("item" + std::to_string(i));
  for (int u = 0; u < users; ++u) {
    const int length = 6;
    for (int j = 0; j < length; ++j) p.seq_items.push_back((u + j) % items);
    p.seq_offsets.push_back(static_cast<std::int64_t>(p.seq_items.size()));
    p.seq_users.push_back("u" + std::to_string(u));
    // 0-based target positions: train 1..3, valid 4, test 5 (the paper's protocol for t=6).
    for (int end = 1; end <= length - 3; ++end) p.rec_train.push_back({u, end});
    p.rec_valid.push_back({u, length - 2});
    p.rec_test.push_back({u, length - 1});
  }
  int query = 0;
  for (int i = 0; i < items; ++i) {
    for (int v = 0; v < 3; ++v) {
      const int a = 3 + i % 7, b = 3 + (i / 7 + v) % 7;
      for (int t : (v == 1 ? std::vector<int>{b, a} : std::vector<int>{a, b}))
        p.query_tokens.push_back(t);
      p.query_tokens.push_back(kEosToken);
      p.query_offsets.push_back(static_cast<std::int64_t>(p.query_tokens.size()));
      p.query_ids.push_back("q" + std::to_string(query));
      if (v < 2)
        p.search_train.push_back({query, i});
      else if (search_valid)
        p.search_valid.push_back({query, i});
      else
        p.search_test.push_back({query, i});
      ++query;
    }
  }
  p.popularity_rec.assign(items, 0);
  p.popularity_search.assign(items, 0);
  p.fingerprint = p.compute_fingerprint();
  return p;
}

}  // namespace gensr::test
