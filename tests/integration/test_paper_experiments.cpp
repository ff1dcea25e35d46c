#define BOOST_TEST_MODULE paper_experiments
#include <boost/test/unit_test.hpp>

#include <string>

#include "support/run.h"
#include "support/temp_dir.h"

// The paper's experiments (experiments/*/run.py) at their smoke size (SMOKE=1: tiny simulated
// data, one epoch per model; the numbers mean nothing) and the sweep runner under them
// (experiments/lib/sweep.py). The experiments share one output folder, as a user's would:
// fig4 and fig1_3 reuse the runs of table5 and table4, so the cases run in this order.
// experiments/table5 itself is checked by test_recipe_experiment.

using gensr::test::read_text;
using gensr::test::run_command;

namespace {

const gensr::test::TempDir& shared_dir() {
  static gensr::test::TempDir dir;
  return dir;
}

std::string experiment(const std::string& name, const std::string& env = "") {
  const std::string out = shared_dir() / name;
  return "SMOKE=1 THREADS=1 GENSR_BIN=" + std::string(GENSR_BIN_DIR) + " OUT=" + out +
         " TABLE5_OUT=" + (shared_dir() / "table5") + " TABLE4_OUT=" + (shared_dir() / "table4") +
         " " + env + " /usr/bin/python3 " + GENSR_SOURCE_DIR + "/experiments/" + name +
         "/run.py 2>&1";
}

void check_png(const std::string& path) {
  const auto png =
      run_command("/usr/bin/python3 -c \"import matplotlib.image as m; a = m.imread('" + path +
                  "'); print(a.shape[0] > 100 and a.shape[1] > 100)\"");
  BOOST_TEST(png.exit_code == 0, png.output);
  BOOST_TEST(png.output.find("True") != std::string::npos, path << ": " << png.output);
}

void check_rows(const std::string& path, std::initializer_list<const char*> rows) {
  const std::string text = read_text(path);
  for (const char* row : rows)
    BOOST_TEST(text.find(row) != std::string::npos, row << " in\n" << text);
}

// A second call finds every run finished and trains nothing.
void check_second_call_skips(const std::string& name) {
  const auto again = run_command(experiment(name), 300);
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.output);
  BOOST_TEST(again.output.find("sweep: 0 run(s) ran") != std::string::npos, again.output);
}

}  // namespace

BOOST_AUTO_TEST_CASE(sim1_plots_recall_against_the_kl_of_each_level) {
  const auto r = run_command(experiment("sim1"), 600);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  check_rows(
      shared_dir() / "sim1/fig2.md",
      {"| 0 | 0.000 |", "| rec | Gen_R |", "| rec | Gen_R+S |", "| search | Gen_S |", "| 50 | 1."});
  check_png(shared_dir() / "sim1/fig2.png");
  check_second_call_skips("sim1");
}

BOOST_AUTO_TEST_CASE(table4_has_a_row_per_sample_and_level_for_both_simulations) {
  const auto r = run_command(experiment("table4"), 600);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  check_rows(shared_dir() / "table4/table4.md",
             {"## SIM2, 30 users", "## SIM3, default users", "| 65 % | Gen_R | - |",
              "| 65 % | Gen_S | - |", "|  | Gen_R+S | 0 % |", "|  | Gen_R+S | 100 % |", "0.897"});
  check_second_call_skips("table4");
}

BOOST_AUTO_TEST_CASE(fig4_caps_the_joint_model_beside_table5s_uncapped_models) {
  const auto r = run_command(experiment("fig4", "K=10"), 600);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  check_rows(shared_dir() / "fig4/fig4.md",
             {"| rec | Gen_R-scratch | all |", "| rec | Gen_R+S-scratch | 5 |",
              "| search | Gen_S-scratch | all |", "| search | Gen_R+S-scratch | 5 |",
              "| search | Gen_R+S-scratch | all |"});
  check_png(shared_dir() / "fig4/fig4.png");
}

