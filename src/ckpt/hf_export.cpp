#include "ckpt/hf_export.h"

#include <unistd.h>

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ckpt/checkpoint.h"
#include "data/item_map.h"
#include "data/prepared.h"
#include "data/spiece_model.h"
#include "model/hf_t5.h"
#include "model/t5.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

namespace {

namespace fs = std::filesystem;

const char* kFormat = "gensr-hf-export";

bool is_set(const nlohmann::json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string() || v.is_array() || v.is_object()) return !v.empty();
  return true;
}

// Removes a half-built folder unless released.
class FolderGuard {
 public:
  explicit FolderGuard(fs::path path) : path_(std::move(path)) {}
  ~FolderGuard() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  FolderGuard(const FolderGuard&) = delete;
  FolderGuard& operator=(const FolderGuard&) = delete;
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

// HF's T5Tokenizer: SentencePiece ids as they are, then `extra_ids` sentinel tokens
// (<extra_id_N>) up to the item offset. gensr's inputs are plain SentencePiece ids + EOS, which
// is what the tokenizer gives for text without special tokens (legacy mode: nothing inserted).
void write_tokenizer(const fs::path& dir, const CheckpointMeta& meta, const PreparedData& data,
                     std::int64_t extra_ids) {
  write_file_atomic((dir / "spiece.model").string(), meta.tokenizer);
  const nlohmann::json special = {
      {"eos_token", "</s>"}, {"unk_token", "<unk>"}, {"pad_token", "<pad>"}};
  nlohmann::json config = special;
  config["tokenizer_class"] = "T5Tokenizer";
  config["extra_ids"] = extra_ids;
  config["legacy"] = true;
  // truncation=True then keeps max_query_tokens - 1 pieces and EOS, as gensr-data prepare did.
  config["model_max_length"] = data.max_query_tokens;
  write_file_atomic((dir / "tokenizer_config.json").string(), config.dump(2) + "\n");
  write_file_atomic((dir / "special_tokens_map.json").string(), special.dump(2) + "\n");
}

std::string readme(const nlohmann::json& g, const T5Config& c, bool tokenizer) {
  const std::int64_t offset = g["item_offset"], items = g["items"];
  const std::int64_t max_history = g["max_history"], max_query = g["max_query_tokens"];
  std::ostringstream md;
  md << "# A gensr generative retrieval model as Hugging Face T5\n\n"
     << "Exported by `gensr-eval export` from `" << g["checkpoint"].get<std::string>()
     << "` (global step " << g["global_step"] << ", tasks "
     << g["training"].value("tasks", std::string("?")) << ", gensr "
     << g["gensr_version"].get<std::string>() << "). It maps a search query's text or a user's "
     << "item history to one item token followed by EOS. `gensr.json` records where it came "
        "from.\n\n"
     << "## Files\n"
     << "- `model.safetensors`, `config.json`: `T5ForConditionalGeneration` in float32, "
     << c.vocab_size << " vocabulary rows, "
     << (c.tie_word_embeddings
             ? "embedding and LM head tied (the decoder output is scaled by d_model^-0.5 before "
               "the head, as HF's T5 does when tied)"
             : "untied LM head (`lm_head.weight`)")
     << ".\n"
     << "- `items.tsv`: `token_id<TAB>item_id`. Token ids " << offset << ".." << offset + items - 1
     << " are the " << items << " items, one token each; ids below " << offset
     << " are text (0 pad, 1 EOS, 2 unknown).\n";
  if (tokenizer)
    md << "- `spiece.model`, `tokenizer_config.json`, `special_tokens_map.json`: the SentencePiece "
       << "tokenizer of the queries (" << g["text_pieces"] << " pieces, " << g["extra_ids"]
       << " extra ids). The item tokens are not in it: read them from `items.tsv`.\n";
  else
    md << "- No tokenizer: the data had no queries, so every input is an item history.\n";
  md << "- `gensr.json`: the checkpoint, the prepared data's fingerprint, the training options.\n\n"
     << "## Inputs\n";
  if (tokenizer)
    md << "- Search: the query's text as in the dataset's `queries.tsv`, SentencePiece pieces cut "
       << "to " << max_query - 1 << ", then EOS (1): `tokenizer(texts, truncation=True)` gives "
       << "exactly that (`model_max_length` is " << max_query << ").\n";
  md << "- Recommendation: the item tokens of the user's " << max_history
     << " most recent items, oldest first, with no separator, then EOS (1).\n"
     << "Pad batches with 0 and give the `attention_mask`.\n\n"
     << "## Decoding an item\n"
     << "The decoder starts from token 0 (`decoder_start_token_id`); its first token is the item, "
     << "the second EOS. gensr's default (`gensr-eval --decoding topk`) ranks the items by the "
     << "log-probability of their token at that first step, which equals beam search constrained "
     << "to item tokens:\n\n"
     << "```python\nimport torch\nfrom transformers import T5ForConditionalGeneration";
  if (tokenizer) md << ", T5Tokenizer";
  md << "\n\nDIR = \"path/to/this/folder\"\nITEM_OFFSET, NUM_ITEMS = " << offset << ", " << items
     << "\nmodel = T5ForConditionalGeneration.from_pretrained(DIR).eval()\n"
     << "with open(f\"{DIR}/items.tsv\") as f:\n    next(f)  # header\n"
     << "    item_of = {int(t): i for t, i in (line.rstrip(\"\\n\").split(\"\\t\") for line in "
        "f)}\n"
     << "token_of = {i: t for t, i in item_of.items()}\n\n";
  if (tokenizer)
    md << "tokenizer = T5Tokenizer.from_pretrained(DIR)\n"
       << "batch = tokenizer([\"some query\"], return_tensors=\"pt\", padding=True, "
          "truncation=True)\n"
       << "# recommendation instead:\n";
  md << (tokenizer ? "# " : "") << "history = [\"an item id\", \"another\"]  # oldest first\n"
     << (tokenizer ? "# " : "") << "ids = torch.tensor([[token_of[i] for i in history[-"
     << max_history << ":]] + [1]])\n"
     << (tokenizer ? "# " : "") << "batch = {\"input_ids\": ids, \"attention_mask\": "
     << "torch.ones_like(ids)}\n\n"
     << "with torch.no_grad():\n"
     << "    start = torch.zeros((batch[\"input_ids\"].shape[0], 1), dtype=torch.long)\n"
     << "    logits = model(**batch, decoder_input_ids=start).logits[:, 0]\n"
     << "    scores = logits.log_softmax(-1)[:, ITEM_OFFSET:ITEM_OFFSET + NUM_ITEMS]\n"
     << "    top = scores.topk(10)\n"
     << "print([[item_of[ITEM_OFFSET + int(j)] for j in row] for row in top.indices])\n```\n\n"
     << "With `generate` (beam search over item tokens, then EOS; each sequence is "
     << "`[0, item token, 1]`):\n\n"
     << "```python\nitem_tokens = list(range(ITEM_OFFSET, ITEM_OFFSET + NUM_ITEMS))\n"
     << "out = model.generate(**batch, num_beams=10, num_return_sequences=10, max_new_tokens=2,\n"
     << "                     prefix_allowed_tokens_fn=lambda b, ids: item_tokens if len(ids) == 1 "
        "else [1])\n"
     << "print([item_of[int(seq[1])] for seq in out])\n```\n\n"
     << "Unconstrained generation (as the paper's diverse beam search) may also produce text "
     << "tokens; drop sequences whose second token is not in `items.tsv`.\n\n"
     << "To evaluate this folder with gensr, or to train on from it: `gensr-eval --checkpoint DIR "
     << "...`, `gensr-train --init-from DIR ...` with the same prepared data.\n";
  return md.str();
}

}  // namespace

