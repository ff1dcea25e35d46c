// NCCL transport of the gradient buckets; built only when LibTorch has CUDA and NCCL was found
// (GENSR_WITH_NCCL). CI has no GPU: keep it small (checked on a GPU machine, bench/gpu.md).
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

void check_cuda(cudaError_t r, const char* what) {
  if (r != cudaSuccess)
    throw Error(std::string("CUDA: ") + what + " failed: " + cudaGetErrorString(r));
}

class NcclFlatAllReduce final : public FlatAllReduce {
 public:
  NcclFlatAllReduce(Communicator& comm, int device)
      : device_(device), timeout_seconds_(comm.timeout_seconds()) {
    ncclUniqueId id;
    if (comm.rank() == 0) check_nccl(ncclGetUniqueId(&id), "ncclGetUniqueId");
    comm.broadcast(&id, sizeof id, 0);
    c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(device_));
    check_cuda(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
    check_nccl(ncclCommInitRank(&nccl_, comm.size(), id, comm.rank()), "ncclCommInitRank");
  }
  ~NcclFlatAllReduce() override {
    if (nccl_ != nullptr) ncclCommDestroy(nccl_);
    if (stream_ != nullptr) cudaStreamDestroy(stream_);
  }
  NcclFlatAllReduce(const NcclFlatAllReduce&) = delete;
  NcclFlatAllReduce& operator=(const NcclFlatAllReduce&) = delete;

  std::string name() const override { return "nccl"; }

  // Called from autograd's thread for the device while backward goes on: the sum waits on its
  // own stream for the copies into `flat` queued so far on the caller's stream, and only then
  // runs, beside the rest of backward.
  void start(at::Tensor& flat) override {
    if (nccl_ == nullptr) throw Error("NCCL all-reduce used after it failed");
    c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(device_));
    const cudaStream_t caller = c10::cuda::getCurrentCUDAStream(device_).stream();
    cudaEvent_t filled = nullptr;
    check_cuda(cudaEventCreateWithFlags(&filled, cudaEventDisableTiming), "cudaEventCreate");
    check_cuda(cudaEventRecord(filled, caller), "cudaEventRecord");
    check_cuda(cudaStreamWaitEvent(stream_, filled, 0), "cudaStreamWaitEvent");
    check_cuda(cudaEventDestroy(filled), "cudaEventDestroy");  // freed once the wait is done
    check_nccl(ncclAllReduce(flat.data_ptr(), flat.data_ptr(), static_cast<size_t>(flat.numel()),
                             nccl_type(flat.scalar_type()), ncclSum, nccl_, stream_),
               "ncclAllReduce");
  }

  // Waits on the host, so a hung or failed peer surfaces here with a message instead of
  // blocking a later CUDA call forever, and the sums may be read on any stream afterwards.
  void finish() override {
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      const cudaError_t state = cudaStreamQuery(stream_);
      if (state == cudaSuccess) return;
      if (state != cudaErrorNotReady) check_cuda(state, "NCCL stream");
      ncclResult_t async_error = ncclSuccess;
      ncclCommGetAsyncError(nccl_, &async_error);
      const double waited =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (async_error != ncclSuccess || waited > timeout_seconds_) {
        ncclCommAbort(nccl_);
        nccl_ = nullptr;
        throw Error(async_error != ncclSuccess
                        ? std::string("NCCL all-reduce failed: ") + ncclGetErrorString(async_error)
                        : "NCCL all-reduce timed out after " +
                              std::to_string(static_cast<int>(timeout_seconds_)) +
                              " s (a peer rank stopped answering; GENSR_COLLECTIVE_TIMEOUT)");
      }
    }
  }

 private:
  int device_;
  double timeout_seconds_;
  cudaStream_t stream_ = nullptr;
  ncclComm_t nccl_ = nullptr;
};

}  // namespace

std::unique_ptr<FlatAllReduce> make_nccl_all_reduce(Communicator& comm, int cuda_device) {
  return std::make_unique<NcclFlatAllReduce>(comm, cuda_device);
}

}  // namespace gensr
