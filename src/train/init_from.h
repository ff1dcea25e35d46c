#pragma once

// gensr-train --init-from DIR: starting a run from an imported HF T5 (model.safetensors +
// config.json) instead of a random initialisation.

#include <string>

#include "model/t5.h"

namespace gensr {

struct PreparedData;

// Checks that DIR is an HF T5 folder the prepared data can start from: DIR/config.json (a T5
// config with at least data.item_offset vocabulary rows) and DIR/model.safetensors exist, and
// DIR/spiece.model, when present, is the tokenizer the data was prepared with. Throws
// UsageError or InputError naming DIR and what is wrong.
T5Config init_from_config(const std::string& dir, const PreparedData& data);

// The model of DIR with rows 0..item_offset-1 of the embedding and LM head kept and one
// mean-initialised row per item of `data` after them (load_hf_t5); dropout set to `dropout`.
// When DIR/items.tsv lists exactly the data's items (a folder gensr-eval export wrote from a
// model of this data), every row is kept: the trained item rows too.
T5 init_from_model(const std::string& dir, const PreparedData& data, double dropout);

}  // namespace gensr
