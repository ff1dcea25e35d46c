#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "baselines/bm25.h"

namespace gensr {

// What `gensr-baseline` runs: one non-neural reference over the evaluation queries that
// `gensr-eval score` scores (PreparedData::eval_queries of the task and split).
struct BaselineOptions {
  std::string kind;  // pop | transitions | bm25
  std::string data;  // prepared folder
  // Raw dataset folder (bm25 only); empty: the `data` recorded in PREPARED/options.json.
  std::string dataset;
  std::string task;  // rec | search
  std::string split = "test";
  std::int64_t k = 10;
  std::string out;            // TREC run file
  std::string popularity;     // rec | search: whose training popularity; empty: the task's own
  bool keep_history = false;  // rec: leave the user's history items in the list
  int window = 3;             // transitions: most recent items that vote
  double decay = 0.5;         // transitions: weight of the i-th most recent item = decay^i
  Bm25Params bm25;
  bool fill = false;  // bm25: top lists up to K by popularity (Terrier returns matches only)
  std::string tag;    // run tag; empty: named by kind and options (Pop_R-nohist, BM25, ...)
};

// Ranks every evaluation query, writes the run file atomically (scores strictly decreasing) and
// returns a JSON account of it (tag, queries, items listed, data fingerprint, the resolved
// dataset, BM25 index statistics, provenance). Bad options or mismatched data: UsageError.
nlohmann::json run_baseline(const BaselineOptions& opt);

// The tag a run gets when none is given.
std::string default_tag(const BaselineOptions& opt);

}  // namespace gensr
