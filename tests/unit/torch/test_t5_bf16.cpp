#define BOOST_TEST_MODULE t5_bf16
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <ATen/ATen.h>

#include "model/autocast.h"
#include "model/t5.h"

using gensr::T5;

namespace {

struct Batch {
  at::Tensor ids = at::tensor({5L, 9L, 13L, 1L, 7L, 22L, 1L, 0L}).reshape({2, 4});
  at::Tensor mask = (ids != 0).to(at::kLong);
  at::Tensor labels = at::tensor({30L, 1L, 33L, 1L}).reshape({2, 2});
};

T5 model_for_bf16() {
  gensr::T5Config c = gensr::t5_preset("tiny");
  c.vocab_size = 40;
  c.dropout_rate = 0.0;
  at::manual_seed(21);
  return T5(c);
}

}  // namespace

BOOST_AUTO_TEST_CASE(bf16_autocast_loss_is_finite_and_close_to_float32) {
  T5 model = model_for_bf16();
  Batch b;
  double fp32 = model->loss(b.ids, b.mask, b.labels).item<double>();
  at::Tensor loss;
  {
    gensr::AutocastGuard autocast(true);
    loss = model->loss(b.ids, b.mask, b.labels);
  }
  BOOST_TEST(loss.scalar_type() == at::kFloat);
  BOOST_TEST(std::isfinite(loss.item<double>()));
  // bf16 keeps ~3 significant digits; the loss is an average of a few log-probabilities.
  BOOST_TEST(loss.item<double>() == fp32, boost::test_tools::tolerance(0.03));
}

BOOST_AUTO_TEST_CASE(bf16_autocast_runs_matmuls_in_bf16) {
  T5 model = model_for_bf16();
  Batch b;
  gensr::AutocastGuard autocast(true);
  at::Tensor hidden = model->encode(b.ids, b.mask);
  // The final RMSNorm multiplies in float32, but the FF output before it came from bf16.
  at::Tensor projected =
      model->encoder->block->at<gensr::t5::BlockImpl>(0).self_attention->SelfAttention->q(hidden);
  BOOST_TEST(projected.scalar_type() == at::kBFloat16);
}

BOOST_AUTO_TEST_CASE(bf16_autocast_backward_gives_finite_float32_gradients) {
  T5 model = model_for_bf16();
  Batch b;
  {
    gensr::AutocastGuard autocast(true);
    model->loss(b.ids, b.mask, b.labels).backward();
  }
  for (const auto& p : model->named_parameters()) {
    BOOST_TEST_INFO(p.key());
    BOOST_TEST(p.value().grad().scalar_type() == at::kFloat);
    BOOST_TEST(at::isfinite(p.value().grad()).all().item<bool>());
  }
}
