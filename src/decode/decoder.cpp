#include "decode/decoder.h"

#include <algorithm>

#include "decode/group_beam_search.h"
#include "decode/item_trie.h"
#include "decode/topk.h"
#include "decode/trie_constraint.h"
#include "util/error.h"

namespace gensr {

namespace {

std::vector<DecodedItems> items_of(const std::vector<std::vector<Hypothesis>>& hyps,
                                   const ItemIds& ids) {
  std::vector<DecodedItems> out;
  for (const auto& h : hyps) out.push_back(items_from_hypotheses(h, ids));
  return out;
}

// The ids, once K is known to fit them (before the trie is built from them).
std::shared_ptr<const ItemIds> checked(Decoding d, std::int64_t k,
                                       std::shared_ptr<const ItemIds> ids) {
  check_decoding(d, k, ids->num_items());
  return ids;
}

// The trie of valid IDs a constrained search walks, EOS after each complete ID.
std::shared_ptr<const ItemTrie> make_trie(std::int64_t k, const ItemIds& ids) {
  return std::make_shared<const ItemTrie>(ids, beam_config(k, ids).eos);
}

}  // namespace

TopKDecoder::TopKDecoder(std::int64_t k, std::int64_t item_offset, std::int64_t num_items,
                         bool exclude_history)
    : k_(k), item_offset_(item_offset), num_items_(num_items), exclude_history_(exclude_history) {
  check_decoding(Decoding::kTopK, k, num_items);
}

std::vector<DecodedItems> TopKDecoder::decode(NextTokenScorer& scorer,
                                              const QueryBatch& batch) const {
  std::vector<DecodedItems> out;
  for (auto& items : top_k_items(scorer, item_offset_, num_items_, k_,
                                 exclude_history_ ? &batch.history : nullptr))
    out.push_back({std::move(items), k_, 0, 0, 0});
  return out;
}

BeamDecoder::BeamDecoder(std::int64_t k, std::shared_ptr<const ItemIds> ids,
                         std::shared_ptr<const ItemTrie> trie)
    : ids_(checked(Decoding::kBeam, k, std::move(ids))),
      config_(beam_config(k, *ids_)),
      trie_(trie ? std::move(trie) : make_trie(k, *ids_)) {}

std::vector<DecodedItems> BeamDecoder::decode(NextTokenScorer& scorer, const QueryBatch&) const {
  const TrieConstraint constraint(*trie_);
  return items_of(group_beam_search(scorer, config_, &constraint), *ids_);
}

DiverseDecoder::DiverseDecoder(std::int64_t k, std::shared_ptr<const ItemIds> ids,
                               std::shared_ptr<const ItemTrie> trie)
    : ids_(checked(Decoding::kDiverse, k, std::move(ids))), config_(diverse_config(k)) {
  if (dynamic_cast<const AtomicItemIds*>(ids_.get()) != nullptr) return;
  config_.max_length = beam_config(k, *ids_).max_length;
  trie_ = trie ? std::move(trie) : make_trie(k, *ids_);
}

std::vector<DecodedItems> DiverseDecoder::decode(NextTokenScorer& scorer, const QueryBatch&) const {
  if (!trie_) return items_of(group_beam_search(scorer, config_), *ids_);
  const TrieConstraint constraint(*trie_);
  return items_of(group_beam_search(scorer, config_, &constraint), *ids_);
}

FillToK::FillToK(std::unique_ptr<Decoder> inner, std::int64_t k, std::unique_ptr<Decoder> fallback)
    : inner_(std::move(inner)), k_(k), fallback_(std::move(fallback)) {}

std::vector<DecodedItems> FillToK::decode(NextTokenScorer& scorer, const QueryBatch& batch) const {
  std::vector<DecodedItems> out = inner_->decode(scorer, batch);
  const bool short_list = std::any_of(out.begin(), out.end(), [&](const DecodedItems& d) {
    return static_cast<std::int64_t>(d.items.size()) < k_;
  });
  if (!short_list) return out;
  const std::vector<DecodedItems> exact = fallback_->decode(scorer, batch);
  for (std::size_t i = 0; i < out.size(); ++i) fill_to_k(out[i], exact[i].items, k_);
  return out;
}

std::unique_ptr<Decoder> make_decoder(const DecoderOptions& opt,
                                      std::shared_ptr<const ItemIds> ids) {
  const Decoding d = parse_decoding(opt.decoding);
  check_decoding(d, opt.k, ids->num_items());
  if (opt.exclude_history && d != Decoding::kTopK)
    throw UsageError("--exclude-history needs --task rec and --decoding topk");
  const auto* atomic = dynamic_cast<const AtomicItemIds*>(ids.get());
  if (d == Decoding::kTopK && atomic == nullptr)
    throw UsageError(
        "--decoding topk ranks the first step's tokens, which decide the item only for atomic "
        "IDs; this data spells items with semantic IDs: use --decoding beam (or diverse)");
  if (d == Decoding::kTopK)
    return std::make_unique<TopKDecoder>(opt.k, atomic->offset(), ids->num_items(),
                                         opt.exclude_history);
  // Semantic IDs: one trie for the search and its fallback (at 2.26M items it is most of the
  // decoder's memory); atomic beam builds its own, atomic diverse needs none.
  const std::shared_ptr<const ItemTrie> trie = atomic == nullptr ? make_trie(opt.k, *ids) : nullptr;
  std::unique_ptr<Decoder> beams;
  if (d == Decoding::kBeam)
    beams = std::make_unique<BeamDecoder>(opt.k, ids, trie);
  else
    beams = std::make_unique<DiverseDecoder>(opt.k, ids, trie);
  // With semantic IDs the fallback is a constrained beam of width K: for --decoding beam that is
  // the decoder itself, so a short list would only be decoded again to the same list.
  if (!opt.fill_to_k || (atomic == nullptr && d == Decoding::kBeam)) return beams;
  std::unique_ptr<Decoder> fallback;
  if (atomic != nullptr)
    fallback = std::make_unique<TopKDecoder>(opt.k, atomic->offset(), ids->num_items());
  else
    fallback = std::make_unique<BeamDecoder>(opt.k, ids, trie);
  return std::make_unique<FillToK>(std::move(beams), opt.k, std::move(fallback));
}

}  // namespace gensr
