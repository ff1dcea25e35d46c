#define BOOST_TEST_MODULE in_memory_communicator
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "dist/in_memory.h"
#include "util/error.h"

using namespace gensr;
namespace tt = boost::test_tools;

namespace {

// Runs f on `size` in-memory ranks and records, per rank, what it returns.
template <class T, class F>
std::vector<T> per_rank(int size, F f) {
  std::vector<T> out(static_cast<std::size_t>(size));
  run_in_memory(size, [&](Communicator& comm) { out[comm.rank()] = f(comm); });
  return out;
}

std::string message_of(int size, const std::function<void(Communicator&)>& f,
                       double timeout_seconds = 60.0) {
  try {
    run_in_memory(size, f, timeout_seconds);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_rank_sees_its_rank_and_the_group_size) {
  for (int n : {1, 2, 3, 4}) {
    const auto seen = per_rank<std::string>(n, [](Communicator& c) {
      return std::to_string(c.rank()) + "/" + std::to_string(c.size()) + " " + c.backend();
    });
    for (int r = 0; r < n; ++r)
      BOOST_TEST(seen[r] == std::to_string(r) + "/" + std::to_string(n) + " memory");
  }
}

BOOST_AUTO_TEST_CASE(all_reduce_sums_and_maxes_every_type_the_same_on_every_rank) {
  for (int n : {2, 3, 4}) {
    const auto got = per_rank<std::vector<double>>(n, [](Communicator& c) {
      const int r = c.rank();
      double d[2] = {0.5 * r, -1.0 * r};
      c.all_reduce(d, 2, ReduceOp::kSum);
      float f[1] = {static_cast<float>(r) * 2};
      c.all_reduce(f, 1, ReduceOp::kMax);
      const std::int64_t i = c.all_reduce(std::int64_t{r + 1}, ReduceOp::kSum);
      std::int32_t i32[1] = {10 - r};
      c.all_reduce(i32, 1, DType::kInt32, ReduceOp::kMax);
      std::uint8_t u8[1] = {static_cast<std::uint8_t>(r)};
      c.all_reduce(u8, 1, DType::kUInt8, ReduceOp::kSum);
      return std::vector<double>{d[0], d[1], f[0], double(i), double(i32[0]), double(u8[0])};
    });
    const double s = n * (n - 1) / 2.0;
    const std::vector<double> want{0.5 * s, -s, 2.0 * (n - 1), s + n, 10, s};
    for (int r = 0; r < n; ++r) BOOST_TEST(got[r] == want, tt::per_element());
  }
}

BOOST_AUTO_TEST_CASE(broadcast_from_any_root_reaches_every_rank) {
  for (int n : {2, 3, 4})
    for (int root = 0; root < n; ++root) {
      const auto got = per_rank<std::string>(n, [root](Communicator& c) {
        std::string s = c.rank() == root ? "from " + std::to_string(root) : "";
        c.broadcast(s, root);  // length first, then bytes
        std::int64_t x = c.rank() == root ? 42 : -1;
        c.broadcast(&x, sizeof x, root);
        return s + " " + std::to_string(x);
      });
      for (int r = 0; r < n; ++r) BOOST_TEST(got[r] == "from " + std::to_string(root) + " 42");
    }
}

BOOST_AUTO_TEST_CASE(gather_gives_the_root_every_rank_s_bytes_in_rank_order_and_others_nothing) {
  for (int n : {2, 3, 4}) {
    const int root = n - 1;
    const auto got = per_rank<std::vector<std::string>>(n, [root](Communicator& c) {
      return c.gather(std::string(static_cast<std::size_t>(c.rank()), 'a' + c.rank()), root);
    });
    for (int r = 0; r < n; ++r) {
      if (r != root) {
        BOOST_TEST(got[r].empty());
        continue;
      }
      BOOST_TEST_REQUIRE(got[r].size() == static_cast<std::size_t>(n));
      for (int from = 0; from < n; ++from)
        BOOST_TEST(got[r][from] == std::string(static_cast<std::size_t>(from), 'a' + from));
    }
  }
}

BOOST_AUTO_TEST_CASE(many_collectives_in_a_row_stay_in_step) {
  const auto got = per_rank<std::int64_t>(4, [](Communicator& c) {
    std::int64_t total = 0;
    for (int i = 0; i < 500; ++i) {
      total += c.all_reduce(std::int64_t{i + c.rank()}, ReduceOp::kSum);
      if (i % 7 == 0) c.barrier();
    }
    return total;
  });
  // Round i sums i + r over 4 ranks: 4i + 6.
  for (int r = 0; r < 4; ++r) BOOST_TEST(got[r] == 4 * (499 * 500 / 2) + 6 * 500);
}

BOOST_AUTO_TEST_CASE(ranks_in_different_collectives_fail_naming_both) {
  const std::string m = message_of(2, [](Communicator& c) {
    if (c.rank() == 0)
      c.barrier();
    else
      c.all_reduce(1.0, ReduceOp::kSum);
  });
  BOOST_TEST(m.find("mismatched collectives: rank 0 is in barrier, rank 1 in all_reduce") !=
                 std::string::npos,
             m);
}

BOOST_AUTO_TEST_CASE(all_reduces_of_different_lengths_are_mismatched) {
  const std::string m = message_of(3, [](Communicator& c) {
    std::vector<double> x(c.rank() == 2 ? 3 : 2, 1.0);
    c.all_reduce(x.data(), x.size(), ReduceOp::kSum);
  });
  BOOST_TEST(m.find("rank 2 in all_reduce of 24 bytes") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(a_rank_that_throws_ends_the_others_waits_and_its_error_comes_back) {
  const std::string m = message_of(3, [](Communicator& c) {
    if (c.rank() == 1) throw Error("no data on rank 1");
    c.barrier();  // would wait for rank 1 forever
  });
  BOOST_TEST(m == "no data on rank 1");
}

BOOST_AUTO_TEST_CASE(a_rank_that_never_arrives_times_out_naming_it) {
  const std::string m = message_of(
      3,
      [](Communicator& c) {
        if (c.rank() != 2) c.barrier();
      },
      0.2);
  BOOST_TEST(m.find("barrier timed out") != std::string::npos, m);
  BOOST_TEST(m.find("rank(s) 2 did not arrive") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(abort_ends_every_rank_with_its_message) {
  std::mutex mutex;
  std::vector<std::string> seen;
  message_of(3, [&](Communicator& c) {
    try {
      if (c.rank() == 0) c.abort("checkpoint unreadable", 1);
      c.barrier();
    } catch (const Error& e) {
      std::lock_guard<std::mutex> lock(mutex);
      seen.push_back(e.what());
      throw;
    }
  });
  BOOST_TEST_REQUIRE(seen.size() == 3u);
  for (const auto& s : seen) BOOST_TEST(s.find("checkpoint unreadable") != std::string::npos, s);
}
