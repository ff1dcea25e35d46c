#pragma once

// Gradient all-reduce through flat buckets (DESIGN.md "Distributed training"): gradients are
// copied into a few large contiguous buffers, each summed over the ranks with one collective,
// and copied back. Few large messages beat one message per parameter, and every rank reduces
// the same buckets in the same order. The header stays free of LibTorch.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "dist/bucket_plan.h"

namespace at {
class Tensor;
}

namespace gensr {

class Communicator;

// Sums one contiguous flat tensor over all ranks, in place. The trainer does not know which
// transport does it: MPI through the Communicator for CPU tensors, NCCL for CUDA tensors.
class FlatAllReduce {
 public:
  virtual ~FlatAllReduce() = default;
  virtual std::string name() const = 0;  // "mpi" or "nccl"
  virtual void sum(at::Tensor& flat) = 0;
};

// The transport for tensors on CPU (`cuda_device` < 0) or on CUDA device `cuda_device`.
// Throws Error for CUDA when gensr was built without NCCL.
std::unique_ptr<FlatAllReduce> make_flat_all_reduce(Communicator& comm, int cuda_device);

#ifdef GENSR_WITH_NCCL
// NCCL over all ranks of `comm`: rank 0 makes the unique id and broadcasts it over MPI.
std::unique_ptr<FlatAllReduce> make_nccl_all_reduce(Communicator& comm, int cuda_device);
#endif

class GradientBuckets {
 public:
  // `params` in the model's order; buckets hold at most `cap_bytes` (see plan_buckets). All
  // parameters of one bucket must share dtype and device.
  GradientBuckets(const std::vector<at::Tensor>& params, std::size_t cap_bytes,
                  std::unique_ptr<FlatAllReduce> transport);
  ~GradientBuckets();
  GradientBuckets(const GradientBuckets&) = delete;
  GradientBuckets& operator=(const GradientBuckets&) = delete;

  const std::vector<BucketSpec>& plan() const;
  std::string transport() const;

  // Replaces every parameter's gradient by its sum over the ranks; a parameter without a
  // gradient on this rank counts as zero (and gets one), so all ranks post the same buckets.
  void sum_gradients();
  // Wall seconds spent in sum_gradients so far (copies included).
  double seconds() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gensr
