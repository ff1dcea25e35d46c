#pragma once

#include "decode/item_trie.h"
#include "decode/logits_processor.h"

namespace gensr {

// Constrains decoding to valid item IDs: tokens the trie does not allow after a row's prefix
// get -inf (after the log-softmax, as HF's prefix-constrained beam search). A token that is the
// only valid continuation (EOS after a complete ID) gets log-prob 0: it is not a choice, and so
// constrained beam search over atomic IDs ranks items exactly by their first-step log-prob, the
// `topk` answer (DESIGN.md "Decoding").
class TrieConstraint : public LogitsProcessor {
 public:
  explicit TrieConstraint(const ItemTrie& trie) : trie_(trie) {}
  void process(const std::vector<const std::vector<std::int32_t>*>& prefixes,
               at::Tensor& logp) const override;

 private:
  const ItemTrie& trie_;
};

}  // namespace gensr
