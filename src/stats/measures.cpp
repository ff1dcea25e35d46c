#include "stats/measures.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "util/error.h"

namespace gensr::stats {

double gini(const std::vector<std::int64_t>& counts) {
  std::vector<std::int64_t> x = counts;
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double sum = 0, weighted = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double i = static_cast<double>(k + 1);
    sum += static_cast<double>(x[k]);
    weighted += (2 * i - n - 1) * static_cast<double>(x[k]);
  }
  if (x.empty() || sum == 0) return 0.0;
  return weighted / (n * sum);
}

std::vector<double> add_one_distribution(const std::vector<std::int64_t>& counts) {
  const double total =
      static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0})) +
      static_cast<double>(counts.size());
  std::vector<double> p(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i)
    p[i] = (static_cast<double>(counts[i]) + 1.0) / total;
  return p;
}

double kl_divergence(const std::vector<double>& p, const std::vector<double>& q) {
  if (p.size() != q.size())
    throw Error("kl_divergence: distributions over " + std::to_string(p.size()) + " and " +
                std::to_string(q.size()) + " items");
  double kl = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] <= 0) continue;
    if (q[i] <= 0)
      throw Error("kl_divergence: item " + std::to_string(i) +
                  " has probability 0 in the second distribution (smooth it first)");
    kl += p[i] * std::log(p[i] / q[i]);
  }
  return kl;
}

double kolmogorov_distance(const std::vector<double>& s, const std::vector<double>& r) {
  if (s.size() != r.size())
    throw Error("kolmogorov_distance: distributions over " + std::to_string(s.size()) + " and " +
                std::to_string(r.size()) + " items");
  std::vector<std::size_t> order(r.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return r[a] > r[b]; });
  double cs = 0, cr = 0, best = 0;
  for (std::size_t i : order) {
    cs += s[i];
    cr += r[i];
    best = std::max(best, std::abs(cs - cr));
  }
  return best;
}

}  // namespace gensr::stats
