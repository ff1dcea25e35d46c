#define BOOST_TEST_MODULE distributed
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/temp_dir.h"
#include "util/h5.h"

// Data-parallel training under mpirun (DESIGN.md "Distributed training"): N ranks on shards
// of a global batch end where one rank on the whole batch ends (the PyTorch DDP test idea),
// resuming on another number of ranks continues the same data order, and a failing rank ends
// the whole job with its rank named.

using namespace gensr::test;

namespace {

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
  // Exact settings: float64, no dropout, one thread, a loss line every step.
  std::string train(int ranks, const std::string& run, const std::string& extra) const {
    return (ranks > 1 ? mpirun(ranks) : std::string()) + program("gensr-train") + " --data " +
           (dir / "prep") + " --out " + (dir / run) +
           " --threads 1 --dtype float64 --dropout 0 --batch-size 8 --epochs 1 --log-every 1"
           " --quiet " +
           extra + " 2>&1";
  }
};

// step -> training loss, from RUN/log.jsonl.
std::map<std::int64_t, double> losses(const std::string& log_path) {
  std::map<std::int64_t, double> out;
  std::istringstream in(read_text(log_path));
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j["type"] == "train") out[j["step"].get<std::int64_t>()] = j["loss"].get<double>();
  }
  return out;
}

void check_same_losses(const std::string& a, const std::string& b, std::int64_t from,
                       std::int64_t to) {
  const auto la = losses(a), lb = losses(b);
  for (std::int64_t s = from; s <= to; ++s) {
    BOOST_TEST_REQUIRE(la.count(s) == 1u, a << " has no loss at step " << s);
    BOOST_TEST_REQUIRE(lb.count(s) == 1u, b << " has no loss at step " << s);
    BOOST_TEST(std::abs(la.at(s) - lb.at(s)) <= 1e-9 * std::abs(la.at(s)),
               "step " << s << ": " << la.at(s) << " vs " << lb.at(s));
  }
}

// Every parameter of checkpoint `b` within relative distance 1e-6 of `a`'s:
// ||a - b|| / ||a|| (which bounds the relative difference of their norms).
void check_same_parameters(const std::string& a, const std::string& b) {
  const auto fa = gensr::h5::File::open(a), fb = gensr::h5::File::open(b);
  const auto names = fa.list("/model");
  BOOST_TEST_REQUIRE(names.size() > 10u);
  BOOST_TEST_REQUIRE((names == fb.list("/model")));
  for (const std::string& n : names) {
    const auto va = fa.read<float>("/model/" + n), vb = fb.read<float>("/model/" + n);
    BOOST_TEST_REQUIRE(va.size() == vb.size(), n);
    double diff = 0, norm = 0;
    for (std::size_t i = 0; i < va.size(); ++i) {
      diff += (double(va[i]) - vb[i]) * (double(va[i]) - vb[i]);
      norm += double(va[i]) * va[i];
    }
    BOOST_TEST(std::sqrt(diff) <= 1e-6 * std::sqrt(norm),
               n << ": relative difference " << std::sqrt(diff / norm));
  }
}

// The command's own exit status, printed by the shell that ran it: absent when run_command's
// timeout had to kill the job, so a hang cannot pass for a failure.
int job_exit(const CommandResult& r) {
  const auto at = r.output.rfind("job-exit=");
  BOOST_TEST_REQUIRE(at != std::string::npos, "the job did not end by itself (exit " << r.exit_code
                                                                                     << "):\n"
                                                                                     << r.output);
  return std::stoi(r.output.substr(at + 9));
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_ranks_end_with_the_losses_and_parameters_of_one_rank) {
  Prepared p;
  const auto one = run_command(p.train(1, "one", "--max-steps 20"));
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.output);
  // Small buckets, so the gradients travel in many all-reduces.
  const auto two = run_command(p.train(2, "two", "--max-steps 20 --bucket-mb 0.05"));
  BOOST_TEST_REQUIRE(two.exit_code == 0, two.output);
  check_same_losses(p.dir / "one/log.jsonl", p.dir / "two/log.jsonl", 1, 20);
  check_same_parameters(p.dir / "one/latest.h5", p.dir / "two/latest.h5");
}

// SASRec goes through the same trainer: its parameters are bucketed and summed alike.
BOOST_AUTO_TEST_CASE(two_ranks_train_sasrec_as_one_rank_does) {
  Prepared p;
  const std::string sasrec = "--arch sasrec --tasks rec --max-steps 10 ";
  const auto one = run_command(p.train(1, "one", sasrec));
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.output);
  const auto two = run_command(p.train(2, "two", sasrec + "--bucket-mb 0.01"));
  BOOST_TEST_REQUIRE(two.exit_code == 0, two.output);
  check_same_losses(p.dir / "one/log.jsonl", p.dir / "two/log.jsonl", 1, 10);
  check_same_parameters(p.dir / "one/latest.h5", p.dir / "two/latest.h5");
}

