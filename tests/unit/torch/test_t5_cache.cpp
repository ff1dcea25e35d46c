#define BOOST_TEST_MODULE t5_cache
#include <boost/test/unit_test.hpp>

#include <ATen/ATen.h>

#include "model/t5.h"

using gensr::T5;

namespace {

T5 small_model(at::ScalarType dtype) {
  gensr::T5Config c = gensr::t5_preset("tiny");
  c.vocab_size = 40;
  c.num_layers = 2;
  c.num_decoder_layers = 3;
  at::manual_seed(11);
  T5 model(c);
  model->to(dtype);
  model->eval();
  return model;
}

struct Inputs {
  at::Tensor ids = at::tensor({5L, 9L, 13L, 1L, 7L, 22L, 1L, 0L}).reshape({2, 4});
  at::Tensor mask = (ids != 0).to(at::kLong);
  at::Tensor decoder_ids = at::tensor({0L, 30L, 31L, 1L, 0L, 17L, 2L, 33L}).reshape({2, 4});
};

// Feeds decoder_ids one position at a time and stacks the logits: [B, T, V].
at::Tensor step_by_step(T5& model, const Inputs& in) {
  at::Tensor hidden = model->encode(in.ids, in.mask);
  gensr::DecoderCache cache = model->start_decoding(hidden, in.mask);
  std::vector<at::Tensor> steps;
  for (long t = 0; t < in.decoder_ids.size(1); ++t)
    steps.push_back(model->decode_step(cache, in.decoder_ids.select(1, t)));
  BOOST_TEST(cache.length == in.decoder_ids.size(1));
  return at::stack(steps, 1);
}

}  // namespace

BOOST_AUTO_TEST_CASE(cached_steps_equal_teacher_forcing_in_float32) {
  T5 model = small_model(at::kFloat);
  Inputs in;
  at::Tensor forced = model->forward(in.ids, in.mask, in.decoder_ids);
  BOOST_TEST(at::allclose(step_by_step(model, in), forced, 1e-5, 1e-5));
}

BOOST_AUTO_TEST_CASE(cached_steps_equal_teacher_forcing_in_float64) {
  T5 model = small_model(at::kDouble);
  Inputs in;
  at::Tensor forced = model->forward(in.ids, in.mask, in.decoder_ids);
  at::Tensor cached = step_by_step(model, in);
  BOOST_TEST(cached.scalar_type() == at::kDouble);
  BOOST_TEST(at::allclose(cached, forced, 1e-12, 1e-12));
}

BOOST_AUTO_TEST_CASE(several_tokens_per_step_respect_causality) {
  T5 model = small_model(at::kDouble);
  Inputs in;
  at::Tensor forced = model->forward(in.ids, in.mask, in.decoder_ids);
  gensr::DecoderCache cache = model->start_decoding(model->encode(in.ids, in.mask), in.mask);
  model->decode_step(cache, in.decoder_ids.slice(1, 0, 1));
  at::Tensor last = model->decode_step(cache, in.decoder_ids.slice(1, 1, 4));
  BOOST_TEST(at::allclose(last, forced.select(1, 3), 1e-12, 1e-12));
}

BOOST_AUTO_TEST_CASE(reorder_moves_cached_rows_with_their_hypotheses) {
  T5 model = small_model(at::kDouble);
  Inputs in;
  at::Tensor forced = model->forward(in.ids, in.mask, in.decoder_ids);
  gensr::DecoderCache cache = model->start_decoding(model->encode(in.ids, in.mask), in.mask);
  model->decode_step(cache, in.decoder_ids.select(1, 0));
  model->decode_step(cache, in.decoder_ids.select(1, 1));
  cache.reorder(at::tensor({1L, 1L, 0L}));  // swap and duplicate, as beam search may
  BOOST_TEST(cache.rows() == 3);
  at::Tensor next = in.decoder_ids.select(1, 2).index_select(0, at::tensor({1L, 1L, 0L}));
  at::Tensor logits = model->decode_step(cache, next);
  BOOST_TEST(at::allclose(logits[0], forced[1][2], 1e-12, 1e-12));
  BOOST_TEST(at::allclose(logits[1], forced[1][2], 1e-12, 1e-12));
  BOOST_TEST(at::allclose(logits[2], forced[0][2], 1e-12, 1e-12));
}

BOOST_AUTO_TEST_CASE(reorder_expands_a_batch_to_beams_before_the_first_step) {
  T5 model = small_model(at::kDouble);
  Inputs in;
  at::Tensor forced = model->forward(in.ids, in.mask, in.decoder_ids);
  gensr::DecoderCache cache = model->start_decoding(model->encode(in.ids, in.mask), in.mask);
  cache.reorder(at::tensor({0L, 0L, 1L, 1L}));
  at::Tensor logits = model->decode_step(cache, in.decoder_ids.select(1, 0).repeat_interleave(2));
  BOOST_TEST(at::allclose(logits[3], forced[1][0], 1e-12, 1e-12));
  BOOST_TEST(at::allclose(logits[0], forced[0][0], 1e-12, 1e-12));
}
