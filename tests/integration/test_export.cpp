#define BOOST_TEST_MODULE export
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/safetensors_header.h"
#include "support/temp_dir.h"

using gensr::test::program;
using gensr::test::read_text;
using gensr::test::run_command;
using Json = nlohmann::json;
using gensr::test::safetensors_header;
namespace fs = std::filesystem;

namespace {

// One tiny Gen_R+S run on SIM2 and its export, made once for every case below.
struct Exported {
  gensr::test::TempDir dir;
  Exported() {
    const std::string data = program("gensr-data");
    const auto r = run_command(
        data + " simulate --kind sim2 --seed 3 --users 60 --out " + (dir / "sim") + " && " + data +
        " prepare --data " + (dir / "sim") + " --out " + (dir / "prep") + " && " +
        "OPENBLAS_NUM_THREADS=1 " + program("gensr-train") + " --data " + (dir / "prep") +
        " --tasks rec,search --epochs 2 --batch-size 32 --threads 1 --quiet --out " +
        (dir / "run") + " && " + program("gensr-eval") + " export --checkpoint " + (dir / "run") +
        " --data " + (dir / "prep") + " --out " + (dir / "hf"));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
    BOOST_TEST(r.output.find("wrote " + (dir / "hf")) != std::string::npos, r.output);
  }
  std::string eval(const std::string& model, const std::string& extra) const {
    return "OPENBLAS_NUM_THREADS=1 " + program("gensr-eval") + " --checkpoint " + model +
           " --data " + (dir / "prep") + " --threads 1 " + extra;
  }
};

const Exported& exported() {
  static const Exported e;
  return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(export_of_a_run_directory_writes_a_transformers_folder) {
  const Exported& e = exported();
  const Json prepare = Json::parse(read_text(e.dir / "prep/prepare.json"));
  const std::int64_t offset = prepare["item_offset"], items = prepare["items"];

  const Json config = Json::parse(read_text(e.dir / "hf/config.json"));
  BOOST_TEST(config["model_type"] == "t5");
  BOOST_TEST(config["vocab_size"].get<std::int64_t>() == offset + items);
  BOOST_TEST(config["tie_word_embeddings"] == false);
  BOOST_TEST(config["decoder_start_token_id"] == 0);

  const Json header = safetensors_header(e.dir / "hf/model.safetensors");
  BOOST_TEST(header["__metadata__"]["format"] == "pt");
  for (const auto& [name, entry] : header.items())
    if (name != "__metadata__") BOOST_TEST(entry["dtype"] == "F32", name);
  for (const char* name : {"shared.weight", "lm_head.weight"}) {
    BOOST_TEST_REQUIRE(header.contains(name), name);
    BOOST_TEST((header[name]["shape"] == Json::array({offset + items, config["d_model"]})), name);
  }
  BOOST_TEST(
      header.contains("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"));
  BOOST_TEST(header.contains("decoder.block.1.layer.1.EncDecAttention.q.weight"));

  // SIM2 has queries: the tokenizer the data was prepared with, items right after its pieces.
  BOOST_TEST(read_text(e.dir / "hf/spiece.model") == read_text(e.dir / "prep/spiece.model"));
  const Json tokenizer = Json::parse(read_text(e.dir / "hf/tokenizer_config.json"));
  BOOST_TEST(tokenizer["extra_ids"] == 0);
  BOOST_TEST(tokenizer["tokenizer_class"] == "T5Tokenizer");
  const Json g = Json::parse(read_text(e.dir / "hf/gensr.json"));
  BOOST_TEST(g["text_pieces"].get<std::int64_t>() == offset);
  BOOST_TEST(g["checkpoint"] == e.dir / "run/best.h5");

  std::ifstream map(e.dir / "hf/items.tsv");
  std::string line;
  std::getline(map, line);
  BOOST_TEST(line == "token_id\titem_id");
  std::int64_t rows = 0;
  while (std::getline(map, line)) ++rows;
  BOOST_TEST(rows == items);
  BOOST_TEST(fs::is_regular_file(e.dir / "hf/README.md"));
}

BOOST_AUTO_TEST_CASE(evaluating_the_export_gives_the_same_run_files) {
  const Exported& e = exported();
  for (const std::string task : {"rec", "search"}) {
    const std::string k = " --task " + task + " --k 5 --out ";
    const auto a = run_command(e.eval(e.dir / "run/best.h5", k + (e.dir / "ck-" + task)));
    BOOST_TEST_REQUIRE(a.exit_code == 0, a.output);
    const auto b = run_command(e.eval(e.dir / "hf", k + (e.dir / "hf-" + task)));
    BOOST_TEST_REQUIRE(b.exit_code == 0, b.output);
    BOOST_TEST(read_text(e.dir / "ck-" + task + "/run.trec") ==
                   read_text(e.dir / "hf-" + task + "/run.trec"),
               task);
    BOOST_TEST(read_text(e.dir / "ck-" + task + "/per_query.tsv") ==
                   read_text(e.dir / "hf-" + task + "/per_query.tsv"),
               task);
  }
  // Beam search walks the decoder, which topk's first step does not reach past.
  const std::string beam = " --task search --k 4 --decoding beam --out ";
  const auto a = run_command(e.eval(e.dir / "run/best.h5", beam + (e.dir / "ck-beam")));
  BOOST_TEST_REQUIRE(a.exit_code == 0, a.output);
  const auto b = run_command(e.eval(e.dir / "hf", beam + (e.dir / "hf-beam")));
  BOOST_TEST_REQUIRE(b.exit_code == 0, b.output);
  BOOST_TEST(read_text(e.dir / "ck-beam/run.trec") == read_text(e.dir / "hf-beam/run.trec"));
}

// export -> gensr-train --init-from -> evaluate: one step at a learning rate too small to move a
// float32 parameter, so the new run's checkpoint is the imported model.
BOOST_AUTO_TEST_CASE(training_on_from_the_export_starts_from_the_exported_model) {
  const Exported& e = exported();
  const auto t =
      run_command("OPENBLAS_NUM_THREADS=1 " + program("gensr-train") + " --data " +
                  (e.dir / "prep") + " --tasks rec,search --init-from " + (e.dir / "hf") +
                  " --lr 1e-20 --max-steps 1 --batch-size 32 --threads 1 --quiet "
                  "--out " +
                  (e.dir / "again"));
  BOOST_TEST_REQUIRE(t.exit_code == 0, t.output);
  const std::string k = " --task rec --k 5 --out ";
  const auto a = run_command(e.eval(e.dir / "run/best.h5", k + (e.dir / "ck-init")));
  BOOST_TEST_REQUIRE(a.exit_code == 0, a.output);
  const auto b = run_command(e.eval(e.dir / "again/latest.h5", k + (e.dir / "again-init")));
  BOOST_TEST_REQUIRE(b.exit_code == 0, b.output);
  BOOST_TEST(read_text(e.dir / "ck-init/run.trec") == read_text(e.dir / "again-init/run.trec"));
}

BOOST_AUTO_TEST_CASE(a_sasrec_run_is_refused_with_a_usage_error) {
  const Exported& e = exported();
  const auto t = run_command("OPENBLAS_NUM_THREADS=1 " + program("gensr-train") + " --data " +
                             (e.dir / "prep") +
                             " --arch sasrec --tasks rec --epochs 1 --batch-size 32 --threads 1 "
                             "--quiet --out " +
                             (e.dir / "sasrec"));
  BOOST_TEST_REQUIRE(t.exit_code == 0, t.output);
  const auto r = run_command(program("gensr-eval") + " export --checkpoint " + (e.dir / "sasrec") +
                             " --data " + (e.dir / "prep") + " --out " + (e.dir / "sasrec-hf"));
  BOOST_TEST(r.exit_code == 2, r.output);
  BOOST_TEST(r.output.find("SASRec") != std::string::npos, r.output);
  BOOST_TEST(!fs::exists(e.dir / "sasrec-hf"));
}
