#define BOOST_TEST_MODULE sasrec_program
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/temp_dir.h"

// gensr-train --arch sasrec as users run it: data-parallel under mpirun, into the same run
// directory a T5 gets, then scored by gensr-eval's top-K decoding.

using namespace gensr::test;

namespace {

struct Trained {
  TempDir dir;
  Trained() {
    const std::string data = program("gensr-data");
    const auto r = run_command(data + " simulate --kind sim2 --seed 3 --users 60 --out " +
                               (dir / "sim") + " && " + data + " prepare --data " + (dir / "sim") +
                               " --out " + (dir / "prep") + " 2>&1");
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  }
  std::string train(const std::string& extra, const std::string& tasks = "rec") const {
    return "OPENBLAS_NUM_THREADS=1 " + mpirun(2) + program("gensr-train") + " --data " +
           (dir / "prep") + " --out " + (dir / "run") + " --arch sasrec --tasks " + tasks +
           " --batch-size 32 --epochs 2 --threads 1 --quiet " + extra + " 2>&1";
  }
  std::string eval(const std::string& checkpoint, const std::string& extra) const {
    return program("gensr-eval") + " --checkpoint " + (dir / checkpoint) + " --data " +
           (dir / "prep") + " --threads 1 " + extra + " 2>&1";
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sasrec_program, Trained)

BOOST_AUTO_TEST_CASE(two_ranks_train_resume_and_gensr_eval_scores_the_best_checkpoint) {
  const auto first = run_command(train("--max-steps 3"));
  BOOST_TEST_REQUIRE(first.exit_code == 0, first.output);
  const auto rest = run_command(train(""));
  BOOST_TEST_REQUIRE(rest.exit_code == 0, rest.output);
  BOOST_TEST(rest.output.find("resumed") != std::string::npos, rest.output);
  for (const char* f : {"run/config.json", "run/log.jsonl", "run/latest.h5", "run/best.h5"})
    BOOST_TEST(std::filesystem::exists(dir / f), f);
  const auto config = nlohmann::json::parse(read_text(dir / "run/config.json"));
  BOOST_TEST(config["model"]["model_type"] == "sasrec");
  BOOST_TEST(config["training"]["world_size"] == 2);
  BOOST_TEST(config["training"]["dropout"] == 0.2);

  const auto e = run_command(eval("run", "--task rec --k 10 --out " + (dir / "e")));
  BOOST_TEST_REQUIRE(e.exit_code == 0, e.output);
  const auto summary = nlohmann::json::parse(read_text(dir / "e/summary.json"));
  BOOST_TEST(summary["metrics"]["all"]["queries"].get<int>() == 60);
  const double recall = summary["metrics"]["all"]["recall"];
  BOOST_TEST(recall >= 0.0);
  BOOST_TEST(recall <= 1.0);
  BOOST_TEST(std::filesystem::exists(dir / "e/run.trec"));
}

BOOST_AUTO_TEST_CASE(beam_decoding_search_and_a_t5_import_are_usage_errors) {
  const auto bad_tasks = run_command(train("", "rec,search"));
  BOOST_TEST(bad_tasks.exit_code == 2, bad_tasks.output);
  BOOST_TEST(bad_tasks.output.find("--tasks rec") != std::string::npos, bad_tasks.output);
  const auto bad_model = run_command(train("--model flan-t5-small"));
  BOOST_TEST(bad_model.exit_code == 2, bad_model.output);

  const auto trained = run_command(train("--max-steps 2"));
  BOOST_TEST_REQUIRE(trained.exit_code == 0, trained.output);
  const auto beam =
      run_command(eval("run/latest.h5", "--task rec --k 10 --decoding beam --out " + (dir / "b")));
  BOOST_TEST(beam.exit_code == 2, beam.output);
  BOOST_TEST(beam.output.find("--decoding topk") != std::string::npos, beam.output);
  const auto search =
      run_command(eval("run/latest.h5", "--task search --k 10 --out " + (dir / "s")));
  BOOST_TEST(search.exit_code == 2, search.output);
}

BOOST_AUTO_TEST_SUITE_END()
