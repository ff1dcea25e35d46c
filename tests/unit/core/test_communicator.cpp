#define BOOST_TEST_MODULE communicator
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "dist/collective_guard.h"
#include "dist/communicator.h"
#include "dist/distributed_main.h"
#include "dist/single_process.h"
#include "util/error.h"

using namespace gensr;

namespace {

const char* const kLauncherVars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK",      "PMI_RANK",
                                     "SLURM_STEP_ID",        "PMIX_NAMESPACE", "PMIX_SERVER_URI"};

// Each test starts from a process no launcher started, whatever ran the test binary.
struct NoLauncher {
  NoLauncher() {
    for (const char* v : kLauncherVars) unsetenv(v);
    unsetenv("GENSR_COLLECTIVE_TIMEOUT");
  }
  ~NoLauncher() {
    for (const char* v : kLauncherVars) unsetenv(v);
    unsetenv("GENSR_COLLECTIVE_TIMEOUT");
  }
};

struct ChildResult {
  int exit_code;
  std::string stderr_text;
};

// Runs `f` in a forked child with stderr captured, for calls that end the process.
template <typename F>
ChildResult run_in_child(F f) {
  int fds[2];
  BOOST_REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDERR_FILENO);
    f();
    _exit(99);  // f did not end the process
  }
  close(fds[1]);
  std::string text;
  char buf[256];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) text.append(buf, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), text};
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(launcher_detection, NoLauncher)

BOOST_AUTO_TEST_CASE(plain_process_is_not_launched_by_mpi) { BOOST_TEST(!launched_by_mpi()); }

BOOST_AUTO_TEST_CASE(open_mpi_mpirun_is_detected) {
  setenv("OMPI_COMM_WORLD_SIZE", "2", 1);
  BOOST_TEST(launched_by_mpi());
}

BOOST_AUTO_TEST_CASE(pmix_and_pmi_launchers_are_detected) {
  setenv("PMIX_RANK", "0", 1);
  BOOST_TEST(launched_by_mpi());
  unsetenv("PMIX_RANK");
  setenv("PMI_RANK", "0", 1);
  BOOST_TEST(launched_by_mpi());
}

BOOST_AUTO_TEST_CASE(slurm_step_counts_only_with_pmix) {
  setenv("SLURM_STEP_ID", "0", 1);
  BOOST_TEST(!launched_by_mpi());
  setenv("PMIX_NAMESPACE", "slurm.pmix.1.0", 1);
  BOOST_TEST(launched_by_mpi());
}

