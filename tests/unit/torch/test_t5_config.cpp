#define BOOST_TEST_MODULE t5_config
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "model/t5_config.h"
#include "util/error.h"

using gensr::T5Config;

BOOST_AUTO_TEST_CASE(presets_have_flan_t5_sizes) {
  T5Config base = gensr::t5_preset("flan-t5-base");
  BOOST_TEST(base.d_model == 768);
  BOOST_TEST(base.d_ff == 2048);
  BOOST_TEST(base.num_heads == 12);
  BOOST_TEST(base.d_kv == 64);
  BOOST_TEST(base.num_layers == 12);
  BOOST_TEST(base.num_decoder_layers == 12);
  BOOST_TEST(base.relative_attention_num_buckets == 32);
  BOOST_TEST(base.relative_attention_max_distance == 128);
  BOOST_TEST(!base.tie_word_embeddings);
  T5Config small = gensr::t5_preset("flan-t5-small");
  BOOST_TEST(small.d_model == 512);
  BOOST_TEST(small.num_heads * small.d_kv == 384);
  T5Config tiny = gensr::t5_preset("tiny");
  BOOST_TEST(tiny.d_model == 64);
  BOOST_TEST(tiny.layer_norm_epsilon == 1e-6);
}

BOOST_AUTO_TEST_CASE(unknown_preset_is_a_usage_error) {
  BOOST_CHECK_THROW(gensr::t5_preset("t5-huge"), gensr::UsageError);
}

BOOST_AUTO_TEST_CASE(hf_json_round_trips) {
  T5Config c = gensr::t5_preset("flan-t5-small");
  c.vocab_size = 32200;
  c.dropout_rate = 0.05;
  T5Config back = gensr::t5_config_from_hf_json(gensr::t5_config_to_hf_json(c), "mem");
  BOOST_TEST(back.vocab_size == 32200);
  BOOST_TEST(back.d_model == 512);
  BOOST_TEST(back.num_heads == 6);
  BOOST_TEST(back.d_ff == 1024);
  BOOST_TEST(back.num_decoder_layers == 8);
  BOOST_TEST(back.dropout_rate == 0.05);
  BOOST_TEST(back.feed_forward_proj == "gated-gelu");
  BOOST_TEST(!back.tie_word_embeddings);
}

BOOST_AUTO_TEST_CASE(reads_a_flan_t5_base_config_json) {
  // The keys of google/flan-t5-base's config.json that matter.
  auto j = nlohmann::json::parse(R"({
    "architectures": ["T5ForConditionalGeneration"], "d_ff": 2048, "d_kv": 64, "d_model": 768,
    "decoder_start_token_id": 0, "dense_act_fn": "gelu_new", "dropout_rate": 0.1,
    "eos_token_id": 1, "feed_forward_proj": "gated-gelu", "initializer_factor": 1.0,
    "is_encoder_decoder": true, "is_gated_act": true, "layer_norm_epsilon": 1e-06,
    "model_type": "t5", "n_positions": 512, "num_decoder_layers": 12, "num_heads": 12,
    "num_layers": 12, "output_past": true, "pad_token_id": 0,
    "relative_attention_max_distance": 128, "relative_attention_num_buckets": 32,
    "tie_word_embeddings": false, "transformers_version": "4.23.1", "use_cache": true,
    "vocab_size": 32128})");
  T5Config c = gensr::t5_config_from_hf_json(j, "config.json");
  BOOST_TEST(c.vocab_size == 32128);
  BOOST_TEST(c.d_model == 768);
  BOOST_TEST(c.num_layers == 12);
  BOOST_TEST(!c.tie_word_embeddings);
}

BOOST_AUTO_TEST_CASE(missing_keys_take_hf_defaults) {
  auto j = nlohmann::json::parse(R"({"feed_forward_proj": "gated-gelu", "num_layers": 3})");
  T5Config c = gensr::t5_config_from_hf_json(j, "config.json");
  BOOST_TEST(c.num_decoder_layers == 3);  // HF: defaults to num_layers
  BOOST_TEST(c.d_model == 512);
  BOOST_TEST(c.tie_word_embeddings);  // HF's PretrainedConfig default
  BOOST_TEST(c.decoder_start_token_id == c.pad_token_id);
}

BOOST_AUTO_TEST_CASE(relu_t5_is_rejected_naming_the_key) {
  auto j = nlohmann::json::parse(R"({"model_type": "t5", "d_model": 64})");  // v1.0: relu
  try {
    gensr::t5_config_from_hf_json(j, "/w/config.json");
    BOOST_FAIL("expected InputError");
  } catch (const gensr::InputError& e) {
    BOOST_TEST(e.file() == "/w/config.json");
    BOOST_TEST(e.field() == "feed_forward_proj");
  }
}

BOOST_AUTO_TEST_CASE(wrong_type_is_an_input_error) {
  auto j = nlohmann::json::parse(R"({"feed_forward_proj": "gated-gelu", "d_model": "big"})");
  BOOST_CHECK_THROW(gensr::t5_config_from_hf_json(j, "config.json"), gensr::InputError);
}
