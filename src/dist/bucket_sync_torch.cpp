#include "dist/bucket_sync.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <utility>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include "dist/communicator.h"
#include "util/error.h"

namespace gensr {

namespace {

class MpiFlatAllReduce final : public FlatAllReduce {
 public:
  explicit MpiFlatAllReduce(Communicator& comm) : comm_(comm) {}
  std::string name() const override { return "mpi"; }
  void finish() override {}
  void start(at::Tensor& flat) override {
    DType type;
    switch (flat.scalar_type()) {
      case at::kFloat:
        type = DType::kFloat32;
        break;
      case at::kDouble:
        type = DType::kFloat64;
        break;
      default:
        throw Error(std::string("gradient all-reduce: MPI cannot sum ") +
                    c10::toString(flat.scalar_type()) + " gradients");
    }
    comm_.all_reduce(flat.data_ptr(), static_cast<std::size_t>(flat.numel()), type, ReduceOp::kSum);
  }

 private:
  Communicator& comm_;
};

}  // namespace

std::unique_ptr<FlatAllReduce> make_flat_all_reduce(Communicator& comm, int cuda_device) {
  if (cuda_device < 0) return std::make_unique<MpiFlatAllReduce>(comm);
#ifdef GENSR_WITH_NCCL
  return make_nccl_all_reduce(comm, cuda_device);
#else
  throw Error("gradient all-reduce: parameters are on CUDA but gensr was built without NCCL");
#endif
}

struct GradientBuckets::Impl {
  std::vector<at::Tensor> params;
  std::vector<BucketSpec> plan;
  std::vector<at::Tensor> flats;  // one buffer per bucket, allocated once
  std::vector<at::Tensor> slots;  // per parameter: its view into its bucket's buffer
  std::vector<std::size_t> bucket_of;
  std::vector<std::pair<std::size_t, unsigned>> hooks;  // (parameter, hook handle)
  std::unique_ptr<FlatAllReduce> transport;
  double seconds = 0;

  // The state of one all-reduce; hooks may run on autograd's device threads, hence the lock.
  std::mutex mutex;
  bool armed = false;
  std::vector<char> copied;          // per parameter: its gradient is in its slot
  std::vector<std::size_t> missing;  // per bucket: parameters not copied yet
  std::size_t next = 0;              // first bucket not started

  void reset() {
    armed = false;
    std::fill(copied.begin(), copied.end(), 0);
    for (std::size_t b = 0; b < plan.size(); ++b) missing[b] = plan[b].params.size();
    next = 0;
  }

  // Puts `grad` (undefined: zero) plus `more` (if defined) into parameter k's slot.
  void copy_in(std::size_t k, const at::Tensor& grad, const at::Tensor& more = {}) {
    if (grad.defined())
      slots[k].copy_(grad.reshape(slots[k].sizes()));
    else
      slots[k].zero_();
    if (more.defined()) slots[k].add_(more.reshape(slots[k].sizes()));
    copied[k] = 1;
    --missing[bucket_of[k]];
  }

  // Buckets start in plan order only, so every rank issues the same sums in the same order
  // whatever order its gradients arrive in.
  void start_ready() {
    while (next < plan.size() && missing[next] == 0) transport->start(flats[next++]);
  }

  void on_gradient(std::size_t k, const at::Tensor& incoming) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!armed || copied[k]) return;
    const auto start = std::chrono::steady_clock::now();
    c10::NoGradGuard no_grad;
    // The hook runs before accumulation: the final gradient is what .grad holds plus this.
    copy_in(k, params[k].grad(), incoming);
    start_ready();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
};

GradientBuckets::GradientBuckets(const std::vector<at::Tensor>& params, std::size_t cap_bytes,
                                 std::unique_ptr<FlatAllReduce> transport)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.params = params;
  m.transport = std::move(transport);
  std::vector<std::size_t> bytes;
  for (const auto& p : params)
    bytes.push_back(static_cast<std::size_t>(p.numel()) * p.element_size());
  m.plan = plan_buckets(bytes, cap_bytes);
  m.slots.resize(params.size());
  m.bucket_of.resize(params.size());
  for (std::size_t b = 0; b < m.plan.size(); ++b) {
    const at::Tensor& first = params[m.plan[b].params.front()];
    std::int64_t numel = 0;
    for (std::size_t k : m.plan[b].params) {
      const at::Tensor& p = params[k];
      if (p.scalar_type() != first.scalar_type() || p.device() != first.device())
        throw Error("gradient buckets: parameters " + std::to_string(m.plan[b].params.front()) +
                    " and " + std::to_string(k) + " differ in dtype or device");
      numel += p.numel();
    }
    m.flats.push_back(at::empty({numel}, first.options()));
    std::int64_t offset = 0;
    for (std::size_t k : m.plan[b].params) {
      m.slots[k] = m.flats.back().narrow(0, offset, params[k].numel()).view(params[k].sizes());
      m.bucket_of[k] = b;
      offset += params[k].numel();
    }
  }
  m.copied.resize(params.size());
  m.missing.resize(m.plan.size());
  m.reset();
  Impl* impl = impl_.get();
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (!params[k].requires_grad()) continue;
    m.hooks.emplace_back(k, m.params[k].register_hook(
                                [impl, k](const at::Tensor& grad) { impl->on_gradient(k, grad); }));
  }
}

GradientBuckets::~GradientBuckets() {
  for (const auto& [k, handle] : impl_->hooks) impl_->params[k].remove_hook(handle);
}

const std::vector<BucketSpec>& GradientBuckets::plan() const { return impl_->plan; }
std::string GradientBuckets::transport() const { return impl_->transport->name(); }
double GradientBuckets::seconds() const { return impl_->seconds; }

void GradientBuckets::arm() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->reset();
  impl_->armed = true;
}

void GradientBuckets::sum_gradients() {
  Impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.mutex);
  const auto start = std::chrono::steady_clock::now();
  c10::NoGradGuard no_grad;
  for (std::size_t k = 0; k < m.params.size(); ++k)
    if (!m.copied[k]) m.copy_in(k, m.params[k].grad());
  m.start_ready();
  m.transport->finish();
  for (std::size_t k = 0; k < m.params.size(); ++k) {
    at::Tensor& p = m.params[k];
    if (p.grad().defined())
      p.mutable_grad().copy_(m.slots[k]);
    else
      p.mutable_grad() = m.slots[k].clone();
  }
  m.reset();
  m.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace gensr
