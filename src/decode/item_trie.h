#pragma once

#include <cstdint>
#include <vector>

#include "decode/item_ids.h"

namespace gensr {

// A trie of every item's token sequence followed by EOS: the valid continuations of any
// prefix. With atomic IDs it has one level of item tokens, then EOS.
class ItemTrie {
 public:
  ItemTrie(const ItemIds& ids, std::int32_t eos);
  // Tokens that may follow `prefix` (generated tokens, decoder start not included); empty when
  // the prefix leads to no item or already ended with EOS.
  const std::vector<std::int32_t>& allowed(const std::vector<std::int32_t>& prefix) const;

 private:
  struct Node {
    std::vector<std::int32_t> tokens;  // sorted
    std::vector<std::int32_t> child;   // node index per token (-1 after EOS)
  };
  std::vector<Node> nodes_;
  std::int32_t eos_;
};

}  // namespace gensr
