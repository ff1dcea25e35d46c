#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "decode/decoding.h"
#include "decode/item_ids.h"
#include "decode/item_trie.h"

namespace gensr {

class NextTokenScorer;

// The queries of one decode batch: what the scorer was made from, plus per query the items a
// decoder that excludes history never returns (rec: the user's items before the target).
struct QueryBatch {
  std::vector<std::vector<std::int32_t>> inputs;  // encoder token ids, EOS included
  std::vector<std::vector<std::int32_t>> history;
};

// A decoding strategy (DESIGN.md "Decoding"), as CTranslate2's decoding.cc has them: one object
// per strategy behind one interface, walking a NextTokenScorer (a T5, or a fake in tests) made
// from the batch's inputs. Returns, per query, its items best first and what was dropped.
class Decoder {
 public:
  virtual ~Decoder() = default;
  virtual const char* name() const = 0;  // "topk" | "beam" | "diverse"
  virtual std::vector<DecodedItems> decode(NextTokenScorer& scorer,
                                           const QueryBatch& batch) const = 0;
};

// `topk`: the exact top-K over the first step's item log-probs (decode/topk.h); with
// exclude_history, never an item of the query's history.
class TopKDecoder final : public Decoder {
 public:
  TopKDecoder(std::int64_t k, std::int64_t item_offset, std::int64_t num_items,
              bool exclude_history = false);
  const char* name() const override { return "topk"; }
  std::vector<DecodedItems> decode(NextTokenScorer& scorer, const QueryBatch& batch) const override;

 private:
  std::int64_t k_, item_offset_, num_items_;
  bool exclude_history_;
};

// `beam`: group beam search with one group, constrained to valid IDs by the item trie
// (beam_config). The trie is built once, not per batch: with semantic IDs it walks every
// item's codes. `trie` (of the same ids) shares one built elsewhere; null: build it.
class BeamDecoder final : public Decoder {
 public:
  BeamDecoder(std::int64_t k, std::shared_ptr<const ItemIds> ids,
              std::shared_ptr<const ItemTrie> trie = nullptr);
  const char* name() const override { return "beam"; }
  std::vector<DecodedItems> decode(NextTokenScorer& scorer, const QueryBatch& batch) const override;

 private:
  std::shared_ptr<const ItemIds> ids_;
  BeamSearchConfig config_;
  std::shared_ptr<const ItemTrie> trie_;
};

// `diverse`: the paper's HF group beam search, K/2 groups (diverse_config). Unconstrained for
// atomic IDs, as the paper (hypotheses that are not items are dropped); for semantic IDs the
// groups search the trie of valid codes, as `beam` does (a free search over code tokens would
// mostly spell codes no item has; `trie` as for BeamDecoder).
class DiverseDecoder final : public Decoder {
 public:
  DiverseDecoder(std::int64_t k, std::shared_ptr<const ItemIds> ids,
                 std::shared_ptr<const ItemTrie> trie = nullptr);
  const char* name() const override { return "diverse"; }
  std::vector<DecodedItems> decode(NextTokenScorer& scorer, const QueryBatch& batch) const override;

 private:
  std::shared_ptr<const ItemIds> ids_;
  BeamSearchConfig config_;
  std::shared_ptr<const ItemTrie> trie_;  // semantic IDs only
};

// Wraps a strategy that may return fewer than K distinct valid items (beam, diverse) and tops
// each short list up to K from `fallback` (fill_to_k), counting what it filled: the exact top-K
// for atomic IDs, a trie-constrained beam of width K for semantic IDs (which returns K distinct
// valid items whenever the catalogue has K).
class FillToK final : public Decoder {
 public:
  FillToK(std::unique_ptr<Decoder> inner, std::int64_t k, std::unique_ptr<Decoder> fallback);
  const char* name() const override { return inner_->name(); }
  std::vector<DecodedItems> decode(NextTokenScorer& scorer, const QueryBatch& batch) const override;

 private:
  std::unique_ptr<Decoder> inner_;
  std::int64_t k_;
  std::unique_ptr<Decoder> fallback_;
};

// What gensr-eval's --decoding, --k, --no-fill and --exclude-history choose.
struct DecoderOptions {
  std::string decoding = "topk";  // topk | beam | diverse
  std::int64_t k = 10;
  bool fill_to_k = true;
  bool exclude_history = false;  // topk only
};

// The one place a strategy's name becomes its object, for items spelled by `ids` (item_ids_of:
// atomic or semantic). UsageError when K does not fit, on --exclude-history with a beam search,
// and on topk with semantic IDs: its one first step decides the item only when one token is
// the item.
std::unique_ptr<Decoder> make_decoder(const DecoderOptions& opt,
                                      std::shared_ptr<const ItemIds> ids);

}  // namespace gensr
