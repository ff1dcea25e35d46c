#define BOOST_TEST_MODULE buckets_ranks
#include <boost/test/unit_test.hpp>
#include <functional>

#include <ATen/ATen.h>

#include "dist/bucket_sync.h"
#include "dist/in_memory.h"
#include "unit/torch/chain_model.h"

// Gradient buckets over 2-4 ranks in one process (dist/in_memory.h): the sums MPI would make,
// without mpirun. tests/integration/test_distributed.cpp does the same through real MPI.

using namespace gensr;
using gensr::test::chain_loss;
using gensr::test::chain_weights;
namespace tt = boost::test_tools;

namespace {

// A global batch of 12 rows; rank r of n takes rows [12r/n, 12(r+1)/n).
at::Tensor global_batch() { return at::cos(at::arange(12 * 8, at::kDouble) * 0.37).view({12, 8}); }

// Runs f on n in-memory ranks; returns what each rank's f returned (Boost.Test checks belong
// on the main thread: it is not thread-safe).
std::vector<bool> on_ranks(int n, const std::function<bool(Communicator&)>& f) {
  std::vector<char> ok(static_cast<std::size_t>(n), 0);
  run_in_memory(n, [&](Communicator& comm) { ok[comm.rank()] = f(comm); });
  return {ok.begin(), ok.end()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_rank_ends_with_the_sum_of_all_ranks_gradients) {
  for (int n : {2, 3, 4})
    for (std::size_t cap : {std::size_t{0}, std::size_t{100}, std::size_t{1} << 20}) {
      const auto ok = on_ranks(n, [&](Communicator& comm) {
        std::vector<at::Tensor> params;
        for (std::int64_t size : {5, 40, 3, 17}) {
          at::Tensor p = at::zeros({size}, at::kFloat).set_requires_grad(true);
          p.mutable_grad() = at::arange(size, at::kFloat) * static_cast<float>(comm.rank() + 1);
          params.push_back(p);
        }
        GradientBuckets buckets(params, cap, make_flat_all_reduce(comm, -1));
        buckets.sum_gradients();
        const float ranks_sum = n * (n + 1) / 2.0f;  // sum of (rank + 1)
        bool same = true;
        for (const auto& p : params)
          same = same && at::equal(p.grad(), at::arange(p.numel(), at::kFloat) * ranks_sum);
        return same;
      });
      BOOST_TEST(ok == std::vector<bool>(n, true), tt::per_element());
    }
}

BOOST_AUTO_TEST_CASE(a_rank_without_a_gradient_still_posts_every_bucket) {
  const auto ok = on_ranks(3, [](Communicator& comm) {
    std::vector<at::Tensor> params;
    for (int k = 0; k < 3; ++k) {
      at::Tensor p = at::zeros({4}, at::kDouble).set_requires_grad(true);
      if (!(comm.rank() == 1 && k == 2)) p.mutable_grad() = at::ones({4}, at::kDouble);
      params.push_back(p);
    }
    GradientBuckets buckets(params, 32, make_flat_all_reduce(comm, -1));
    buckets.sum_gradients();
    return at::equal(params[0].grad(), at::full({4}, 3.0, at::kDouble)) &&
           at::equal(params[2].grad(), at::full({4}, 2.0, at::kDouble));
  });
  BOOST_TEST(ok == std::vector<bool>(3, true), tt::per_element());
}

// PyTorch DDP's test idea (STYLE.md): N ranks on slices of a global batch, gradients summed by
// armed hooks during backward, end with the gradients of one rank on the whole batch.
BOOST_AUTO_TEST_CASE(n_ranks_on_slices_of_a_batch_get_the_gradients_of_the_whole_batch) {
  const at::Tensor x = global_batch();
  const auto whole = chain_weights(5, 8);
  chain_loss(whole, x).backward();
  for (int n : {2, 3, 4}) {
    const auto ok = on_ranks(n, [&](Communicator& comm) {
      const auto weights = chain_weights(5, 8);
      const std::int64_t begin = 12 * comm.rank() / n, end = 12 * (comm.rank() + 1) / n;
      GradientBuckets buckets(weights, 1024, make_flat_all_reduce(comm, -1));
      buckets.arm();
      chain_loss(weights, x.slice(0, begin, end)).backward();
      buckets.sum_gradients();
      bool same = true;
      for (std::size_t k = 0; k < weights.size(); ++k)
        same = same && at::allclose(weights[k].grad(), whole[k].grad(), 1e-12, 1e-14);
      return same;
    });
    BOOST_TEST(ok == std::vector<bool>(n, true), tt::per_element());
  }
}
