#include "train/init_from.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "ckpt/exported_model.h"
#include "data/prepared.h"
#include "model/hf_t5.h"
#include "util/error.h"

namespace gensr {

namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

T5Config init_from_config(const std::string& dir, const PreparedData& data) {
  namespace fs = std::filesystem;
  const fs::path root(dir);
  if (!fs::is_directory(root))
    throw UsageError("--init-from " + dir +
                     ": not a folder (expected an HF T5 model: model.safetensors + config.json)");
  for (const char* name : {"config.json", "model.safetensors"})
    if (!fs::is_regular_file(root / name))
      throw UsageError("--init-from " + dir + ": no " + name +
                       " (expected an HF T5 model: model.safetensors + config.json)");
  const std::string config_path = (root / "config.json").string();
  T5Config c = read_t5_config(config_path);
  if (data.item_offset > c.vocab_size)
    throw InputError(
        config_path, 0, "vocab_size",
        std::to_string(c.vocab_size) + " rows, but the prepared data's items start at " +
            std::to_string(data.item_offset) + ": the model was not trained with this tokenizer");
  // A different SentencePiece model would give every text token another meaning.
  const fs::path spiece = root / "spiece.model";
  if (fs::is_regular_file(spiece) && !data.tokenizer.empty() &&
      read_bytes(spiece) != data.tokenizer)
    throw UsageError("--init-from " + dir +
                     ": spiece.model differs from the tokenizer the data was prepared with "
                     "(prepare it with gensr-data prepare --spiece " +
                     spiece.string() + ")");
  return c;
}

T5 init_from_model(const std::string& dir, const PreparedData& data, double dropout) {
  // A folder gensr-eval export wrote from a model of these very items keeps its item rows.
  const long keep = exported_items_match(dir, data) ? data.vocab_size() : data.item_offset;
  return load_hf_t5(dir, keep, data.vocab_size() - keep, dropout);
}

}  // namespace gensr
