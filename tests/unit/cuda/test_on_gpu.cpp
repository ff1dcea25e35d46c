#define BOOST_TEST_MODULE on_gpu
#include <boost/test/unit_test.hpp>

#include <ATen/ATen.h>
#include <torch/cuda.h>
#include <torch/optim/adamw.h>

#include "ckpt/checkpoint.h"
#include "decode/decoding.h"
#include "decode/t5_scorer.h"
#include "decode/topk.h"
#include "model/t5.h"
#include "support/temp_dir.h"
#include "train/optimizer.h"
#include "unit/torch/checkpoint_fixture.h"

// Built only against a LibTorch with CUDA (tests/CMakeLists.txt), so CI, which has none, never
// registers it; where it is built it needs a GPU and says so instead of passing empty.

using namespace gensr;
using gensr::Decoding;

namespace {

struct NeedsGpu {
  NeedsGpu() { BOOST_TEST_REQUIRE(torch::cuda::is_available(), "this suite needs a visible GPU"); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(on_gpu, NeedsGpu)

// The model on the GPU gives the items it gives on the CPU (scores to float rounding), by every
// decoding.
BOOST_AUTO_TEST_CASE(a_t5_on_the_gpu_decodes_the_items_it_decodes_on_the_cpu) {
  gensr::T5Config c = gensr::t5_preset("tiny");
  c.vocab_size = 60;
  at::manual_seed(5);
  gensr::T5 model(c);
  model->eval();
  const std::vector<std::vector<std::int32_t>> inputs = {{5, 9, 1}, {7, 22, 31, 1}, {3, 1}};
  const gensr::AtomicItemIds ids(40, 20);
  auto decode_all = [&] {
    std::vector<std::vector<gensr::ScoredItem>> lists =
        gensr::top_k_items(*model, inputs, 40, 20, 6, false);
    for (Decoding d : {Decoding::kBeam, Decoding::kDiverse}) {
      gensr::T5Scorer scorer(*model, inputs, false);
      for (auto& q : gensr::beam_decode_items(d, scorer, ids, 6)) lists.push_back(q.items);
    }
    return lists;
  };
  const auto on_cpu = decode_all();
  model->to(c10::Device(c10::DeviceType::CUDA, 0));
  BOOST_TEST(gensr::model_device(*model).is_cuda());
  const auto on_gpu = decode_all();
  BOOST_REQUIRE_EQUAL(on_gpu.size(), on_cpu.size());
  for (std::size_t l = 0; l < on_cpu.size(); ++l) {
    BOOST_REQUIRE_EQUAL(on_gpu[l].size(), on_cpu[l].size());
    for (std::size_t r = 0; r < on_cpu[l].size(); ++r) {
      BOOST_TEST(on_gpu[l][r].item == on_cpu[l][r].item, "list " << l << " rank " << r);
      BOOST_TEST(on_gpu[l][r].score == on_cpu[l][r].score, boost::test_tools::tolerance(1e-4));
    }
  }
}

// A model and optimizer on the GPU save through the host and load back onto the GPU (moments on
// the parameters' device) or onto the CPU, values unchanged.
BOOST_AUTO_TEST_CASE(a_model_and_optimizer_on_the_gpu_round_trip_through_the_host) {
  const c10::Device gpu(c10::DeviceType::CUDA, 0);
  test::TempDir dir;
  T5 cpu_model(test::tiny_checkpoint_config());  // loaded into below
  torch::optim::AdamW cpu_optimizer(cpu_model->parameters(), torch::optim::AdamWOptions(0.01));
  T5 model(test::tiny_checkpoint_config());
  model->eval();
  model->to(gpu);
  torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(0.01));
  const at::Tensor ids = at::tensor({3, 4, 1}, at::kLong).view({1, 3}).to(gpu);
  model->loss(ids, at::ones_like(ids), at::tensor({12, 1}, at::kLong).view({1, 2}).to(gpu))
      .backward();
  optimizer.step();
  write_checkpoint(dir / "g.h5", *model, adamw_state_writer(*model, optimizer), TrainerState{},
                   test::checkpoint_meta());

  load_model(dir / "g.h5", *cpu_model);
  load_adamw_state(dir / "g.h5", *cpu_model, cpu_optimizer);
  const auto cpu_params = cpu_model->named_parameters();
  for (const auto& p : model->named_parameters())
    BOOST_TEST(at::equal(p.value().cpu(), cpu_params[p.key()]), p.key());

  T5 back(test::tiny_checkpoint_config());
  back->to(gpu);
  torch::optim::AdamW back_optimizer(back->parameters(), torch::optim::AdamWOptions(0.01));
  load_model(dir / "g.h5", *back);
  load_adamw_state(dir / "g.h5", *back, back_optimizer);
  const auto params = model->named_parameters();
  for (const auto& p : back->named_parameters()) {
    BOOST_TEST(p.value().is_cuda(), p.key());
    BOOST_TEST(at::equal(p.value(), params[p.key()]), p.key());
  }
  for (const auto& kv : back_optimizer.state()) {
    const auto& s = static_cast<const torch::optim::AdamWParamState&>(*kv.second);
    BOOST_TEST(s.exp_avg().is_cuda());
    BOOST_TEST(s.exp_avg_sq().is_cuda());
  }
}

BOOST_AUTO_TEST_SUITE_END()
