#define BOOST_TEST_MODULE hf_export
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <nlohmann/json.hpp>

#include "ckpt/checkpoint.h"
#include "ckpt/exported_model.h"
#include "ckpt/hf_export.h"
#include "model/sasrec.h"
#include "model/t5.h"
#include "support/safetensors_header.h"
#include "support/temp_dir.h"
#include "test_trainer_data.h"
#include "train/init_from.h"
#include "util/error.h"

using namespace gensr;
namespace fs = std::filesystem;
using Json = nlohmann::json;
using gensr::test::safetensors_header;

namespace {

// A SentencePiece ModelProto as the wire format has it: 7 (empty) pieces and an empty
// trainer_spec. Not a usable tokenizer, but its piece count is what the export reads.
std::string seven_piece_model() {
  std::string bytes;
  for (int i = 0; i < 7; ++i) bytes += std::string("\x0a\x00", 2);
  return bytes + std::string("\x12\x00", 2);
}

PreparedData data_with_tokenizer() {
  PreparedData d = test::tiny_prepared();  // 12 items from token 10
  d.tokenizer = seven_piece_model();
  d.max_query_tokens = 24;
  d.fingerprint = d.compute_fingerprint();
  return d;
}

T5Config tiny_config(const PreparedData& data, bool tied = false) {
  T5Config c = t5_preset("tiny");
  c.vocab_size = data.vocab_size();
  c.tie_word_embeddings = tied;
  return c;
}

// A checkpoint of `model` trained on `data`, its /config "model" being `model_json`.
void write_t5_checkpoint(const std::string& path, T5& model, const PreparedData& data,
                         const Json& model_json) {
  CheckpointMeta meta;
  meta.model_config_json = model_json.dump();
  meta.training_config_json = R"({"tasks": "rec,search"})";
  meta.item_offset = data.item_offset;
  meta.data_fingerprint = data.fingerprint;
  meta.items = data.item_ids;
  meta.tokenizer = data.tokenizer;
  TrainerState state;
  state.global_step = 42;
  write_checkpoint(path, *model, nullptr, state, meta);
}

// A trained-looking model (parameters drawn at random) saved as a checkpoint and exported.
struct Exported {
  test::TempDir dir;
  PreparedData data = data_with_tokenizer();
  T5 model{nullptr};
  std::string out;
  Json info;

