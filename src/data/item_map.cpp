#include "data/item_map.h"

#include <limits>
#include <unordered_map>

#include "data/tsv.h"
#include "util/atomic_file.h"

namespace gensr {

void write_item_map(const std::string& path, const ItemMap& map) {
  AtomicTextFile file(path);
  file.out() << "token_id\titem_id\n";
  for (std::size_t i = 0; i < map.items.size(); ++i)
    file.out() << map.item_offset + static_cast<std::int64_t>(i) << '\t' << map.items[i] << '\n';
  file.commit();
}

ItemMap read_item_map(const std::string& path) {
  TsvReader r(path, {"token_id", "item_id"});
  ItemMap map;
  std::unordered_map<std::string, long> line_of;
  while (r.next()) {
    const std::int64_t token = r.integer(0, 0, std::numeric_limits<std::int32_t>::max());
    if (map.items.empty())
      map.item_offset = token;
    else if (token != map.item_offset + static_cast<std::int64_t>(map.items.size()))
      r.fail(0, "expected token id " +
                    std::to_string(map.item_offset + static_cast<std::int64_t>(map.items.size())) +
                    ": item tokens are consecutive, in token order");
    std::string id(r.id(1));
    const auto [it, inserted] = line_of.emplace(id, r.line());
    if (!inserted)
      r.fail(1, "duplicate item " + quote_value(id) + " (first on line " +
                    std::to_string(it->second) + ")");
    map.items.push_back(std::move(id));
  }
  return map;
}

}  // namespace gensr
