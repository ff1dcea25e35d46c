#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ids/item_codes.h"

namespace gensr::ids {

// How well the codes use their codebooks and how often items collide.
struct CodeReport {
  struct Level {
    std::int32_t size = 0;      // codebook size
    std::int64_t used = 0;      // distinct codes items took
    double perplexity = 0;      // exp(entropy) of the code distribution; = size when uniform
    std::int64_t prefixes = 0;  // distinct code sequences of levels 1..this one
  };
  std::int64_t items = 0;
  std::vector<Level> levels;          // the L quantiser levels
  std::int64_t colliding_items = 0;   // items sharing all L codes with another item
  std::int64_t colliding_groups = 0;  // groups of two or more such items
  std::int64_t largest_group = 0;     // = the size the last level's codebook needs
  std::vector<double> residual_mse;   // from the quantiser, when known
  std::vector<std::string> notes;
};

CodeReport code_report(const ItemCodes& c);

nlohmann::json to_json(const CodeReport& r);
std::string report_markdown(const CodeReport& r);

}  // namespace gensr::ids
