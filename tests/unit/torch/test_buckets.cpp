#define BOOST_TEST_MODULE buckets
#include <boost/test/unit_test.hpp>

#include <set>

#include <ATen/ATen.h>

#include "dist/bucket_plan.h"
#include "dist/bucket_sync.h"
#include "dist/single_process.h"
#include "unit/torch/chain_model.h"

using namespace gensr;
using gensr::test::chain_loss;
using gensr::test::chain_weights;

namespace {

// Stands in for two ranks holding the same gradients: the sum doubles every element. It
// records the order buckets start in and how many started before finish().
class Doubling final : public FlatAllReduce {
 public:
  std::string name() const override { return "doubling"; }
  void start(at::Tensor& flat) override {
    flat.mul_(2);
    started.push_back(flat.numel());
    ++calls;
  }
  void finish() override { started_before_finish = started.size(); }
  int calls = 0;
  std::vector<std::int64_t> started;
  std::size_t started_before_finish = 0;
};

std::vector<at::Tensor> parameters_with_gradients(at::ScalarType type) {
  std::vector<at::Tensor> params;
  for (std::int64_t n : {300, 7, 1000, 64, 5, 2000}) {
    at::Tensor p =
        at::randn({n / 5 + 1, 5}, at::TensorOptions().dtype(type)).set_requires_grad(true);
    p.mutable_grad() = at::randn_like(p);
    params.push_back(p);
  }
  return params;
}

}  // namespace

BOOST_AUTO_TEST_CASE(buckets_respect_the_cap_and_cover_every_parameter_once) {
  const std::vector<std::size_t> bytes = {400, 100, 900, 50, 300, 2000, 10};
  const std::size_t cap = 1000;
  const auto plan = plan_buckets(bytes, cap);
  std::multiset<std::size_t> seen;
  for (const BucketSpec& b : plan) {
    std::size_t sum = 0;
    for (std::size_t k : b.params) sum += bytes[k], seen.insert(k);
    BOOST_TEST(sum == b.bytes);
    // Only a parameter larger than the cap may exceed it, alone in its bucket.
    BOOST_TEST((b.bytes <= cap || b.params.size() == 1));
  }
  BOOST_TEST(seen.size() == bytes.size());
  for (std::size_t k = 0; k < bytes.size(); ++k) BOOST_TEST(seen.count(k) == 1u, k);
}

