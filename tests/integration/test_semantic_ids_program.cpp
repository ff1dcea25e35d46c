// gensr-data simulate -> embed -> ids end to end, as a user runs them.
#define BOOST_TEST_MODULE semantic_ids_program
#include <boost/test/unit_test.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/run.h"
#include "support/temp_dir.h"

using gensr::test::program;
using gensr::test::read_text;
using gensr::test::run_command;
using gensr::test::TempDir;
using gensr::test::write_text;

namespace {

std::string data(const std::string& args) { return program("gensr-data") + " " + args; }

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// codes.tsv as item id -> codes.
std::map<std::string, std::vector<int>> read_codes(const std::string& path) {
  std::istringstream in(read_text(path));
  std::string line;
  std::getline(in, line);
  BOOST_REQUIRE_EQUAL(line, "item_id\tcodes");
  std::map<std::string, std::vector<int>> codes;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    std::istringstream fields(line.substr(tab + 1));
    std::vector<int> c;
    for (int v; fields >> v;) c.push_back(v);
    codes[line.substr(0, tab)] = c;
  }
  return codes;
}

}  // namespace

BOOST_AUTO_TEST_CASE(joint_ids_of_sim2_recover_its_clusters_in_the_first_level) {
  TempDir tmp;
  const auto sim = run_command(data("simulate --kind sim2 --out " + (tmp / "sim2")));
  BOOST_REQUIRE_MESSAGE(sim.exit_code == 0, sim.output);
  const auto embed = run_command(data("embed --data " + (tmp / "sim2") +
                                      " --kind joint --dim 16 --seed 1 --out " + (tmp / "e.h5")));
  BOOST_REQUIRE_MESSAGE(embed.exit_code == 0, embed.output);
  BOOST_TEST(contains(embed.output, "embedded 30 items (joint, dim 16"));
  // 5 first-level centroids for SIM2's 5 clusters
  const std::string ids = "ids --embeddings " + (tmp / "e.h5") + " --levels 2 --codebook-size 5 ";
  const auto run = run_command(data(ids + "--out " + (tmp / "ids")));
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
  BOOST_TEST(contains(run.output, "| 1 | 5 | 5 |"));

  const auto codes = read_codes(tmp / "ids/codes.tsv");
  BOOST_REQUIRE_EQUAL(codes.size(), 30u);
  std::set<std::vector<int>> distinct;
  for (const auto& [id, c] : codes) distinct.insert(c);
  BOOST_TEST(distinct.size() == 30u);
  const auto info = nlohmann::json::parse(read_text(tmp / "sim2/dataset.json"));
  std::set<int> cluster_codes;
  for (const auto& cluster : info["clusters"]) {
    std::set<int> first;
    for (const auto& item : cluster["items"]) first.insert(codes.at(item.get<std::string>())[0]);
    BOOST_TEST(first.size() == 1u, "a cluster split over first-level codes");
    cluster_codes.insert(*first.begin());
  }
  BOOST_TEST(cluster_codes.size() == 5u);

  const auto report = nlohmann::json::parse(read_text(tmp / "ids/report.json"));
  BOOST_TEST(report.contains("provenance"));
  BOOST_TEST(report["embeddings"]["kind"] == "joint");
  BOOST_TEST(report["report"]["items"] == 30);

  // the same seed gives the same codes, whatever the thread count
  const auto again = run_command(data(ids + "--threads 1 --out " + (tmp / "again")));
  BOOST_REQUIRE_MESSAGE(again.exit_code == 0, again.output);
  BOOST_TEST(read_text(tmp / "again/codes.tsv") == read_text(tmp / "ids/codes.tsv"));
}

BOOST_AUTO_TEST_CASE(bad_input_exits_2_naming_the_file_and_field) {
  TempDir tmp;
  write_text(tmp / "not.h5", "plain text\n");
  const auto ids =
      run_command(data("ids --embeddings " + (tmp / "not.h5") + " --out " + (tmp / "ids")));
  BOOST_TEST(ids.exit_code == 2);
  BOOST_TEST(contains(ids.output, "not.h5:0: file:"), ids.output);
  const auto kind = run_command(
      data("embed --data " + (tmp / "none") + " --kind sasrec --out " + (tmp / "e.h5")));
  BOOST_TEST(kind.exit_code == 2);
  BOOST_TEST(contains(kind.output, "--kind must be collab, text, joint or model"), kind.output);
}

namespace {

// Item ids of a run file, per query, in rank order.
std::map<std::string, std::vector<std::string>> run_items(const std::string& path) {
  std::istringstream lines(read_text(path));
  std::map<std::string, std::vector<std::string>> out;
  std::string q, q0, item, tag;
  int rank;
  double score;
  while (lines >> q >> q0 >> item >> rank >> score >> tag) out[q].push_back(item);
  return out;
}

}  // namespace

