#define BOOST_TEST_MODULE train_program
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "support/run.h"
#include "support/temp_dir.h"

using namespace gensr::test;

namespace {

// A simulated dataset prepared by gensr-data, as users make them.
struct Prepared {
  TempDir dir;
  Prepared() {
    const auto sim = run_command(program("gensr-data") + " simulate --kind sim2 --out " +
                                 (dir / "sim2") + " 2>&1");
    BOOST_TEST_REQUIRE(sim.exit_code == 0, sim.output);
    const auto prep = run_command(program("gensr-data") + " prepare --data " + (dir / "sim2") +
                                  " --out " + (dir / "prep") + " 2>&1");
    BOOST_TEST_REQUIRE(prep.exit_code == 0, prep.output);
  }
  std::string train(const std::string& extra, int threads = 1) const {
    return program("gensr-train") + " --data " + (dir / "prep") + " --out " + (dir / "run") +
           " --threads " + std::to_string(threads) + " --epochs 1 --log-every 5 " + extra + " 2>&1";
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(help_lists_the_options) {
  const auto r = run_command(program("gensr-train") + " --help");
  BOOST_TEST(r.exit_code == 0);
  for (const char* opt : {"--tasks", "--max-per-item", "--checkpoint-every", "--bf16", "--config"})
    BOOST_TEST(r.output.find(opt) != std::string::npos, opt);
}

BOOST_AUTO_TEST_CASE(bad_tasks_are_a_usage_error) {
  Prepared p;
  const auto r = run_command(p.train("--tasks books"));
  BOOST_TEST(r.exit_code == 2, r.output);
  BOOST_TEST(r.output.find("--tasks") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(the_old_eval_batch_size_spelling_still_works_with_one_warning) {
  Prepared p;
  write_text(p.dir / "old.ini", "eval-batch-size = 8\n");  // a config file of an older script
  const auto r = run_command(p.train("--max-steps 1 --quiet --config " + (p.dir / "old.ini")));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  BOOST_TEST(r.output.find("warning: --eval-batch-size is deprecated; it is now "
                           "--valid-queries-per-batch") != std::string::npos,
             r.output);
  const std::string config = read_text(p.dir / "run/config.json");
  BOOST_TEST(config.find("\"valid-queries-per-batch\": 8") != std::string::npos, config);
  BOOST_TEST(config.find("\"valid_queries_per_batch\": 8") != std::string::npos, config);
}

BOOST_AUTO_TEST_CASE(init_from_beside_model_is_a_usage_error) {
  Prepared p;
  const auto r = run_command(p.train("--init-from " + (p.dir / "hf") + " --model flan-t5-small"));
  BOOST_TEST(r.exit_code == 2, r.output);
  BOOST_TEST(r.output.find("--init-from") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(a_stopped_run_resumes_and_leaves_readable_checkpoints) {
  Prepared p;
  const auto first = run_command(p.train("--max-steps 5"));
  BOOST_TEST_REQUIRE(first.exit_code == 0, first.output);
  BOOST_TEST(first.output.find("stopped at --max-steps") != std::string::npos, first.output);
  BOOST_TEST(std::filesystem::exists(p.dir / "run/checkpoints/step-5.h5"));

  const auto second = run_command(p.train(""));
  BOOST_TEST_REQUIRE(second.exit_code == 0, second.output);
  BOOST_TEST(second.output.find("resumed") != std::string::npos, second.output);
  BOOST_TEST(second.output.find("inst/s") != std::string::npos, second.output);
  for (const char* f : {"run/config.json", "run/log.jsonl", "run/latest.h5", "run/best.h5"})
    BOOST_TEST(std::filesystem::exists(p.dir / f), f);

  const auto ls = run_command("h5ls -r " + (p.dir / "run/best.h5"));
  BOOST_TEST_REQUIRE(ls.exit_code == 0, ls.output);
  BOOST_TEST(ls.output.find("/model/shared.weight ") != std::string::npos, ls.output);
  BOOST_TEST(
      ls.output.find("/model/encoder.block.0.layer.0.SelfAttention.q.weight ") != std::string::npos,
      ls.output);
  const std::string log = read_text(p.dir / "run/log.jsonl");
  BOOST_TEST(log.find("\"type\":\"valid\"") != std::string::npos, log);
}

BOOST_AUTO_TEST_CASE(a_resume_with_another_batch_size_is_refused_but_other_threads_resume) {
  Prepared p;
  const auto first = run_command(p.train("--max-steps 2"));
  BOOST_TEST_REQUIRE(first.exit_code == 0, first.output);

  const auto other_batch = run_command(p.train("--max-steps 4 --batch-size 64"));
  BOOST_TEST(other_batch.exit_code == 2, other_batch.output);
  BOOST_TEST(other_batch.output.find("was trained with --batch-size 128; this run asks for "
                                     "--batch-size 64") != std::string::npos,
             other_batch.output);
  BOOST_TEST(other_batch.output.find("--no-resume") != std::string::npos, other_batch.output);

  const auto other_threads = run_command(p.train("--max-steps 4", 2));
  BOOST_TEST(other_threads.exit_code == 0, other_threads.output);
  BOOST_TEST(other_threads.output.find("resumed, step 4/") != std::string::npos,
             other_threads.output);
}
