#include "ids/codes_file.h"

#include <algorithm>
#include <unordered_map>

#include "data/tsv.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace gensr::ids {

void write_item_codes(const std::string& path, const ItemCodes& c) {
  AtomicTextFile file(path);
  std::ostream& out = file.out();
  out << "item_id\tcodes\n";
  for (std::int64_t i = 0; i < c.num_items(); ++i) {
    out << c.item_ids[static_cast<std::size_t>(i)] << '\t';
    for (std::int64_t l = 0; l < c.width(); ++l) out << (l ? " " : "") << c.row(i)[l];
    out << '\n';
  }
  file.commit();
}

namespace {

std::vector<std::int32_t> parse_codes(const TsvReader& in) {
  std::vector<std::int32_t> codes;
  const std::string_view field = in.field(1);
  std::size_t pos = 0;
  while (pos <= field.size()) {
    const std::size_t end = std::min(field.find(' ', pos), field.size());
    const std::string_view token = field.substr(pos, end - pos);
    if (token.empty() || token.size() > 9 ||
        !std::all_of(token.begin(), token.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      in.fail(1, "codes must be non-negative integers separated by single spaces, not " +
                     quote_value(field));
    codes.push_back(std::stoi(std::string(token)));
    pos = end + 1;
  }
  return codes;
}

}  // namespace

ItemCodes read_item_codes(const std::string& path) {
  TsvReader in(path, {"item_id", "codes"});
  ItemCodes c;
  std::unordered_map<std::string, long> lines;
  while (in.next()) {
    const std::string id(in.id(0));
    const auto [it, fresh] = lines.emplace(id, in.line());
    if (!fresh) in.fail(0, "item '" + id + "' repeats line " + std::to_string(it->second));
    std::vector<std::int32_t> codes = parse_codes(in);
    if (c.item_ids.empty()) {
      if (codes.size() < 2) in.fail(1, "at least one quantiser code and the numbering code");
      c.levels = static_cast<std::int64_t>(codes.size()) - 1;
      c.codebook_sizes.assign(static_cast<std::size_t>(c.levels), 0);
    }
    if (static_cast<std::int64_t>(codes.size()) != c.width())
      in.fail(1, std::to_string(codes.size()) + " codes; the first line has " +
                     std::to_string(c.width()));
    for (std::int64_t l = 0; l < c.levels; ++l)
      c.codebook_sizes[static_cast<std::size_t>(l)] =
          std::max(c.codebook_sizes[static_cast<std::size_t>(l)], codes[l] + 1);
    c.item_ids.push_back(id);
    c.codes.insert(c.codes.end(), codes.begin(), codes.end());
  }
  if (c.item_ids.empty()) throw InputError(path, 0, "item_id", "no items");
  // Item i is on line i + 2 (after the header).
  const std::vector<std::int64_t> order = order_by_prefix(c, c.width());
  for (std::size_t k = 1; k < order.size(); ++k)
    if (same_prefix(c, order[k - 1], order[k], c.width()))
      throw InputError(path, order[k] + 2, "codes",
                       "the codes of item '" + c.item_ids[static_cast<std::size_t>(order[k - 1])] +
                           "' (line " + std::to_string(order[k - 1] + 2) + ")");
  return c;
}

}  // namespace gensr::ids
