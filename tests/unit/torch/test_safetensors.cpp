#define BOOST_TEST_MODULE safetensors
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/hf_t5.h"
#include "model/safetensors.h"
#include "support/temp_dir.h"
#include "util/error.h"

using gensr::test::TempDir;

namespace {

// One tensor of a file the tests write byte by byte, independently of gensr's writer.
struct Raw {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  std::string bytes;
};

std::string bytes_of(const at::Tensor& t) {
  at::Tensor c = t.contiguous();
  return std::string(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size());
}

std::string file_bytes(const std::vector<Raw>& tensors) {
  nlohmann::json header = {{"__metadata__", {{"format", "pt"}}}};
  std::string data;
  for (const Raw& t : tensors) {
    header[t.name] = {{"dtype", t.dtype},
                      {"shape", t.shape},
                      {"data_offsets", {data.size(), data.size() + t.bytes.size()}}};
    data += t.bytes;
  }
  std::string text = header.dump();
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((text.size() >> (8 * i)) & 0xff);
  return out + text + data;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Expects an InputError whose message names the file and the tensor.
template <typename F>
void expect_input_error(F&& f, const std::string& file, const std::string& tensor) {
  try {
    f();
    BOOST_FAIL("expected gensr::InputError");
  } catch (const gensr::InputError& e) {
    BOOST_TEST_INFO(e.what());
    BOOST_TEST(e.file() == file);
    BOOST_TEST(e.field() == tensor);
    BOOST_TEST(std::string(e.what()).find(tensor) != std::string::npos);
  }
}

gensr::T5Config hf_like_config() {
  gensr::T5Config c = gensr::t5_preset("tiny");
  c.d_model = 16;
  c.d_kv = 4;
  c.num_heads = 2;
  c.d_ff = 24;
  c.num_layers = 2;
  c.num_decoder_layers = 1;
  c.relative_attention_num_buckets = 8;
  c.relative_attention_max_distance = 16;
  c.vocab_size = 48;  // 40 text pieces + 8 padding rows, like flan-T5's 32100 + 28
  c.dropout_rate = 0.0;
  return c;
}

// A folder like an HF checkpoint: config.json + model.safetensors written byte by byte from
// random tensors of the right shapes, optionally in another dtype or with a tensor changed.
std::vector<Raw> hf_like_tensors(const gensr::T5Config& c, at::ScalarType dtype = at::kFloat) {
  at::manual_seed(99);
  gensr::T5 shapes(c);
  std::vector<Raw> raw;
  const std::string name = dtype == at::kFloat ? "F32" : dtype == at::kHalf ? "F16" : "BF16";
  for (const auto& p : shapes->named_parameters()) {
    at::Tensor values = at::randn(p.value().sizes()).to(dtype);
    raw.push_back({p.key(), name, p.value().sizes().vec(), bytes_of(values)});
  }
  return raw;
}

void write_checkpoint(const TempDir& dir, const gensr::T5Config& c, const std::vector<Raw>& raw) {
  gensr::write_t5_config(c, dir / "config.json");
  write_file(dir / "model.safetensors", file_bytes(raw));
}

const Raw& find(const std::vector<Raw>& raw, const std::string& name) {
  for (const Raw& r : raw)
    if (r.name == name) return r;
  throw std::runtime_error("no tensor " + name);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(format)

BOOST_AUTO_TEST_CASE(reads_f32_f16_and_bf16_as_float32) {
  TempDir dir;
  // 1.0, -2.5, 0.15625 in each encoding (little-endian).
  float f32[] = {1.0f, -2.5f, 0.15625f};
  const unsigned char f16[] = {0x00, 0x3C, 0x00, 0xC1, 0x00, 0x31};
  const unsigned char bf16[] = {0x80, 0x3F, 0x20, 0xC0, 0x20, 0x3E};
  write_file(
      dir / "t.safetensors",
      file_bytes({{"a", "F32", {3}, std::string(reinterpret_cast<char*>(f32), 12)},
                  {"b", "F16", {1, 3}, std::string(reinterpret_cast<const char*>(f16), 6)},
                  {"c", "BF16", {3, 1}, std::string(reinterpret_cast<const char*>(bf16), 6)}}));
  gensr::SafetensorsFile file(dir / "t.safetensors");
  at::Tensor expected = at::tensor({1.0f, -2.5f, 0.15625f});
  BOOST_TEST(at::equal(file.read_float("a"), expected));
  BOOST_TEST(at::equal(file.read_float("b"), expected.reshape({1, 3})));
  BOOST_TEST(at::equal(file.read_float("c"), expected.reshape({3, 1})));
  BOOST_TEST(file.read_float("c").scalar_type() == at::kFloat);
  BOOST_TEST(file.metadata().at("format") == "pt");
}

BOOST_AUTO_TEST_CASE(writer_output_reads_back_bit_for_bit) {
  TempDir dir;
  at::Tensor a = at::randn({4, 3});
  at::Tensor b = at::tensor({std::nanf(""), -0.0f, 1e-45f});  // NaN, signed zero, denormal
  gensr::write_safetensors(dir / "w.safetensors", {{"x.weight", a}, {"y", b}}, {{"by", "test"}});
  gensr::SafetensorsFile file(dir / "w.safetensors");
  BOOST_TEST(file.names() == (std::vector<std::string>{"x.weight", "y"}));
  BOOST_TEST(bytes_of(file.read_float("x.weight")) == bytes_of(a));
  BOOST_TEST(bytes_of(file.read_float("y")) == bytes_of(b));
  BOOST_TEST(file.metadata().at("format") == "pt");
  BOOST_TEST(file.metadata().at("by") == "test");
}

BOOST_AUTO_TEST_CASE(writer_aligns_the_data_section_to_8_bytes) {
  TempDir dir;
  gensr::write_safetensors(dir / "w.safetensors", {{"odd_name_x", at::ones({1})}});
  std::ifstream in(dir / "w.safetensors", std::ios::binary);
  unsigned char length[8];
  in.read(reinterpret_cast<char*>(length), 8);
  BOOST_TEST(length[0] % 8 == 0);
}

BOOST_AUTO_TEST_CASE(truncated_file_names_the_cut_tensor) {
  TempDir dir;
  std::string bytes = file_bytes(
      {{"first", "F32", {2}, std::string(8, '\1')}, {"second", "F32", {4}, std::string(16, '\2')}});
  write_file(dir / "cut.safetensors", bytes.substr(0, bytes.size() - 5));
  expect_input_error([&] { gensr::SafetensorsFile f(dir / "cut.safetensors"); },
                     dir / "cut.safetensors", "second");
}

BOOST_AUTO_TEST_CASE(header_longer_than_the_file_is_an_input_error) {
  TempDir dir;
  std::string bytes = file_bytes({{"t", "F32", {1}, std::string(4, '\0')}});
  write_file(dir / "h.safetensors", bytes.substr(0, 20));
  expect_input_error([&] { gensr::SafetensorsFile f(dir / "h.safetensors"); },
                     dir / "h.safetensors", "header");
}

BOOST_AUTO_TEST_CASE(size_not_matching_the_shape_is_an_input_error) {
  TempDir dir;
  write_file(dir / "s.safetensors", file_bytes({{"w", "F32", {3}, std::string(8, '\0')}}));
  expect_input_error([&] { gensr::SafetensorsFile f(dir / "s.safetensors"); },
                     dir / "s.safetensors", "w");
}

BOOST_AUTO_TEST_CASE(missing_tensor_is_an_input_error) {
  TempDir dir;
  write_file(dir / "m.safetensors", file_bytes({{"w", "F32", {1}, std::string(4, '\0')}}));
  gensr::SafetensorsFile file(dir / "m.safetensors");
  expect_input_error([&] { file.read_float("v"); }, dir / "m.safetensors", "v");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hf_t5)

BOOST_AUTO_TEST_CASE(import_then_export_round_trips_bit_exactly) {
  TempDir in, out;
  gensr::T5Config c = hf_like_config();
  std::vector<Raw> raw = hf_like_tensors(c);
  write_checkpoint(in, c, raw);
  gensr::T5 model(c);
  gensr::load_hf_weights(model, in / "model.safetensors");
  gensr::save_hf_t5(model, out.path());
  gensr::SafetensorsFile exported(out / "model.safetensors");
  BOOST_TEST(exported.names().size() == raw.size());
  for (const Raw& r : raw) {
    BOOST_TEST_INFO(r.name);
    BOOST_TEST(exported.entry(r.name).shape == r.shape);
    BOOST_TEST((bytes_of(exported.read_float(r.name)) == r.bytes));
  }
  gensr::T5Config back = gensr::read_t5_config(out / "config.json");
  BOOST_TEST(back.vocab_size == 48);
  BOOST_TEST(back.num_decoder_layers == 1);
  BOOST_TEST(back.relative_attention_num_buckets == 8);
}

BOOST_AUTO_TEST_CASE(import_resizes_for_items_keeping_the_text_rows) {
  TempDir dir;
  gensr::T5Config c = hf_like_config();
  std::vector<Raw> raw = hf_like_tensors(c);
  write_checkpoint(dir, c, raw);
  gensr::T5 model = gensr::load_hf_t5(dir.path(), /*item_offset=*/40, /*item_count=*/30);
  BOOST_TEST(model->config().vocab_size == 70);
  BOOST_TEST(model->shared->weight.size(0) == 70);
  BOOST_TEST(model->lm_head->weight.size(0) == 70);
  const std::string shared = find(raw, "shared.weight").bytes;
  BOOST_TEST((bytes_of(model->shared->weight.slice(0, 0, 40)) ==
              shared.substr(0, 40 * 16 * sizeof(float))));
  const std::string q = find(raw, "encoder.block.1.layer.0.SelfAttention.q.weight").bytes;
  BOOST_TEST(
      (bytes_of(model->named_parameters()["encoder.block.1.layer.0.SelfAttention.q.weight"]) == q));
}

BOOST_AUTO_TEST_CASE(bf16_and_f16_checkpoints_import_exactly) {
  for (at::ScalarType dtype : {at::kBFloat16, at::kHalf}) {
    TempDir dir;
    gensr::T5Config c = hf_like_config();
    std::vector<Raw> raw = hf_like_tensors(c, dtype);
    write_checkpoint(dir, c, raw);
    gensr::T5 model(c);
    gensr::load_hf_weights(model, dir / "model.safetensors");
    const Raw& wo = find(raw, "decoder.block.0.layer.2.DenseReluDense.wo.weight");
    at::Tensor stored = at::empty(wo.shape, at::TensorOptions().dtype(dtype));
    std::memcpy(stored.data_ptr(), wo.bytes.data(), wo.bytes.size());
    BOOST_TEST(at::equal(model->named_parameters()[wo.name], stored.to(at::kFloat)));
  }
}

BOOST_AUTO_TEST_CASE(embedding_aliases_are_accepted) {
  TempDir dir;
  gensr::T5Config c = hf_like_config();
  std::vector<Raw> raw = hf_like_tensors(c);
  Raw shared = find(raw, "shared.weight");
  // Older conversions store the embedding under embed_tokens only, or under all three names.
  for (Raw& r : raw)
    if (r.name == "shared.weight") r.name = "encoder.embed_tokens.weight";
  shared.name = "decoder.embed_tokens.weight";
  raw.push_back(shared);
  write_checkpoint(dir, c, raw);
  gensr::T5 model(c);
  gensr::load_hf_weights(model, dir / "model.safetensors");
  BOOST_TEST(bytes_of(model->shared->weight) == shared.bytes);
}

BOOST_AUTO_TEST_CASE(wrong_shape_names_the_tensor_and_both_shapes) {
  TempDir dir;
  gensr::T5Config c = hf_like_config();
  std::vector<Raw> raw = hf_like_tensors(c);
  for (Raw& r : raw)
    if (r.name == "decoder.block.0.layer.1.EncDecAttention.v.weight") {
      r.shape = {4, 16};  // 2 of 8 rows: a wrong inner dimension
      r.bytes = r.bytes.substr(0, 4 * 16 * sizeof(float));
    }
  write_checkpoint(dir, c, raw);
  gensr::T5 model(c);
  const std::string file = dir / "model.safetensors";
  expect_input_error([&] { gensr::load_hf_weights(model, file); }, file,
                     "decoder.block.0.layer.1.EncDecAttention.v.weight");
  try {
    gensr::load_hf_weights(model, file);
  } catch (const gensr::InputError& e) {
    BOOST_TEST(std::string(e.what()).find("[4, 16]") != std::string::npos);
    BOOST_TEST(std::string(e.what()).find("[8, 16]") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(missing_tensor_names_the_tensor) {
  TempDir dir;
  gensr::T5Config c = hf_like_config();
  std::vector<Raw> raw = hf_like_tensors(c);
  std::vector<Raw> kept;
  for (Raw& r : raw)
    if (r.name != "encoder.block.1.layer.1.DenseReluDense.wi_1.weight") kept.push_back(r);
  write_checkpoint(dir, c, kept);
  expect_input_error([&] { gensr::load_hf_t5(dir.path(), 40, 5); }, dir / "model.safetensors",
                     "encoder.block.1.layer.1.DenseReluDense.wi_1.weight");
}

BOOST_AUTO_TEST_CASE(tensor_without_a_place_in_the_model_is_an_error) {
  TempDir dir;
  gensr::T5Config c = hf_like_config();
  std::vector<Raw> raw = hf_like_tensors(c);
  raw.push_back({"decoder.block.1.layer.0.SelfAttention.q.weight",
                 "F32",
                 {8, 16},
                 std::string(8 * 16 * sizeof(float), '\0')});
  write_checkpoint(dir, c, raw);
  gensr::T5 model(c);
  expect_input_error([&] { gensr::load_hf_weights(model, dir / "model.safetensors"); },
                     dir / "model.safetensors", "decoder.block.1.layer.0.SelfAttention.q.weight");
}

BOOST_AUTO_TEST_CASE(truncated_checkpoint_is_an_input_error_naming_the_file) {
  TempDir dir;
  gensr::T5Config c = hf_like_config();
  std::string bytes = file_bytes(hf_like_tensors(c));
  gensr::write_t5_config(c, dir / "config.json");
  write_file(dir / "model.safetensors", bytes.substr(0, bytes.size() - 100));
  BOOST_CHECK_EXCEPTION(gensr::load_hf_t5(dir.path(), 40, 5), gensr::InputError,
                        [&](const gensr::InputError& e) {
                          return e.file() == dir / "model.safetensors" && !e.field().empty();
                        });
}

BOOST_AUTO_TEST_CASE(exported_model_imports_to_the_same_outputs) {
  TempDir dir;
  gensr::T5Config c = hf_like_config();
  at::manual_seed(7);
  gensr::T5 model(c);
  model->resize_token_embeddings(52, 40);
  model->eval();
  gensr::save_hf_t5(model, dir.path());
  gensr::T5 back = gensr::load_hf_t5(dir.path(), 52, 0);
  back->eval();
  at::Tensor ids = at::tensor({41L, 3L, 1L}).reshape({1, 3});
  at::Tensor mask = at::ones({1, 3}, at::kLong);
  at::Tensor dec = at::tensor({0L, 50L}).reshape({1, 2});
  BOOST_TEST(at::equal(model->forward(ids, mask, dec), back->forward(ids, mask, dec)));
}

BOOST_AUTO_TEST_SUITE_END()
