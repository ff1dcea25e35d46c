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
  // gensr's extension, 0 (off) in T5: learned embeddings of each encoder token's distance to
  // the end of its input (EOS 0, the token before it 1, ...; farther ones share the last row),
  // added to the token embeddings. T5's relative biases cannot say which history item is the
  // newest; a recommender needs exactly that (experiments/recipe/RESULTS.md). HF's T5 has no
  // such parameter, so models that use it do not export to HF.
  long encoder_end_positions = 0;
  // gensr's extension, 0 (off) in T5: a learned bias of each decoder head's cross-attention by
  // the encoder token's distance to the input's end (same distances as above), initialised to
  // decay with the distance at a different rate per head (steep in head 0, nearly flat in the
  // last). T5's cross-attention has no position signal at all, so a decoder whose first query is
  // the same for every input starts out averaging the whole history.
  long cross_end_positions = 0;
  // gensr's extension, off in T5 (BART's final_logits_bias): a learned bias per vocabulary row
  // added to the logits. Without it the item prior must live in a fixed direction of the
  // normalised decoder output, competing with everything the input says.
  bool output_bias = false;
  // gensr's extension, off in T5: the decoder's first input is the encoder's output at the last
  // input token (EOS) instead of the start token's embedding. T5's first decoder query is the
  // same for every input, so what the input says reaches the output only through cross-attention
  // averages; this puts a summary of the input on the decoder's residual path, as SASRec has
  // the newest item on its own.
  bool decoder_start_from_encoder = false;
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