// simulate -> embed -> ids -> prepare --item-ids -> gensr-train -> gensr-eval, as a user runs
// them: the checkpoint trained on codes evaluates with beam search, and every ranking holds K
// distinct items of the catalogue.
BOOST_AUTO_TEST_CASE(a_model_trained_on_semantic_ids_evaluates_with_beam_search) {
  TempDir tmp;
  const std::string sim = tmp / "sim", prep = tmp / "prep";
  const auto made = run_command(
      data("simulate --kind sim2 --users 30 --out " + sim) + " && " +
      data("embed --data " + sim + " --kind joint --dim 8 --seed 1 --out " + (tmp / "e.h5")) +
      " && " +
      data("ids --embeddings " + (tmp / "e.h5") + " --codebook-size 4 --levels 2 --out " +
           (tmp / "ids")));
  BOOST_REQUIRE_MESSAGE(made.exit_code == 0, made.output);
  const auto prepared = run_command(
      data("prepare --data " + sim + " --out " + prep + " --item-ids " + (tmp / "ids/codes.tsv")));
  BOOST_REQUIRE_MESSAGE(prepared.exit_code == 0, prepared.output);
  BOOST_TEST(contains(prepared.output, "3 code tokens per item"), prepared.output);

  // 5 steps, then a second run resumes from that checkpoint and ends the epoch (validation)
  const std::string train = "OPENBLAS_NUM_THREADS=1 " + program("gensr-train") + " --data " + prep +
                            " --out " + (tmp / "run") +
                            " --tasks rec,search --epochs 1 --batch-size 32 --threads 1 ";
  const auto first = run_command(train + "--max-steps 5 2>&1");
  BOOST_REQUIRE_MESSAGE(first.exit_code == 0, first.output);
  BOOST_TEST(contains(first.output, "stopped at --max-steps"), first.output);
  const auto resumed = run_command(train + "2>&1");
  BOOST_REQUIRE_MESSAGE(resumed.exit_code == 0, resumed.output);
  BOOST_TEST(contains(resumed.output, "resumed, "), resumed.output);
  BOOST_TEST(contains(resumed.output, "last validation Recall@10"), resumed.output);

  std::set<std::string> catalogue;
  for (const auto& [id, c] : read_codes(tmp / "ids/codes.tsv")) catalogue.insert(id);
  const std::string eval = program("gensr-eval") + " --checkpoint " + (tmp / "run/best.h5") +
                           " --data " + prep + " --threads 1 --split test ";
  const std::vector<std::pair<std::string, std::size_t>> runs_asked = {
      {"--task rec --k 5 --decoding beam", 5},
      {"--task search --k 5 --decoding beam", 5},
      {"--task rec --k 6 --decoding diverse", 6}};
  for (std::size_t i = 0; i < runs_asked.size(); ++i) {
    const auto& [how, k] = runs_asked[i];
    const std::string out = tmp / ("e" + std::to_string(i));
    const auto r = run_command(eval + how + " --out " + out + " 2>&1");
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, how + ": " + r.output);
    const auto runs = run_items(out + "/run.trec");
    BOOST_TEST(!runs.empty(), how);
    for (const auto& [query, items] : runs) {
      BOOST_TEST(items.size() == k, how << " " << query);
      BOOST_TEST(std::set<std::string>(items.begin(), items.end()).size() == items.size(),
                 how << " " << query << ": an item repeats");
      for (const auto& item : items) BOOST_TEST(catalogue.count(item) == 1u, item);
    }
  }
  // the checkpoint read back again decodes the same rankings, on one rank and on two (small
  // batches, so each rank decodes some)
  const auto again = run_command(eval + runs_asked[0].first + " --out " + (tmp / "again"));
  BOOST_REQUIRE_MESSAGE(again.exit_code == 0, again.output);
  BOOST_TEST(read_text(tmp / "again/run.trec") == read_text(tmp / "e0/run.trec"));
  for (const std::string& ranks : {std::string(), gensr::test::mpirun(2)}) {
    const std::string out = tmp / (ranks.empty() ? "one" : "two");
    const auto r = run_command(ranks + eval + runs_asked[0].first +
                               " --queries-per-batch 4 --out " + out + " 2>&1");
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  }
  BOOST_TEST(read_text(tmp / "two/run.trec") == read_text(tmp / "one/run.trec"));
  BOOST_TEST(read_text(tmp / "two/per_query.tsv") == read_text(tmp / "one/per_query.tsv"));

  // topk's one step cannot decide an item spelled by 3 codes
  const auto topk = run_command(eval + "--task rec --k 5 --decoding topk --out " + (tmp / "t"));
  BOOST_TEST(topk.exit_code == 2);
  BOOST_TEST(contains(topk.output, "--decoding beam"), topk.output);

  // items.tsv of an HF export has one token per item: not built for codes
  const auto exported = run_command(program("gensr-eval") + " export --checkpoint " +
                                    (tmp / "run") + " --data " + prep + " --out " + (tmp / "hf"));
  BOOST_TEST(exported.exit_code == 2);
  BOOST_TEST(contains(exported.output, "--item-ids"), exported.output);

  // the same data with atomic IDs is other data to the checkpoint
  const auto atomic = run_command(data("prepare --data " + sim + " --out " + (tmp / "atomic")));
  BOOST_REQUIRE_MESSAGE(atomic.exit_code == 0, atomic.output);
  const auto other =
      run_command(program("gensr-eval") + " --checkpoint " + (tmp / "run/best.h5") + " --data " +
                  (tmp / "atomic") + " --task rec --k 5 --decoding beam --out " + (tmp / "o"));
  BOOST_TEST(other.exit_code != 0);
  BOOST_TEST(contains(other.output, "fingerprint"), other.output);
}

