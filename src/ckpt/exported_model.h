#pragma once

// Reading back a folder that gensr-eval export wrote (or any HF T5 folder with an items.tsv):
// gensr-eval evaluates it as it evaluates a checkpoint, and gensr-train --init-from keeps its
// trained item rows.

#include <string>

#include "model/t5.h"

namespace gensr {

struct PreparedData;

// True when `path` is a folder holding config.json and model.safetensors (an HF model). A
// gensr-train run directory has a config.json but no model.safetensors.
bool is_hf_folder(const std::string& path);

// True when DIR/items.tsv exists and lists exactly the items of `data`, in token order from
// data.item_offset: the item rows of DIR's embedding and LM head are then the data's items.
bool exported_items_match(const std::string& dir, const PreparedData& data);

// The model of the HF folder DIR as it was exported, item rows included, for evaluation on
// `data`. Refuses (InputError or UsageError naming the file) a folder without items.tsv or whose
// items.tsv lists other items, a spiece.model other than the data's tokenizer, a gensr.json
// whose data fingerprint is not the data's, and a config.json whose vocabulary is not the data's
// text vocabulary plus its items.
T5 load_exported_t5(const std::string& dir, const PreparedData& data);

}  // namespace gensr
