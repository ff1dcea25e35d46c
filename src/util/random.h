#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <utility>
#include <vector>

// gensr's one source of seeded randomness (splits, simulators, the training sampler).
// std::uniform_int_distribution, std::shuffle and friends are implementation-defined, so the
// same seed could give different data with another standard library; these helpers only rely
// on std::mt19937_64, whose output the standard fixes.
namespace gensr {

using Rng = std::mt19937_64;

// The SplitMix64 finaliser: decorrelates nearby seeds.
std::uint64_t splitmix64(std::uint64_t x);

// A 64-bit mix of several values (SplitMix64 over each), for seeds derived from
// (seed, epoch) or (seed, step, rank).
std::uint64_t mix_seed(std::initializer_list<std::uint64_t> values);

// Uniform integer in [0, n) by rejection (no modulo bias); n must be > 0.
std::uint64_t uniform_below(Rng& g, std::uint64_t n);

// Uniform double in [0, 1) with 53 random bits.
double uniform_unit(Rng& g);

// Standard normal draw (Box-Muller over uniform_unit; std::normal_distribution's algorithm is
// left to the library).
double standard_normal(Rng& g);

// Fisher-Yates, drawing with uniform_below.
template <class T>
void shuffle(std::vector<T>& v, Rng& g) {
  for (std::size_t i = v.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(uniform_below(g, i));
    std::swap(v[i - 1], v[j]);
  }
}

// k distinct values of [0, n) in random order (k <= n).
std::vector<std::int32_t> choose_distinct(std::int32_t n, std::int32_t k, Rng& g);

// Index i drawn with probability weights[i] / sum(weights), from the cumulative sums `cdf`
// (non-decreasing, last element > 0).
std::size_t draw_from_cdf(const std::vector<double>& cdf, Rng& g);
std::vector<double> cumulative(const std::vector<double>& weights);

}  // namespace gensr