BOOST_AUTO_TEST_CASE(without_launcher_make_communicator_gives_the_stand_in) {
  auto comm = make_communicator();
  BOOST_TEST(comm->backend() == "single");
  BOOST_TEST(comm->rank() == 0);
  BOOST_TEST(comm->size() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(stand_in)

BOOST_AUTO_TEST_CASE(all_reduce_leaves_every_dtype_unchanged) {
  SingleProcessCommunicator comm;
  std::vector<float> f{1.5f, -2};
  std::vector<double> d{3, 4};
  std::vector<std::int64_t> l{5, -6};
  std::vector<std::int32_t> i{7, 8};
  std::vector<std::uint8_t> u{9, 255};
  comm.all_reduce(f.data(), f.size(), ReduceOp::kSum);
  comm.all_reduce(d.data(), d.size(), ReduceOp::kMax);
  comm.all_reduce(l.data(), l.size(), ReduceOp::kSum);
  comm.all_reduce(i.data(), i.size(), DType::kInt32, ReduceOp::kSum);
  comm.all_reduce(u.data(), u.size(), DType::kUInt8, ReduceOp::kMax);
  BOOST_TEST(f == (std::vector<float>{1.5f, -2}));
  BOOST_TEST(d == (std::vector<double>{3, 4}));
  BOOST_TEST(l == (std::vector<std::int64_t>{5, -6}));
  BOOST_TEST(i == (std::vector<std::int32_t>{7, 8}));
  BOOST_TEST(u == (std::vector<std::uint8_t>{9, 255}));
  BOOST_TEST(comm.all_reduce(std::int64_t{42}, ReduceOp::kMax) == 42);
  BOOST_TEST(comm.all_reduce(2.5, ReduceOp::kSum) == 2.5);
}

BOOST_AUTO_TEST_CASE(broadcast_from_root_zero_keeps_the_data) {
  SingleProcessCommunicator comm;
  std::string s = "payload";
  comm.broadcast(s, 0);
  BOOST_TEST(s == "payload");
  std::string empty;
  comm.broadcast(empty, 0);
  BOOST_TEST(empty.empty());
}

BOOST_AUTO_TEST_CASE(broadcast_from_a_missing_root_is_an_error) {
  SingleProcessCommunicator comm;
  std::string s = "x";
  BOOST_CHECK_THROW(comm.broadcast(s, 1), Error);
}

BOOST_AUTO_TEST_CASE(gather_returns_the_one_buffer) {
  SingleProcessCommunicator comm;
  BOOST_TEST(comm.gather("abc", 0) == (std::vector<std::string>{"abc"}));
  BOOST_TEST(comm.gather("", 0) == (std::vector<std::string>{""}));
  BOOST_CHECK_THROW(comm.gather("abc", 1), Error);
}

BOOST_AUTO_TEST_CASE(barrier_returns) {
  SingleProcessCommunicator comm;
  comm.barrier();
}

BOOST_AUTO_TEST_CASE(abort_prints_the_rank_and_message_and_exits_with_the_code) {
  const auto r = run_in_child([] { SingleProcessCommunicator().abort("disk on fire", 7); });
  BOOST_TEST(r.exit_code == 7);
  BOOST_TEST(r.stderr_text == "gensr: rank 0: disk on fire\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(timeout_messages)

BOOST_AUTO_TEST_CASE(rank_zero_names_the_rank_that_did_not_arrive) {
  std::vector<Arrival> arrivals(3);
  arrivals[1] = {16, Collective::kAllReduce};
  arrivals[2] = {17, Collective::kAllReduce};
  BOOST_TEST(timeout_message(0, Collective::kAllReduce, 17, 5, arrivals) ==
             "all_reduce #17 timed out after 5 s: rank 1 did not arrive (stopped answering)");
}

BOOST_AUTO_TEST_CASE(rank_zero_names_every_missing_rank) {
  std::vector<Arrival> arrivals(4);
  arrivals[2] = {3, Collective::kBarrier};
  BOOST_TEST(timeout_message(0, Collective::kBarrier, 3, 2.5, arrivals) ==
             "barrier #3 timed out after 2.5 s: ranks 1, 3 did not arrive (stopped answering)");
}

BOOST_AUTO_TEST_CASE(rank_zero_reports_a_rank_in_another_collective) {
  std::vector<Arrival> arrivals(2);
  arrivals[1] = {4, Collective::kBroadcast};
  BOOST_TEST(timeout_message(0, Collective::kGather, 4, 5, arrivals) ==
             "gather #4 timed out after 5 s: mismatched collectives: rank 1 called broadcast");
}

BOOST_AUTO_TEST_CASE(rank_zero_says_when_everyone_arrived) {
  std::vector<Arrival> arrivals(2);
  arrivals[1] = {4, Collective::kGather};
  BOOST_TEST(timeout_message(0, Collective::kGather, 4, 5, arrivals).find("every rank arrived") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(other_ranks_report_waiting_for_rank_zero) {
  BOOST_TEST(timeout_message(1, Collective::kBroadcast, 3, 5, {}) ==
             "broadcast #3 timed out after 5 s waiting for rank 0");
}

BOOST_AUTO_TEST_CASE(other_ranks_wait_longer_than_rank_zero) {
  BOOST_TEST(patience_seconds(0, 5) == 5);
  BOOST_TEST(patience_seconds(1, 5) > 5);
  BOOST_TEST(patience_seconds(1, 1000) == 1010);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(distributed_main_without_launcher, NoLauncher)

BOOST_AUTO_TEST_CASE(returns_the_body_exit_code_with_the_stand_in) {
  std::string backend;
  const int code = distributed_main("prog", {}, [&](Communicator& comm) {
    backend = comm.backend();
    return 3;
  });
  BOOST_TEST(code == 3);
  BOOST_TEST(backend == "single");
}

BOOST_AUTO_TEST_CASE(turns_an_exception_into_its_exit_code_and_message) {
  const auto r = run_in_child([] {
    _exit(distributed_main("prog", {}, [](Communicator&) -> int { throw UsageError("bad flag"); }));
  });
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text == "prog: error: bad flag\n");
}

BOOST_AUTO_TEST_CASE(environment_timeout_replaces_the_default) {
  setenv("GENSR_COLLECTIVE_TIMEOUT", "5", 1);
  BOOST_TEST(collective_timeout(CommOptions{}.timeout_seconds) == 5);
}

BOOST_AUTO_TEST_CASE(explicit_timeout_wins_over_the_environment) {
  setenv("GENSR_COLLECTIVE_TIMEOUT", "5", 1);
  BOOST_TEST(collective_timeout(30) == 30);
}

BOOST_AUTO_TEST_CASE(default_timeout_without_the_environment) {
  BOOST_TEST(collective_timeout(CommOptions{}.timeout_seconds) == CommOptions{}.timeout_seconds);
}

BOOST_AUTO_TEST_CASE(malformed_environment_timeout_is_a_usage_error) {
  setenv("GENSR_COLLECTIVE_TIMEOUT", "soon", 1);
  BOOST_CHECK_THROW(collective_timeout(CommOptions{}.timeout_seconds), UsageError);
  setenv("GENSR_COLLECTIVE_TIMEOUT", "-1", 1);
  BOOST_CHECK_THROW(collective_timeout(CommOptions{}.timeout_seconds), UsageError);
}

BOOST_AUTO_TEST_SUITE_END()
