#include <filesystem>
#include <iostream>

#include "apps/data/commands.h"
#include "ids/code_report.h"
#include "ids/codes_file.h"
#include "ids/embeddings_file.h"
#include "ids/parallel.h"
#include "ids/rq_kmeans.h"
#include "util/atomic_file.h"
#include "util/options.h"
#include "util/provenance.h"

namespace gensr::data_cmd {

int semantic_ids(const Args& args) {
  ids::RqOptions opt;
  po::options_description desc("gensr-data ids options");
  desc.add_options()("embeddings", po::value<std::string>()->required(),
                     "item embeddings (gensr-data embed's HDF5 file)")(
      "out", po::value<std::string>()->required(),
      "folder for codes.tsv and report.json / report.md")(
      "levels", po::value<std::int64_t>(&opt.levels)->default_value(3),
      "quantiser levels (each item then has levels + 1 codes)")(
      "codebook-size", po::value<std::int32_t>(&opt.codebook_size)->default_value(256),
      "centroids per level (clamped to the number of items)")(
      "iterations", po::value<int>(&opt.iterations)->default_value(20),
      "k-means iterations per level")("seed", po::value<std::uint64_t>(&opt.seed)->default_value(1),
                                      "seed of the k-means")(
      "threads", po::value<int>()->default_value(0), "OpenMP threads (0: OpenMP's default)");
  po::variables_map vm;
  if (!parse_options(args, desc, "usage: gensr-data ids --embeddings FILE.h5 --out DIR [options]",
                     vm))
    return 0;
  ids::set_parallel_threads(vm["threads"].as<int>());

  const std::string input = vm["embeddings"].as<std::string>();
  const ids::ItemEmbeddings e = ids::read_item_embeddings(input);
  const ids::ResidualQuantisation q = ids::rq_kmeans(e, opt);
  ids::CodeReport report = ids::code_report(q.codes);
  report.residual_mse = q.residual_mse;
  report.notes = q.notes;

  const std::string out = vm["out"].as<std::string>();
  std::filesystem::create_directories(out);
  ids::write_item_codes(out + "/codes.tsv", q.codes);
  const nlohmann::json doc = {
      {"provenance", provenance("gensr-item-codes", 1)},
      {"options", options_to_json(vm)},
      {"embeddings",
       {{"file", input}, {"kind", e.kind}, {"dim", e.dim}, {"seed", e.seed}, {"rank", e.rank}}},
      {"report", ids::to_json(report)}};
  write_file_atomic(out + "/report.json", doc.dump(2) + "\n");
  const std::string md = ids::report_markdown(report);
  write_file_atomic(out + "/report.md", md);
  std::cout << md;
  return 0;
}

}  // namespace gensr::data_cmd
