#include "ids/checkpoint_embeddings.h"

#include <cstdint>
#include <vector>

#include "util/error.h"
#include "util/h5.h"

namespace gensr::ids {

namespace {

// The checkpoint format and version ckpt/checkpoint.h writes (not included: it needs LibTorch).
constexpr const char* kCheckpointFormat = "gensr-checkpoint";
constexpr std::int64_t kCheckpointVersion = 1;
constexpr const char* kT5Embedding = "/model/shared.weight";
constexpr const char* kSasrecEmbedding = "/model/item_embedding.weight";

}  // namespace

ItemEmbeddings checkpoint_item_embeddings(const std::string& path) {
  const h5::File f = h5::File::open_format(path, kCheckpointFormat, kCheckpointVersion);
  if (!f.has_attr("/", "complete"))
    throw InputError(path, 0, "complete", "the checkpoint was not finished by its writer");
  ItemEmbeddings e;
  e.item_ids = f.read_strings("/items");
  const auto items = static_cast<std::uint64_t>(e.item_ids.size());
  if (items == 0) throw InputError(path, 0, "/items", "no items");

  std::string name;
  std::uint64_t first_row = 0;
  if (f.exists(kT5Embedding)) {
    name = kT5Embedding;
    first_row = static_cast<std::uint64_t>(f.attr_int("/config", "item_offset"));
  } else if (f.exists(kSasrecEmbedding)) {
    name = kSasrecEmbedding;
    first_row = 1;
  } else {
    throw InputError(
        path, 0, "/model",
        std::string("has neither ") + kT5Embedding + " (T5) nor " + kSasrecEmbedding + " (SASRec)");
  }
  const std::vector<std::uint64_t> dims = f.dims(name);
  if (dims.size() != 2 || dims[1] < 1)
    throw InputError(path, 0, name, "must be a 2-D matrix (rows x width)");
  // Atomic IDs have exactly one row per item after the offset; semantic IDs have code rows.
  if (dims[0] != first_row + items)
    throw InputError(path, 0, name,
                     std::to_string(dims[0]) + " rows for " + std::to_string(items) +
                         " items after row " + std::to_string(first_row) +
                         ": a model trained on semantic IDs has code rows, not item rows");
  e.dim = static_cast<std::int64_t>(dims[1]);
  const std::vector<float> all = f.read<float>(name);
  e.values.assign(all.begin() + static_cast<std::ptrdiff_t>(first_row * dims[1]), all.end());
  e.kind = "model";
  e.rank = e.dim;
  return e;
}

}  // namespace gensr::ids
