#include "ids/item_embeddings.h"

#include "ids/randomized_svd.h"
#include "ids/training_matrices.h"
#include "util/error.h"

namespace gensr::ids {

EmbeddingKind parse_embedding_kind(const std::string& name) {
  if (name == "collab") return EmbeddingKind::kCollaborative;
  if (name == "text") return EmbeddingKind::kTextual;
  if (name == "joint") return EmbeddingKind::kJoint;
  throw UsageError("--kind must be collab, text, joint or model, not '" + name + "'");
}

const char* embedding_kind_name(EmbeddingKind kind) {
  switch (kind) {
    case EmbeddingKind::kCollaborative:
      return "collab";
    case EmbeddingKind::kTextual:
      return "text";
    case EmbeddingKind::kJoint:
      return "joint";
  }
  return "?";
}

namespace {

// A block with no value at all would leave the kind asked for silently missing a signal.
SparseMatrix require_signal(SparseMatrix m, EmbeddingKind kind, const char* what) {
  if (m.nonzeros() == 0)
    throw UsageError(std::string("--kind ") + embedding_kind_name(kind) + " needs " + what +
                     "; the dataset's training split has none");
  return m;
}

SparseMatrix training_matrix(const Dataset& d, const RecSplits& rec, const SearchSplits& search,
                             const EmbeddingOptions& opt) {
  const auto items = static_cast<std::int64_t>(d.item_ids.size());
  auto collab = [&] {
    return require_signal(collaborative_matrix(rec, items, opt.window), opt.kind,
                          "items co-occurring in training histories");
  };
  auto text = [&] {
    return require_signal(textual_matrix(d, search), opt.kind,
                          "item text (titles or training queries) with terms shared by items");
  };
  switch (opt.kind) {
    case EmbeddingKind::kCollaborative:
      return collab();
    case EmbeddingKind::kTextual:
      return text();
    case EmbeddingKind::kJoint:
      break;
  }
  return side_by_side(normalise_rows(collab()), text());
}

}  // namespace

ItemEmbeddings embed_items(const Dataset& d, const RecSplits& rec, const SearchSplits& search,
                           const EmbeddingOptions& opt) {
  if (opt.dim < 1) throw UsageError("--dim must be at least 1");
  const SparseMatrix a = training_matrix(d, rec, search, opt);
  if (opt.progress)
    opt.progress("training matrix " + std::to_string(a.rows) + " x " + std::to_string(a.cols) +
                 ", " + std::to_string(a.nonzeros()) + " non-zeros");
  SvdOptions so;
  so.rank = opt.dim;
  so.oversample = opt.oversample;
  so.power_iterations = opt.power_iterations;
  so.seed = opt.seed;
  const TruncatedSvd svd = randomized_svd(a, so);
  if (opt.progress) opt.progress("randomized SVD, rank " + std::to_string(svd.rank));

  ItemEmbeddings e;
  e.item_ids = d.item_ids;
  e.dim = opt.dim;
  e.kind = embedding_kind_name(opt.kind);
  e.seed = opt.seed;
  e.rank = svd.rank;
  e.singular_values = svd.singular_values;
  e.items_without_signal = empty_rows(a);
  e.values.assign(static_cast<std::size_t>(a.rows * opt.dim), 0.0f);
  for (std::int64_t i = 0; i < a.rows; ++i)
    for (std::int64_t c = 0; c < svd.rank; ++c)
      e.values[static_cast<std::size_t>(i * opt.dim + c)] =
          svd.left[static_cast<std::size_t>(i * svd.rank + c)] *
          static_cast<float>(svd.singular_values[static_cast<std::size_t>(c)]);
  return e;
}

}  // namespace gensr::ids
