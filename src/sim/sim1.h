#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "sim/stream.h"

// SIM1 (paper section 5, hypothesis H1): popularity is the only learnable signal. Recommendation
// draws every interaction independently from a Zipf popularity (the same for training and test);
// search draws each query's one relevant item from that popularity shuffled step by step, and the
// query texts say nothing about it (random pseudo-words, or one generic text for all).
namespace gensr::sim {

struct Sim1Options {
  std::uint64_t seed = 42;
  std::int32_t items = 50;
  double zipf_exponent = 1.0;
  std::int32_t shuffle_steps = 0;  // random swaps of two items' search probabilities
  std::int32_t users = 200;
  std::int32_t history_length = 10;
  // 0: as many training queries as recommendation training instances, users * (length - 3).
  std::int32_t train_queries = 0;
  bool generic_query_text = false;  // every query "find an item" instead of random words
  std::int32_t query_words = 4;
  double sample = 1.0;
};

// p_i proportional to (i + 1)^-exponent, i = 0..n-1 (item 0 the most popular).
std::vector<double> zipf_distribution(std::int32_t n, double exponent);

// `steps` times: swap the probabilities of two distinct items drawn uniformly.
std::vector<double> swap_shuffled(std::vector<double> p, std::int32_t steps, Rng& g);

Dataset simulate_sim1(const Sim1Options& opt);

}  // namespace gensr::sim
