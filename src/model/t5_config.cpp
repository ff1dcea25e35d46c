#include "model/t5_config.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/error.h"

namespace gensr {

T5Config t5_preset(const std::string& name) {
  T5Config c;
  if (name == "tiny") return c;  // the struct's defaults are the tiny model
  if (name == "flan-t5-small") {
    // HF's google/flan-t5-small: 6 heads of 64 (inner dim 384 != d_model).
    c.d_model = 512;
    c.d_kv = 64;
    c.d_ff = 1024;
    c.num_heads = 6;
    c.num_layers = 8;
    c.num_decoder_layers = 8;
    return c;
  }
  if (name == "flan-t5-base") {
    c.d_model = 768;
    c.d_kv = 64;
    c.d_ff = 2048;
    c.num_heads = 12;
    c.num_layers = 12;
    c.num_decoder_layers = 12;
    return c;
  }
  throw UsageError("unknown model preset '" + name +
                   "' (known: tiny, flan-t5-small, flan-t5-base)");
}

nlohmann::json t5_config_to_hf_json(const T5Config& c) {
  return {
      {"architectures", {"T5ForConditionalGeneration"}},
      {"model_type", "t5"},
      {"is_encoder_decoder", true},
      {"vocab_size", c.vocab_size},
      {"d_model", c.d_model},
      {"d_kv", c.d_kv},
      {"d_ff", c.d_ff},
      {"num_heads", c.num_heads},
      {"num_layers", c.num_layers},
      {"num_decoder_layers", c.num_decoder_layers},
      {"relative_attention_num_buckets", c.relative_attention_num_buckets},
      {"relative_attention_max_distance", c.relative_attention_max_distance},
      {"dropout_rate", c.dropout_rate},
      {"layer_norm_epsilon", c.layer_norm_epsilon},
      {"initializer_factor", c.initializer_factor},
      {"feed_forward_proj", c.feed_forward_proj},
      {"dense_act_fn", "gelu_new"},
      {"is_gated_act", true},
      {"tie_word_embeddings", c.tie_word_embeddings},
      {"pad_token_id", c.pad_token_id},
      {"eos_token_id", c.eos_token_id},
      {"decoder_start_token_id", c.decoder_start_token_id},
      {"use_cache", true},
  };
}

namespace {

template <typename T>
void take(const nlohmann::json& j, const char* key, T& out, const std::string& source) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  try {
    out = it->get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source, 0, key, std::string("wrong type: ") + e.what());
  }
}

}  // namespace

T5Config t5_config_from_hf_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw InputError(source, 0, "", "config is not a JSON object");
  if (j.contains("model_type") && j["model_type"] != "t5")
    throw InputError(source, 0, "model_type", "expected \"t5\", got " + j["model_type"].dump());
  // Start from HF's T5Config defaults, not our tiny preset, so a sparse config.json means
  // what it means to HF.
  T5Config c;
  c.vocab_size = 32128;
  c.d_model = 512;
  c.d_kv = 64;
  c.d_ff = 2048;
  c.num_heads = 8;
  c.num_layers = 6;
  c.num_decoder_layers = -1;
  c.feed_forward_proj = "relu";
  c.tie_word_embeddings = true;
  c.decoder_start_token_id = -1;
  take(j, "vocab_size", c.vocab_size, source);
  take(j, "d_model", c.d_model, source);
  take(j, "d_kv", c.d_kv, source);
  take(j, "d_ff", c.d_ff, source);
  take(j, "num_heads", c.num_heads, source);
  take(j, "num_layers", c.num_layers, source);
  take(j, "num_decoder_layers", c.num_decoder_layers, source);
  take(j, "relative_attention_num_buckets", c.relative_attention_num_buckets, source);
  take(j, "relative_attention_max_distance", c.relative_attention_max_distance, source);
  take(j, "dropout_rate", c.dropout_rate, source);
  take(j, "layer_norm_epsilon", c.layer_norm_epsilon, source);
  take(j, "initializer_factor", c.initializer_factor, source);
  take(j, "feed_forward_proj", c.feed_forward_proj, source);
  take(j, "tie_word_embeddings", c.tie_word_embeddings, source);
  take(j, "pad_token_id", c.pad_token_id, source);
  take(j, "eos_token_id", c.eos_token_id, source);
  take(j, "decoder_start_token_id", c.decoder_start_token_id, source);
  if (c.num_decoder_layers < 0) c.num_decoder_layers = c.num_layers;
  if (c.decoder_start_token_id < 0) c.decoder_start_token_id = c.pad_token_id;
  if (c.feed_forward_proj != "gated-gelu")
    throw InputError(source, 0, "feed_forward_proj",
                     "\"" + c.feed_forward_proj +
                         "\" is not supported: gensr implements the flan-T5 / T5 v1.1 "
                         "\"gated-gelu\" feed-forward only");
  try {
    validate(c);
  } catch (const UsageError& e) {
    throw InputError(source, 0, "", e.what());
  }
  return c;
}

T5Config read_t5_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "", "cannot open config file");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, "", std::string("not valid JSON: ") + e.what());
  }
  return t5_config_from_hf_json(j, path);
}

void write_t5_config(const T5Config& config, const std::string& path) {
  write_file_atomic(path, t5_config_to_hf_json(config).dump(2) + "\n");
}

void validate(const T5Config& c) {
  auto positive = [](long v, const char* name) {
    if (v <= 0) throw UsageError(std::string("T5 config: ") + name + " must be positive");
  };
  positive(c.vocab_size, "vocab_size");
  positive(c.d_model, "d_model");
  positive(c.d_kv, "d_kv");
  positive(c.d_ff, "d_ff");
  positive(c.num_heads, "num_heads");
  positive(c.num_layers, "num_layers");
  positive(c.num_decoder_layers, "num_decoder_layers");
  // Bidirectional buckets split the count in halves, each half into exact and log buckets.
  if (c.relative_attention_num_buckets < 4 || c.relative_attention_num_buckets % 4 != 0)
    throw UsageError("T5 config: relative_attention_num_buckets must be a positive multiple of 4");
  // The causal bucketing takes logs of max_distance / (num_buckets / 2).
  if (c.relative_attention_max_distance <= c.relative_attention_num_buckets / 2)
    throw UsageError("T5 config: relative_attention_max_distance must exceed num_buckets / 2");
  if (c.dropout_rate < 0 || c.dropout_rate >= 1)
    throw UsageError("T5 config: dropout_rate must be in [0, 1)");
  if (c.layer_norm_epsilon <= 0) throw UsageError("T5 config: layer_norm_epsilon must be > 0");
  if (c.feed_forward_proj != "gated-gelu")
    throw UsageError("T5 config: only feed_forward_proj \"gated-gelu\" is implemented");
  for (long id : {c.pad_token_id, c.eos_token_id, c.decoder_start_token_id})
    if (id < 0 || id >= c.vocab_size)
      throw UsageError("T5 config: special token ids must lie inside the vocabulary");
}

}  // namespace gensr