  explicit Exported(bool tied = false) : model(tiny_config(data, tied)) {
    write_t5_checkpoint(dir / "c.h5", model, data, t5_config_to_hf_json(model->config()));
    out = dir / "hf";
    info = export_hf_t5(dir / "c.h5", data, out);
  }
  std::string file(const std::string& name) const { return out + "/" + name; }
};

// Every parameter of HF's T5ForConditionalGeneration (T5 v1.1 / flan-T5 form) with its shape,
// written out from transformers' modeling_t5.py rather than from gensr's module.
std::map<std::string, std::vector<std::int64_t>> hf_t5_parameters(const T5Config& c) {
  std::map<std::string, std::vector<std::int64_t>> p;
  const std::int64_t d = c.d_model, inner = c.num_heads * c.d_kv;
  p["shared.weight"] = {c.vocab_size, d};
  for (const std::string stack : {"encoder", "decoder"}) {
    const bool decoder = stack == "decoder";
    const long layers = decoder ? c.num_decoder_layers : c.num_layers;
    for (long b = 0; b < layers; ++b) {
      const std::string block = stack + ".block." + std::to_string(b) + ".layer.";
      for (const char* w : {"q", "k", "v"})
        p[block + "0.SelfAttention." + w + ".weight"] = {inner, d};
      p[block + "0.SelfAttention.o.weight"] = {d, inner};
      if (b == 0)
        p[block + "0.SelfAttention.relative_attention_bias.weight"] = {
            c.relative_attention_num_buckets, c.num_heads};
      p[block + "0.layer_norm.weight"] = {d};
      if (decoder) {
        for (const char* w : {"q", "k", "v"})
          p[block + "1.EncDecAttention." + w + ".weight"] = {inner, d};
        p[block + "1.EncDecAttention.o.weight"] = {d, inner};
        p[block + "1.layer_norm.weight"] = {d};
      }
      const std::string ff = block + (decoder ? "2" : "1");
      p[ff + ".DenseReluDense.wi_0.weight"] = {c.d_ff, d};
      p[ff + ".DenseReluDense.wi_1.weight"] = {c.d_ff, d};
      p[ff + ".DenseReluDense.wo.weight"] = {d, c.d_ff};
      p[ff + ".layer_norm.weight"] = {d};
    }
    p[stack + ".final_layer_norm.weight"] = {d};
  }
  if (!c.tie_word_embeddings) p["lm_head.weight"] = {c.vocab_size, d};
  return p;
}

void check_same_parameters(T5& a, T5& b) {
  const auto pa = a->named_parameters(), pb = b->named_parameters();
  BOOST_TEST_REQUIRE(pa.size() == pb.size());
  for (const auto& item : pa) {
    const at::Tensor& x = item.value();
    const at::Tensor& y = pb[item.key()];
    BOOST_TEST_REQUIRE(x.sizes().equals(y.sizes()), item.key());
    BOOST_TEST(at::equal(x, y), item.key());
  }
}

at::Tensor first_step_logits(T5& model) {
  c10::NoGradGuard no_grad;
  model->eval();
  const at::Tensor input = at::tensor({12, 15, 3, 1, 11, 20, 1, 0}, at::kLong).view({2, 4});
  const at::Tensor start = at::zeros({2, 1}, at::kLong);
  return model->forward(input, input != 0, start);
}

template <class E>
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  BOOST_FAIL("expected an error");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_folder_holds_the_model_tokenizer_item_map_and_readme) {
  const Exported e;
  for (const char* name :
       {"model.safetensors", "config.json", "items.tsv", "spiece.model", "tokenizer_config.json",
        "special_tokens_map.json", "gensr.json", "README.md"})
    BOOST_TEST(fs::is_regular_file(e.file(name)), name);
  // Nothing else is left beside it: the temporary folder was renamed into place.
  std::set<std::string> beside;
  for (const auto& entry : fs::directory_iterator(e.dir.path()))
    beside.insert(entry.path().filename().string());
  BOOST_TEST((beside == std::set<std::string>{"c.h5", "hf"}));
  BOOST_TEST(test::read_text(e.file("spiece.model")) == e.data.tokenizer);
  const std::string readme = test::read_text(e.file("README.md"));
  BOOST_TEST(readme.find("ITEM_OFFSET, NUM_ITEMS = 10, 12") != std::string::npos, readme);
  BOOST_TEST(readme.find("from_pretrained") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(safetensors_has_hf_names_shapes_and_float32) {
  const Exported e;
  const Json header = safetensors_header(e.file("model.safetensors"));
  BOOST_TEST(header["__metadata__"]["format"] == "pt");
  std::map<std::string, std::vector<std::int64_t>> found;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    BOOST_TEST(entry["dtype"] == "F32", name);
    found[name] = entry["shape"].get<std::vector<std::int64_t>>();
  }
  const auto expected = hf_t5_parameters(e.model->config());
  BOOST_TEST(found.size() == expected.size());
  for (const auto& [name, shape] : expected) {
    BOOST_TEST_REQUIRE(found.count(name) == 1u, name);
    BOOST_TEST(found[name] == shape, name);
  }
}

BOOST_AUTO_TEST_CASE(config_json_has_what_from_pretrained_reads) {
  const Exported e;
  const Json c = Json::parse(test::read_text(e.file("config.json")));
  BOOST_TEST((c["architectures"] == Json::array({"T5ForConditionalGeneration"})));
  BOOST_TEST(c["model_type"] == "t5");
  BOOST_TEST(c["vocab_size"] == 22);  // 10 text tokens + 12 items
  BOOST_TEST(c["d_model"] == 64);
  BOOST_TEST(c["num_layers"] == 2);
  BOOST_TEST(c["num_decoder_layers"] == 2);
  BOOST_TEST(c["feed_forward_proj"] == "gated-gelu");
  BOOST_TEST(c["tie_word_embeddings"] == false);
  BOOST_TEST(c["decoder_start_token_id"] == 0);
  BOOST_TEST(c["pad_token_id"] == 0);
  BOOST_TEST(c["eos_token_id"] == 1);
  BOOST_TEST(c["is_encoder_decoder"] == true);
  for (const auto& [key, value] : c.items()) BOOST_TEST(key.rfind("gensr_", 0) != 0, key);
}

BOOST_AUTO_TEST_CASE(items_tokenizer_config_and_gensr_json_describe_the_inputs) {
  const Exported e;
  std::string expected = "token_id\titem_id\n";
  for (int i = 0; i < 12; ++i)
    expected += std::to_string(10 + i) + "\titem" + std::to_string(i) + "\n";
  BOOST_TEST(test::read_text(e.file("items.tsv")) == expected);

  const Json t = Json::parse(test::read_text(e.file("tokenizer_config.json")));
  BOOST_TEST(t["tokenizer_class"] == "T5Tokenizer");
  BOOST_TEST(t["extra_ids"] == 3);  // 7 pieces, items from token 10
  BOOST_TEST(t["model_max_length"] == 24);
  BOOST_TEST(t["eos_token"] == "</s>");
  BOOST_TEST(t["pad_token"] == "<pad>");

  const Json g = Json::parse(test::read_text(e.file("gensr.json")));
  BOOST_TEST((g == e.info));
  BOOST_TEST(g["format"] == "gensr-hf-export");
  BOOST_TEST(g["global_step"] == 42);
  BOOST_TEST(g["data_fingerprint"] == e.data.fingerprint);
  BOOST_TEST(g["text_pieces"] == 7);
  BOOST_TEST(g["max_history"] == 50);
  BOOST_TEST(g["training"]["tasks"] == "rec,search");
}

BOOST_AUTO_TEST_CASE(the_export_loads_back_to_the_same_parameters_and_logits) {
  Exported e;
  T5 back = load_exported_t5(e.out, e.data);
  check_same_parameters(e.model, back);
  BOOST_TEST(at::equal(first_step_logits(e.model), first_step_logits(back)));
}

BOOST_AUTO_TEST_CASE(a_tied_model_exports_without_lm_head_and_loads_back_tied) {
  Exported e(/*tied=*/true);
  const Json header = safetensors_header(e.file("model.safetensors"));
  BOOST_TEST(!header.contains("lm_head.weight"));
  BOOST_TEST(Json::parse(test::read_text(e.file("config.json")))["tie_word_embeddings"] == true);
  T5 back = load_exported_t5(e.out, e.data);
  BOOST_TEST(back->config().tie_word_embeddings);
  check_same_parameters(e.model, back);
  BOOST_TEST(at::equal(first_step_logits(e.model), first_step_logits(back)));
}

BOOST_AUTO_TEST_CASE(init_from_an_export_keeps_the_trained_item_rows) {
  Exported e;
  T5 start = init_from_model(e.out, e.data, /*dropout=*/0.1);
  check_same_parameters(e.model, start);
}

BOOST_AUTO_TEST_CASE(init_from_an_export_of_other_items_mean_initialises_the_items) {
  Exported e;
  PreparedData other = e.data;
  other.item_ids[3] = "another";
  other.fingerprint = other.compute_fingerprint();
  BOOST_TEST(!exported_items_match(e.out, other));
  T5 start = init_from_model(e.out, other, 0.1);
  const at::Tensor trained = e.model->shared->weight, now = start->shared->weight;
  BOOST_TEST(at::equal(trained.slice(0, 0, 10), now.slice(0, 0, 10)));  // text rows kept
  BOOST_TEST(!at::equal(trained.slice(0, 10), now.slice(0, 10)));       // item rows fresh
}

BOOST_AUTO_TEST_CASE(evaluation_refuses_an_export_of_other_items_naming_items_tsv) {
  Exported e;
  PreparedData other = e.data;
  other.item_ids[3] = "another";
  other.fingerprint = other.compute_fingerprint();
  const std::string what = error_of<InputError>([&] { load_exported_t5(e.out, other); });
  BOOST_TEST(what.find("items.tsv") != std::string::npos, what);
}

BOOST_AUTO_TEST_CASE(a_checkpoint_with_a_gensr_extension_is_refused_naming_the_key) {
  test::TempDir dir;
  const PreparedData data = data_with_tokenizer();
  T5 model(tiny_config(data));
  // Any key gensr_*: those of today and those yet to come.
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, Json>>{{"gensr_output_bias", true},
                                                 {"gensr_encoder_end_positions", 8},
                                                 {"gensr_some_future_extension", "on"}}) {
    Json config = t5_config_to_hf_json(model->config());
    config[key] = value;
    write_t5_checkpoint(dir / "c.h5", model, data, config);
    const std::string what =
        error_of<UsageError>([&] { export_hf_t5(dir / "c.h5", data, dir / "hf"); });
    BOOST_TEST(what.find(key) != std::string::npos, what);
    BOOST_TEST(what.find("cannot represent") != std::string::npos, what);
    BOOST_TEST(!fs::exists(dir / "hf"));
  }
}

