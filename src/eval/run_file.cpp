#include "eval/run_file.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "util/atomic_file.h"
#include "util/error.h"

namespace gensr {

void write_run(const std::string& path, const std::vector<RunEntry>& entries,
               const std::string& tag) {
  AtomicTextFile f(path);
  auto& out = f.out();
  out << std::setprecision(17);
  double previous = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const RunEntry& e = entries[i];
    double score = e.score;
    const bool same_query = i > 0 && entries[i - 1].query == e.query;
    if (same_query && !(score < previous)) score = std::nextafter(previous, -INFINITY);
    previous = score;
    out << e.query << " Q0 " << e.item << ' ' << e.rank << ' ' << score << ' ' << tag << '\n';
  }
  f.commit();
}

std::vector<RunEntry> read_run(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "file", "cannot open the run file");
  std::vector<RunEntry> out;
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream fields(line);
    RunEntry e;
    e.line = number;
    std::string q0, tag;
    if (!(fields >> e.query >> q0 >> e.item))
      throw InputError(path, number, "line", "expected `qid Q0 docid rank score tag`");
    if (!(fields >> e.rank)) throw InputError(path, number, "rank", "not an integer");
    if (!(fields >> e.score)) throw InputError(path, number, "score", "not a number");
    if (!(fields >> tag)) throw InputError(path, number, "tag", "missing");
    out.push_back(e);
  }
  return out;
}

void write_qrels(const std::string& path, const std::vector<QrelEntry>& entries) {
  AtomicTextFile f(path);
  for (const auto& e : entries) f.out() << e.query << " 0 " << e.item << ' ' << e.relevance << '\n';
  f.commit();
}

}  // namespace gensr