BOOST_AUTO_TEST_CASE(accumulation_micro_batches_on_two_ranks_change_nothing) {
  Prepared p;
  const auto one = run_command(p.train(1, "one", "--max-steps 20"));
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.output);
  // Each rank's 4 instances in 2 micro-batches; gradients are reduced once, after the last.
  const auto two = run_command(p.train(2, "two", "--max-steps 20 --accumulation 2"));
  BOOST_TEST_REQUIRE(two.exit_code == 0, two.output);
  check_same_losses(p.dir / "one/log.jsonl", p.dir / "two/log.jsonl", 1, 20);
  check_same_parameters(p.dir / "one/latest.h5", p.dir / "two/latest.h5");
}

BOOST_AUTO_TEST_CASE(two_ranks_resuming_a_one_rank_checkpoint_continue_the_same_order) {
  Prepared p;
  const auto start = run_command(p.train(1, "one", "--max-steps 10"));
  BOOST_TEST_REQUIRE(start.exit_code == 0, start.output);
  const auto copy = run_command("cp -r " + (p.dir / "one") + " " + (p.dir / "two"));
  BOOST_TEST_REQUIRE(copy.exit_code == 0, copy.output);
  // Both continue from the same (float32) checkpoint, so they must agree as tightly as above.
  const auto one = run_command(p.train(1, "one", "--max-steps 20"));
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.output);
  const auto two = run_command(p.train(2, "two", "--max-steps 20"));
  BOOST_TEST_REQUIRE(two.exit_code == 0, two.output);
  BOOST_TEST(two.output.find("resumed") != std::string::npos, two.output);
  check_same_losses(p.dir / "one/log.jsonl", p.dir / "two/log.jsonl", 11, 20);
  check_same_parameters(p.dir / "one/latest.h5", p.dir / "two/latest.h5");
}

BOOST_AUTO_TEST_CASE(a_rank_that_throws_ends_the_job_naming_the_rank) {
  Prepared p;
  const auto r =
      run_command(p.train(2, "run", "--fail-at-step 3 --fail-rank 1") + "; echo job-exit=$?", 300);
  BOOST_TEST(job_exit(r) != 0, r.output);
  BOOST_TEST(r.output.find("rank 1: error: fault injection (--fail-at-step): rank 1 at step 3") !=
                 std::string::npos,
             r.output);
}

BOOST_AUTO_TEST_CASE(a_killed_rank_ends_the_job_naming_the_rank) {
  Prepared p;
  const auto r =
      run_command(p.train(2, "run", "--kill-at-step 3 --fail-rank 1") + "; echo job-exit=$?", 300);
  BOOST_TEST(job_exit(r) != 0, r.output);
  BOOST_TEST(r.output.find("SIGKILL to rank 1 at step 3") != std::string::npos, r.output);
  // mpirun's own report names the rank that died.
  BOOST_TEST(r.output.find("rank 1") != std::string::npos, r.output);
  BOOST_TEST(r.output.find("signal 9") != std::string::npos, r.output);
}

namespace {

// Starts a 2-rank run, waits until it trains, sends `signal` to one rank (a child of mpirun),
// and checks the stop: exit 85 with a checkpoint; then reruns it to the end.
void check_signal_stops_with_a_checkpoint(const std::string& signal, int number) {
  Prepared p;
  const std::string train = p.train(2, "run", "--checkpoint-every 20 --max-steps 60");
  const std::string log = p.dir / "run/log.jsonl";
  const auto first = run_command(train + " > " + (p.dir / "first.txt") + " & job=$!; " +
                                     "timeout 120 sh -c 'until grep -q train " + log +
                                     " 2>/dev/null; do sleep 0.1; done'; " +
                                     "rank=$(pgrep -P $job | tail -n 1); echo signalled=$rank; "
                                     "kill -" +
                                     signal + " $rank; wait $job; echo job-exit=$?",
                                 300);
  const std::string out = read_text(p.dir / "first.txt");
  BOOST_TEST_REQUIRE(first.output.find("signalled=") != std::string::npos, first.output);
  BOOST_TEST(job_exit(first) == 85, first.output << out);
  BOOST_TEST(out.find("stopped by signal " + std::to_string(number)) != std::string::npos, out);
  BOOST_TEST(read_text(log).find("\"type\":\"stop\"") != std::string::npos);
  BOOST_TEST_REQUIRE(std::filesystem::exists(p.dir / "run/latest.h5"));
  BOOST_TEST(losses(log).rbegin()->first < 60, "the signal came after the run ended");

  const auto second = run_command(train);
  BOOST_TEST_REQUIRE(second.exit_code == 0, second.output);
  BOOST_TEST(second.output.find("resumed, step 60/") != std::string::npos, second.output);
}

}  // namespace

BOOST_AUTO_TEST_CASE(sigusr1_to_one_rank_checkpoints_exits_85_and_the_rerun_finishes) {
  check_signal_stops_with_a_checkpoint("USR1", SIGUSR1);
}

BOOST_AUTO_TEST_CASE(sigterm_to_one_rank_checkpoints_exits_85_and_the_rerun_finishes) {
  check_signal_stops_with_a_checkpoint("TERM", SIGTERM);
}
