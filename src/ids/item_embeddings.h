#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/splits.h"

namespace gensr::ids {

// Which training signal an item's embedding comes from (docs/semantic-ids.md).
enum class EmbeddingKind { kCollaborative, kTextual, kJoint };
EmbeddingKind parse_embedding_kind(const std::string& name);  // collab | text | joint
const char* embedding_kind_name(EmbeddingKind kind);

struct EmbeddingOptions {
  EmbeddingKind kind = EmbeddingKind::kJoint;
  std::int64_t dim = 64;
  std::uint64_t seed = 1;
  int window = 5;  // co-occurrence window (collab, joint)
  std::int64_t oversample = 10;
  int power_iterations = 2;
  // Told what each stage made when it ends (the matrix's size, the SVD), for a progress log.
  std::function<void(const std::string&)> progress;
};

// One row per item: what `gensr-data ids` quantises.
struct ItemEmbeddings {
  std::vector<std::string> item_ids;
  std::int64_t dim = 0;
  std::vector<float> values;  // row-major items x dim
  std::string kind;           // as written by embed; empty for a matrix made elsewhere
  std::uint64_t seed = 0;
  std::int64_t rank = 0;  // columns from the SVD; the rest (when dim > rank) are zero
  std::vector<double> singular_values;
  std::int64_t items_without_signal = 0;  // all-zero rows: no training data on the item

  std::int64_t num_items() const { return static_cast<std::int64_t>(item_ids.size()); }
  const float* row(std::int64_t i) const { return values.data() + i * dim; }
};

// Rows of the truncated SVD of the kind's training matrix, scaled by the singular values
// (U_k S_k: each item's row projected on the top k directions, so distances between rows,
// and k-means on them, approximate those between the full sparse rows). Joint factorises
// [collab | text] with each block's rows at unit length, one SVD over both signals.
ItemEmbeddings embed_items(const Dataset& d, const RecSplits& rec, const SearchSplits& search,
                           const EmbeddingOptions& opt);

}  // namespace gensr::ids
