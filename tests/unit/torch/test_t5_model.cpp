#define BOOST_TEST_MODULE t5_model
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <ATen/ATen.h>

#include "model/t5.h"
#include "model/t5_layers.h"

using gensr::T5;
using gensr::T5Config;

namespace {

T5Config small_config() {
  T5Config c = gensr::t5_preset("tiny");
  c.vocab_size = 50;
  c.dropout_rate = 0.0;
  return c;
}

long bucket(long relative_position, bool bidirectional, long num_buckets, long max_distance) {
  at::Tensor rel = at::full({1}, relative_position, at::kLong);
  return gensr::t5::relative_position_bucket(rel, bidirectional, num_buckets, max_distance)
      .item<long>();
}

}  // namespace

BOOST_AUTO_TEST_CASE(bidirectional_buckets_match_the_definition) {
  // 32 buckets, max distance 128: 16 per direction, 8 exact, keys after the query from 16.
  BOOST_TEST(bucket(0, true, 32, 128) == 0);
  BOOST_TEST(bucket(-3, true, 32, 128) == 3);
  BOOST_TEST(bucket(3, true, 32, 128) == 19);
  BOOST_TEST(bucket(-8, true, 32, 128) == 8);     // 8 + floor(log(1)/log(16)*8)
  BOOST_TEST(bucket(-20, true, 32, 128) == 10);   // 8 + floor(log(2.5)/log(16)*8 = 2.64)
  BOOST_TEST(bucket(100, true, 32, 128) == 31);   // 16 + 8 + floor(log(12.5)/log(16)*8 = 7.29)
  BOOST_TEST(bucket(-200, true, 32, 128) == 15);  // beyond max distance: last bucket
  BOOST_TEST(bucket(128, true, 32, 128) == 31);
  // 8 buckets, max distance 16: 4 per direction, 2 exact.
  BOOST_TEST(bucket(1, true, 8, 16) == 5);
  BOOST_TEST(bucket(-5, true, 8, 16) == 2);  // 2 + floor(log(2.5)/log(8)*2 = 0.88)
  BOOST_TEST(bucket(-6, true, 8, 16) == 3);  // 2 + floor(log(3)/log(8)*2 = 1.06)
  BOOST_TEST(bucket(10, true, 8, 16) == 7);  // 4 + 2 + floor(log(5)/log(8)*2 = 1.55)
}

BOOST_AUTO_TEST_CASE(causal_buckets_match_the_definition) {
  // 32 buckets, max distance 128: 16 exact, keys after the query share bucket 0.
  BOOST_TEST(bucket(5, false, 32, 128) == 0);
  BOOST_TEST(bucket(-5, false, 32, 128) == 5);
  BOOST_TEST(bucket(-15, false, 32, 128) == 15);
  BOOST_TEST(bucket(-16, false, 32, 128) == 16);
  BOOST_TEST(bucket(-40, false, 32, 128) == 23);   // 16 + floor(log(2.5)/log(8)*16 = 7.05)
  BOOST_TEST(bucket(-64, false, 32, 128) == 26);   // 16 + floor(log(4)/log(8)*16 = 10.67)
  BOOST_TEST(bucket(-127, false, 32, 128) == 31);  // 16 + floor(15.94)
  BOOST_TEST(bucket(-1000, false, 32, 128) == 31);
}

