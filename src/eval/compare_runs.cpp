#include "eval/compare_runs.h"

#include <filesystem>
#include <fstream>

#include "eval/comparison.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

namespace {

struct Evaluation {
  std::string table;                                  // per_query.tsv
  nlohmann::json summary = nlohmann::json::object();  // empty when not beside the table
};

Evaluation locate(const std::string& path) {
  namespace fs = std::filesystem;
  Evaluation e;
  e.table = fs::is_directory(path) ? path + "/per_query.tsv" : path;
  if (!fs::exists(e.table)) throw UsageError(e.table + ": no such per-query table");
  const fs::path summary = fs::path(e.table).parent_path() / "summary.json";
  if (fs::exists(summary)) {
    std::ifstream in(summary);
    try {
      e.summary = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& ex) {
      throw InputError(summary.string(), 0, "json", ex.what());
    }
  }
  return e;
}

}  // namespace

CompareResult compare_evaluations(const CompareOptions& opt) {
  const Evaluation a = locate(opt.a), b = locate(opt.b);
  for (const char* key : {"data_fingerprint", "task", "split", "k"})
    if (a.summary.contains(key) && b.summary.contains(key) && a.summary[key] != b.summary[key])
      throw UsageError("the evaluations differ in " + std::string(key) + " (" +
                       a.summary[key].dump() + " in " + opt.a + ", " + b.summary[key].dump() +
                       " in " + opt.b + "); compare evaluations of the same queries");
  const auto rows =
      compare_tables(read_per_query_tsv(a.table), read_per_query_tsv(b.table), opt.a, opt.b);
  nlohmann::json out = provenance("gensr-eval-compare", 1);
  out["a"] = opt.a;
  out["b"] = opt.b;
  out["alpha"] = opt.alpha;
  for (const char* key : {"task", "split", "k"})
    if (a.summary.contains(key)) out[key] = a.summary[key];
  out["metrics"] = comparison_json(rows, opt.alpha);
  std::filesystem::create_directories(opt.out);
  write_file_atomic(opt.out + "/compare.json", out.dump(2) + "\n");
  std::string md = comparison_markdown(rows, opt.a, opt.b, opt.alpha);
  write_file_atomic(opt.out + "/compare.md", md);
  return {std::move(out), std::move(md)};
}

}  // namespace gensr
