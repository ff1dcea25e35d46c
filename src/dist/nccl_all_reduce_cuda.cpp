// NCCL transport of the gradient buckets; built only when LibTorch has CUDA and NCCL was found
// (GENSR_WITH_NCCL). Untested on the CPU-only development machine: keep it small.
#include <cuda_runtime_api.h>
#include <nccl.h>

#include <chrono>
#include <string>

#include <ATen/ATen.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include "dist/bucket_sync.h"
#include "dist/communicator.h"
#include "util/error.h"

namespace gensr {

namespace {

void check_nccl(ncclResult_t r, const char* what) {
  if (r != ncclSuccess)
    throw Error(std::string("NCCL: ") + what + " failed: " + ncclGetErrorString(r));
}

ncclDataType_t nccl_type(at::ScalarType t) {
  switch (t) {
    case at::kFloat:
      return ncclFloat32;
    case at::kDouble:
      return ncclFloat64;
    case at::kHalf:
      return ncclFloat16;
#if defined(NCCL_MAJOR) && (NCCL_MAJOR > 2 || (NCCL_MAJOR == 2 && NCCL_MINOR >= 10))
    case at::kBFloat16:
      return ncclBfloat16;
#endif
    default:
      throw Error(std::string("NCCL: cannot sum ") + c10::toString(t) + " gradients");
  }
}

class NcclFlatAllReduce final : public FlatAllReduce {
 public:
  NcclFlatAllReduce(Communicator& comm, int device) : device_(device) {
    ncclUniqueId id;
    if (comm.rank() == 0) check_nccl(ncclGetUniqueId(&id), "ncclGetUniqueId");
    comm.broadcast(&id, sizeof id, 0);
    c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(device_));
    check_nccl(ncclCommInitRank(&nccl_, comm.size(), id, comm.rank()), "ncclCommInitRank");
  }
  ~NcclFlatAllReduce() override {
    if (nccl_ != nullptr) ncclCommDestroy(nccl_);
  }
  NcclFlatAllReduce(const NcclFlatAllReduce&) = delete;
  NcclFlatAllReduce& operator=(const NcclFlatAllReduce&) = delete;

  std::string name() const override { return "nccl"; }

  void sum(at::Tensor& flat) override {
    c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(device_));
    // The copies into `flat` were queued on the current stream; NCCL runs after them there.
    c10::cuda::CUDAStream stream = c10::cuda::getCurrentCUDAStream(device_);
    check_nccl(ncclAllReduce(flat.data_ptr(), flat.data_ptr(), static_cast<size_t>(flat.numel()),
                             nccl_type(flat.scalar_type()), ncclSum, nccl_, stream.stream()),
               "ncclAllReduce");
    // Waiting here keeps the all-reduce time honest and lets a hung peer surface (below)
    // instead of blocking inside a later CUDA call.
    const auto start = std::chrono::steady_clock::now();
    while (cudaStreamQuery(stream.stream()) == cudaErrorNotReady) {
      ncclResult_t async_error = ncclSuccess;
      ncclCommGetAsyncError(nccl_, &async_error);
      const double waited =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (async_error != ncclSuccess || waited > kTimeoutSeconds) {
        ncclCommAbort(nccl_);
        nccl_ = nullptr;
        throw Error(async_error != ncclSuccess
                        ? std::string("NCCL all-reduce failed: ") + ncclGetErrorString(async_error)
                        : "NCCL all-reduce timed out after " +
                              std::to_string(static_cast<int>(kTimeoutSeconds)) +
                              " s (a peer rank stopped answering)");
      }
    }
  }

 private:
  static constexpr double kTimeoutSeconds = 600;
  int device_;
  ncclComm_t nccl_ = nullptr;
};

}  // namespace

std::unique_ptr<FlatAllReduce> make_nccl_all_reduce(Communicator& comm, int cuda_device) {
  return std::make_unique<NcclFlatAllReduce>(comm, cuda_device);
}

}  // namespace gensr
