#pragma once

#include <string>

#include "ids/item_codes.h"

// The semantic-ID file (docs/semantic-ids.md): TSV with the header `item_id<TAB>codes`, then
// one line per item: its id and its L + 1 codes separated by single spaces. Text, so it can be
// read, diffed and joined to the dataset's items.tsv with the usual tools.
namespace gensr::ids {

// Written to a temporary name and renamed.
void write_item_codes(const std::string& path, const ItemCodes& c);

// Reads and checks a file: every line with the same number (>= 2) of non-negative codes,
// unique item ids and unique code sequences. Codebook sizes are taken as the largest code of
// each level + 1. Problems are InputErrors `file:line: field: problem`.
ItemCodes read_item_codes(const std::string& path);

}  // namespace gensr::ids
