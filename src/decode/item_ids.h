#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace gensr {

struct PreparedData;

// How items are spelled as decoder tokens (DESIGN.md "The system"). Atomic IDs spell each item
// with one token; semantic IDs would spell it with several. Decoders only see this interface.
class ItemIds {
 public:
  virtual ~ItemIds() = default;
  virtual std::int64_t num_items() const = 0;
  // The tokens of an item's ID, EOS not included.
  virtual std::vector<std::int32_t> tokens(std::int32_t item) const = 0;
  // The item spelled exactly by `tokens`, or -1.
  virtual std::int32_t item_of(const std::vector<std::int32_t>& tokens) const = 0;
};

// One token per item: item i is token offset + i.
class AtomicItemIds : public ItemIds {
 public:
  AtomicItemIds(std::int64_t offset, std::int64_t num_items);
  std::int64_t offset() const { return offset_; }
  std::int64_t num_items() const override { return num_items_; }
  std::vector<std::int32_t> tokens(std::int32_t item) const override;
  std::int32_t item_of(const std::vector<std::int32_t>& tokens) const override;

 private:
  std::int64_t offset_, num_items_;
};

// An explicit token sequence per item (semantic IDs, or a synthetic multi-token map for tests);
// sequences must be distinct and non-empty.
class SequenceItemIds : public ItemIds {
 public:
  explicit SequenceItemIds(std::vector<std::vector<std::int32_t>> sequences);
  std::int64_t num_items() const override { return static_cast<std::int64_t>(sequences_.size()); }
  std::vector<std::int32_t> tokens(std::int32_t item) const override { return sequences_[item]; }
  std::int32_t item_of(const std::vector<std::int32_t>& tokens) const override;

 private:
  std::vector<std::vector<std::int32_t>> sequences_;
  std::map<std::vector<std::int32_t>, std::int32_t> index_;
};

// How prepared data spells its items: AtomicItemIds, or SequenceItemIds of its semantic codes
// (PreparedData::append_item_tokens). The one place evaluation and validation get their map.
std::shared_ptr<const ItemIds> item_ids_of(const PreparedData& data);

}  // namespace gensr