BOOST_AUTO_TEST_CASE(parameter_names_are_hf_names) {
  T5Config c = small_config();
  c.num_layers = 1;
  c.num_decoder_layers = 1;
  T5 model(c);
  std::vector<std::string> names;
  for (const auto& p : model->named_parameters()) names.push_back(p.key());
  // HF's T5ForConditionalGeneration state dict for 1+1 layers, minus the embed_tokens aliases.
  std::vector<std::string> hf = {
      "shared.weight",
      "encoder.block.0.layer.0.SelfAttention.q.weight",
      "encoder.block.0.layer.0.SelfAttention.k.weight",
      "encoder.block.0.layer.0.SelfAttention.v.weight",
      "encoder.block.0.layer.0.SelfAttention.o.weight",
      "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
      "encoder.block.0.layer.0.layer_norm.weight",
      "encoder.block.0.layer.1.DenseReluDense.wi_0.weight",
      "encoder.block.0.layer.1.DenseReluDense.wi_1.weight",
      "encoder.block.0.layer.1.DenseReluDense.wo.weight",
      "encoder.block.0.layer.1.layer_norm.weight",
      "encoder.final_layer_norm.weight",
      "decoder.block.0.layer.0.SelfAttention.q.weight",
      "decoder.block.0.layer.0.SelfAttention.k.weight",
      "decoder.block.0.layer.0.SelfAttention.v.weight",
      "decoder.block.0.layer.0.SelfAttention.o.weight",
      "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
      "decoder.block.0.layer.0.layer_norm.weight",
      "decoder.block.0.layer.1.EncDecAttention.q.weight",
      "decoder.block.0.layer.1.EncDecAttention.k.weight",
      "decoder.block.0.layer.1.EncDecAttention.v.weight",
      "decoder.block.0.layer.1.EncDecAttention.o.weight",
      "decoder.block.0.layer.1.layer_norm.weight",
      "decoder.block.0.layer.2.DenseReluDense.wi_0.weight",
      "decoder.block.0.layer.2.DenseReluDense.wi_1.weight",
      "decoder.block.0.layer.2.DenseReluDense.wo.weight",
      "decoder.block.0.layer.2.layer_norm.weight",
      "decoder.final_layer_norm.weight",
      "lm_head.weight",
  };
  BOOST_TEST(names == hf, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(only_the_first_layer_of_a_stack_owns_a_position_bias) {
  T5 model(small_config());
  int tables = 0;
  for (const auto& p : model->named_parameters())
    if (p.key().find("relative_attention_bias") != std::string::npos) ++tables;
  BOOST_TEST(tables == 2);
}

BOOST_AUTO_TEST_CASE(flan_t5_base_has_hf_parameter_count) {
  T5Config c = gensr::t5_preset("flan-t5-base");
  c.vocab_size = 32128;
  BOOST_TEST(gensr::t5_parameter_count(c) == 247577856);
  T5 model(c);
  int64_t total = 0;
  for (const at::Tensor& p : model->parameters()) total += p.numel();
  BOOST_TEST(total == 247577856);
}

BOOST_AUTO_TEST_CASE(initialisation_follows_hf_scales) {
  T5Config c = gensr::t5_preset("flan-t5-small");
  c.vocab_size = 1000;
  at::manual_seed(3);
  T5 model(c);
  auto params = model->named_parameters();
  auto std_of = [&](const std::string& name) { return params[name].std().item<double>(); };
  BOOST_TEST(std_of("shared.weight") == 1.0, boost::test_tools::tolerance(0.02));
  BOOST_TEST(std_of("lm_head.weight") == 1.0, boost::test_tools::tolerance(0.02));
  BOOST_TEST(
      std_of("encoder.block.1.layer.0.SelfAttention.q.weight") == 1.0 / std::sqrt(512.0 * 64.0),
      boost::test_tools::tolerance(0.02));
  BOOST_TEST(std_of("decoder.block.0.layer.1.EncDecAttention.k.weight") == 1.0 / std::sqrt(512.0),
             boost::test_tools::tolerance(0.02));
  BOOST_TEST(std_of("encoder.block.0.layer.0.SelfAttention.o.weight") == 1.0 / std::sqrt(384.0),
             boost::test_tools::tolerance(0.02));
  BOOST_TEST(std_of("decoder.block.2.layer.2.DenseReluDense.wo.weight") == 1.0 / std::sqrt(1024.0),
             boost::test_tools::tolerance(0.02));
  BOOST_TEST(params["encoder.final_layer_norm.weight"].eq(1).all().item<bool>());
}

BOOST_AUTO_TEST_CASE(encoder_padding_does_not_change_outputs) {
  at::manual_seed(1);
  T5 model(small_config());
  model->eval();
  at::Tensor ids = at::tensor({7L, 12L, 30L, 4L, 1L}).reshape({1, 5});
  at::Tensor mask = at::ones({1, 5}, at::kLong);
  at::Tensor padded_ids = at::cat({ids, at::zeros({1, 3}, at::kLong)}, 1);
  at::Tensor padded_mask = at::cat({mask, at::zeros({1, 3}, at::kLong)}, 1);
  at::Tensor decoder_ids = at::tensor({0L, 9L, 21L}).reshape({1, 3});

  at::Tensor logits = model->forward(ids, mask, decoder_ids);
  at::Tensor padded_logits = model->forward(padded_ids, padded_mask, decoder_ids);
  BOOST_TEST(at::allclose(logits, padded_logits, 1e-5, 1e-5));
  at::Tensor hidden = model->encode(ids, mask);
  at::Tensor padded_hidden = model->encode(padded_ids, padded_mask).slice(1, 0, 5);
  BOOST_TEST(at::allclose(hidden, padded_hidden, 1e-5, 1e-5));
}

BOOST_AUTO_TEST_CASE(a_batch_with_padding_equals_its_rows_run_alone) {
  at::manual_seed(2);
  T5 model(small_config());
  model->eval();
  at::Tensor ids = at::tensor({5L, 6L, 7L, 1L, 8L, 1L, 0L, 0L}).reshape({2, 4});
  at::Tensor mask = (ids != 0).to(at::kLong);
  at::Tensor decoder_ids = at::tensor({0L, 3L, 0L, 4L}).reshape({2, 2});
  at::Tensor both = model->forward(ids, mask, decoder_ids);
  at::Tensor second =
      model->forward(ids.slice(0, 1, 2).slice(1, 0, 2), mask.slice(0, 1, 2).slice(1, 0, 2),
                     decoder_ids.slice(0, 1, 2));
  BOOST_TEST(at::allclose(both.slice(0, 1, 2), second, 1e-5, 1e-5));
}

BOOST_AUTO_TEST_CASE(loss_ignores_padded_label_positions) {
  at::manual_seed(4);
  T5 model(small_config());
  model->eval();
  at::Tensor ids = at::tensor({5L, 6L, 1L}).reshape({1, 3});
  at::Tensor mask = at::ones({1, 3}, at::kLong);
  at::Tensor labels = at::tensor({17L, 1L}).reshape({1, 2});
  at::Tensor padded = at::tensor({17L, 1L, 0L, 0L}).reshape({1, 4});
  at::Tensor minus100 = at::tensor({17L, 1L, -100L}).reshape({1, 3});
  double loss = model->loss(ids, mask, labels).item<double>();
  BOOST_TEST(model->loss(ids, mask, padded).item<double>() == loss,
             boost::test_tools::tolerance(1e-5));
  BOOST_TEST(model->loss(ids, mask, minus100).item<double>() == loss,
             boost::test_tools::tolerance(1e-5));
  BOOST_TEST(model->loss_sum(ids, mask, padded).item<double>() == 2 * loss,
             boost::test_tools::tolerance(1e-5));
  BOOST_TEST(gensr::count_target_tokens(padded, 0) == 2);
}

BOOST_AUTO_TEST_CASE(loss_is_the_mean_token_cross_entropy_of_the_logits) {
  at::manual_seed(5);
  T5 model(small_config());
  model->eval();
  at::Tensor ids = at::tensor({5L, 6L, 1L}).reshape({1, 3});
  at::Tensor mask = at::ones({1, 3}, at::kLong);
  at::Tensor labels = at::tensor({17L, 1L}).reshape({1, 2});
  at::Tensor logits = model->forward(ids, mask, at::tensor({0L, 17L}).reshape({1, 2}));
  at::Tensor logp = at::log_softmax(logits, -1);
  double expected = -(logp[0][0][17].item<double>() + logp[0][1][1].item<double>()) / 2.0;
  BOOST_TEST(model->loss(ids, mask, labels).item<double>() == expected,
             boost::test_tools::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(shift_right_starts_with_the_decoder_start_token) {
  at::Tensor labels = at::tensor({17L, 1L, -100L}).reshape({1, 3});
  at::Tensor shifted = gensr::shift_right(labels, 0, 0);
  BOOST_TEST(at::equal(shifted, at::tensor({0L, 17L, 1L}).reshape({1, 3})));
}

BOOST_AUTO_TEST_CASE(backward_reaches_every_parameter) {
  at::manual_seed(6);
  T5 model(small_config());
  at::Tensor ids = at::tensor({5L, 6L, 1L}).reshape({1, 3});
  at::Tensor labels = at::tensor({17L, 1L}).reshape({1, 2});
  model->loss(ids, at::ones({1, 3}, at::kLong), labels).backward();
  for (const auto& p : model->named_parameters()) {
    BOOST_TEST_INFO(p.key());
    BOOST_TEST(p.value().grad().defined());
  }
}