BOOST_AUTO_TEST_CASE(buckets_walk_the_parameters_in_reverse_order) {
  const auto plan = plan_buckets({10, 10, 10, 10, 10}, 25);
  std::vector<std::size_t> order;
  for (const BucketSpec& b : plan) order.insert(order.end(), b.params.begin(), b.params.end());
  BOOST_TEST(order == (std::vector<std::size_t>{4, 3, 2, 1, 0}), boost::test_tools::per_element());
  BOOST_TEST(plan.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_single_process_round_trip_leaves_gradients_unchanged) {
  SingleProcessCommunicator comm;
  for (at::ScalarType type : {at::kFloat, at::kDouble}) {
    auto params = parameters_with_gradients(type);
    std::vector<at::Tensor> before;
    for (auto& p : params) before.push_back(p.grad().clone());
    GradientBuckets buckets(params, 4096, make_flat_all_reduce(comm, -1));
    BOOST_TEST(buckets.plan().size() > 1u);
    BOOST_TEST(buckets.transport() == "mpi");
    buckets.sum_gradients();
    for (std::size_t k = 0; k < params.size(); ++k)
      BOOST_TEST(at::equal(params[k].grad(), before[k]), k);
  }
}

BOOST_AUTO_TEST_CASE(every_gradient_comes_back_summed_exactly_once) {
  auto params = parameters_with_gradients(at::kDouble);
  std::vector<at::Tensor> before;
  for (auto& p : params) before.push_back(p.grad().clone());
  auto transport = std::make_unique<Doubling>();
  Doubling* doubling = transport.get();
  GradientBuckets buckets(params, 4096, std::move(transport));
  buckets.sum_gradients();
  BOOST_TEST(doubling->calls == static_cast<int>(buckets.plan().size()));
  for (std::size_t k = 0; k < params.size(); ++k)
    BOOST_TEST(at::equal(params[k].grad(), before[k] * 2), k);
}

BOOST_AUTO_TEST_CASE(a_parameter_without_gradient_gets_the_sum_of_zeros) {
  SingleProcessCommunicator comm;
  auto params = parameters_with_gradients(at::kFloat);
  params[2].mutable_grad() = at::Tensor();
  GradientBuckets buckets(params, 1 << 20, make_flat_all_reduce(comm, -1));
  buckets.sum_gradients();
  BOOST_TEST_REQUIRE(params[2].grad().defined());
  BOOST_TEST(params[2].grad().abs().sum().item<float>() == 0.0f);
  BOOST_TEST(params[2].grad().sizes() == params[2].sizes());
}

BOOST_AUTO_TEST_CASE(armed_hooks_start_every_bucket_during_backward_in_plan_order) {
  at::manual_seed(3);
  const auto weights = chain_weights(6, 8);  // 512 bytes each
  const at::Tensor x = at::randn({4, 8}, at::kDouble);
  chain_loss(weights, x).backward();
  std::vector<at::Tensor> plain;
  for (auto& w : weights) plain.push_back(w.grad().clone()), w.mutable_grad() = at::Tensor();

  auto transport = std::make_unique<Doubling>();
  Doubling* doubling = transport.get();
  GradientBuckets buckets(weights, 1024, std::move(transport));  // two weights per bucket
  BOOST_TEST_REQUIRE(buckets.plan().size() == 3u);
  buckets.arm();
  chain_loss(weights, x).backward();
  // Every gradient became final inside backward, so every bucket was already started.
  BOOST_TEST(doubling->calls == 3);
  buckets.sum_gradients();
  BOOST_TEST(doubling->started_before_finish == 3u);
  BOOST_TEST(doubling->calls == 3);
  for (std::size_t k = 0; k < weights.size(); ++k)
    BOOST_TEST(at::allclose(weights[k].grad(), plain[k] * 2, 1e-12, 0), k);
}

BOOST_AUTO_TEST_CASE(only_the_armed_micro_batch_starts_sums_and_they_include_earlier_ones) {
  at::manual_seed(4);
  const auto weights = chain_weights(4, 8);
  const at::Tensor x1 = at::randn({4, 8}, at::kDouble), x2 = at::randn({4, 8}, at::kDouble);
  chain_loss(weights, x1).backward();
  chain_loss(weights, x2).backward();
  std::vector<at::Tensor> accumulated;
  for (auto& w : weights) accumulated.push_back(w.grad().clone()), w.mutable_grad() = at::Tensor();

  auto transport = std::make_unique<Doubling>();
  Doubling* doubling = transport.get();
  GradientBuckets buckets(weights, 1024, std::move(transport));
  chain_loss(weights, x1).backward();  // not armed: accumulation only
  BOOST_TEST(doubling->calls == 0);
  buckets.arm();
  chain_loss(weights, x2).backward();
  BOOST_TEST(doubling->calls == static_cast<int>(buckets.plan().size()));
  buckets.sum_gradients();
  for (std::size_t k = 0; k < weights.size(); ++k)
    BOOST_TEST(at::allclose(weights[k].grad(), accumulated[k] * 2, 1e-12, 0), k);

  // The next step starts afresh: nothing is carried over from the last one.
  for (auto& w : weights) w.mutable_grad() = at::Tensor();
  buckets.arm();
  chain_loss(weights, x1).backward();
  buckets.sum_gradients();
  BOOST_TEST(doubling->calls == 2 * static_cast<int>(buckets.plan().size()));
}

BOOST_AUTO_TEST_CASE(a_bucket_waiting_for_an_unused_parameter_starts_after_backward) {
  at::manual_seed(5);
  auto weights = chain_weights(4, 8);
  const at::Tensor x = at::randn({4, 8}, at::kDouble);
  auto transport = std::make_unique<Doubling>();
  Doubling* doubling = transport.get();
  GradientBuckets buckets(weights, 1024, std::move(transport));
  BOOST_TEST_REQUIRE(buckets.plan().size() == 2u);
  buckets.arm();
  // weights[3] (in the first bucket, which the plan takes from the end) is left out.
  chain_loss({weights[0], weights[1], weights[2]}, x).backward();
  BOOST_TEST(doubling->calls == 0);  // bucket 0 waits, and bucket 1 may not overtake it
  buckets.sum_gradients();
  BOOST_TEST(doubling->calls == 2);
  BOOST_TEST(weights[3].grad().abs().sum().item<double>() == 0.0);
}
