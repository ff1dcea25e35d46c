#define BOOST_TEST_MODULE t5_vocab
#include <boost/test/unit_test.hpp>

#include <ATen/ATen.h>

#include "model/t5.h"
#include "util/error.h"

using gensr::T5;

namespace {

gensr::T5Config text_config(long rows) {
  gensr::T5Config c = gensr::t5_preset("tiny");
  c.vocab_size = rows;
  c.dropout_rate = 0.0;
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(resize_keeps_the_text_rows_of_embedding_and_head) {
  at::manual_seed(1);
  T5 model(text_config(48));  // e.g. 40 text pieces + 8 unused padding rows
  at::Tensor embedding = model->shared->weight.clone();
  at::Tensor head = model->lm_head->weight.clone();
  model->resize_token_embeddings(40 + 25, 40);
  BOOST_TEST(model->shared->weight.size(0) == 65);
  BOOST_TEST(model->lm_head->weight.size(0) == 65);
  BOOST_TEST(model->config().vocab_size == 65);
  BOOST_TEST(at::equal(model->shared->weight.slice(0, 0, 40), embedding.slice(0, 0, 40)));
  BOOST_TEST(at::equal(model->lm_head->weight.slice(0, 0, 40), head.slice(0, 0, 40)));
}

BOOST_AUTO_TEST_CASE(new_rows_are_the_text_mean_plus_small_noise) {
  at::manual_seed(2);
  T5 model(text_config(48));
  at::Tensor mean = model->shared->weight.slice(0, 0, 40).mean(0).clone();
  model->resize_token_embeddings(100, 40);
  at::Tensor fresh = model->shared->weight.slice(0, 40, 100);
  BOOST_TEST(at::allclose(fresh.mean(0), mean, 0.0, 0.01));
  double spread = (fresh - mean).std().item<double>();
  BOOST_TEST(spread > 0.0);   // rows differ from each other
  BOOST_TEST(spread < 0.02);  // ... by a small amount (text std ~1)
  BOOST_TEST(!at::equal(fresh[0], fresh[1]));
}

BOOST_AUTO_TEST_CASE(resized_parameters_stay_registered_once) {
  at::manual_seed(3);
  T5 model(text_config(48));
  model->resize_token_embeddings(60, 40);
  auto params = model->named_parameters();
  BOOST_TEST(params["shared.weight"].size(0) == 60);
  BOOST_TEST(params["lm_head.weight"].size(0) == 60);
  BOOST_TEST(params["shared.weight"].requires_grad());
  BOOST_TEST(params.size() == model->parameters().size());
}

BOOST_AUTO_TEST_CASE(item_tokens_after_resize_get_logits_and_gradients) {
  at::manual_seed(4);
  T5 model(text_config(48));
  model->resize_token_embeddings(60, 40);
  at::Tensor history = at::tensor({41L, 55L, 1L}).reshape({1, 3});  // item tokens, then EOS
  at::Tensor labels = at::tensor({59L, 1L}).reshape({1, 2});
  at::Tensor loss = model->loss(history, at::ones({1, 3}, at::kLong), labels);
  loss.backward();
  BOOST_TEST(std::isfinite(loss.item<double>()));
  BOOST_TEST(model->shared->weight.grad()[55].abs().sum().item<double>() > 0.0);
  BOOST_TEST(model->lm_head->weight.grad()[59].abs().sum().item<double>() > 0.0);
}

BOOST_AUTO_TEST_CASE(tied_models_resize_only_the_shared_embedding) {
  gensr::T5Config c = text_config(48);
  c.tie_word_embeddings = true;
  T5 model(c);
  BOOST_TEST(!model->lm_head);
  model->resize_token_embeddings(60, 40);
  at::Tensor logits = model->forward(at::tensor({3L, 1L}).reshape({1, 2}),
                                     at::ones({1, 2}, at::kLong), at::zeros({1, 1}, at::kLong));
  BOOST_TEST(logits.size(2) == 60);
}

BOOST_AUTO_TEST_CASE(resize_refuses_to_drop_special_tokens) {
  T5 model(text_config(48));
  BOOST_CHECK_THROW(model->resize_token_embeddings(60, 1), gensr::UsageError);  // drops EOS
  BOOST_CHECK_THROW(model->resize_token_embeddings(60, 49), gensr::UsageError);
}
