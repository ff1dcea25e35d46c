#define BOOST_TEST_MODULE sasrec
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <fstream>

#include <ATen/ATen.h>
#include <torch/autograd.h>
#include <torch/optim/adamw.h>
#include <nlohmann/json.hpp>

#include "ckpt/checkpoint.h"
#include "dist/single_process.h"
#include "model/retrieval_model.h"
#include "model/sasrec.h"
#include "support/temp_dir.h"
#include "test_trainer_data.h"
#include "train/optimizer.h"
#include "train/trainer.h"
#include "unit/torch/checkpoint_fixture.h"
#include "unit/torch/same_tensors.h"
#include "util/error.h"
#include "util/h5.h"

// SASRec as a reference recommender: the model (history layout, causality, learning), and the
// trainer and checkpoints running it as they run T5.

using namespace gensr;
using gensr::test::check_same_tensors;

namespace {

// 12 items as tokens 10..21 (the trainer tests' tiny data), positions for 5 history items.
SASRecConfig small_config() {
  SASRecConfig c;
  c.num_items = 12;
  c.item_offset = 10;
  c.max_length = 5;
  c.hidden = 16;
  c.num_heads = 2;
  c.dropout_rate = 0.2;
  return c;
}

// Encoder-style inputs as PreparedData::rec_input makes them: item tokens, EOS, right padding.
at::Tensor inputs(const std::vector<std::vector<std::int32_t>>& items) {
  std::size_t longest = 0;
  for (const auto& h : items) longest = std::max(longest, h.size() + 1);
  at::Tensor t =
      at::zeros({static_cast<long>(items.size()), static_cast<long>(longest)}, at::kLong);
  for (std::size_t r = 0; r < items.size(); ++r) {
    for (std::size_t c = 0; c < items[r].size(); ++c) t[r][c] = 10 + items[r][c];
    t[r][items[r].size()] = 1;  // EOS
  }
  return t;
}

TrainOptions sasrec_options(const std::string& out) {
  TrainOptions o;
  o.out_dir = out;
  o.arch = "sasrec";
  o.tasks = {Task::kRec};
  o.dropout = 0.2;
  o.batch_size = 16;  // 72 rec instances: 5 steps per epoch
  o.threads = 1;
  o.log_every = 1;
  o.progress = false;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(histories_are_left_padded_newest_last_and_cut_to_max_length) {
  torch::manual_seed(1);
  SASRec model(small_config());
  // Row 0: two items; row 1: seven items (the two oldest fall off); row 2: no item at all.
  const at::Tensor ids = inputs({{3, 5}, {0, 1, 2, 3, 4, 5, 6}, {}});
  const at::Tensor rows = model->history_rows(ids, ids != 0);
  const at::Tensor want =
      at::tensor({0, 0, 0, 4, 6, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0}, at::kLong).view({3, 5});
  BOOST_TEST(at::equal(rows, want), rows);
}

BOOST_AUTO_TEST_CASE(a_position_does_not_see_later_positions) {
  torch::manual_seed(2);
  SASRec model(small_config());
  model->eval();
  torch::NoGradGuard no_grad;
  const at::Tensor a = at::tensor({0, 3, 4, 5, 6}, at::kLong).view({1, 5});
  at::Tensor b = a.clone();
  b[0][4] = 9;  // only the newest item differs
  const at::Tensor ha = model->encode(a), hb = model->encode(b);
  BOOST_TEST(at::equal(ha.narrow(1, 1, 3), hb.narrow(1, 1, 3)));
  BOOST_TEST(!at::equal(ha.select(1, 4), hb.select(1, 4)));
  // Padding is invisible: the same history with less left padding gives the same outputs.
  const at::Tensor shorter = model->encode(a.narrow(1, 1, 4));
  BOOST_TEST(at::allclose(shorter, ha.narrow(1, 1, 4), 1e-5, 1e-6));
}

BOOST_AUTO_TEST_CASE(the_loss_falls_and_the_next_item_of_a_cycle_ranks_first) {
  torch::manual_seed(3);
  SASRec model(small_config());
  torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(0.01));
  // Items cycle 0 -> 1 -> ... -> 11 -> 0: every history of 1..5 items predicts the next one.
  std::vector<std::vector<std::int32_t>> histories;
  std::vector<std::int64_t> next;
  for (int start = 0; start < 12; ++start)
    for (int length = 1; length <= 5; ++length) {
      histories.emplace_back();
      for (int j = 0; j < length; ++j) histories.back().push_back((start + j) % 12);
      next.push_back(10 + (start + length) % 12);
    }
  const at::Tensor ids = inputs(histories);
  const at::Tensor labels = at::stack(
      {at::tensor(next, at::kLong), at::ones({static_cast<long>(next.size())}, at::kLong)}, 1);
  std::vector<double> losses;
  for (int step = 0; step < 150; ++step) {
    optimizer.zero_grad();
    const at::Tensor loss = model->instance_losses(ids, ids != 0, labels).mean();
    loss.backward();
    optimizer.step();
    losses.push_back(loss.item<double>());
  }
  BOOST_TEST(losses.front() > 2.0);  // about ln 12 = 2.48 at the start
  BOOST_TEST(losses.back() < 0.1 * losses.front());
  model->eval();
  torch::NoGradGuard no_grad;
  const at::Tensor best = model->item_log_probs(ids, ids != 0, 10, 12).argmax(1);
  BOOST_TEST(at::equal(best + 10, labels.select(1, 0)));
}

BOOST_AUTO_TEST_CASE(its_config_round_trips_through_json_and_builds_a_sasrec) {
  SASRecConfig c = small_config();
  const nlohmann::json j = sasrec_config_to_json(c);
  BOOST_TEST(j["model_type"] == "sasrec");
  const auto model = model_from_config_json(j, "test");
  BOOST_TEST(std::string(model->arch()) == "sasrec");
  const SASRecConfig back = sasrec_config_from_json(j, "test");
  BOOST_TEST(back.hidden == c.hidden);
  BOOST_TEST(back.num_heads == c.num_heads);
  BOOST_TEST(back.max_length == c.max_length);
  BOOST_TEST(back.dropout_rate == c.dropout_rate);
  c.num_heads = 3;
  BOOST_CHECK_THROW(validate(c), UsageError);
}

BOOST_AUTO_TEST_CASE(parameters_and_optimizer_state_round_trip_through_a_checkpoint) {
  test::TempDir dir;
  torch::manual_seed(4);
  SASRec a(small_config());
  torch::optim::AdamW opt_a(a->parameters(), torch::optim::AdamWOptions(0.01));
  const at::Tensor ids = inputs({{1, 2, 3}, {4}});
  const at::Tensor labels = at::tensor({14, 1, 15, 1}, at::kLong).view({2, 2});
  a->eval();
  opt_a.zero_grad();
  a->instance_losses(ids, ids != 0, labels).sum().backward();
  opt_a.step();
  CheckpointMeta meta = test::checkpoint_meta();
  meta.model_config_json = sasrec_config_to_json(small_config()).dump();
  write_checkpoint(dir / "s.h5", *a, adamw_state_writer(*a, opt_a), TrainerState{}, meta);

  const auto b = model_from_config_json(
      nlohmann::json::parse(read_checkpoint_meta(dir / "s.h5").model_config_json), "s.h5");
  torch::optim::AdamW opt_b(b->module().parameters(), torch::optim::AdamWOptions(0.01));
  load_model(dir / "s.h5", b->module());
  load_adamw_state(dir / "s.h5", b->module(), opt_b);
  const auto pb = b->module().named_parameters();
  for (const auto& p : a->named_parameters())
    BOOST_TEST(at::equal(p.value(), pb[p.key()]), p.key());
  b->module().eval();
  torch::NoGradGuard no_grad;
  BOOST_TEST(at::equal(a->item_log_probs(ids, ids != 0, 10, 12),
                       b->item_log_probs(ids, ids != 0, 10, 12)));
  const h5::File f = h5::File::open(dir / "s.h5");
  BOOST_TEST(f.exists("/model/item_embedding.weight"));
  BOOST_TEST(f.exists("/model/blocks.1.attention.q.weight"));
  BOOST_TEST(f.exists("/optimizer/position_embedding.weight/exp_avg"));
}

BOOST_AUTO_TEST_CASE(the_trainer_trains_it_and_keeps_the_best_epoch_by_validation_recall) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  TrainOptions o = sasrec_options(dir / "run");
  o.epochs = 6;
  o.lr = 0.01;
  o.eval_k = 1;
  const TrainSummary s = train(data, o, comm);
  BOOST_TEST(s.global_step == 30);
  BOOST_TEST(s.losses.back() < 0.5 * s.losses.front());
  BOOST_TEST_REQUIRE(s.valid_recall.size() == 6u);
  // Histories follow i -> i+1: the next item is learnable, Recall@1 included.
  BOOST_TEST(s.valid_recall.back() > 0.5);
  const CheckpointMeta meta = read_checkpoint_meta(dir / "run/best.h5");
  BOOST_TEST(nlohmann::json::parse(meta.model_config_json)["model_type"] == "sasrec");
  BOOST_TEST(nlohmann::json::parse(meta.training_config_json)["arch"] == "sasrec");
  std::ifstream config(dir / "run/config.json");
  BOOST_TEST(nlohmann::json::parse(config)["model"]["hidden"] == 64);
}

