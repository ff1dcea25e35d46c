#define BOOST_TEST_MODULE slurm
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "support/run.h"
#include "support/temp_dir.h"

// The project's own cluster/train.sbatch on a real one-node Slurm (notes/slurm-local.md):
// a signalled job checkpoints, exits 85, is requeued and finishes from its checkpoint. Slurm
// must be installed (scripts/setup.sh): without it this test fails rather than skips.

using namespace gensr::test;

namespace {

const std::string kCluster = std::string(GENSR_SOURCE_DIR) + "/cluster";

// Brings Slurm up in a temporary folder and always tears it down, also when a check failed.
struct LocalSlurm {
  TempDir dir;
  std::string env;
  LocalSlurm() {
    env = "SLURM_CONF=" + (dir / "slurm/slurm.conf") + " PATH=$PATH:/usr/sbin ";
    const auto up = run_command(
        "PATH=$PATH:/usr/sbin " + kCluster + "/local_slurm.sh up " + (dir / "slurm"), 120);
    if (up.exit_code != 0) down();
    BOOST_TEST_REQUIRE(up.exit_code == 0, "local Slurm did not come up:\n" << up.output);
  }
  ~LocalSlurm() { down(); }
  void down() { run_command(kCluster + "/local_slurm.sh down " + (dir / "slurm"), 60); }
  CommandResult run(const std::string& command, int timeout_seconds = 60) const {
    return run_command(env + command, timeout_seconds);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_signalled_job_checkpoints_is_requeued_and_finishes_from_the_checkpoint) {
  LocalSlurm slurm;
  const TempDir& d = slurm.dir;
  const auto sim = run_command(program("gensr-data") + " simulate --kind sim2 --out " +
                               (d / "sim2") + " && " + program("gensr-data") + " prepare --data " +
                               (d / "sim2") + " --out " + (d / "prep"));
  BOOST_TEST_REQUIRE(sim.exit_code == 0, sim.output);

  const std::string out = d / "job.out";
  const std::string log = d / "run/log.jsonl";
  const auto submit =
      slurm.run("GENSR_TRAIN=" + program("gensr-train") + " sbatch --parsable --time=10 -o " + out +
                " " + kCluster + "/train.sbatch --data " + (d / "prep") + " --out " + (d / "run") +
                " --batch-size 8 --epochs 1 --max-steps 60 --log-every 1"
                " --checkpoint-every 20 --quiet");
  BOOST_TEST_REQUIRE(submit.exit_code == 0, submit.output);
  const std::string job = submit.output.substr(0, submit.output.find_first_not_of("0123456789"));
  BOOST_TEST_REQUIRE(!job.empty(), submit.output);

  // Training under way: signal the ranks (srun steps) as Slurm's --signal would.
  const auto started = slurm.run(
      "timeout 120 sh -c 'until grep -q train " + log + " 2>/dev/null; do sleep 0.2; done'", 130);
  BOOST_TEST_REQUIRE(started.exit_code == 0, "training did not start:\n"
                                                 << read_text(out) << slurm.run("sinfo -R").output);
  const auto signal = slurm.run("scancel --signal=USR1 " + job);
  BOOST_TEST_REQUIRE(signal.exit_code == 0, signal.output);

  // The job leaves the queue only after its requeued run has ended.
  const auto done =
      slurm.run("timeout 300 sh -c 'until [ -z \"$(squeue -h -j " + job +
                    " 2>/dev/null)\" ] && grep -q \"restart 1\" " + out + "; do sleep 1; done'",
                310);
  const std::string output = read_text(out);
  BOOST_TEST_REQUIRE(done.exit_code == 0, "the job did not finish:\n" << output);
  BOOST_TEST_MESSAGE("job output:\n" << output);

  // First run: stopped by the signal with a checkpoint, exit 85, requeued.
  BOOST_TEST(output.find("restart 0") != std::string::npos, output);
  BOOST_TEST(output.find("stopped by signal 10") != std::string::npos, output);
  BOOST_TEST(output.find("gensr-train exited 85") != std::string::npos, output);
  BOOST_TEST(output.find("requeueing job " + job) != std::string::npos, output);
  // Second run (SLURM_RESTART_COUNT=1): resumed from the checkpoint and finished.
  const auto second = output.find("restart 1");
  BOOST_TEST_REQUIRE(second != std::string::npos, output);
  BOOST_TEST(output.find("resumed, step 60/", second) != std::string::npos, output);
  BOOST_TEST(output.find("gensr-train exited 0", second) != std::string::npos, output);
  BOOST_TEST(read_text(log).find("\"type\":\"stop\"") != std::string::npos);
  BOOST_TEST(std::filesystem::exists(d / "run/latest.h5"));
  // A drained node means Slurm itself failed the job, whatever the output says.
  const auto reasons = slurm.run("sinfo -R -h");
  BOOST_TEST(reasons.exit_code == 0, reasons.output);
  BOOST_TEST(reasons.output.empty(), "node drained: " << reasons.output);
}

BOOST_AUTO_TEST_CASE(a_checkpoint_is_evaluated_as_a_slurm_job_over_two_ranks) {
  LocalSlurm slurm;
  const TempDir& d = slurm.dir;
  const auto made =
      run_command(program("gensr-data") + " simulate --kind sim2 --out " + (d / "sim2") + " && " +
                  program("gensr-data") + " prepare --data " + (d / "sim2") + " --out " +
                  (d / "prep") + " && " + program("gensr-train") + " --data " + (d / "prep") +
                  " --out " + (d / "run") + " --batch-size 8 --max-steps 2 --threads 1 --quiet");
  BOOST_TEST_REQUIRE(made.exit_code == 0, made.output);

  const std::string out = d / "eval.out";
  const auto job =
      slurm.run("GENSR_EVAL=" + program("gensr-eval") + " timeout 180 sbatch --wait -o " + out +
                    " " + kCluster + "/eval.sbatch --checkpoint " + (d / "run/latest.h5") +
                    " --data " + (d / "prep") + " --task rec --threads 1 --out " + (d / "eval"),
                190);
  const std::string output = read_text(out);
  BOOST_TEST_REQUIRE(job.exit_code == 0, job.output << output);
  BOOST_TEST(output.find("eval.sbatch: gensr-eval exited 0") != std::string::npos, output);
  BOOST_TEST(!std::filesystem::is_empty(d / "eval"), output);
  const auto reasons = slurm.run("sinfo -R -h");
  BOOST_TEST(reasons.output.empty(), "node drained: " << reasons.output);
}
