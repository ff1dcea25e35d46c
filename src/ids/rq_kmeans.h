#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ids/item_codes.h"
#include "ids/item_embeddings.h"

namespace gensr::ids {

struct RqOptions {
  std::int64_t levels = 3;
  std::int32_t codebook_size = 256;
  int iterations = 20;  // k-means iterations per level (FAISS's default is 25)
  std::uint64_t seed = 1;
};

struct ResidualQuantisation {
  ItemCodes codes;
  // Mean squared norm of the items' residuals: before any level, then after each level.
  std::vector<double> residual_mse;
  std::vector<std::string> notes;  // e.g. a codebook clamped to the number of items
};

// RQ-KMeans: level 1 clusters the embeddings with k-means, each next level clusters what the
// previous levels' centroids left (the residuals), and every item takes its nearest centroid
// (greedy). Each level is a faiss::Clustering with its own seed from `seed` and the level;
// codebooks larger than the number of items are clamped to it (noted). Then the last code
// numbers items that share all L codes. FAISS's ResidualQuantizer is not used: its codebooks
// must be powers of two (no clamping), it trains with progressive-dimension k-means and
// encodes with beam search, which is not the RQ-KMeans the semantic-ID papers describe.
ResidualQuantisation rq_kmeans(const ItemEmbeddings& e, const RqOptions& opt);

}  // namespace gensr::ids
