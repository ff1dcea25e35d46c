#define BOOST_TEST_MODULE mpi_seam
#include <boost/test/unit_test.hpp>
#include <string>

#include "support/run.h"

using gensr::test::CommandResult;
using gensr::test::mpirun;
using gensr::test::run_command;
using gensr::test::test_program;

namespace {

// Far above the probe's own collective timeouts: reaching it means the job hung.
constexpr int kGenerousLimit = 120;

CommandResult probe(const std::string& launcher, const std::string& args = "") {
  return run_command(launcher + test_program("comm_probe") + " " + args, kGenerousLimit);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The job ended by itself (any failure code) rather than by run_command's time limit.
void check_ended_with_failure(const CommandResult& r) {
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.exit_code != 124);  // timeout's TERM
  BOOST_TEST(r.exit_code != 137);  // timeout's KILL
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_collective_agrees_across_two_ranks) {
  const auto r = probe(mpirun(2));
  BOOST_TEST_INFO(r.output);
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.output, "comm_probe ok size=2 backend=mpi"));
}

BOOST_AUTO_TEST_CASE(buffers_split_into_many_mpi_calls_arrive_whole) {
  const auto r = probe(mpirun(3), "--max-count 2");
  BOOST_TEST_INFO(r.output);
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.output, "comm_probe ok size=3 backend=mpi"));
}

BOOST_AUTO_TEST_CASE(a_rank_that_stops_answering_ends_the_job_with_its_name) {
  const auto r = probe(mpirun(2), "--hang-rank 1 --timeout 3");
  BOOST_TEST_INFO(r.output);
  check_ended_with_failure(r);
  BOOST_TEST(contains(r.output, "gensr: rank 0: "));
  BOOST_TEST(contains(r.output, "timed out after 3 s: rank 1 did not arrive (stopped answering)"));
}

BOOST_AUTO_TEST_CASE(a_silent_rank_zero_is_named_by_the_others) {
  const auto r = probe(mpirun(2), "--hang-rank 0 --timeout 2");
  BOOST_TEST_INFO(r.output);
  check_ended_with_failure(r);
  BOOST_TEST(contains(r.output, "gensr: rank 1: "));
  BOOST_TEST(contains(r.output, "waiting for rank 0"));
}

BOOST_AUTO_TEST_CASE(an_exception_on_one_rank_ends_the_job_naming_rank_and_error) {
  const auto r = probe(mpirun(2), "--fail-rank 1");
  BOOST_TEST_INFO(r.output);
  check_ended_with_failure(r);
  BOOST_TEST(contains(r.output, "comm_probe: rank 1: error: injected failure on rank 1"));
  BOOST_TEST(contains(r.output, "gensr: rank 1: ending the job after an error"));
}

BOOST_AUTO_TEST_CASE(the_probe_runs_without_mpirun_as_one_process) {
  const auto r = probe("");
  BOOST_TEST_INFO(r.output);
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.output, "comm_probe ok size=1 backend=single"));
}
