#pragma once

#include <cstdint>

#include "util/random.h"

namespace gensr::sim {

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
inline Rng make_stream(std::uint64_t seed, Stream stream) {
  return Rng(splitmix64(splitmix64(seed) ^ static_cast<std::uint64_t>(stream)));
}

}  // namespace gensr::sim
