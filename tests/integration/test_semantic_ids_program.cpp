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
  BOOST_TEST(contains(kind.output, "--kind must be collab, text or joint"), kind.output);
}
