#define BOOST_TEST_MODULE dropout
#include <boost/test/unit_test.hpp>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "model/dropout.h"

namespace {

at::Tensor mask_of(const at::Tensor& x, double p, std::uint64_t seed) {
  at::manual_seed(seed);
  return gensr::dropout(x, p, true);
}

}  // namespace

BOOST_AUTO_TEST_CASE(drops_about_p_and_scales_the_rest) {
  const at::Tensor x = at::ones({400, 250});
  const at::Tensor y = mask_of(x, 0.3, 7);
  const double dropped = (y == 0).to(at::kDouble).mean().item<double>();
  BOOST_TEST(dropped > 0.29);  // 100000 draws: 5 standard deviations is 0.007
  BOOST_TEST(dropped < 0.31);
  const at::Tensor kept = y.masked_select(y != 0);
  BOOST_TEST(at::allclose(kept, at::full_like(kept, 1.0 / 0.7)));
  BOOST_TEST(std::abs(y.mean().item<double>() - 1.0) < 0.02);
}

BOOST_AUTO_TEST_CASE(the_mask_follows_the_seed_and_not_the_thread_count) {
  const at::Tensor x = at::ones({64, 1001});  // odd size: the last hash serves one element
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  const at::Tensor one = mask_of(x, 0.1, 3);
  at::set_num_threads(2);
  const at::Tensor two = mask_of(x, 0.1, 3);
  at::set_num_threads(threads);
  BOOST_TEST(at::equal(one, two));
  BOOST_TEST(!at::equal(one, mask_of(x, 0.1, 4)));
  // Consecutive calls draw new seeds from the generator: different masks.
  at::manual_seed(3);
  const at::Tensor first = gensr::dropout(x, 0.1, true), second = gensr::dropout(x, 0.1, true);
  BOOST_TEST(!at::equal(first, second));
}

BOOST_AUTO_TEST_CASE(neighbouring_elements_are_dropped_independently) {
  // Two elements share one 64-bit hash: their drops must not be correlated.
  const at::Tensor y = mask_of(at::ones({200000}), 0.5, 11).reshape({-1, 2}) == 0;
  const double both = (y.select(1, 0) & y.select(1, 1)).to(at::kDouble).mean().item<double>();
  BOOST_TEST(std::abs(both - 0.25) < 0.01);
}

BOOST_AUTO_TEST_CASE(evaluation_and_zero_rate_leave_the_input_alone) {
  const at::Tensor x = at::randn({5, 7});
  BOOST_TEST(gensr::dropout(x, 0.5, false).is_same(x));
  BOOST_TEST(gensr::dropout(x, 0.0, true).is_same(x));
  BOOST_TEST(at::equal(gensr::dropout(x, 1.0, true), at::zeros_like(x)));
}

BOOST_AUTO_TEST_CASE(the_gradient_is_the_mask) {
  const at::Tensor x = at::randn({30, 40}).requires_grad_(true);
  at::manual_seed(5);
  const at::Tensor y = gensr::dropout(x, 0.25, true);
  y.sum().backward();
  at::manual_seed(5);
  const at::Tensor mask = gensr::dropout(at::ones({30, 40}), 0.25, true);
  BOOST_TEST(at::allclose(x.grad(), mask));
}

BOOST_AUTO_TEST_CASE(works_in_bfloat16) {
  const at::Tensor x = at::ones({100, 100}, at::kBFloat16);
  const at::Tensor y = mask_of(x, 0.5, 1);
  BOOST_TEST(y.scalar_type() == at::kBFloat16);
  const double dropped = (y == 0).to(at::kDouble).mean().item<double>();
  BOOST_TEST(std::abs(dropped - 0.5) < 0.03);
  BOOST_TEST(at::equal(y.masked_select(y != 0).to(at::kFloat),
                       at::full({(y != 0).sum().item<long>()}, 2.0f)));
}
