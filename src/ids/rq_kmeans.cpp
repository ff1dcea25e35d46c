#include "ids/rq_kmeans.h"

#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>

#include <algorithm>

#include "util/error.h"
#include "util/random.h"

namespace gensr::ids {

namespace {

double mean_squared_norm(const std::vector<float>& x, std::int64_t n) {
  double sum = 0;
  for (const float v : x) sum += static_cast<double>(v) * v;
  return sum / static_cast<double>(n);
}

}  // namespace

ResidualQuantisation rq_kmeans(const ItemEmbeddings& e, const RqOptions& opt) {
  if (opt.levels < 1) throw UsageError("--levels must be at least 1");
  if (opt.codebook_size < 1) throw UsageError("--codebook-size must be at least 1");
  if (opt.iterations < 1) throw UsageError("--iterations must be at least 1");
  const std::int64_t n = e.num_items(), d = e.dim;
  if (n < 1 || d < 1) throw UsageError("no item embeddings to quantise");

  ResidualQuantisation out;
  ItemCodes& c = out.codes;
  c.item_ids = e.item_ids;
  c.levels = opt.levels;
  c.codes.assign(static_cast<std::size_t>(n * c.width()), 0);
  std::vector<float> residual = e.values;
  out.residual_mse.push_back(mean_squared_norm(residual, n));
  const auto k = static_cast<std::int32_t>(std::min<std::int64_t>(opt.codebook_size, n));
  if (k < opt.codebook_size)
    out.notes.push_back("codebooks clamped to " + std::to_string(k) + " centroids: only " +
                        std::to_string(n) + " items for " + std::to_string(opt.codebook_size));

  std::vector<float> distances(static_cast<std::size_t>(n));
  std::vector<faiss::Index::idx_t> labels(static_cast<std::size_t>(n));
  for (std::int64_t level = 0; level < opt.levels; ++level) {
    faiss::ClusteringParameters cp;
    cp.niter = opt.iterations;
    cp.seed =
        static_cast<int>(mix_seed({opt.seed, static_cast<std::uint64_t>(level)}) & 0x7fffffff);
    // Few points per centroid is the normal case for the deeper levels of a small catalogue;
    // FAISS would warn about it on every level.
    cp.min_points_per_centroid = 1;
    faiss::Clustering clustering(static_cast<int>(d), k, cp);
    faiss::IndexFlatL2 index(d);
    clustering.train(n, residual.data(), index);
    // Training may have seen a sample (max_points_per_centroid); every item gets its nearest.
    index.search(n, residual.data(), 1, distances.data(), labels.data());
    for (std::int64_t i = 0; i < n; ++i) {
      const auto label = static_cast<std::int32_t>(labels[static_cast<std::size_t>(i)]);
      c.codes[static_cast<std::size_t>(i * c.width() + level)] = label;
      const float* centroid = clustering.centroids.data() + static_cast<std::size_t>(label) * d;
      float* r = residual.data() + i * d;
      for (std::int64_t j = 0; j < d; ++j) r[j] -= centroid[j];
    }
    c.codebook_sizes.push_back(k);
    out.residual_mse.push_back(mean_squared_norm(residual, n));
  }
  number_shared_codes(c);
  return out;
}

}  // namespace gensr::ids