BOOST_AUTO_TEST_CASE(gensr_keys_left_at_their_defaults_export) {
  test::TempDir dir;
  const PreparedData data = data_with_tokenizer();
  T5 model(tiny_config(data));
  Json config = t5_config_to_hf_json(model->config());
  config["gensr_encoder_end_positions"] = 0;
  config["gensr_output_bias"] = false;
  write_t5_checkpoint(dir / "c.h5", model, data, config);
  export_hf_t5(dir / "c.h5", data, dir / "hf");
  const Json written = Json::parse(test::read_text(dir / "hf/config.json"));
  BOOST_TEST(!written.contains("gensr_encoder_end_positions"));
  BOOST_TEST(!written.contains("gensr_output_bias"));
}

BOOST_AUTO_TEST_CASE(a_sasrec_checkpoint_is_refused) {
  test::TempDir dir;
  const PreparedData data = data_with_tokenizer();
  SASRecConfig c;
  c.num_items = data.num_items();
  c.item_offset = data.item_offset;
  c.hidden = 16;
  SASRec sasrec(c);
  CheckpointMeta meta;
  meta.model_config_json = sasrec_config_to_json(c).dump();
  meta.training_config_json = "{}";
  meta.item_offset = data.item_offset;
  meta.data_fingerprint = data.fingerprint;
  meta.items = data.item_ids;
  write_checkpoint(dir / "s.h5", *sasrec, nullptr, TrainerState{}, meta);
  const std::string what =
      error_of<UsageError>([&] { export_hf_t5(dir / "s.h5", data, dir / "hf"); });
  BOOST_TEST(what.find("SASRec") != std::string::npos, what);
  BOOST_TEST(!fs::exists(dir / "hf"));
}

