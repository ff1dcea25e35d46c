// comm_probe: runs every collective of the MPI seam and checks the results itself, with or
// without mpirun. Rank 0 prints `comm_probe ok size=N backend=B` when all agree. Fault
// injection for the seam's integration test: --hang-rank R stops answering before a
// collective, --fail-rank R throws midway.
#include <chrono>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "dist/distributed_main.h"
#include "util/error.h"
#include "util/options.h"
#include "util/program.h"

namespace {

using gensr::Communicator;
using gensr::DType;
using gensr::Error;
using gensr::ReduceOp;

struct ProbeOptions {
  int hang_rank = -1;
  int fail_rank = -1;
  gensr::CommOptions comm;
};

template <typename T>
void expect_equal(const T& got, const T& want, const std::string& what) {
  if (!(got == want)) {
    std::ostringstream s;
    s << what << ": got " << +got << ", expected " << +want;
    throw Error(s.str());
  }
}

// Element i of rank r holds (r + 1) * (i + 1), so the sum is n(n+1)/2 * (i + 1) and the max
// is n * (i + 1). `length` > 1 exercises splitting when --max-count is small.
template <typename T>
void check_all_reduce(Communicator& comm, DType type, const std::string& name, int length) {
  const int n = comm.size();
  std::vector<T> x(length);
  for (int i = 0; i < length; ++i) x[i] = static_cast<T>((comm.rank() + 1) * (i + 1));
  std::vector<T> y = x;
  comm.all_reduce(x.data(), x.size(), type, ReduceOp::kSum);
  comm.all_reduce(y.data(), y.size(), type, ReduceOp::kMax);
  for (int i = 0; i < length; ++i) {
    expect_equal(x[i], static_cast<T>(n * (n + 1) / 2 * (i + 1)),
                 "all_reduce sum " + name + " element " + std::to_string(i));
    expect_equal(y[i], static_cast<T>(n * (i + 1)),
                 "all_reduce max " + name + " element " + std::to_string(i));
  }
}

// Rank r contributes r * 3 copies of 'a' + r: rank 0's buffer is empty.
std::string gather_payload(int rank) {
  return std::string(rank * 3, static_cast<char>('a' + rank));
}

void check_gather(Communicator& comm, int root) {
  const auto got = comm.gather(gather_payload(comm.rank()), root);
  if (comm.rank() != root) {
    expect_equal(got.size(), std::size_t{0}, "gather result size off the root");
    return;
  }
  expect_equal(got.size(), static_cast<std::size_t>(comm.size()), "gather result size");
  for (int r = 0; r < comm.size(); ++r) {
    if (got[r] != gather_payload(r)) {
      throw Error("gather to root " + std::to_string(root) + ": rank " + std::to_string(r) +
                  " sent '" + gather_payload(r) + "', root got '" + got[r] + "'");
    }
  }
}

void check_broadcast(Communicator& comm) {
  const int root = comm.size() > 1 ? 1 : 0;
  std::string s = comm.rank() == root ? "hello from rank " + std::to_string(root) : "";
  comm.broadcast(s, root);
  if (s != "hello from rank " + std::to_string(root))
    throw Error("broadcast string: got '" + s + "'");

  std::vector<std::int64_t> v(9, 0);
  if (comm.rank() == 0)
    for (int i = 0; i < 9; ++i) v[i] = 100 + i;
  comm.broadcast(v.data(), v.size() * sizeof v[0], 0);
  for (int i = 0; i < 9; ++i)
    expect_equal(v[i], std::int64_t{100 + i}, "broadcast element " + std::to_string(i));
}

int probe(Communicator& comm, const ProbeOptions& opt) {
  comm.barrier();
  check_all_reduce<float>(comm, DType::kFloat32, "float32", 7);
  check_all_reduce<double>(comm, DType::kFloat64, "float64", 7);
  check_all_reduce<std::int64_t>(comm, DType::kInt64, "int64", 7);
  check_all_reduce<std::int32_t>(comm, DType::kInt32, "int32", 7);
  check_all_reduce<std::uint8_t>(comm, DType::kUInt8, "uint8", 7);
  expect_equal(comm.all_reduce(std::int64_t{comm.rank()}, ReduceOp::kMax),
               std::int64_t{comm.size() - 1}, "scalar all_reduce max");

  if (comm.rank() == opt.hang_rank) {
    std::cerr << "comm_probe: rank " << comm.rank() << " stops answering (--hang-rank)"
              << std::endl;
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (comm.rank() == opt.fail_rank) {
    throw Error("injected failure on rank " + std::to_string(comm.rank()) + " (--fail-rank)");
  }

  check_broadcast(comm);
  check_gather(comm, 0);
  check_gather(comm, comm.size() - 1);
  comm.barrier();
  if (comm.rank() == 0)
    std::cout << "comm_probe ok size=" << comm.size() << " backend=" << comm.backend() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ProbeOptions opt;
  bool help = false;
  const int parsed = gensr::guarded_main("comm_probe", [&] {
    gensr::po::options_description desc("comm_probe options");
    desc.add_options()("hang-rank", gensr::po::value<int>(&opt.hang_rank)->default_value(-1),
                       "this rank stops answering before a collective")(
        "fail-rank", gensr::po::value<int>(&opt.fail_rank)->default_value(-1),
        "this rank throws midway")("timeout", gensr::po::value<double>(),
                                   "collective timeout in seconds")(
        "max-count", gensr::po::value<std::size_t>(&opt.comm.max_count_per_call)->default_value(0),
        "most elements per MPI call (0: INT_MAX)");
    gensr::po::variables_map vm;
    if (!gensr::parse_options({argv + 1, argv + argc}, desc,
                              "usage: [mpirun -np N] comm_probe [options]", vm)) {
      help = true;
      return 0;
    }
    if (vm.count("timeout")) opt.comm.timeout_seconds = vm["timeout"].as<double>();
    return 0;
  });
  if (parsed != 0 || help) return parsed;
  return gensr::distributed_main("comm_probe", opt.comm,
                                 [&](Communicator& comm) { return probe(comm, opt); });
}
