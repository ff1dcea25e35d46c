#pragma once

#include <mpi.h>

#include <memory>

#include "dist/collective_guard.h"
#include "dist/communicator.h"

namespace gensr {

// The MPI backend. Initialises MPI (MPI_THREAD_FUNNELED: only the thread that built it calls
// MPI) unless the process already did, and finalises it in the destructor after a final
// guarded barrier, so a rank that left early is reported instead of hanging MPI_Finalize.
// Collectives run on a duplicate of MPI_COMM_WORLD (so they never match a program's own
// messages) as non-blocking calls under a CollectiveGuard; buffers longer than
// CommOptions::max_count_per_call are sent in pieces by the wrapper.
class MpiCommunicator final : public Communicator {
 public:
  explicit MpiCommunicator(const CommOptions& opt);
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int local_rank() const override { return local_rank_; }
  std::string backend() const override { return "mpi"; }
  double timeout_seconds() const override { return timeout_seconds_; }

  void barrier() override;
  void broadcast(void* data, std::size_t bytes, int root) override;
  void all_reduce(void* data, std::size_t count, DType type, ReduceOp op) override;
  std::vector<std::string> gather(const std::string& bytes, int root) override;
  // Prints `gensr: rank R: message` and calls MPI_Abort(MPI_COMM_WORLD, exit_code).
  [[noreturn]] void abort(const std::string& message, int exit_code) override;
  using Communicator::all_reduce;
  using Communicator::broadcast;

 private:
  void check_root(int root, const char* collective) const;

  bool owns_mpi_ = false;
  int rank_ = -1;
  int size_ = 0;
  int local_rank_ = 0;
  double timeout_seconds_;
  std::size_t max_count_;
  MPI_Comm collectives_ = MPI_COMM_NULL;
  MPI_Comm notices_ = MPI_COMM_NULL;
  std::unique_ptr<CollectiveGuard> guard_;
};

}  // namespace gensr
