#pragma once

// gensr-eval export: a T5 checkpoint as a Hugging Face model folder that transformers'
// T5ForConditionalGeneration.from_pretrained(DIR) loads, with what a user needs to feed it and
// to read its answers (docs/export.md): model.safetensors, config.json, items.tsv (item token
// -> item id), the SentencePiece model and tokenizer files where the data had queries,
// gensr.json (where it came from) and a README.md.

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace gensr {

struct PreparedData;

// Throws UsageError naming `source` when the model a checkpoint's /config "model" JSON describes
// has no HF T5 form: a SASRec (model_type "sasrec"), or a T5 that uses one of gensr's own
// extensions, i.e. has a key starting with "gensr_" whose value is set (anything but null,
// false, 0 or empty).
void check_hf_exportable(const nlohmann::json& model_config, const std::string& source);

// Writes the T5 checkpoint file `checkpoint`, trained on `data` (refused otherwise, as
// evaluation refuses it), as the folder `out`. The folder is built beside `out` under a
// temporary name and renamed into place, so `out` is either absent, the previous export or the
// whole new one; an existing `out` that is not an export (no gensr.json) and not empty is
// refused. Returns the gensr.json it wrote.
nlohmann::json export_hf_t5(const std::string& checkpoint, const PreparedData& data,
                            const std::string& out);

}  // namespace gensr
