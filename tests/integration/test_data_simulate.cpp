// gensr-data simulate and gensr-data stats end to end, as a user runs them.
#define BOOST_TEST_MODULE data_simulate
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "support/run.h"
#include "support/temp_dir.h"

using gensr::test::program;
using gensr::test::read_text;
using gensr::test::run_command;
using gensr::test::TempDir;
namespace tt = boost::test_tools;

namespace {

std::string data(const std::string& args) { return program("gensr-data") + " " + args; }

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kFiles[] = {"items.tsv", "interactions.tsv", "queries.tsv", "qrels.tsv",
                        "dataset.json"};

}  // namespace

BOOST_AUTO_TEST_CASE(simulate_then_stats_reports_the_same_popularity_comparison) {
  TempDir tmp;
  const auto sim =
      run_command(data("simulate --kind sim1 --shuffle-steps 20 --seed 3 --out " + (tmp / "sim1")));
  BOOST_REQUIRE_MESSAGE(sim.exit_code == 0, sim.output);
  const auto st = run_command(data("stats --data " + (tmp / "sim1") + " --out " + (tmp / "st")));
  BOOST_REQUIRE_MESSAGE(st.exit_code == 0, st.output);
  BOOST_TEST(contains(st.output, "| sim1 | 50 | 200 |"));  // the Markdown table on stdout

  const auto info = nlohmann::json::parse(read_text(tmp / "sim1/dataset.json"));
  const auto stats = nlohmann::json::parse(read_text(tmp / "st/stats.json"));
  BOOST_TEST(stats.contains("provenance"));
  const auto& row = stats["datasets"][0];
  const auto& realized = info["realized"]["training_popularity"];
  // the simulator's own count of training instances agrees with the split code's
  BOOST_TEST(row["comparison"]["kl_s_r"].get<double>() == realized["kl_s_r"].get<double>(),
             tt::tolerance(1e-12));
  BOOST_TEST(row["comparison"]["kl_r_s"].get<double>() == realized["kl_r_s"].get<double>(),
             tt::tolerance(1e-12));
  BOOST_TEST(
      row["comparison"]["ks_distance"].get<double>() == realized["ks_distance"].get<double>(),
      tt::tolerance(1e-12));
  BOOST_TEST(row["rec"]["train_instances"].get<int>() ==
             info["counts"]["rec_train_instances"].get<int>());
  BOOST_TEST(row["search"]["train_instances"].get<int>() ==
             info["counts"]["search_train_instances"].get<int>());
  BOOST_TEST(contains(read_text(tmp / "st/stats.md"), "KSdist(S,R)"));
}

BOOST_AUTO_TEST_CASE(dataset_json_records_asked_and_realized_values) {
  TempDir tmp;
  const auto r =
      run_command(data("simulate --kind sim2 --query-match 0.5 --users 40 --out " + (tmp / "d")));
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  const auto info = nlohmann::json::parse(read_text(tmp / "d/dataset.json"));
  BOOST_TEST(info["parameters"]["query_match"].get<double>() == 0.5);
  BOOST_TEST(info["realized"].contains("query_match"));
  BOOST_TEST(info["options"]["query-match"].get<double>() == 0.5);
}

BOOST_AUTO_TEST_CASE(the_same_seed_writes_identical_files) {
  TempDir tmp;
  for (const char* out : {"a", "b"}) {
    const auto r = run_command(
        data("simulate --kind sim3 --pairs-in-qrels 0.5 --seed 9 --out " + (tmp / out)));
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  }
  for (const char* f : kFiles)
    BOOST_TEST(read_text(tmp / (std::string("a/") + f)) == read_text(tmp / (std::string("b/") + f)),
               f);
}

BOOST_AUTO_TEST_CASE(every_simulated_dataset_passes_the_reader) {
  TempDir tmp;
  for (const char* kind : {"sim1", "sim2", "sim3"}) {
    const std::string out = tmp / kind;
    const auto r = run_command(data(std::string("simulate --kind ") + kind + " --out " + out));
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    const auto v = run_command(data("validate --data " + out));
    BOOST_TEST(v.exit_code == 0, kind << ": " << v.output);
  }
}

BOOST_AUTO_TEST_CASE(stats_puts_one_row_per_dataset) {
  TempDir tmp;
  for (const char* kind : {"sim2", "sim3"})
    BOOST_REQUIRE(
        run_command(data(std::string("simulate --kind ") + kind + " --out " + (tmp / kind)))
            .exit_code == 0);
  const auto st = run_command(data("stats --data " + (tmp / "sim2") + " --data " + (tmp / "sim3") +
                                   " --out " + (tmp / "st")));
  BOOST_REQUIRE_MESSAGE(st.exit_code == 0, st.output);
  BOOST_TEST(contains(st.output, "| sim2 | 30 |"));
  BOOST_TEST(contains(st.output, "| sim3 | 50 |"));
  const auto stats = nlohmann::json::parse(read_text(tmp / "st/stats.json"));
  BOOST_TEST(stats["datasets"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_option_of_another_kind_is_a_usage_error) {
  TempDir tmp;
  const auto r = run_command(data("simulate --kind sim1 --query-match 0.5 --out " + (tmp / "x")));
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.output, "--query-match does not apply to --kind sim1"));
}

BOOST_AUTO_TEST_CASE(an_unknown_kind_is_a_usage_error) {
  TempDir tmp;
  const auto r = run_command(data("simulate --kind sim9 --out " + (tmp / "x")));
  BOOST_TEST(r.exit_code == 2);
}
