#include "decode/item_trie.h"

#include <algorithm>

namespace gensr {

namespace {
const std::vector<std::int32_t> kNothing;
}

ItemTrie::ItemTrie(const ItemIds& ids, std::int32_t eos) : nodes_(1), eos_(eos) {
  for (std::int64_t item = 0; item < ids.num_items(); ++item) {
    std::vector<std::int32_t> seq = ids.tokens(static_cast<std::int32_t>(item));
    seq.push_back(eos);
    std::size_t node = 0;
    for (std::int32_t t : seq) {
      auto& n = nodes_[node];
      const auto it = std::lower_bound(n.tokens.begin(), n.tokens.end(), t);
      const std::size_t pos = static_cast<std::size_t>(it - n.tokens.begin());
      if (it != n.tokens.end() && *it == t) {
        node = static_cast<std::size_t>(n.child[pos]);
        continue;
      }
      const std::int32_t next = t == eos ? 0 : static_cast<std::int32_t>(nodes_.size());
      n.tokens.insert(n.tokens.begin() + static_cast<long>(pos), t);
      n.child.insert(n.child.begin() + static_cast<long>(pos), t == eos ? -1 : next);
      if (t == eos) break;
      nodes_.emplace_back();
      node = static_cast<std::size_t>(next);
    }
  }
}

const std::vector<std::int32_t>& ItemTrie::allowed(const std::vector<std::int32_t>& prefix) const {
  std::size_t node = 0;
  for (std::int32_t t : prefix) {
    const auto& n = nodes_[node];
    const auto it = std::lower_bound(n.tokens.begin(), n.tokens.end(), t);
    if (it == n.tokens.end() || *it != t) return kNothing;
    const std::int32_t child = n.child[static_cast<std::size_t>(it - n.tokens.begin())];
    if (child < 0) return kNothing;
    node = static_cast<std::size_t>(child);
  }
  return nodes_[node].tokens;
}

}  // namespace gensr
