#define BOOST_TEST_MODULE checkpoint
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <ATen/ATen.h>
#include <torch/optim/adamw.h>

#include "ckpt/checkpoint.h"
#include "model/t5.h"
#include "support/run.h"
#include "support/temp_dir.h"
#include "train/optimizer.h"
#include "unit/torch/checkpoint_fixture.h"
#include "util/error.h"
#include "util/h5.h"

using namespace gensr;

namespace {

// A model and an optimizer that has taken one step, so there is state to save.
struct Trained {
  T5 model{test::tiny_checkpoint_config()};
  torch::optim::AdamW optimizer{model->parameters(), torch::optim::AdamWOptions(0.01)};
  Trained() {
    model->eval();  // no dropout, so that two models given the same batch step alike
    step();
  }
  void step() {
    const at::Tensor ids = at::tensor({3, 4, 1}, at::kLong).view({1, 3});
    const at::Tensor labels = at::tensor({12, 1}, at::kLong).view({1, 2});
    optimizer.zero_grad();
    model->loss(ids, at::ones_like(ids), labels).backward();
    optimizer.step();
  }
};

bool same(const at::Tensor& a, const at::Tensor& b) { return at::equal(a, b); }

}  // namespace

BOOST_AUTO_TEST_CASE(parameters_optimizer_state_and_trainer_state_round_trip) {
  test::TempDir dir;
  Trained a;
  TrainerState state;
  state.epoch = 2;
  state.global_step = 17;
  state.position = 48;
  state.best_metric = 0.5;
  state.best_step = 12;
  state.rng_state = {1, 2, 3};
  write_checkpoint(dir / "c.h5", *a.model, adamw_state_writer(*a.model, a.optimizer), state,
                   test::checkpoint_meta());

  Trained b;  // other weights (another initialisation and step)
  load_model(dir / "c.h5", *b.model);
  load_adamw_state(dir / "c.h5", *b.model, b.optimizer);
  const auto pa = a.model->named_parameters(), pb = b.model->named_parameters();
  for (const auto& p : pa) BOOST_TEST(same(p.value(), pb[p.key()]), p.key());
  // The next step continues from the loaded moments exactly.
  a.step();
  b.step();
  for (const auto& p : pa) BOOST_TEST(same(p.value(), pb[p.key()]), p.key());

  const TrainerState s = read_trainer_state(dir / "c.h5");
  BOOST_TEST(s.epoch == 2);
  BOOST_TEST(s.global_step == 17);
  BOOST_TEST(s.position == 48);
  BOOST_TEST(s.best_metric == 0.5);
  BOOST_TEST(s.best_step == 12);
  BOOST_TEST((s.rng_state == std::vector<std::uint8_t>{1, 2, 3}));
  const CheckpointMeta m = read_checkpoint_meta(dir / "c.h5");
  BOOST_TEST(m.items == test::checkpoint_meta().items);
  BOOST_TEST(m.tokenizer == test::checkpoint_meta().tokenizer);
  BOOST_TEST(m.item_offset == 10);
  BOOST_TEST(m.data_fingerprint == "00000000deadbeef");
  BOOST_TEST(!std::filesystem::exists(dir / "c.h5.tmp"));
}

BOOST_AUTO_TEST_CASE(h5ls_lists_parameters_under_hf_names) {
  test::TempDir dir;
  Trained a;
  write_checkpoint(dir / "c.h5", *a.model, adamw_state_writer(*a.model, a.optimizer),
                   TrainerState{}, test::checkpoint_meta());
  const auto r = test::run_command("h5ls -r " + (dir / "c.h5"), 60);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  for (const char* name :
       {"/model/shared.weight ", "/model/encoder.block.0.layer.0.SelfAttention.q.weight ",
        "/model/lm_head.weight ", "/optimizer/shared.weight/exp_avg ",
        "/optimizer/shared.weight/exp_avg_sq ", "/trainer/rng_cpu ", "/items ", "/tokenizer "})
    BOOST_TEST(r.output.find(name) != std::string::npos, name << " in\n" << r.output);
  // The shared embedding is stored once, not again as encoder/decoder.embed_tokens.
  BOOST_TEST(r.output.find("embed_tokens") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_checkpoint_of_other_data_is_refused) {
  test::TempDir dir;
  Trained a;
  write_checkpoint(dir / "c.h5", *a.model, nullptr, TrainerState{}, test::checkpoint_meta());
  const CheckpointMeta m = read_checkpoint_meta(dir / "c.h5");
  BOOST_CHECK_NO_THROW(check_fingerprint(dir / "c.h5", m, "00000000deadbeef"));
  try {
    check_fingerprint(dir / "c.h5", m, "1111111111111111");
    BOOST_FAIL("accepted another fingerprint");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("1111111111111111") != std::string::npos, e.what());
    BOOST_TEST(e.field() == "data_fingerprint");
  }
}

BOOST_AUTO_TEST_CASE(a_truncated_checkpoint_is_refused) {
  test::TempDir dir;
  Trained a;
  write_checkpoint(dir / "c.h5", *a.model, adamw_state_writer(*a.model, a.optimizer),
                   TrainerState{}, test::checkpoint_meta());
  const auto size = std::filesystem::file_size(dir / "c.h5");
  std::filesystem::resize_file(dir / "c.h5", size / 2);
  try {
    Trained b;
    load_model(dir / "c.h5", *b.model);
    BOOST_FAIL("read a truncated file");
  } catch (const InputError& e) {
    BOOST_TEST(e.file() == dir / "c.h5");
  }
}

BOOST_AUTO_TEST_CASE(a_foreign_hdf5_file_is_refused) {
  test::TempDir dir;
  {
    h5::File f = h5::File::create(dir / "other.h5");
    f.write<float>("/model/shared.weight", std::vector<float>{1, 2});
  }
  try {
    read_checkpoint_meta(dir / "other.h5");
    BOOST_FAIL("read a foreign file");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("not a gensr checkpoint") != std::string::npos, e.what());
  }
}
