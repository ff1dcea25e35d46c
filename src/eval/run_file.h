#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gensr {

// One retrieved item of a TREC run file line `qid Q0 docid rank score tag`.
struct RunEntry {
  std::string query;
  std::string item;
  int rank;  // 1-based
  double score;
  long line = 0;  // line in the file it was read from (0 when not read from a file)
};

// Writes a TREC run file atomically. Within a query, entries must come best first; scores are
// written so that they strictly decrease with rank (trec_eval re-sorts by score and breaks
// ties by docno), nudging equal scores down by the smallest step that keeps them apart.
void write_run(const std::string& path, const std::vector<RunEntry>& entries,
               const std::string& tag);

// Reads a TREC run file; a malformed line is an InputError naming the file and line.
std::vector<RunEntry> read_run(const std::string& path);

// Writes TREC qrels lines `qid 0 docid relevance`.
struct QrelEntry {
  std::string query;
  std::string item;
  int relevance;
};
void write_qrels(const std::string& path, const std::vector<QrelEntry>& entries);

}  // namespace gensr
