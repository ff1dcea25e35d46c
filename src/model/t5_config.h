#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace gensr {

// Sizes and conventions of a T5 encoder-decoder in the flan-T5 / T5 v1.1 form. Field names
// follow HF's T5Config so config.json maps one to one.
struct T5Config {
  long vocab_size = 32128;
  long d_model = 64;
  long d_kv = 16;
  long d_ff = 128;
  long num_heads = 4;
  long num_layers = 2;
  long num_decoder_layers = 2;
  long relative_attention_num_buckets = 32;
  long relative_attention_max_distance = 128;
  double dropout_rate = 0.1;
  double layer_norm_epsilon = 1e-6;
  double initializer_factor = 1.0;
  // Only "gated-gelu" (gated tanh GELU, weights wi_0/wi_1/wo) is implemented.
  std::string feed_forward_proj = "gated-gelu";
  bool tie_word_embeddings = false;
  long pad_token_id = 0;
  long eos_token_id = 1;
  long decoder_start_token_id = 0;

  long inner_dim() const { return num_heads * d_kv; }
};

// Named sizes: "tiny" (trains in minutes on CPU), "flan-t5-small", "flan-t5-base". The text
// vocabulary defaults to T5's 32128 rows; callers resize for their items. Throws UsageError
// for an unknown name.
T5Config t5_preset(const std::string& name);

// HF config.json <-> T5Config. from_hf_json fills absent keys with HF's T5Config defaults
// (note: HF's default tie_word_embeddings is true, flan-T5 sets it false) and throws
// InputError(source, 0, key, problem) for a wrong type or an unsupported architecture.
nlohmann::json t5_config_to_hf_json(const T5Config& config);
T5Config t5_config_from_hf_json(const nlohmann::json& json, const std::string& source);

// Reads / writes config.json files (atomic write); errors name the file.
T5Config read_t5_config(const std::string& path);
void write_t5_config(const T5Config& config, const std::string& path);

// Throws UsageError when sizes are inconsistent (non-positive, odd bucket counts...).
void validate(const T5Config& config);

}  // namespace gensr
