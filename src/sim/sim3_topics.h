#pragma once

#include <array>
#include <string>

// SIM3's query texts. The paper took ten TREC DL'22 topics and had GPT-4 paraphrase each five
// times; neither is available here, so these ten topics and their paraphrases were written by
// hand for gensr (datasets/simulated.md says so). Paraphrase 0..3 are training queries, 4 the
// test query.
namespace gensr::sim {

constexpr int kSim3Topics = 10;
constexpr int kSim3Paraphrases = 5;
const std::array<std::array<const char*, kSim3Paraphrases>, kSim3Topics>& sim3_topics();

}  // namespace gensr::sim
