#define BOOST_TEST_MODULE buckets
#include <boost/test/unit_test.hpp>

#include <set>

#include <ATen/ATen.h>

#include "dist/bucket_plan.h"
#include "dist/bucket_sync.h"
#include "dist/single_process.h"

using namespace gensr;

namespace {

// Stands in for two ranks holding the same gradients: the sum doubles every element.
class Doubling final : public FlatAllReduce {
 public:
  std::string name() const override { return "doubling"; }
  void sum(at::Tensor& flat) override {
    flat.mul_(2);
    ++calls;
  }
  int calls = 0;
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
