#define BOOST_TEST_MODULE eval
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/temp_dir.h"

using gensr::test::program;
using gensr::test::read_text;
using gensr::test::run_command;

namespace {

// One tiny Gen_R+S model on SIM2, shared by the cases below.
struct Trained {
  gensr::test::TempDir dir;
  Trained() {
    const std::string data = program("gensr-data");
    const auto r = run_command(
        data + " simulate --kind sim2 --seed 3 --users 60 --out " + (dir / "sim") + " && " + data +
        " prepare --data " + (dir / "sim") + " --out " + (dir / "prep") + " && " + data +
        " simulate --kind sim2 --seed 4 --users 60 --out " + (dir / "other") + " && " + data +
        " prepare --data " + (dir / "other") + " --out " + (dir / "other-prep") + " && " +
        "OPENBLAS_NUM_THREADS=1 " + program("gensr-train") + " --data " + (dir / "prep") +
        " --tasks rec,search --epochs 2 --batch-size 32 --threads 1 --quiet --out " +
        (dir / "run"));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  }
  std::string eval(const std::string& extra) const {
    return program("gensr-eval") + " --checkpoint " + (dir / "run/best.h5") + " --data " +
           (dir / "prep") + " --threads 1 " + extra;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(gensr_eval, Trained)

BOOST_AUTO_TEST_CASE(writes_run_qrels_and_summary_with_head_and_torso) {
  const auto r = run_command(eval("--task search --k 5 --out " + (dir / "e")));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  const auto summary = nlohmann::json::parse(read_text(dir / "e/summary.json"));
  BOOST_TEST(summary["k"] == 5);
  BOOST_TEST(summary["task"] == "search");
  BOOST_TEST(summary["metrics"]["all"]["queries"].get<int>() > 0);
  const double recall = summary["metrics"]["all"]["recall"];
  BOOST_TEST(recall >= 0.0);
  BOOST_TEST(recall <= 1.0);
  BOOST_TEST(summary["metrics"]["head"]["queries"].get<int>() +
                 summary["metrics"]["torso"]["queries"].get<int>() >=
             summary["metrics"]["all"]["queries"].get<int>());
  // Five lines per query in the run file, scores strictly decreasing within a query.
  const std::string run = read_text(dir / "e/run.trec");
  std::istringstream lines(run);
  std::string q, q0, item, tag, previous_q;
  int rank;
  double score, previous = 0;
  int count = 0;
  while (lines >> q >> q0 >> item >> rank >> score >> tag) {
    if (q == previous_q) BOOST_TEST(score < previous);
    previous_q = q;
    previous = score;
    ++count;
  }
  BOOST_TEST(count == 5 * summary["metrics"]["all"]["queries"].get<int>());
  BOOST_TEST(!read_text(dir / "e/qrels.trec").empty());
}

BOOST_AUTO_TEST_CASE(results_are_identical_at_one_and_two_ranks) {
  const auto one = run_command(eval("--task rec --queries-per-batch 16 --out " + (dir / "one")));
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.output);
  const auto two = run_command(gensr::test::mpirun(2) +
                               eval("--task rec --queries-per-batch 16 --out " + (dir / "two")));
  BOOST_TEST_REQUIRE(two.exit_code == 0, two.output);
  BOOST_TEST(read_text(dir / "one/run.trec") == read_text(dir / "two/run.trec"));
  BOOST_TEST(read_text(dir / "one/per_query.tsv") == read_text(dir / "two/per_query.tsv"));
}

BOOST_AUTO_TEST_CASE(the_old_batch_size_spelling_still_works_with_one_warning) {
  const auto old = run_command(eval("--task rec --batch-size 16 --out " + (dir / "old")));
  BOOST_TEST_REQUIRE(old.exit_code == 0, old.output);
  BOOST_TEST(
      old.output.find("warning: --batch-size is deprecated; it is now --queries-per-batch") !=
          std::string::npos,
      old.output);
  const auto options = nlohmann::json::parse(read_text(dir / "old/options.json"));
  BOOST_TEST(options["queries-per-batch"] == 16);
  BOOST_TEST(!options.contains("batch-size"));
  const auto both =
      run_command(eval("--task rec --batch-size 16 --queries-per-batch 8 --out " + (dir / "x")));
  BOOST_TEST(both.exit_code == 2);
  BOOST_TEST(
      both.output.find("--batch-size is the old name of --queries-per-batch") != std::string::npos,
      both.output);
}

BOOST_AUTO_TEST_CASE(a_checkpoint_of_other_data_is_refused) {
  const auto r =
      run_command(program("gensr-eval") + " --checkpoint " + (dir / "run/best.h5") + " --data " +
                  (dir / "other-prep") + " --task rec --out " + (dir / "x"));
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("fingerprint") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(k_larger_than_the_catalogue_and_unknown_tasks_are_usage_errors) {
  const auto big = run_command(eval("--task rec --k 1000 --out " + (dir / "x")));
  BOOST_TEST(big.exit_code == 2);
  BOOST_TEST(big.output.find("larger than the catalogue") != std::string::npos, big.output);
  const auto task = run_command(eval("--task music --out " + (dir / "x")));
  BOOST_TEST(task.exit_code == 2);
  BOOST_TEST(task.output.find("--task must be rec or search") != std::string::npos, task.output);
}

BOOST_AUTO_TEST_CASE(the_device_used_is_recorded_and_a_missing_gpu_is_a_usage_error) {
  const auto r = run_command(eval("--task rec --device cpu --out " + (dir / "cpu")));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  const auto summary = nlohmann::json::parse(read_text(dir / "cpu/summary.json"));
  BOOST_TEST(summary["device"] == "cpu");
  BOOST_TEST(nlohmann::json::parse(read_text(dir / "cpu/options.json"))["device"] == "cpu");
  const auto missing = run_command(eval("--task rec --device cuda:99 --out " + (dir / "x")));
  BOOST_TEST(missing.exit_code == 2, missing.output);
  const auto bad = run_command(eval("--task rec --device tpu --out " + (dir / "x")));
  BOOST_TEST(bad.exit_code == 2, bad.output);
}

BOOST_AUTO_TEST_CASE(diverse_lists_are_topped_up_to_k_distinct_items) {
  const auto r = run_command(eval("--task rec --k 6 --decoding diverse --out " + (dir / "d")));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  const auto summary = nlohmann::json::parse(read_text(dir / "d/summary.json"));
  BOOST_TEST(summary["distinct_items"]["mean_per_query"] == 6.0);
  BOOST_TEST(summary["distinct_items"]["queries_with_fewer_than_k"] == 0);
  const auto raw =
      run_command(eval("--task rec --k 6 --decoding diverse --no-fill --out " + (dir / "raw")));
  BOOST_TEST_REQUIRE(raw.exit_code == 0, raw.output);
  const auto raw_summary = nlohmann::json::parse(read_text(dir / "raw/summary.json"));
  BOOST_TEST(raw_summary["distinct_items"]["filled_from_topk"] == 0);
  // What the top-up added is exactly what the raw lists lacked.
  const double raw_mean = raw_summary["distinct_items"]["mean_per_query"];
  const double queries = summary["metrics"]["all"]["queries"];
  BOOST_TEST(
      summary["distinct_items"]["filled_from_topk"].get<double>() == (6.0 - raw_mean) * queries,
      boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a_run_directory_evaluates_its_best_checkpoint) {
  const auto by_dir =
      run_command(program("gensr-eval") + " --checkpoint " + (dir / "run") + " --data " +
                  (dir / "prep") + " --threads 1 --task rec --out " + (dir / "by-dir"));
  BOOST_TEST_REQUIRE(by_dir.exit_code == 0, by_dir.output);
  const auto by_file = run_command(eval("--task rec --out " + (dir / "by-file")));
  BOOST_TEST_REQUIRE(by_file.exit_code == 0, by_file.output);
  BOOST_TEST(read_text(dir / "by-dir/run.trec") == read_text(dir / "by-file/run.trec"));
}

BOOST_AUTO_TEST_CASE(all_checkpoints_of_a_run_give_a_learning_curve) {
  const auto r = run_command(program("gensr-eval") + " --checkpoint " + (dir / "run") +
                             " --all-checkpoints --data " + (dir / "prep") +
                             " --threads 1 --task search --out " + (dir / "curve"));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  std::istringstream lines(read_text(dir / "curve/curve.tsv"));
  std::string line;
  std::getline(lines, line);
  BOOST_TEST(line == "step\trecall\tndcg\tmrr");
  std::vector<long> steps;
  while (std::getline(lines, line)) steps.push_back(std::stol(line.substr(0, line.find('\t'))));
  // One checkpoint per epoch (2 epochs), each evaluated into its own folder.
  BOOST_TEST_REQUIRE(steps.size() == 2u);
  BOOST_TEST(steps[0] < steps[1]);
  for (long s : steps)
    BOOST_TEST(!read_text(dir / ("curve/step-" + std::to_string(s) + "/run.trec")).empty());
}

BOOST_AUTO_TEST_SUITE_END()
