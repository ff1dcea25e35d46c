// nccl_buckets: the gradient all-reduce of one T5 training step through NCCL on one GPU (one
// rank), with the buckets started from hooks during backward and without. Checks that the
// summed gradients equal the plain ones (the sum over one rank) and times backward alone,
// backward + overlapped all-reduce, and backward followed by the all-reduce. Built only with
// NCCL; results and command: bench/gpu.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <ATen/ATen.h>

#include "dist/bucket_sync.h"
#include "dist/single_process.h"
#include "model/device.h"
#include "model/t5.h"
#include "util/error.h"
#include "util/options.h"
#include "util/program.h"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int run(int argc, char** argv) {
  namespace po = gensr::po;
  std::string model_name, device_spec;
  long batch = 64, src = 32, vocab = 32128;
  int steps = 10;
  double bucket_mb = 25;
  po::options_description desc("nccl_buckets options");
  // clang-format off
  desc.add_options()
    ("model", po::value<std::string>(&model_name)->default_value("flan-t5-base"), "preset")
    ("device", po::value<std::string>(&device_spec)->default_value("cuda"), "cuda | cuda:N")
    ("batch", po::value<long>(&batch)->default_value(batch), "instances per step")
    ("src-len", po::value<long>(&src)->default_value(src), "encoder tokens per instance")
    ("vocab", po::value<long>(&vocab)->default_value(vocab), "vocabulary rows")
    ("bucket-mb", po::value<double>(&bucket_mb)->default_value(bucket_mb), "bucket cap (MiB)")
    ("steps", po::value<int>(&steps)->default_value(steps), "timed steps (median reported)");
  // clang-format on
  po::variables_map vm;
  if (!gensr::parse_options(std::vector<std::string>(argv + 1, argv + argc), desc,
                            "usage: nccl_buckets [options]", vm))
    return 0;
  const c10::Device device = gensr::resolve_device(device_spec, 0);
  at::manual_seed(0);
  gensr::T5Config c = gensr::t5_preset(model_name);
  c.vocab_size = vocab;
  c.dropout_rate = 0;
  gensr::T5 model(c);
  model->to(device);
  const at::Tensor ids = at::randint(3, vocab, {batch, src}).to(device);
  const at::Tensor mask = at::ones({batch, src}, at::kLong).to(device);
  const at::Tensor labels = at::randint(3, vocab, {batch, 2}).to(device);
  const std::vector<at::Tensor> params = model->parameters();

  gensr::SingleProcessCommunicator comm;
  gensr::GradientBuckets buckets(params, static_cast<std::size_t>(bucket_mb * 1024 * 1024),
                                 gensr::make_flat_all_reduce(comm, device.index()));
  std::printf("model %s (%zu tensors), device %s, transport %s, %zu buckets of <= %.0f MiB\n",
              model_name.c_str(), params.size(), device.str().c_str(), buckets.transport().c_str(),
              buckets.plan().size(), bucket_mb);

  // mode 0: backward only; 1: armed (hooks start buckets during backward); 2: sum afterwards.
  auto step = [&](int mode) {
    model->zero_grad();
    const auto t0 = Clock::now();
    if (mode == 1) buckets.arm();
    model->loss(ids, mask, labels).backward();
    if (mode > 0) buckets.sum_gradients();
    params.front().grad().reshape({-1})[0].item<double>();  // waits for the device
    return std::chrono::duration<double>(Clock::now() - t0).count();
  };
  step(0);
  std::vector<at::Tensor> plain;
  for (const auto& p : params) plain.push_back(p.grad().clone());
  for (int mode : {1, 2}) {
    step(mode);
    double worst = 0;
    for (std::size_t k = 0; k < params.size(); ++k)
      worst = std::max(worst, (params[k].grad() - plain[k]).abs().max().item<double>());
    std::printf("mode %d: largest |summed - plain| gradient difference %.3g\n", mode, worst);
    if (worst > 0) throw gensr::Error("the one-rank NCCL sum changed a gradient");
  }
  const char* names[] = {"backward only", "backward + overlapped all-reduce",
                         "backward, then all-reduce"};
  std::printf("\n| step | median ms |\n|---|---|\n");
  for (int mode : {0, 1, 2}) {
    std::vector<double> times;
    for (int i = 0; i < steps; ++i) times.push_back(step(mode));
    std::printf("| %s | %.2f |\n", names[mode], 1e3 * median(times));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return gensr::guarded_main("nccl_buckets", [&] { return run(argc, argv); });
}