BOOST_AUTO_TEST_CASE(resuming_gives_the_same_losses_and_parameters_as_training_straight) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  TrainOptions straight = sasrec_options(dir / "straight");
  straight.epochs = 2;
  straight.max_steps = 8;  // crosses the epoch boundary at step 5
  const TrainSummary a = train(data, straight, comm);
  BOOST_TEST_REQUIRE(a.losses.size() == 8u);

  TrainOptions first = sasrec_options(dir / "resumed");
  first.epochs = 2;
  first.max_steps = 3;  // stops in the middle of epoch 1
  train(data, first, comm);
  TrainOptions second = first;
  second.max_steps = 8;
  const TrainSummary b2 = train(data, second, comm);
  BOOST_TEST(b2.resumed);
  BOOST_TEST_REQUIRE(b2.losses.size() == 5u);
  for (std::size_t i = 0; i < 5; ++i) BOOST_TEST(b2.losses[i] == a.losses[3 + i], "step " << 4 + i);
  check_same_tensors(dir / "straight/latest.h5", dir / "resumed/latest.h5", "/model");
  check_same_tensors(dir / "straight/latest.h5", dir / "resumed/latest.h5", "/optimizer");
}

BOOST_AUTO_TEST_CASE(sasrec_with_search_or_a_t5_import_is_a_usage_error) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  TrainOptions o = sasrec_options(dir / "run");
  o.tasks = {Task::kRec, Task::kSearch};
  BOOST_CHECK_EXCEPTION(train(data, o, comm), UsageError, [](const UsageError& e) {
    return std::string(e.what()).find("--tasks rec") != std::string::npos;
  });
  o.tasks = {Task::kRec};
  o.model_config = "config.json";
  BOOST_CHECK_THROW(train(data, o, comm), UsageError);
  o.model_config.clear();
  o.arch = "gru4rec";
  BOOST_CHECK_THROW(train(data, o, comm), UsageError);
}
