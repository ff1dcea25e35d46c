#define BOOST_TEST_MODULE trainer
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ckpt/checkpoint.h"
#include "ckpt/run_dir_lock.h"
#include "dist/single_process.h"
#include "support/temp_dir.h"
#include "test_trainer_data.h"
#include "train/trainer.h"
#include "unit/torch/same_tensors.h"
#include "util/error.h"
#include "util/h5.h"

using namespace gensr;
using gensr::test::check_same_tensors;

namespace {

TrainOptions small_options(const std::string& out) {
  TrainOptions o;
  o.out_dir = out;
  o.batch_size = 16;  // 72 rec + 24 search instances: 6 steps per epoch
  o.threads = 1;
  o.log_every = 1;
  o.progress = false;
  return o;
}

std::vector<nlohmann::json> read_log(const std::string& path, const std::string& type) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["type"] == type) out.push_back(j);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(resuming_gives_the_same_losses_and_parameters_as_training_straight) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  TrainOptions straight = small_options(dir / "straight");
  straight.epochs = 2;
  straight.max_steps = 8;  // crosses the epoch boundary at step 6
  BOOST_TEST_REQUIRE(straight.dropout > 0);
  const TrainSummary a = train(data, straight, comm);
  BOOST_TEST_REQUIRE(a.losses.size() == 8u);

  TrainOptions first = small_options(dir / "resumed");
  first.epochs = 2;
  first.max_steps = 4;  // stops in the middle of epoch 1
  const TrainSummary b1 = train(data, first, comm);
  BOOST_TEST(b1.stopped_early);
  TrainOptions second = first;
  second.max_steps = 8;
  const TrainSummary b2 = train(data, second, comm);
  BOOST_TEST(b2.resumed);

  std::vector<double> resumed = b1.losses;
  resumed.insert(resumed.end(), b2.losses.begin(), b2.losses.end());
  BOOST_TEST(resumed == a.losses, boost::test_tools::per_element());
  check_same_tensors(dir / "straight/latest.h5", dir / "resumed/latest.h5", "/model");
  check_same_tensors(dir / "straight/latest.h5", dir / "resumed/latest.h5", "/optimizer");
  // The log reads as one run: steps 1..8 once each, with the same losses.
  const auto la = read_log(dir / "straight/log.jsonl", "train");
  const auto lb = read_log(dir / "resumed/log.jsonl", "train");
  BOOST_TEST_REQUIRE(la.size() == lb.size());
  for (std::size_t i = 0; i < la.size(); ++i) {
    BOOST_TEST(la[i]["step"] == lb[i]["step"]);
    BOOST_TEST(la[i]["loss"] == lb[i]["loss"]);
    BOOST_TEST(la[i]["grad_norm"] == lb[i]["grad_norm"]);
  }
}

BOOST_AUTO_TEST_CASE(embedding_lr_scale_multiplies_the_first_step_of_the_token_matrices_only) {
  // AdamW's first step moves every parameter with a gradient by ~lr (times its group's scale):
  // with the same seed, a 10x scale moves the embedding and LM head 9 lr further and nothing
  // else at all.
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  auto one_step = [&](const std::string& name, double scale) {
    const std::string run = dir / name;
    TrainOptions o = small_options(run);
    o.max_steps = 1;
    o.lr = 1e-3;
    o.schedule = "constant";
    o.weight_decay = 0;
    o.clip_norm = 0;
    o.embedding_lr_scale = scale;
    train(data, o, comm);
    return h5::File::open(run + "/latest.h5");
  };
  const h5::File plain = one_step("plain", 1);
  const h5::File scaled = one_step("scaled", 10);
  auto max_gap = [&](const std::string& path) {
    const auto a = plain.read<float>(path), b = scaled.read<float>(path);
    double gap = 0;
    for (std::size_t i = 0; i < a.size(); ++i) gap = std::max(gap, std::abs(double(a[i]) - b[i]));
    return gap;
  };
  BOOST_TEST(max_gap("/model/shared.weight") == 9e-3, boost::test_tools::tolerance(0.01));
  BOOST_TEST(max_gap("/model/lm_head.weight") == 9e-3, boost::test_tools::tolerance(0.01));
  BOOST_TEST(max_gap("/model/encoder.block.0.layer.0.SelfAttention.q.weight") == 0.0);
  BOOST_TEST(max_gap("/model/decoder.final_layer_norm.weight") == 0.0);
}

