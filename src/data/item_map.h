#pragma once

// items.tsv of an exported model folder (docs/export.md): which item each item token stands
// for. A header `token_id<TAB>item_id`, then one line per item in token order; the token ids are
// consecutive from the item offset (the first id after the text vocabulary).

#include <cstdint>
#include <string>
#include <vector>

namespace gensr {

struct ItemMap {
  std::int64_t item_offset = 0;    // token id of the first item
  std::vector<std::string> items;  // item ids in token order
};

// Writes `path` atomically.
void write_item_map(const std::string& path, const ItemMap& map);

// Reads and checks `path`: InputError `file:line: column: problem` for a bad header, an item id
// with whitespace, a repeated item or a token id that does not follow the one before it.
ItemMap read_item_map(const std::string& path);

}  // namespace gensr
