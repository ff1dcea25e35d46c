#include "ids/embeddings_file.h"

#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/h5.h"

namespace gensr::ids {

namespace {

constexpr const char* kValues = "/embeddings";
constexpr const char* kIds = "/items/ids";

void check_ids(const std::string& path, const std::vector<std::string>& ids) {
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string& id = ids[i];
    const std::string where = "item " + std::to_string(i) + " '" + id + "'";
    if (id.empty()) throw InputError(path, 0, kIds, "item " + std::to_string(i) + " is empty");
    if (id.find_first_of(" \t\r\n\v\f") != std::string::npos)
      throw InputError(path, 0, kIds, where + " contains whitespace");
    const auto [it, fresh] = seen.emplace(id, i);
    if (!fresh)
      throw InputError(path, 0, kIds, where + " repeats item " + std::to_string(it->second));
  }
}

}  // namespace

void write_item_embeddings(const std::string& path, const ItemEmbeddings& e,
                           const nlohmann::json& options) {
  const std::string tmp = temp_path_for(path);
  try {
    h5::File f = h5::File::create(tmp);
    f.stamp(kEmbeddingsFormat, kEmbeddingsFormatVersion);
    f.set_attr("/", "kind", e.kind);
    f.set_attr("/", "dim", e.dim);
    f.set_attr("/", "seed", static_cast<std::int64_t>(e.seed));
    f.set_attr("/", "rank", e.rank);
    f.set_attr("/", "items_without_signal", e.items_without_signal);
    f.set_attr("/", "options", options.dump());
    f.write(kValues, e.values.data(),
            {static_cast<std::uint64_t>(e.num_items()), static_cast<std::uint64_t>(e.dim)});
    f.write_strings(kIds, e.item_ids);
    f.write("/singular_values", e.singular_values);
    f.close();
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
  publish(tmp, path);
}

ItemEmbeddings read_item_embeddings(const std::string& path) {
  const h5::File f = h5::File::open_format(path, kEmbeddingsFormat, kEmbeddingsFormatVersion);
  for (const char* name : {kValues, kIds})
    if (!f.exists(name)) throw InputError(path, 0, name, "missing");
  const std::vector<std::uint64_t> dims = f.dims(kValues);
  if (dims.size() != 2 || dims[0] < 1 || dims[1] < 1)
    throw InputError(path, 0, kValues, "must be a non-empty 2-D matrix (items x dim)");

  ItemEmbeddings e;
  e.item_ids = f.read_strings(kIds);
  if (e.item_ids.size() != dims[0])
    throw InputError(path, 0, kIds,
                     std::to_string(e.item_ids.size()) + " ids for " + std::to_string(dims[0]) +
                         " rows of " + kValues);
  check_ids(path, e.item_ids);
  e.dim = static_cast<std::int64_t>(dims[1]);
  e.values = f.read<float>(kValues);
  for (std::size_t i = 0; i < e.values.size(); ++i)
    if (!std::isfinite(e.values[i]))
      throw InputError(path, 0, kValues,
                       "row " + std::to_string(i / dims[1]) + " (item '" + e.item_ids[i / dims[1]] +
                           "') has a non-finite value");
  e.rank = e.dim;
  if (f.has_attr("/", "kind")) e.kind = f.attr_string("/", "kind");
  if (f.has_attr("/", "seed")) e.seed = static_cast<std::uint64_t>(f.attr_int("/", "seed"));
  if (f.has_attr("/", "rank")) e.rank = f.attr_int("/", "rank");
  if (f.has_attr("/", "items_without_signal"))
    e.items_without_signal = f.attr_int("/", "items_without_signal");
  if (f.exists("/singular_values")) e.singular_values = f.read<double>("/singular_values");
  return e;
}

}  // namespace gensr::ids