// embed --kind model: the item rows of a trained checkpoint (T5 with atomic IDs, SASRec) are
// embeddings ids quantises, and the codes prepare data; a checkpoint of codes is refused.
BOOST_AUTO_TEST_CASE(the_item_rows_of_a_trained_checkpoint_become_codes) {
  TempDir tmp;
  const std::string sim = tmp / "sim", prep = tmp / "prep";
  const auto made = run_command(data("simulate --kind sim2 --users 30 --out " + sim) + " && " +
                                data("prepare --data " + sim + " --out " + prep));
  BOOST_REQUIRE_MESSAGE(made.exit_code == 0, made.output);
  const std::string train = "OPENBLAS_NUM_THREADS=1 " + program("gensr-train") +
                            " --tasks rec --batch-size 16 --threads 1 --max-steps 2 ";
  for (const std::string arch : {"t5", "sasrec"}) {
    const auto trained = run_command(train + "--arch " + arch + " --data " + prep + " --out " +
                                     (tmp / arch) + " 2>&1");
    BOOST_REQUIRE_MESSAGE(trained.exit_code == 0, trained.output);
    const std::string e = tmp / (arch + ".h5"), ids = tmp / ("ids-" + arch);
    const auto embedded = run_command(
        data("embed --kind model --checkpoint " + (tmp / arch) + "/latest.h5 --out " + e) + " && " +
        data("ids --embeddings " + e + " --levels 2 --codebook-size 4 --out " + ids));
    BOOST_REQUIRE_MESSAGE(embedded.exit_code == 0, arch + ": " + embedded.output);
    BOOST_TEST(contains(embedded.output, "embedded 30 items (model, dim 64)"), embedded.output);
    BOOST_TEST(read_codes(ids + "/codes.tsv").size() == 30u);
    const auto prepared = run_command(data("prepare --data " + sim + " --out " + (tmp / "p") +
                                           arch + " --item-ids " + ids + "/codes.tsv"));
    BOOST_TEST(prepared.exit_code == 0, arch + ": " + prepared.output);
  }
  // a model trained on those codes has code rows, not item rows
  const auto on_codes =
      run_command(train + "--out " + (tmp / "codes") + " --data " + (tmp / "pt5") + " 2>&1");
  BOOST_REQUIRE_MESSAGE(on_codes.exit_code == 0, on_codes.output);
  const auto refused = run_command(data("embed --kind model --checkpoint " + (tmp / "codes") +
                                        "/latest.h5 --out " + (tmp / "x.h5")));
  BOOST_TEST(refused.exit_code == 2);
  BOOST_TEST(contains(refused.output, "shared.weight"), refused.output);
  BOOST_TEST(contains(refused.output, "semantic IDs"), refused.output);
  const auto no_checkpoint = run_command(data("embed --kind model --out " + (tmp / "x.h5")));
  BOOST_TEST(no_checkpoint.exit_code == 2);
  BOOST_TEST(contains(no_checkpoint.output, "--checkpoint"), no_checkpoint.output);
}

BOOST_AUTO_TEST_CASE(prepare_names_the_codes_file_and_the_first_item_without_codes) {
  TempDir tmp;
  const auto sim = run_command(data("simulate --kind sim2 --users 30 --out " + (tmp / "sim")));
  BOOST_REQUIRE_MESSAGE(sim.exit_code == 0, sim.output);
  // codes for every item but the first of items.tsv
  std::istringstream items(read_text(tmp / "sim/items.tsv"));
  std::string line, first;
  std::getline(items, line);
  std::string codes = "item_id\tcodes\n";
  for (int i = 0; std::getline(items, line); ++i) {
    const std::string id = line.substr(0, line.find('\t'));
    if (i == 0)
      first = id;
    else
      codes += id + "\t" + std::to_string(i % 3) + " " + std::to_string(i) + "\n";
  }
  write_text(tmp / "codes.tsv", codes);
  const auto r = run_command(data("prepare --data " + (tmp / "sim") + " --out " + (tmp / "p") +
                                  " --item-ids " + (tmp / "codes.tsv")));
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.output, "codes.tsv"), r.output);
  BOOST_TEST(contains(r.output, "'" + first + "'"), r.output);
}
