#pragma once

// HF T5 checkpoints in and out: a folder with model.safetensors + config.json.

#include <string>

#include "model/t5.h"

namespace gensr {

// Copies the tensors of an HF T5 model.safetensors into `model` by HF name. The embedding is
// read from shared.weight, or from its aliases encoder/decoder.embed_tokens.weight when a file
// lacks it. F32, F16 and BF16 tensors are accepted (widened to float32). Throws InputError
// naming the file and the tensor for a missing tensor, a wrong shape, a truncated file or a
// tensor the model has no place for.
void load_hf_weights(T5& model, const std::string& safetensors_path);

// Builds a model from dir/config.json and dir/model.safetensors, then makes room for
// `item_count` item tokens from `item_offset`: rows 0..item_offset-1 of the embedding and LM
// head are kept and the item rows start from their mean (T5Impl::resize_token_embeddings).
// item_offset is the text vocabulary size (32100 for T5's spiece.model), which may be below
// the checkpoint's row count (32128 for flan-T5: its unused padding rows are dropped).
// `dropout_rate` < 0 keeps the checkpoint's.
T5 load_hf_t5(const std::string& dir, long item_offset, long item_count,
              double dropout_rate = -1.0);

// Writes dir/model.safetensors (float32, HF names, the embedding once as shared.weight) and
// dir/config.json so that transformers' T5ForConditionalGeneration.from_pretrained(dir)
// loads the model. Creates dir when needed.
void save_hf_t5(T5& model, const std::string& dir);

}  // namespace gensr
