#pragma once

#include <cstdint>
#include <vector>

// The formulas of the paper's Table 3 (DESIGN.md "Statistics (Table 3)"), as pure functions on
// per-item counts and distributions so that they can be checked against values worked by hand.
namespace gensr::stats {

// Gini index of item counts by the sorted-counts formula: with x ascending and i = 1..n,
// G = sum_i (2i - n - 1) x_i / (n sum_i x_i). 0 for no items or all-zero counts; (n-1)/n when
// a single item holds everything.
double gini(const std::vector<std::int64_t>& counts);

// (count + 1) / (sum + n): add-one smoothing so that both popularity distributions are
// positive on every item of the union and the KL divergence is finite.
std::vector<double> add_one_distribution(const std::vector<std::int64_t>& counts);

// KL(p || q) = sum_i p_i ln(p_i / q_i) in nats; terms with p_i = 0 contribute 0. Throws
// gensr::Error when the sizes differ or q_i = 0 where p_i > 0.
double kl_divergence(const std::vector<double>& p, const std::vector<double>& q);

// Kolmogorov distance max_k |CDF_s(k) - CDF_r(k)|, the CDFs accumulated over items ordered by
// recommendation popularity `r` (descending; ties by item index, so the result is unique).
double kolmogorov_distance(const std::vector<double>& s, const std::vector<double>& r);

}  // namespace gensr::stats
