#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

// Portable randomness for the simulators. std::uniform_int_distribution, std::shuffle and
// friends are implementation-defined, so the same seed could give different datasets with
// another standard library; these helpers only rely on std::mt19937_64, which is specified.
namespace gensr::sim {

using Rng = std::mt19937_64;

// What a random stream is used for. Each simulator draws every concern from its own stream so
// that varying one parameter (e.g. the search side's shuffle steps) leaves the data of the other
// task byte-identical, as the paper holds the target task's data constant.
enum class Stream : std::uint64_t {
  kRec = 1,
  kSearch = 2,
  kText = 3,
  kShuffle = 4,
  kMatch = 5,
  kSampleRec = 6,
  kSampleSearch = 7,
};

// An engine for (seed, stream), decorrelated by splitmix64 mixing.
Rng make_stream(std::uint64_t seed, Stream stream);

// Uniform integer in [0, n) by rejection (no modulo bias); n must be > 0.
std::uint64_t uniform_below(Rng& g, std::uint64_t n);

// Uniform double in [0, 1) with 53 random bits.
double uniform_unit(Rng& g);

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

}  // namespace gensr::sim
