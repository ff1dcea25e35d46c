#define BOOST_TEST_MODULE semantic_ids_experiment
#include <boost/test/unit_test.hpp>

#include <string>

#include "support/run.h"
#include "support/temp_dir.h"

// experiments/semantic-ids/run.py at its smoke size (SMOKE=1: a tiny SIM2, atomic and joint IDs,
// one epoch; the numbers mean nothing): the data run builds embeddings, codes and the prepared
// data per ID kind, the models train and evaluate on both, and the report compares them.

using gensr::test::read_text;
using gensr::test::run_command;

namespace {

std::string experiment(const std::string& out) {
  return "SMOKE=1 THREADS=1 GENSR_BIN=" + std::string(GENSR_BIN_DIR) + " OUT=" + out +
         " /usr/bin/python3 " + GENSR_SOURCE_DIR + "/experiments/semantic-ids/run.py 2>&1";
}

}  // namespace

BOOST_AUTO_TEST_CASE(atomic_and_joint_ids_are_trained_evaluated_and_compared) {
  gensr::test::TempDir dir;
  const auto r = run_command(experiment(dir / "out"), 600);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  const std::string md = read_text(dir / "out/semantic_ids.md");
  for (const char* row :
       {"## sim2, rec: Recall@10", "## sim2, search: Recall@10", "| atomic | Gen_R-scratch | 1 |",
        "| joint | Gen_R-scratch | 1 |", "| joint | Gen_R+S-scratch | 1 |",
        "Gen_R+S against Gen_R with the same IDs", "| joint | 30 | 4 of 4 / 4 of 4 |"})
    BOOST_TEST(md.find(row) != std::string::npos, row << " in\n" << md);
  // The semantic-ID models decode by constrained beam: every listed item is valid and distinct.
  const std::string summary =
      read_text(dir / "out/eval/sim2/joint/Gen_R+S-scratch/seed1/search/summary.json");
  BOOST_TEST(summary.find("\"decoding\": \"beam\"") != std::string::npos, summary);
  BOOST_TEST(summary.find("\"dropped_hypotheses_not_items\": 0") != std::string::npos, summary);
  BOOST_TEST(summary.find("\"dropped_repeated_items\": 0") != std::string::npos, summary);
  const auto again = run_command(experiment(dir / "out"), 300);
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.output);
  BOOST_TEST(again.output.find("sweep: 0 run(s) ran") != std::string::npos, again.output);
}
