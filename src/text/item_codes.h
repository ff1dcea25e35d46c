#pragma once

#include <string>

#include "data/prepared.h"
#include "ids/item_codes.h"

namespace gensr {

// Gives every item of `p` (item_ids set) its semantic ID from `codes`, read from `path`
// (`gensr-data ids`' codes.tsv): fills p.item_codes in p's item order and p.code_sizes, each
// level's vocabulary as the file gives it (largest code + 1), so the same file gives the same
// tokens whichever items a prepare keeps. Lines of items the data does not hold are ignored;
// an item without a line is an InputError naming the file and the first such item.
void attach_item_codes(PreparedData& p, const ids::ItemCodes& codes, const std::string& path);

}  // namespace gensr
