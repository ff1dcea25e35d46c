#pragma once

#include "dist/communicator.h"

namespace gensr {

// The stand-in used when no launcher started the process: rank 0 of 1. Collectives are
// identities (the data already is the result), so programs run unchanged without mpirun and
// collective code can be unit-tested in one process.
class SingleProcessCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  int local_rank() const override { return 0; }
  std::string backend() const override { return "single"; }
  double timeout_seconds() const override { return CommOptions{}.timeout_seconds; }

  void barrier() override {}
  void broadcast(void* data, std::size_t bytes, int root) override;
  void all_reduce(void* data, std::size_t count, DType type, ReduceOp op) override;
  std::vector<std::string> gather(const std::string& bytes, int root) override;
  // Prints `gensr: rank 0: message`, flushes, and ends the process with `exit_code`.
  [[noreturn]] void abort(const std::string& message, int exit_code) override;
  using Communicator::all_reduce;
  using Communicator::broadcast;
};

}  // namespace gensr
