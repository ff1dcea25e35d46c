#define BOOST_TEST_MODULE trainer_init
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "dist/single_process.h"
#include "model/hf_t5.h"
#include "model/t5.h"
#include "support/temp_dir.h"
#include "test_trainer_data.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/h5.h"

using namespace gensr;

namespace {

constexpr long kTextRows = 10;  // tiny_prepared's item_offset

// A tiny "pretrained" model with 6 unused rows after the text vocabulary (as flan-T5's 28),
// exported as HF files; returns the float values of `name` as exported.
std::vector<float> export_tiny(const std::string& dir, const std::string& name) {
  T5Config c = t5_preset("tiny");
  c.vocab_size = kTextRows + 6;
  T5 model(c);
  save_hf_t5(model, dir);
  const at::Tensor t = model->named_parameters()[name].detach().contiguous();
  return {t.data_ptr<float>(), t.data_ptr<float>() + t.numel()};
}

TrainOptions one_step(const std::string& out, const std::string& init_from) {
  TrainOptions o;
  o.out_dir = out;
  o.init_from = init_from;
  o.batch_size = 16;
  o.threads = 1;
  o.progress = false;
  o.max_steps = 1;
  // One AdamW step moves a parameter by about lr: at 1e-20 no float32 value changes, so the
  // first checkpoint holds the initialisation.
  o.lr = 1e-20;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(init_from_keeps_the_text_rows_and_mean_initialises_the_items) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  const auto shared = export_tiny(dir / "hf", "shared.weight");
  SingleProcessCommunicator comm;
  train(data, one_step(dir / "run", dir / "hf"), comm);

  const h5::File f = h5::File::open(dir / "run/checkpoints/step-1.h5");
  const auto trained = f.read<float>("/model/shared.weight");
  const long d = t5_preset("tiny").d_model;
  BOOST_TEST_REQUIRE(trained.size() == static_cast<std::size_t>(data.vocab_size() * d));
  BOOST_TEST(std::memcmp(trained.data(), shared.data(), kTextRows * d * sizeof(float)) == 0);
  // Item rows start near the mean of the text rows (plus small noise), not at random.
  for (long col = 0; col < d; ++col) {
    double mean = 0;
    for (long r = 0; r < kTextRows; ++r) mean += shared[r * d + col] / kTextRows;
    for (long r = kTextRows; r < data.vocab_size(); ++r)
      BOOST_TEST(std::abs(trained[r * d + col] - mean) < 0.1);
  }
  const nlohmann::json config = nlohmann::json::parse(test::read_text(dir / "run/config.json"));
  BOOST_TEST(config["training"]["init_from"] == std::string(dir / "hf"));
}

BOOST_AUTO_TEST_CASE(init_from_keeps_the_text_rows_of_the_lm_head) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  const auto head = export_tiny(dir / "hf", "lm_head.weight");
  SingleProcessCommunicator comm;
  train(data, one_step(dir / "run", dir / "hf"), comm);
  const auto trained =
      h5::File::open(dir / "run/checkpoints/step-1.h5").read<float>("/model/lm_head.weight");
  const long d = t5_preset("tiny").d_model;
  BOOST_TEST(std::memcmp(trained.data(), head.data(), kTextRows * d * sizeof(float)) == 0);
}

BOOST_AUTO_TEST_CASE(a_missing_init_folder_is_a_usage_error_naming_it) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  try {
    train(data, one_step(dir / "run", dir / "nowhere"), comm);
    BOOST_FAIL("expected UsageError");
  } catch (const UsageError& e) {
    BOOST_TEST(std::string(e.what()).find("--init-from " + (dir / "nowhere")) != std::string::npos,
               e.what());
  }
}

BOOST_AUTO_TEST_CASE(a_folder_without_weights_is_refused) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  std::filesystem::create_directories(dir / "hf");
  test::write_text(dir / "hf/config.json", "{\"model_type\": \"t5\"}");
  SingleProcessCommunicator comm;
  try {
    train(data, one_step(dir / "run", dir / "hf"), comm);
    BOOST_FAIL("expected UsageError");
  } catch (const UsageError& e) {
    BOOST_TEST(std::string(e.what()).find("no model.safetensors") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(a_foreign_model_config_is_refused_naming_the_file) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  std::filesystem::create_directories(dir / "hf");
  test::write_text(dir / "hf/config.json", "{\"model_type\": \"bert\"}");
  test::write_text(dir / "hf/model.safetensors", "");
  SingleProcessCommunicator comm;
  try {
    train(data, one_step(dir / "run", dir / "hf"), comm);
    BOOST_FAIL("expected InputError");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("config.json") != std::string::npos, e.what());
    BOOST_TEST(std::string(e.what()).find("model_type") != std::string::npos, e.what());
  }
}