BOOST_AUTO_TEST_CASE(a_checkpoint_of_other_data_is_refused) {
  Exported e;
  PreparedData other = e.data;
  other.max_history = 7;
  other.fingerprint = "0123456789abcdef";
  BOOST_CHECK_THROW(export_hf_t5(e.dir / "c.h5", other, e.dir / "hf2"), InputError);
  BOOST_TEST(!fs::exists(e.dir / "hf2"));
}

BOOST_AUTO_TEST_CASE(data_without_queries_gets_no_tokenizer_files) {
  test::TempDir dir;
  const PreparedData data = test::tiny_prepared();  // no tokenizer
  T5 model(tiny_config(data));
  write_t5_checkpoint(dir / "c.h5", model, data, t5_config_to_hf_json(model->config()));
  export_hf_t5(dir / "c.h5", data, dir / "hf");
  BOOST_TEST(!fs::exists(dir / "hf/spiece.model"));
  BOOST_TEST(!fs::exists(dir / "hf/tokenizer_config.json"));
  BOOST_TEST(fs::exists(dir / "hf/items.tsv"));
  T5 back = load_exported_t5(dir / "hf", data);
  check_same_parameters(model, back);
}

BOOST_AUTO_TEST_CASE(exporting_again_replaces_an_export_but_not_another_folder) {
  Exported e;
  test::write_text(e.file("stale.txt"), "from before");
  export_hf_t5(e.dir / "c.h5", e.data, e.out);
  BOOST_TEST(!fs::exists(e.file("stale.txt")));
  BOOST_TEST(fs::exists(e.file("model.safetensors")));

  fs::create_directories(e.dir / "mine");
  test::write_text(e.dir / "mine/notes.txt", "keep me");
  const std::string what =
      error_of<UsageError>([&] { export_hf_t5(e.dir / "c.h5", e.data, e.dir / "mine"); });
  BOOST_TEST(what.find("gensr.json") != std::string::npos, what);
  BOOST_TEST(test::read_text(e.dir / "mine/notes.txt") == "keep me");
}
