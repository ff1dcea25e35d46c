// gensr's T5 extensions (T5Config: encoder_end_positions, cross_end_positions, output_bias,
// decoder_start_from_encoder): each off by default, kept in config.json, and doing what it says.
#define BOOST_TEST_MODULE t5_extensions
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <nlohmann/json.hpp>

#include "model/t5.h"
#include "model/t5_config.h"
#include "util/error.h"

using gensr::T5;
using gensr::T5Config;

namespace {

T5Config config_with(long end_positions) {
  T5Config c = gensr::t5_preset("tiny");
  c.vocab_size = 50;
  c.dropout_rate = 0.0;
  c.encoder_end_positions = end_positions;
  return c;
}

T5Config all_extensions() {
  T5Config c = config_with(6);
  c.cross_end_positions = 5;
  c.output_bias = true;
  c.decoder_start_from_encoder = true;
  return c;
}

// Feeds decoder_ids one position at a time through the cache and stacks the logits.
at::Tensor step_by_step(T5& model, const at::Tensor& ids, const at::Tensor& mask,
                        const at::Tensor& decoder_ids) {
  gensr::DecoderCache cache = model->start_decoding(model->encode(ids, mask), mask);
  std::vector<at::Tensor> steps;
  for (long t = 0; t < decoder_ids.size(1); ++t)
    steps.push_back(model->decode_step(cache, decoder_ids.select(1, t)));
  return at::stack(steps, 1);
}

// Zeroes the relative position biases, leaving the end positions as the only mark of order.
void zero_relative_biases(T5& model) {
  c10::NoGradGuard no_grad;
  for (auto& p : model->named_parameters())
    if (p.key().find("relative_attention_bias") != std::string::npos) p.value().zero_();
}

// Encoder output of token `token` in a one-row input.
at::Tensor output_of(T5& model, const at::Tensor& ids, long token) {
  at::Tensor hidden = model->encode(ids, at::ones_like(ids));
  at::Tensor at_token = (ids[0] == token).nonzero().squeeze();
  return hidden[0][at_token.item<long>()];
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_size_is_kept_in_config_json_and_absent_when_off) {
  T5Config c = config_with(16);
  nlohmann::json j = gensr::t5_config_to_hf_json(c);
  BOOST_TEST(j.at("gensr_encoder_end_positions").get<long>() == 16);
  BOOST_TEST(gensr::t5_config_from_hf_json(j, "mem").encoder_end_positions == 16);
  BOOST_TEST(!gensr::t5_config_to_hf_json(config_with(0)).contains("gensr_encoder_end_positions"));
  BOOST_TEST(gensr::t5_config_from_hf_json(gensr::t5_config_to_hf_json(config_with(0)), "mem")
                 .encoder_end_positions == 0);
  BOOST_CHECK_THROW(gensr::validate(config_with(-1)), gensr::UsageError);
}

BOOST_AUTO_TEST_CASE(every_extension_round_trips_through_config_json) {
  const T5Config back =
      gensr::t5_config_from_hf_json(gensr::t5_config_to_hf_json(all_extensions()), "mem");
  BOOST_TEST(back.encoder_end_positions == 6);
  BOOST_TEST(back.cross_end_positions == 5);
  BOOST_TEST(back.output_bias);
  BOOST_TEST(back.decoder_start_from_encoder);
  const nlohmann::json off = gensr::t5_config_to_hf_json(config_with(0));
  for (const auto& item : off.items())
    BOOST_TEST(item.key().rfind("gensr_", 0) != 0, item.key() << " written while off");
}

BOOST_AUTO_TEST_CASE(parameter_count_includes_the_extensions) {
  for (const T5Config& c : {config_with(16), all_extensions()}) {
    T5 model(c);
    int64_t total = 0;
    for (const at::Tensor& p : model->parameters()) total += p.numel();
    BOOST_TEST(total == gensr::t5_parameter_count(c));
  }
  BOOST_TEST(gensr::t5_parameter_count(config_with(16)) - gensr::t5_parameter_count(config_with(0)) ==
             16 * 64);
  auto names = T5(all_extensions())->named_parameters();
  for (const char* name :
       {"encoder_end_positions.weight", "cross_end_bias.weight", "final_logits_bias"})
    BOOST_TEST(names.contains(name), name);
}

BOOST_AUTO_TEST_CASE(cross_end_bias_starts_steep_in_head_0_and_flat_in_the_last) {
  T5 model(all_extensions());
  at::Tensor table = model->cross_end_bias->weight;  // [distance, head]
  BOOST_TEST(table[0].abs().max().item<double>() == 0.0);
  BOOST_TEST(table[2][0].item<double>() == -2.0);
  BOOST_TEST(table[2][3].item<double>() == -2.0 / 64, boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(output_bias_starts_at_the_centred_log_frequency_of_items) {
  T5 model(all_extensions());
  const long offset = 40;  // items are rows 40..49
  at::Tensor counts = at::tensor({9L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L});
  model->init_output_bias(counts, offset);
  at::Tensor bias = model->final_logits_bias;
  const double top = std::log(10.0) - std::log(10.0) / 10, rest = -std::log(10.0) / 10;
  BOOST_TEST(bias[40].item<double>() == top, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(bias[41].item<double>() == rest, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(bias[1].item<double>() == rest, boost::test_tools::tolerance(1e-5));  // EOS
  // The bias is added to the logits: moving it moves them by as much.
  model->eval();
  at::Tensor ids = at::tensor({5L, 6L, 1L}).reshape({1, 3});
  at::Tensor start = at::zeros({1, 1}, at::kLong);
  at::Tensor before = model->forward(ids, at::ones_like(ids), start);
  {
    c10::NoGradGuard no_grad;
    model->final_logits_bias[7].add_(3.0);
  }
  at::Tensor after = model->forward(ids, at::ones_like(ids), start);
  BOOST_TEST((after - before)[0][0][7].item<double>() == 3.0, boost::test_tools::tolerance(1e-4));
  BOOST_TEST((after - before)[0][0][8].item<double>() == 0.0, boost::test_tools::tolerance(1e-4));
}

BOOST_AUTO_TEST_CASE(cached_decoding_equals_teacher_forcing_with_every_extension) {
  at::manual_seed(8);
  T5 model(all_extensions());
  model->to(at::kDouble);
  model->eval();
  at::Tensor ids = at::tensor({5L, 9L, 13L, 1L, 7L, 22L, 1L, 0L}).reshape({2, 4});
  at::Tensor mask = (ids != 0).to(at::kLong);
  at::Tensor decoder_ids = at::tensor({0L, 30L, 31L, 0L, 17L, 2L}).reshape({2, 3});
  at::Tensor forced = model->forward(ids, mask, decoder_ids);
  BOOST_TEST(at::allclose(step_by_step(model, ids, mask, decoder_ids), forced, 1e-9, 1e-9));
}

BOOST_AUTO_TEST_CASE(decoder_start_from_encoder_replaces_the_start_embedding) {
  // Same weights (the option adds none): only the first decoder input differs.
  T5Config c = config_with(0);
  at::manual_seed(9);
  T5 plain(c);
  c.decoder_start_from_encoder = true;
  at::manual_seed(9);
  T5 model(c);
  plain->eval();
  model->eval();
  at::Tensor a = at::tensor({5L, 1L}).reshape({1, 2});
  at::Tensor start = at::zeros({1, 1}, at::kLong);
  BOOST_TEST(!at::allclose(model->forward(a, at::ones_like(a), start),
                           plain->forward(a, at::ones_like(a), start), 1e-4, 1e-4));
  // The start vector is exactly the encoder output at each row's EOS, padding or not.
  at::Tensor ids = at::tensor({5L, 9L, 1L, 6L, 1L, 0L}).reshape({2, 3});
  at::Tensor mask = (ids != 0).to(at::kLong);
  gensr::DecoderCache cache = model->start_decoding(model->encode(ids, mask), mask);
  at::Tensor hidden = model->encode(ids, mask);
  BOOST_TEST(at::allclose(cache.start[0], hidden[0][2]));
  BOOST_TEST(at::allclose(cache.start[1], hidden[1][1]));
}

BOOST_AUTO_TEST_CASE(without_relative_biases_only_end_positions_tell_the_order) {
  at::manual_seed(5);
  at::Tensor ab = at::tensor({7L, 9L, 1L}).reshape({1, 3});
  at::Tensor ba = at::tensor({9L, 7L, 1L}).reshape({1, 3});

  T5 plain(config_with(0));
  plain->eval();
  zero_relative_biases(plain);
  // Self-attention without any position signal is permutation-equivariant.
  BOOST_TEST(at::allclose(output_of(plain, ab, 7), output_of(plain, ba, 7), 1e-5, 1e-5));

  T5 marked(config_with(8));
  marked->eval();
  zero_relative_biases(marked);
  BOOST_TEST(!at::allclose(output_of(marked, ab, 7), output_of(marked, ba, 7), 1e-3, 1e-3));
}

BOOST_AUTO_TEST_CASE(distances_count_from_each_rows_own_end_under_right_padding) {
  at::manual_seed(6);
  T5 model(config_with(4));
  model->eval();
  // Row 1 is shorter: its EOS is at index 1 and must get distance 0 as row 0's does at 3.
  at::Tensor ids = at::tensor({5L, 6L, 7L, 1L, 8L, 1L, 0L, 0L}).reshape({2, 4});
  at::Tensor mask = (ids != 0).to(at::kLong);
  at::Tensor both = model->encode(ids, mask);
  at::Tensor alone =
      model->encode(ids.slice(0, 1, 2).slice(1, 0, 2), mask.slice(0, 1, 2).slice(1, 0, 2));
  BOOST_TEST(at::allclose(both.slice(0, 1, 2).slice(1, 0, 2), alone, 1e-5, 1e-5));
  // Distances beyond the table share its last row: a 6-token input runs without error.
  at::Tensor longer = at::tensor({5L, 6L, 7L, 8L, 9L, 1L}).reshape({1, 6});
  BOOST_TEST(model->encode(longer, at::ones_like(longer)).size(1) == 6);
}
