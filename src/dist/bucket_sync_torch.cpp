#include "dist/bucket_sync.h"

#include <chrono>

#include <ATen/ATen.h>

#include "dist/communicator.h"
#include "util/error.h"

namespace gensr {

namespace {

class MpiFlatAllReduce final : public FlatAllReduce {
 public:
  explicit MpiFlatAllReduce(Communicator& comm) : comm_(comm) {}
  std::string name() const override { return "mpi"; }
  void sum(at::Tensor& flat) override {
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
  std::unique_ptr<FlatAllReduce> transport;
  double seconds = 0;
};

GradientBuckets::GradientBuckets(const std::vector<at::Tensor>& params, std::size_t cap_bytes,
                                 std::unique_ptr<FlatAllReduce> transport)
    : impl_(std::make_unique<Impl>()) {
  impl_->params = params;
  impl_->transport = std::move(transport);
  std::vector<std::size_t> bytes;
  for (const auto& p : params)
    bytes.push_back(static_cast<std::size_t>(p.numel()) * p.element_size());
  impl_->plan = plan_buckets(bytes, cap_bytes);
  for (const BucketSpec& b : impl_->plan) {
    const at::Tensor& first = params[b.params.front()];
    std::int64_t numel = 0;
    for (std::size_t k : b.params) {
      const at::Tensor& p = params[k];
      if (p.scalar_type() != first.scalar_type() || p.device() != first.device())
        throw Error("gradient buckets: parameters " + std::to_string(b.params.front()) + " and " +
                    std::to_string(k) + " differ in dtype or device");
      numel += p.numel();
    }
    impl_->flats.push_back(at::empty({numel}, first.options()));
  }
}

GradientBuckets::~GradientBuckets() = default;

const std::vector<BucketSpec>& GradientBuckets::plan() const { return impl_->plan; }
std::string GradientBuckets::transport() const { return impl_->transport->name(); }
double GradientBuckets::seconds() const { return impl_->seconds; }

void GradientBuckets::sum_gradients() {
  const auto start = std::chrono::steady_clock::now();
  at::NoGradGuard no_grad;
  for (std::size_t b = 0; b < impl_->plan.size(); ++b) {
    at::Tensor& flat = impl_->flats[b];
    std::int64_t offset = 0;
    for (std::size_t k : impl_->plan[b].params) {
      at::Tensor& p = impl_->params[k];
      at::Tensor slot = flat.narrow(0, offset, p.numel());
      if (p.grad().defined())
        slot.copy_(p.grad().reshape({-1}));
      else
        slot.zero_();
      offset += p.numel();
    }
    impl_->transport->sum(flat);
    offset = 0;
    for (std::size_t k : impl_->plan[b].params) {
      at::Tensor& p = impl_->params[k];
      const at::Tensor slot = flat.narrow(0, offset, p.numel()).view(p.sizes());
      if (p.grad().defined())
        p.mutable_grad().copy_(slot);
      else
        p.mutable_grad() = slot.clone();
      offset += p.numel();
    }
  }
  impl_->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace gensr
