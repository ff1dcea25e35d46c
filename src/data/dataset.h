#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace gensr {

// The dataset layout of DESIGN.md, held in memory with users, items and queries interned to
// dense indices so that ML-25M-sized data fits (25M interactions = 16 bytes each).
enum class Split : std::uint8_t { kUnset, kTrain, kValid, kTest };
const char* split_name(Split s);

struct Interaction {
  std::int32_t user;  // index into Dataset::user_ids
  std::int32_t item;  // index into Dataset::item_ids
  std::int64_t timestamp;
};

struct Query {
  std::string id;
  std::string text;
  Split split = Split::kUnset;  // kUnset when queries.tsv has no split column
};

struct Qrel {
  std::int32_t query;  // index into Dataset::queries
  std::int32_t item;
  std::int32_t relevance;  // relevant means >= 1
};

struct Dataset {
  std::vector<std::string> item_ids;     // items.tsv order
  std::vector<std::string> item_titles;  // parallel to item_ids, may be empty strings
  std::unordered_map<std::string, std::int32_t> item_index;
  std::vector<std::string> user_ids;               // first-seen order in interactions.tsv
  std::vector<Interaction> interactions;           // file order
  std::vector<Query> queries;                      // queries.tsv order
  std::vector<Qrel> qrels;                         // qrels.tsv order
  nlohmann::json info = nlohmann::json::object();  // dataset.json

  // Adds an item and returns its index; throws gensr::Error on a duplicate or invalid id.
  std::int32_t add_item(const std::string& id, const std::string& title = "");
  bool has_rec() const { return !interactions.empty(); }
  bool has_search() const { return !queries.empty(); }
};

// Reads and validates a dataset folder. items.tsv is required; interactions.tsv and
// queries.tsv + qrels.tsv are each optional (a dataset may serve one task). Every problem is
// an InputError `file:line: field: problem` (exit 2).
Dataset read_dataset(const std::string& dir);

// Writes the folder (each file atomically), stamping dataset.json with provenance.
// interactions.tsv is written only when there are interactions, queries.tsv + qrels.tsv only
// when there are queries; a stale optional file left from an earlier write is removed.
// read_dataset(write_dataset(d)) gives d back, with info["written_by"] added, provided
// user_ids are in first-seen order of the interactions (as the reader makes them).
void write_dataset(const std::string& dir, const Dataset& d);

}  // namespace gensr
