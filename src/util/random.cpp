#include "util/random.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "util/error.h"

namespace gensr {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t mix_seed(std::initializer_list<std::uint64_t> values) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull;
  for (std::uint64_t v : values) {
    std::uint64_t z = h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    h = z ^ (z >> 31);
  }
  return h;
}

std::uint64_t uniform_below(Rng& g, std::uint64_t n) {
  if (n == 0) throw Error("uniform_below: empty range");
  // Reject the top partial block of the 2^64 range so every residue is equally likely.
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n + 1) % n;
  std::uint64_t x;
  do {
    x = g();
  } while (x > limit);
  return x % n;
}

double uniform_unit(Rng& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

double standard_normal(Rng& g) {
  // 1 - u lies in (0, 1], so the logarithm is finite.
  const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform_unit(g)));
  return radius * std::cos(2.0 * M_PI * uniform_unit(g));
}

std::vector<std::int32_t> choose_distinct(std::int32_t n, std::int32_t k, Rng& g) {
  if (k < 0 || k > n)
    throw Error("choose_distinct: cannot choose " + std::to_string(k) + " of " + std::to_string(n));
  std::vector<std::int32_t> all(static_cast<std::size_t>(n));
  std::iota(all.begin(), all.end(), 0);
  // Partial Fisher-Yates: the first k positions end up a uniform random k-permutation.
  for (std::int32_t i = 0; i < k; ++i) {
    const auto j =
        i + static_cast<std::int32_t>(uniform_below(g, static_cast<std::uint64_t>(n - i)));
    std::swap(all[i], all[j]);
  }
  all.resize(static_cast<std::size_t>(k));
  return all;
}

std::vector<double> cumulative(const std::vector<double>& weights) {
  std::vector<double> cdf(weights.size());
  std::partial_sum(weights.begin(), weights.end(), cdf.begin());
  return cdf;
}

std::size_t draw_from_cdf(const std::vector<double>& cdf, Rng& g) {
  if (cdf.empty() || !(cdf.back() > 0)) throw Error("draw_from_cdf: no positive weight");
  const double u = uniform_unit(g) * cdf.back();
  const auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
  return std::min(static_cast<std::size_t>(it - cdf.begin()), cdf.size() - 1);
}

}  // namespace gensr