void check_hf_exportable(const nlohmann::json& model_config, const std::string& source) {
  if (!model_config.is_object())
    throw InputError(source, 0, "model", "the model config is not a JSON object");
  const std::string type = model_config.value("model_type", std::string("t5"));
  if (type == "sasrec")
    throw UsageError(source +
                     " is a SASRec recommender (model_type \"sasrec\"): Hugging Face's T5 cannot "
                     "represent it; only T5 checkpoints (gensr-train --arch t5) export");
  for (const auto& [key, value] : model_config.items())
    if (key.rfind("gensr_", 0) == 0 && is_set(value))
      throw UsageError(source + ": the model uses gensr's extension " + key + " = " + value.dump() +
                       ", which Hugging Face's T5 cannot represent; only models trained "
                       "without gensr's extensions export (docs/export.md)");
}

nlohmann::json export_hf_t5(const std::string& checkpoint, const PreparedData& data,
                            const std::string& out) {
  // items.tsv gives each item one token row; a semantic-ID model's rows are codes.
  if (data.semantic_ids())
    throw UsageError(
        "export: the data was prepared with --item-ids (semantic IDs); exporting a "
        "semantic-ID model is not built yet (docs/semantic-ids.md)");
  fs::path target = fs::path(out).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();  // "dir/"
  if (target.empty()) throw UsageError("--out: empty path");
  if (fs::exists(target)) {
    if (!fs::is_directory(target)) throw UsageError("--out " + out + " exists and is not a folder");
    if (!fs::is_empty(target) && !fs::exists(target / "gensr.json"))
      throw UsageError("--out " + out +
                       " is a folder gensr-eval export did not write (no gensr.json): choose a "
                       "new or empty folder");
  }

  const CheckpointMeta meta = read_checkpoint_meta(checkpoint);
  check_fingerprint(checkpoint, meta, data.fingerprint);
  nlohmann::json model_json;
  try {
    model_json = nlohmann::json::parse(meta.model_config_json);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(checkpoint, 0, "/config/model", std::string("not valid JSON: ") + e.what());
  }
  check_hf_exportable(model_json, checkpoint);
  const T5Config config = t5_config_from_hf_json(model_json, checkpoint + ":/config/model");
  const std::int64_t items = static_cast<std::int64_t>(meta.items.size());
  if (config.vocab_size != meta.item_offset + items)
    throw InputError(checkpoint, 0, "/config/model",
                     "vocab_size " + std::to_string(config.vocab_size) +
                         " is not the item offset " + std::to_string(meta.item_offset) + " plus " +
                         std::to_string(items) + " items");
  T5 model(config);
  load_model(checkpoint, *model);
  const TrainerState state = read_trainer_state(checkpoint);

  nlohmann::json g = provenance(kFormat, 1);
  g["checkpoint"] = checkpoint;
  g["global_step"] = state.global_step;
  g["data_fingerprint"] = meta.data_fingerprint;
  g["item_offset"] = meta.item_offset;
  g["items"] = items;
  g["max_history"] = data.max_history;
  g["max_query_tokens"] = data.max_query_tokens;
  const bool tokenizer = !meta.tokenizer.empty();
  std::int64_t extra_ids = 0;
  if (tokenizer) {
    const std::int64_t pieces =
        sentencepiece_piece_count(meta.tokenizer, checkpoint + ":/tokenizer");
    extra_ids = meta.item_offset - pieces;
    if (extra_ids < 0)
      throw InputError(checkpoint, 0, "/tokenizer",
                       std::to_string(pieces) +
                           " SentencePiece pieces, more than the item offset " +
                           std::to_string(meta.item_offset));
    g["text_pieces"] = pieces;
    g["extra_ids"] = extra_ids;
  }
  try {
    g["training"] = nlohmann::json::parse(meta.training_config_json);
  } catch (const nlohmann::json::exception&) {
    g["training"] = nlohmann::json::object();  // only a record
  }

  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  const fs::path tmp = temp_path_for(target.string());
  fs::remove_all(tmp);
  fs::create_directory(tmp);
  FolderGuard guard(tmp);
  save_hf_t5(model, tmp.string());
  write_item_map((tmp / "items.tsv").string(), {meta.item_offset, meta.items});
  if (tokenizer) write_tokenizer(tmp, meta, data, extra_ids);
  write_file_atomic((tmp / "gensr.json").string(), g.dump(2) + "\n");
  write_file_atomic((tmp / "README.md").string(), readme(g, config, tokenizer));

  if (fs::exists(target)) {  // the previous export: swap, then remove it
    const fs::path old = target.string() + "." + std::to_string(::getpid()) + ".old";
    fs::remove_all(old);
    fs::rename(target, old);
    fs::rename(tmp, target);
    fs::remove_all(old);
  } else {
    fs::rename(tmp, target);
  }
  guard.release();
  return g;
}

}  // namespace gensr
