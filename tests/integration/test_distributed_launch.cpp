#define BOOST_TEST_MODULE distributed_launch
#include <boost/test/unit_test.hpp>

#include "support/run.h"

// launch/cpu.sh: N ranks on this node, each with the thread counts every pool reads and, when
// the node has a core per rank, bound to its own core.

using namespace gensr::test;

namespace {
const std::string kLaunch = std::string(GENSR_SOURCE_DIR) + "/launch";
}

BOOST_AUTO_TEST_CASE(cpu_ranks_get_one_thread_in_every_pool) {
  const auto r = run_command(kLaunch +
                                 "/cpu.sh -n 2 -t 1 -- sh -c 'echo rank=$OMPI_COMM_WORLD_RANK "
                                 "omp=$OMP_NUM_THREADS blas=$OPENBLAS_NUM_THREADS'",
                             120);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  for (const char* rank : {"rank=0 omp=1 blas=1", "rank=1 omp=1 blas=1"})
    BOOST_TEST(r.output.find(rank) != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(cpu_ranks_are_bound_to_one_core_each_when_the_cores_suffice) {
  const auto cores = run_command("nproc");
  BOOST_TEST_REQUIRE(cores.exit_code == 0, cores.output);
  if (std::stoi(cores.output) < 2) return;  // more ranks than cores run unbound by design
  const auto r = run_command(
      kLaunch +
          "/cpu.sh -n 2 -t 1 -- sh -c 'echo cpus=$(grep Cpus_allowed_list /proc/self/status "
          "| cut -f2)'",
      120);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  // Each rank sees a single core (a list of one number, no range or comma).
  std::size_t at = 0, ranks = 0;
  while ((at = r.output.find("cpus=", at)) != std::string::npos) {
    at += 5;
    const std::string cpus = r.output.substr(at, r.output.find('\n', at) - at);
    BOOST_TEST(cpus.find_first_not_of("0123456789") == std::string::npos, cpus);
    ++ranks;
  }
  BOOST_TEST(ranks == 2u, r.output);
}

BOOST_AUTO_TEST_CASE(a_launch_without_a_program_is_a_usage_error) {
  const auto r = run_command(kLaunch + "/cpu.sh -n 2");
  BOOST_TEST(r.exit_code == 2, r.output);
  BOOST_TEST(r.output.find("usage") != std::string::npos, r.output);
}