BOOST_AUTO_TEST_CASE(training_lowers_the_loss_and_reports_validation_recall) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  TrainOptions o = small_options(dir / "run");
  o.epochs = 4;
  o.lr = 0.01;
  const TrainSummary s = train(data, o, comm);
  BOOST_TEST(s.global_step == 24);
  BOOST_TEST(s.losses.back() < s.losses.front());
  const auto valid = read_log(dir / "run/log.jsonl", "valid");
  BOOST_TEST_REQUIRE(valid.size() == 4u);
  for (const auto& v : valid)
    for (const char* task : {"rec", "search"}) {
      const double r = v["valid_recall"][task];
      BOOST_TEST(r >= 0.0);
      BOOST_TEST(r <= 1.0);
    }
  const auto train_lines = read_log(dir / "run/log.jsonl", "train");
  for (const char* key : {"loss", "loss_rec", "loss_search", "lr", "grad_norm", "instances_per_s"})
    BOOST_TEST(train_lines.front().contains(key), key);
  BOOST_TEST(std::filesystem::exists(dir / "run/best.h5"));
  BOOST_TEST(std::filesystem::exists(dir / "run/config.json"));
  // best.h5 is the epoch with the highest mean validation recall.
  const TrainerState best = read_trainer_state(dir / "run/best.h5");
  double best_mean = -1;
  std::int64_t best_step = -1;
  for (const auto& v : valid)
    if (v["valid_mean_recall"].get<double>() > best_mean) {
      best_mean = v["valid_mean_recall"];
      best_step = v["step"];
    }
  BOOST_TEST(best.global_step == best_step);
}

BOOST_AUTO_TEST_CASE(without_validation_instances_the_last_epoch_is_best) {
  const PreparedData data = test::tiny_prepared(24, /*search_valid=*/false);
  test::TempDir dir;
  SingleProcessCommunicator comm;
  TrainOptions o = small_options(dir / "run");
  o.epochs = 2;
  train(data, o, comm);
  const auto valid = read_log(dir / "run/log.jsonl", "valid");
  BOOST_TEST_REQUIRE(valid.size() == 2u);
  BOOST_TEST(valid.back()["note"].get<std::string>().find("search has no validation") == 0u);
  BOOST_TEST(read_trainer_state(dir / "run/best.h5").global_step == 12);
}

BOOST_AUTO_TEST_CASE(a_run_directory_of_other_data_is_refused) {
  test::TempDir dir;
  SingleProcessCommunicator comm;
  TrainOptions o = small_options(dir / "run");
  o.max_steps = 1;
  train(test::tiny_prepared(24), o, comm);
  o.max_steps = 2;
  BOOST_CHECK_EXCEPTION(train(test::tiny_prepared(25), o, comm), InputError,
                        [](const InputError& e) { return e.field() == "data_fingerprint"; });
}

BOOST_AUTO_TEST_CASE(a_non_finite_loss_stops_training_naming_the_step) {
  test::TempDir dir;
  SingleProcessCommunicator comm;
  TrainOptions o = small_options(dir / "run");
  o.lr = 1e30;
  o.clip_norm = 0;
  try {
    train(test::tiny_prepared(), o, comm);
    BOOST_FAIL("training went on");
  } catch (const Error& e) {
    BOOST_TEST(std::string(e.what()).find("not finite at step ") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(a_run_directory_being_trained_is_refused_until_its_trainer_ends) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  TrainOptions o = small_options(dir / "run");
  o.max_steps = 2;
  std::filesystem::create_directories(dir / "run");
  {
    const RunDirLock other(dir / "run");  // as if another gensr-train were training it
    try {
      train(data, o, comm);
      BOOST_FAIL("a second trainer was let in");
    } catch (const UsageError& e) {
      BOOST_TEST(std::string(e.what()).find("another gensr-train") != std::string::npos, e.what());
    }
    BOOST_TEST(!std::filesystem::exists(dir / "run/latest.h5"));
  }
  BOOST_TEST(train(data, o, comm).global_step == 2);  // the lock went with its holder
}
