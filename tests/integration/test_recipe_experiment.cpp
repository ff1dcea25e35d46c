#define BOOST_TEST_MODULE recipe_experiment
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "support/run.h"
#include "support/temp_dir.h"

using gensr::test::read_text;
using gensr::test::run_command;

// experiments/recipe/run.sh (experiments/table5 on ml-latest-small's config) at its smoke size
// (SMOKE=1: a small simulated dataset, one epoch per model): every reference and both presets
// run, gensr-eval scores them, and the reports have their table rows, t-tests, Tables 6-8 and a
// PNG that decodes. The numbers themselves mean nothing.
BOOST_AUTO_TEST_CASE(the_recipe_experiment_runs_end_to_end_at_smoke_size) {
  gensr::test::TempDir dir;
  const std::string out = dir / "recipe";
  const std::string env =
      std::string("SMOKE=1 SEEDS='1 2' PAPER_SEEDS=1 THREADS=1 K=10 GENSR_BIN=") + GENSR_BIN_DIR +
      " OUT=" + out + " ";
  const auto r =
      run_command(env + "bash " + GENSR_SOURCE_DIR + "/experiments/recipe/run.sh 2>&1", 1200);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  const std::string table = read_text(out + "/table.md");
  for (const char* row : {"| Pop_R |", "| Pop_R-nohist |", "| Transitions |", "| SASRec | 2 |",
                          "| Gen_R-scratch | 2 |", "| Gen_R+S-scratch | 2 |",
                          "| Gen_S-scratch | 2 |", "| Gen_R-paper | 1 |", "| Pop_S |", "| BM25 |",
                          "| Gen_R-scratch-nohist | 2 |", "| SASRec-nohist | 2 |"})
    BOOST_TEST(table.find(row) != std::string::npos, row << " in\n" << table);
  BOOST_TEST(table.find("Gen_R+S-scratch vs Gen_R-scratch (rec") != std::string::npos, table);
  BOOST_TEST(table.find("Gen_R+S-scratch vs Gen_S-scratch (search") != std::string::npos, table);
  BOOST_TEST(table.find("Gen_R+S-scratch-nohist vs Gen_R-scratch-nohist (rec") != std::string::npos,
             table);
  // The paper's layout (experiments/table5): each joint row has its improvement row below it.
  const std::string table5 = read_text(out + "/table5.md");
  for (const char* row : {"| Gen_R-scratch |", "| Gen_R+S-scratch |", "| Gen_S-scratch |",
                          "| *improv.* |", "| SASRec |", "| BM25 |", "| Transitions |"})
    BOOST_TEST(table5.find(row) != std::string::npos, row << " in\n" << table5);
  const std::string analyses = read_text(out + "/tables6_8.md");
  BOOST_TEST(analyses.find("| Table 6: Δ popularity") != std::string::npos, analyses);
  BOOST_TEST(
      analyses.find("### search: Gen_R+S-scratch vs Gen_S-scratch, seed2") != std::string::npos,
      analyses);
  // Finished steps are skipped: a second run trains nothing and writes the same table.
  const auto again =
      run_command(env + "bash " + GENSR_SOURCE_DIR + "/experiments/recipe/run.sh 2>&1", 600);
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.output);
  BOOST_TEST(again.output.find("sweep: 0 run(s) ran") != std::string::npos, again.output);
  BOOST_TEST(read_text(out + "/table.md") == table);
  const auto png =
      run_command("/usr/bin/python3 -c \"import matplotlib.image as m; a = m.imread('" + out +
                  "/curves.png'); print(a.shape[0] > 100 and a.shape[1] > 100)\"");
  BOOST_TEST(png.exit_code == 0, png.output);
  BOOST_TEST(png.output.find("True") != std::string::npos, png.output);
}
