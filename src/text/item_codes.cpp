#include "text/item_codes.h"

#include <algorithm>
#include <unordered_map>

#include "util/error.h"

namespace gensr {

void attach_item_codes(PreparedData& p, const ids::ItemCodes& codes, const std::string& path) {
  const auto width = static_cast<std::size_t>(codes.width());
  std::unordered_map<std::string, std::int64_t> row_of;
  row_of.reserve(codes.item_ids.size());
  for (std::size_t i = 0; i < codes.item_ids.size(); ++i)
    row_of.emplace(codes.item_ids[i], static_cast<std::int64_t>(i));

  std::int64_t missing = 0;
  std::string first_missing;
  p.item_codes.clear();
  p.item_codes.reserve(p.item_ids.size() * width);
  for (const std::string& id : p.item_ids) {
    const auto it = row_of.find(id);
    if (it == row_of.end()) {
      if (missing++ == 0) first_missing = id;
      continue;
    }
    const std::int32_t* row = codes.row(it->second);
    p.item_codes.insert(p.item_codes.end(), row, row + width);
  }
  if (missing > 0)
    throw InputError(path, 0, "item_id",
                     "no codes for item '" + first_missing + "' (" + std::to_string(missing) +
                         " of the " + std::to_string(p.item_ids.size()) +
                         " prepared items have none; were the codes made from this dataset?)");

  p.code_sizes.assign(codes.codebook_sizes.begin(), codes.codebook_sizes.end());
  std::int32_t last = 0;  // the numbering level: the largest group of items sharing the rest
  for (std::int64_t i = 0; i < codes.num_items(); ++i)
    last = std::max(last, codes.row(i)[width - 1] + 1);
  p.code_sizes.push_back(last);
}

}  // namespace gensr