BOOST_AUTO_TEST_CASE(fig1_3_projects_the_checkpoints_of_table5_and_table4) {
  // table4 and fig4 trained every checkpoint it needs: it only plots.
  const auto r = run_command(experiment("fig1_3", "K=10"), 600);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  BOOST_TEST(r.output.find("sweep: 0 run(s) ran") != std::string::npos, r.output);
  check_png(shared_dir() / "fig1_3/fig1.png");
  check_png(shared_dir() / "fig1_3/fig3.png");
  const std::string points = read_text(shared_dir() / "fig1_3/points-fig3-Gen_R+S.tsv");
  BOOST_TEST(points.find("item\tx\ty\tvalue\ni") == 0, points);
}

// -- the sweep runner, on plans of shell commands ----------------------------------------------

namespace {

// A plan of `runs` runs whose one step appends its run's name to OUT/log after `seconds`; run 1's
// step fails while OUT/fail exists.
std::string write_plan(const gensr::test::TempDir& d, int runs, double seconds) {
  std::string json = "{\"cwd\": \"" + d.path() + "\", \"runs\": [";
  for (int i = 0; i < runs; ++i) {
    const std::string id = "r" + std::to_string(i);
    json += std::string(i ? "," : "") + "{\"id\": \"" + id + "\", \"dir\": \"" + (d / id) +
            "\", \"seed\": " + std::to_string(i) + ", \"needs\": [], \"steps\": [{\"name\": " +
            "\"work\", \"argv\": [\"sh\", \"-c\", \"sleep " + std::to_string(seconds) +
            (i == 1 ? " && test ! -e fail" : "") + " && echo " + id +
            " >> log\"], \"done\": \"\"}]}";
  }
  gensr::test::write_text(d / "plan.json", json + "]}");
  return "/usr/bin/python3 " + std::string(GENSR_SOURCE_DIR) + "/experiments/lib/sweep.py run " +
         (d / "plan.json");
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_workers_share_a_sweep_and_never_take_the_same_run) {
  gensr::test::TempDir d;
  const std::string worker = write_plan(d, 6, 0.3);
  const auto r = run_command("(" + worker + " & " + worker + " & wait) 2>&1", 60);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  const std::string log = read_text(d / "log");
  for (int i = 0; i < 6; ++i) {
    const std::string id = "r" + std::to_string(i) + "\n";
    BOOST_TEST(log.find(id) != std::string::npos, log);
    BOOST_TEST(log.find(id) == log.rfind(id), id << " ran twice:\n" << log);
  }
  // Both worked (the runs are slow enough for the second to start while the first is busy).
  BOOST_TEST(r.output.find("sweep: 6 run(s) ran") == std::string::npos, r.output);
  const std::string record = read_text(d / "r3/sweep.json");
  BOOST_TEST(record.find("\"wall_seconds\"") != std::string::npos, record);
  BOOST_TEST(record.find("\"seed\": 3") != std::string::npos, record);
}

BOOST_AUTO_TEST_CASE(a_failed_run_stays_unfinished_and_the_next_call_runs_only_it) {
  gensr::test::TempDir d;
  const std::string worker = write_plan(d, 3, 0);
  gensr::test::write_text(d / "fail", "");
  const auto first = run_command(worker + " 2>&1", 60);
  BOOST_TEST(first.exit_code == 1, first.output);
  BOOST_TEST(first.output.find("r1: work FAILED") != std::string::npos, first.output);
  BOOST_TEST(read_text(d / "log") == "r0\nr2\n");
  run_command("rm " + (d / "fail"));
  const auto second = run_command(worker + " 2>&1", 60);
  BOOST_TEST(second.exit_code == 0, second.output);
  BOOST_TEST(second.output.find("sweep: 1 run(s) ran, 2 already finished") != std::string::npos,
             second.output);
  BOOST_TEST(read_text(d / "log") == "r0\nr2\nr1\n");
}
