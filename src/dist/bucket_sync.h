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

// Sums contiguous flat tensors over all ranks, in place. The trainer does not know which
// transport does it: MPI through the Communicator for CPU tensors, NCCL for CUDA tensors.
// Every rank starts the same buffers in the same order.
class FlatAllReduce {
 public:
  virtual ~FlatAllReduce() = default;
  virtual std::string name() const = 0;  // "mpi" or "nccl"
  // Starts summing `flat`. A transport that cannot run beside the caller (MPI: only the main
  // thread may call it, and it makes no progress on its own) completes the sum here.
  virtual void start(at::Tensor& flat) = 0;
  // Returns once every started sum is complete, so its results may be read.
  virtual void finish() = 0;
};

// The transport for tensors on CPU (`cuda_device` < 0) or on CUDA device `cuda_device`.
// Throws Error for CUDA when gensr was built without NCCL.
std::unique_ptr<FlatAllReduce> make_flat_all_reduce(Communicator& comm, int cuda_device);

#ifdef GENSR_WITH_NCCL
// NCCL over all ranks of `comm`: rank 0 makes the unique id and broadcasts it over MPI. Sums run
// on a stream of their own, after the work queued so far on the caller's stream.
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

  // Makes the next backward pass hand each gradient to its bucket as soon as it is final (a
  // hook on the parameter, run before gradient accumulation) and start a bucket's sum once all
  // of its gradients are in, in plan order, so communication overlaps the rest of backward
  // (PyTorch DDP's reducer). Call before the backward of an optimizer step's last micro-batch
  // only: earlier micro-batches just accumulate.
  void arm();
  // Replaces every parameter's gradient by its sum over the ranks: starts the buckets no hook
  // started, waits for all, and copies the sums back. A parameter without a gradient on this
  // rank counts as zero (and gets one), so all ranks post the same buckets.
  void sum_gradients();
  // Wall seconds the caller spent on the all-reduce so far: inside hooks and sum_gradients,
  // copies included; communication hidden behind backward does not count.
  double seconds() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gensr
