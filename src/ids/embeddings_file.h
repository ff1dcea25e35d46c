#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "ids/item_embeddings.h"

// The item embeddings file (docs/semantic-ids.md): HDF5 stamped `gensr-item-embeddings`,
// float32 `/embeddings` [items x dim], the item ids in `/items/ids` (as in prepared.h5),
// `/singular_values`, and root attributes kind, dim, seed, rank, items_without_signal and the
// command's resolved options (JSON).
namespace gensr::ids {

constexpr const char* kEmbeddingsFormat = "gensr-item-embeddings";
constexpr std::int64_t kEmbeddingsFormatVersion = 1;

// Written to a temporary name and renamed, so a reader never sees half a file.
void write_item_embeddings(const std::string& path, const ItemEmbeddings& e,
                           const nlohmann::json& options);

// Reads and checks a file: the format, a 2-D /embeddings with one row per id, ids that are
// unique and free of whitespace, finite values. Problems are InputErrors naming the file and
// the dataset (exit 2). Attributes other than format and format_version are optional, so a
// matrix made elsewhere (h5py) can be quantised too.
ItemEmbeddings read_item_embeddings(const std::string& path);

}  // namespace gensr::ids
