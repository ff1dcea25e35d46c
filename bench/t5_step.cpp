// t5_step: forward+backward time and achieved GFLOP/s of the T5 model on gensr-shaped batches
// (short inputs, targets [item, EOS]), fp32 and bf16 autocast, beside plain matmul GFLOP/s
// measured in the same run. Results and commands: bench/README.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "model/autocast.h"
#include "model/device.h"
#include "model/t5.h"
#include "util/options.h"
#include "util/program.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Multiply-adds of one forward pass counted as 2 FLOPs, matmuls only (projections, attention
// scores and mixing, LM head); norms, softmax and GELU are left out.
double forward_flops(const gensr::T5Config& c, double batch, double src, double tgt) {
  const double d = c.d_model, inner = c.inner_dim(), ff = c.d_ff;
  const double enc_layer = 2 * src * (4 * d * inner + 3 * d * ff) + 2 * 2 * src * src * inner;
  const double dec_layer = 2 * tgt * (6 * d * inner + 3 * d * ff) + 2 * 2 * src * d * inner +
                           2 * 2 * tgt * tgt * inner + 2 * 2 * tgt * src * inner;
  const double head = 2 * tgt * d * c.vocab_size;
  return batch * (c.num_layers * enc_layer + c.num_decoder_layers * dec_layer + head);
}

// Reading one value back waits for the device (a no-op wait on the CPU).
void wait_for(const at::Tensor& t) { t.reshape({-1})[0].item<double>(); }

double matmul_gflops(at::ScalarType dtype, long n, int reps, c10::Device device) {
  at::Tensor a = at::randn({n, n}).to(device, dtype), b = at::randn({n, n}).to(device, dtype);
  wait_for(at::matmul(a, b));  // warm-up (thread pool, oneDNN primitives, cuBLAS handles)
  std::vector<double> times;
  for (int i = 0; i < reps; ++i) {
    auto t0 = Clock::now();
    wait_for(at::matmul(a, b));
    times.push_back(seconds_since(t0));
  }
  return 2.0 * n * n * n / median(times) / 1e9;
}

struct StepResult {
  double seconds;
  double loss;
};

StepResult time_steps(gensr::T5& model, bool bf16, long batch, long src, long tgt, int steps,
                      c10::Device device) {
  at::Tensor ids = at::randint(3, model->config().vocab_size, {batch, src}).to(device);
  at::Tensor mask = at::ones({batch, src}, at::kLong).to(device);
  at::Tensor labels = at::randint(3, model->config().vocab_size, {batch, tgt}).to(device);
  std::vector<double> times;
  double loss = 0;
  for (int i = 0; i < steps + 1; ++i) {  // the first step is a warm-up
    model->zero_grad();
    auto t0 = Clock::now();
    {
      gensr::AutocastGuard autocast(bf16, device.type());
      at::Tensor l = model->loss(ids, mask, labels);
      l.backward();
      loss = l.item<double>();
    }
    if (i > 0) times.push_back(seconds_since(t0));
  }
  return {median(times), loss};
}

int run(int argc, char** argv) {
  namespace po = gensr::po;
  int threads = 0, steps = 5;
  long batch = 16, src = 32, tgt = 2, vocab = 32128, matmul_n = 2048;
  std::string models, dtypes, device_spec;
  po::options_description desc("t5_step options");
  // clang-format off
  desc.add_options()
    ("threads", po::value<int>(&threads)->default_value(0), "intra-op threads (0: all cores)")
    ("device", po::value<std::string>(&device_spec)->default_value("cpu"), "cpu | cuda | cuda:N")
    ("models", po::value<std::string>(&models)->default_value("tiny,flan-t5-base"),
     "comma-separated presets")
    ("dtypes", po::value<std::string>(&dtypes)->default_value("fp32,bf16"), "fp32,bf16")
    ("batch", po::value<long>(&batch)->default_value(batch), "instances per step")
    ("src-len", po::value<long>(&src)->default_value(src), "encoder tokens per instance")
    ("tgt-len", po::value<long>(&tgt)->default_value(tgt), "decoder tokens ([item, EOS] = 2)")
    ("vocab", po::value<long>(&vocab)->default_value(vocab), "vocabulary rows (text + items)")
    ("steps", po::value<int>(&steps)->default_value(steps), "timed steps (median reported)")
    ("matmul-n", po::value<long>(&matmul_n)->default_value(matmul_n), "matmul size n x n");
  // clang-format on
  po::variables_map vm;
  if (!gensr::parse_options(std::vector<std::string>(argv + 1, argv + argc), desc,
                            "usage: t5_step [options]", vm))
    return 0;
  const c10::Device device = gensr::resolve_device(device_spec, 0);
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  at::set_num_threads(threads);
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  const char* blas_threads = std::getenv("OPENBLAS_NUM_THREADS");
  std::printf("threads %d, OPENBLAS_CORETYPE=%s, OPENBLAS_NUM_THREADS=%s\n", at::get_num_threads(),
              coretype ? coretype : "(unset)", blas_threads ? blas_threads : "(unset)");
  std::printf(
      "device %s, batch %ld, src %ld, tgt %ld, vocab %ld, dropout 0.1, median of %d steps\n",
      device.str().c_str(), batch, src, tgt, vocab, steps);

  at::manual_seed(0);
  const double mm32 = matmul_gflops(at::kFloat, matmul_n, 5, device);
  const double mm16 = matmul_gflops(at::kBFloat16, matmul_n, 5, device);
  std::printf("matmul %ldx%ld: fp32 %.1f GFLOP/s, bf16 %.1f GFLOP/s\n", matmul_n, matmul_n, mm32,
              mm16);
  std::printf(
      "\n| model | dtype | params (M) | step s | train GFLOP | GFLOP/s | %% of matmul | loss |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");

  std::stringstream model_list(models);
  for (std::string name; std::getline(model_list, name, ',');) {
    gensr::T5Config c = gensr::t5_preset(name);
    c.vocab_size = vocab;
    gensr::T5 model(c);
    model->to(device);
    model->train();
    const double flops = 3.0 * forward_flops(c, batch, src, tgt);  // backward ~ 2x forward
    std::stringstream dtype_list(dtypes);
    for (std::string dtype; std::getline(dtype_list, dtype, ',');) {
      const bool bf16 = dtype == "bf16";
      StepResult r = time_steps(model, bf16, batch, src, tgt, steps, device);
      const double rate = flops / r.seconds / 1e9;
      std::printf("| %s | %s | %.1f | %.3f | %.2f | %.1f | %.0f%% | %.3f |\n", name.c_str(),
                  dtype.c_str(), gensr::t5_parameter_count(c) / 1e6, r.seconds, flops / 1e9, rate,
                  100.0 * rate / (bf16 ? mm16 : mm32), r.loss);
      std::fflush(stdout);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return gensr::guarded_main("t5_step", [&] { return run(argc, argv); });
}
