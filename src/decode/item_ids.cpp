#include "decode/item_ids.h"

#include "data/prepared.h"
#include "util/error.h"

namespace gensr {

AtomicItemIds::AtomicItemIds(std::int64_t offset, std::int64_t num_items)
    : offset_(offset), num_items_(num_items) {}

std::vector<std::int32_t> AtomicItemIds::tokens(std::int32_t item) const {
  return {static_cast<std::int32_t>(offset_ + item)};
}

std::int32_t AtomicItemIds::item_of(const std::vector<std::int32_t>& tokens) const {
  if (tokens.size() != 1 || tokens[0] < offset_ || tokens[0] >= offset_ + num_items_) return -1;
  return static_cast<std::int32_t>(tokens[0] - offset_);
}

SequenceItemIds::SequenceItemIds(std::vector<std::vector<std::int32_t>> sequences)
    : sequences_(std::move(sequences)) {
  for (std::size_t i = 0; i < sequences_.size(); ++i) {
    if (sequences_[i].empty()) throw Error("item " + std::to_string(i) + " has an empty ID");
    if (!index_.emplace(sequences_[i], static_cast<std::int32_t>(i)).second)
      throw Error("item " + std::to_string(i) + " has the same ID as another item");
  }
}

std::int32_t SequenceItemIds::item_of(const std::vector<std::int32_t>& tokens) const {
  const auto it = index_.find(tokens);
  return it == index_.end() ? -1 : it->second;
}

std::shared_ptr<const ItemIds> item_ids_of(const PreparedData& data) {
  if (!data.semantic_ids())
    return std::make_shared<AtomicItemIds>(data.item_offset, data.num_items());
  std::vector<std::vector<std::int32_t>> sequences(static_cast<std::size_t>(data.num_items()));
  for (std::size_t i = 0; i < sequences.size(); ++i)
    data.append_item_tokens(static_cast<std::int32_t>(i), sequences[i]);
  return std::make_shared<SequenceItemIds>(std::move(sequences));
}

}  // namespace gensr
