#include "decode/decoding.h"

#include <cmath>
#include <unordered_set>

#include "decode/decoder.h"
#include "util/error.h"

namespace gensr {

namespace {
constexpr std::int32_t kEos = 1, kPad = 0;
}

Decoding parse_decoding(const std::string& name) {
  if (name == "topk") return Decoding::kTopK;
  if (name == "beam") return Decoding::kBeam;
  if (name == "diverse") return Decoding::kDiverse;
  throw UsageError("--decoding must be topk, beam or diverse, got '" + name + "'");
}

const char* decoding_name(Decoding d) {
  switch (d) {
    case Decoding::kTopK:
      return "topk";
    case Decoding::kBeam:
      return "beam";
    case Decoding::kDiverse:
      return "diverse";
  }
  return "?";
}

void check_decoding(Decoding d, std::int64_t k, std::int64_t num_items) {
  if (k < 1) throw UsageError("--k must be at least 1");
  if (k > num_items)
    throw UsageError("--k " + std::to_string(k) + " is larger than the catalogue (" +
                     std::to_string(num_items) + " items)");
  if (d == Decoding::kDiverse && k % 2 != 0)
    throw UsageError("--decoding diverse needs an even --k (K beams in K/2 groups of 2), got " +
                     std::to_string(k));
}

BeamSearchConfig beam_config(std::int64_t k, const ItemIds& ids) {
  std::size_t longest = 1;
  for (std::int64_t i = 0; i < ids.num_items(); ++i)
    longest = std::max(longest, ids.tokens(static_cast<std::int32_t>(i)).size());
  BeamSearchConfig c;
  c.num_beams = static_cast<int>(k);
  c.num_groups = 1;
  c.length_penalty = 0.0;
  c.max_length = static_cast<int>(longest) + 2;
  c.eos = kEos;
  c.pad = kPad;
  return c;
}

BeamSearchConfig diverse_config(std::int64_t k) {
  BeamSearchConfig c;
  c.num_beams = static_cast<int>(k);
  c.num_groups = static_cast<int>(k / 2);
  c.diversity_penalty = 0.25;
  c.length_penalty = 1.0;
  c.max_length = 20;
  c.eos = kEos;
  c.pad = kPad;
  return c;
}

DecodedItems items_from_hypotheses(const std::vector<Hypothesis>& hypotheses, const ItemIds& ids) {
  DecodedItems out;
  std::unordered_set<std::int32_t> seen;
  for (const auto& h : hypotheses) {
    ++out.hypotheses;
    const std::int32_t item = std::isfinite(h.score) ? ids.item_of(h.tokens) : -1;
    if (item < 0) {
      ++out.not_items;
    } else if (!seen.insert(item).second) {
      ++out.repeats;
    } else {
      out.items.push_back({item, h.score});
    }
  }
  return out;
}

void fill_to_k(DecodedItems& decoded, const std::vector<ScoredItem>& fallback, std::int64_t k) {
  std::unordered_set<std::int32_t> seen;
  for (const auto& s : decoded.items) seen.insert(s.item);
  for (const auto& s : fallback) {
    if (static_cast<std::int64_t>(decoded.items.size()) >= k) break;
    if (!seen.insert(s.item).second) continue;
    decoded.items.push_back(s);
    ++decoded.filled;
  }
}

std::vector<DecodedItems> beam_decode_items(Decoding d, NextTokenScorer& scorer, const ItemIds& ids,
                                            std::int64_t k) {
  const std::shared_ptr<const ItemIds> view(&ids, [](const ItemIds*) {});  // not owned
  if (d == Decoding::kBeam) return BeamDecoder(k, view).decode(scorer, {});
  if (d == Decoding::kDiverse) return DiverseDecoder(k, view).decode(scorer, {});
  throw Error("beam_decode_items: topk is not a beam decoding");
}

}  // namespace gensr
