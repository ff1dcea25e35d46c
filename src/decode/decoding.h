#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "decode/group_beam_search.h"
#include "decode/item_ids.h"
#include "decode/topk.h"

namespace gensr {

// The decoding strategies of DESIGN.md "Decoding".
enum class Decoding { kTopK, kBeam, kDiverse };
Decoding parse_decoding(const std::string& name);  // UsageError on an unknown name
const char* decoding_name(Decoding d);

// UsageError when K does not fit: K < 1, K larger than the catalogue, odd K for diverse.
void check_decoding(Decoding d, std::int64_t k, std::int64_t num_items);

// `beam`: num_beams = K, one group, constrained to valid IDs by the item trie, ranked by the
// sum of log-probs (length_penalty 0: every hypothesis is a complete ID), max_length = longest
// ID + EOS + start. `diverse`: the paper's HF group beam search, num_beams = K, K/2 groups,
// penalty 0.25, length_penalty 1, HF's default max_length 20, unconstrained.
BeamSearchConfig beam_config(std::int64_t k, const ItemIds& ids);
BeamSearchConfig diverse_config(std::int64_t k);

// Items of one query's hypotheses, best first: hypotheses that spell no item (empty, text
// tokens, cut at max_length, -inf score) and repeats of an item are dropped and counted.
struct DecodedItems {
  std::vector<ScoredItem> items;
  std::int64_t hypotheses = 0;
  std::int64_t not_items = 0;
  std::int64_t repeats = 0;
  std::int64_t filled = 0;  // items appended by fill_to_k
};
DecodedItems items_from_hypotheses(const std::vector<Hypothesis>& hypotheses, const ItemIds& ids);

// Appends the best items of `fallback` (the exact top-K, best first) that `decoded` does not hold
// yet until it has k items, so every strategy returns K distinct valid items (DESIGN.md
// "Decoding"); diverse beam search repeats items across groups. Appended items keep their own
// scores: the run-file writer keeps scores strictly decreasing in rank order.
void fill_to_k(DecodedItems& decoded, const std::vector<ScoredItem>& fallback, std::int64_t k);

// `beam` or `diverse` over any scorer (a T5, or a fake in tests): BeamDecoder or DiverseDecoder
// of decode/decoder.h.
std::vector<DecodedItems> beam_decode_items(Decoding d, NextTokenScorer& scorer, const ItemIds& ids,
                                            std::int64_t k);

}  // namespace gensr
