#include "ckpt/exported_model.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "data/item_map.h"
#include "data/prepared.h"
#include "model/hf_t5.h"
#include "util/error.h"

namespace gensr {

namespace {

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "", "cannot open the file");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool same_items(const ItemMap& map, const PreparedData& data) {
  return map.item_offset == data.item_offset && map.items == data.item_ids;
}

}  // namespace

bool is_hf_folder(const std::string& path) {
  const fs::path root(path);
  return fs::is_directory(root) && fs::is_regular_file(root / "config.json") &&
         fs::is_regular_file(root / "model.safetensors");
}

bool exported_items_match(const std::string& dir, const PreparedData& data) {
  const fs::path items = fs::path(dir) / "items.tsv";
  // items.tsv maps one token per item; semantic data's rows after the text are codes.
  return !data.semantic_ids() && fs::is_regular_file(items) &&
         same_items(read_item_map(items.string()), data);
}

T5 load_exported_t5(const std::string& dir, const PreparedData& data) {
  const fs::path root(dir);
  const std::string items_path = (root / "items.tsv").string();
  if (!fs::is_regular_file(items_path))
    throw InputError(items_path, 0, "",
                     "missing: without the item map the model's item rows mean nothing to gensr "
                     "(a folder of gensr-eval export has one)");
  const ItemMap map = read_item_map(items_path);
  if (!same_items(map, data))
    throw InputError(items_path, 0, "item_id",
                     std::to_string(map.items.size()) + " items from token " +
                         std::to_string(map.item_offset) + ", not the prepared data's items (" +
                         std::to_string(data.num_items()) + " from token " +
                         std::to_string(data.item_offset) +
                         "): the model was trained on other data");
  const fs::path spiece = root / "spiece.model";
  if (fs::is_regular_file(spiece) && read_bytes(spiece) != data.tokenizer)
    throw InputError(spiece.string(), 0, "", "not the tokenizer the prepared data was made with");
  const fs::path info = root / "gensr.json";
  if (fs::is_regular_file(info)) {
    nlohmann::json g;
    try {
      g = nlohmann::json::parse(read_bytes(info));
    } catch (const nlohmann::json::exception& e) {
      throw InputError(info.string(), 0, "", std::string("not valid JSON: ") + e.what());
    }
    const std::string fingerprint = g.value("data_fingerprint", data.fingerprint);
    if (fingerprint != data.fingerprint)
      throw InputError(info.string(), 0, "data_fingerprint",
                       "the model was trained on other prepared data (" + fingerprint +
                           ", the data is " + data.fingerprint + ")");
  }
  const std::string config_path = (root / "config.json").string();
  const T5Config config = read_t5_config(config_path);
  if (config.vocab_size != data.vocab_size())
    throw InputError(config_path, 0, "vocab_size",
                     std::to_string(config.vocab_size) + " rows, but the prepared data has " +
                         std::to_string(data.vocab_size()) + " (text and items)");
  return load_hf_t5(dir, data.vocab_size(), 0);
}

}  // namespace gensr
