#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dist/communicator.h"

namespace gensr {

// N ranks as threads of one process behind the Communicator seam (as XGBoost's
// in_memory_communicator): sharding, gathers and gradient buckets get unit tests at 2-4 ranks
// without mpirun. Every collective is a rendezvous of all ranks of one InMemoryGroup; its
// results match MPI's (sums are added in rank order, so every rank gets the same bits). A
// collective that does not complete within the group's timeout, a mismatched collective (ranks
// in different collectives, roots, lengths or types) and a rank that aborts
// or throws inside run_in_memory end every rank's wait with an Error naming the rank, never a
// hang.
class InMemoryGroup;

class InMemoryCommunicator final : public Communicator {
 public:
  InMemoryCommunicator(std::shared_ptr<InMemoryGroup> group, int rank);
  int rank() const override { return rank_; }
  int size() const override;
  int local_rank() const override { return rank_; }  // one "node"
  std::string backend() const override { return "memory"; }
  double timeout_seconds() const override;

  void barrier() override;
  void broadcast(void* data, std::size_t bytes, int root) override;
  void all_reduce(void* data, std::size_t count, DType type, ReduceOp op) override;
  std::vector<std::string> gather(const std::string& bytes, int root) override;
  // Ends every rank's current or next collective with an Error carrying `message`, then throws
  // it here (the process lives on: the ranks are threads). `exit_code` is not used.
  [[noreturn]] void abort(const std::string& message, int exit_code) override;
  using Communicator::all_reduce;
  using Communicator::broadcast;

 private:
  std::shared_ptr<InMemoryGroup> group_;
  int rank_;
};

// A group of `size` ranks; make one communicator per rank with InMemoryCommunicator(group, r).
std::shared_ptr<InMemoryGroup> make_in_memory_group(int size, double timeout_seconds = 60.0);

// Runs f(comm) for ranks 0..size-1, each on its own thread with its own communicator of one
// group, and waits for all. When a rank throws, the others' collectives fail instead of waiting,
// and the exception of the rank that failed first is rethrown here.
void run_in_memory(int size, const std::function<void(Communicator&)>& f,
                   double timeout_seconds = 60.0);

}  // namespace gensr
