#include "model/hf_t5.h"

#include <filesystem>
#include <set>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include "model/safetensors.h"
#include "util/error.h"

namespace gensr {

namespace {

std::string shape_text(at::IntArrayRef shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// HF lists the shared embedding under three names; files keep one or more of them.
const char* const kEmbeddingAliases[] = {"shared.weight", "encoder.embed_tokens.weight",
                                         "decoder.embed_tokens.weight"};

std::string file_name_for(const SafetensorsFile& file, const std::string& parameter) {
  if (parameter != "shared.weight") return parameter;
  for (const char* alias : kEmbeddingAliases)
    if (file.contains(alias)) return alias;
  return parameter;  // reported as missing under its HF name
}

}  // namespace

void load_hf_weights(T5& model, const std::string& safetensors_path) {
  SafetensorsFile file(safetensors_path);
  std::set<std::string> used;
  c10::NoGradGuard no_grad;
  for (auto& item : model->named_parameters()) {
    const std::string name = file_name_for(file, item.key());
    const SafetensorsEntry& entry = file.entry(name);  // throws: tensor missing
    at::Tensor& parameter = item.value();
    if (!at::IntArrayRef(entry.shape).equals(parameter.sizes()))
      throw InputError(safetensors_path, 0, name,
                       "shape " + shape_text(entry.shape) +
                           " in the file, but config.json's model needs " +
                           shape_text(parameter.sizes()));
    parameter.copy_(file.read_float(name));
    used.insert(name);
  }
  for (const std::string& name : file.names()) {
    if (used.count(name)) continue;
    bool alias = false;
    for (const char* a : kEmbeddingAliases) alias = alias || name == a;
    // Tied models may still carry lm_head.weight as a copy of the embedding.
    if (alias || (name == "lm_head.weight" && model->config().tie_word_embeddings)) continue;
    throw InputError(safetensors_path, 0, name,
                     "tensor has no place in the model config.json describes "
                     "(layer counts or architecture differ?)");
  }
}

T5 load_hf_t5(const std::string& dir, long item_offset, long item_count, double dropout_rate) {
  const std::filesystem::path root(dir);
  T5Config config = read_t5_config((root / "config.json").string());
  if (dropout_rate >= 0) config.dropout_rate = dropout_rate;
  const std::string weights = (root / "model.safetensors").string();
  if (item_offset <= 0 || item_offset > config.vocab_size)
    throw InputError(weights, 0, "shared.weight",
                     "item offset " + std::to_string(item_offset) +
                         " must lie within the checkpoint's " + std::to_string(config.vocab_size) +
                         " vocabulary rows");
  if (item_count < 0) throw UsageError("load_hf_t5: negative item count");
  T5 model(config);
  load_hf_weights(model, weights);
  model->resize_token_embeddings(item_offset + item_count, item_offset);
  return model;
}

void save_hf_t5(T5& model, const std::string& dir) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path root(dir);
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (const auto& item : model->named_parameters()) tensors.emplace_back(item.key(), item.value());
  write_safetensors((root / "model.safetensors").string(), tensors);
  write_t5_config(model->config(), (root / "config.json").string());
}

}  // namespace gensr
