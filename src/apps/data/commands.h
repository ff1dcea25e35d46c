#pragma once

#include <string>
#include <vector>

// One function per `gensr-data <command>`; each parses its own options and calls the library.
namespace gensr::data_cmd {
using Args = std::vector<std::string>;
int validate(const Args& args);
int prepare(const Args& args);
int movielens(const Args& args);
int mpd(const Args& args);
int simulate(const Args& args);
int stats(const Args& args);
// Built where gensr_ids is (GENSR_WITH_IDS): item embeddings and semantic IDs.
int embed(const Args& args);
int semantic_ids(const Args& args);
}  // namespace gensr::data_cmd
