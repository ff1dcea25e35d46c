#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gensr {

enum class ReduceOp { kSum, kMax };
enum class DType { kFloat32, kFloat64, kInt64, kInt32, kUInt8 };

// Bytes of one element of `type`.
std::size_t dtype_size(DType type);

struct CommOptions {
  // Every blocking collective must finish within this many seconds; past it the job is
  // aborted with a message naming the rank(s) and the collective, instead of hanging.
  double timeout_seconds = 600.0;
  // Most elements (bytes for broadcast and gather) handed to one MPI call; larger buffers are
  // split inside the communicator. 0 means INT_MAX, MPI's limit; tests lower it to exercise
  // the splitting.
  std::size_t max_count_per_call = 0;
};

// The MPI seam (DESIGN.md): rank, size and the collectives gensr needs. The MPI backend is used
// when the process was launched by mpirun/srun, a single-process stand-in otherwise, so every
// program runs unchanged with and without a launcher. Nothing here knows about tensors.
class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Rank among the processes of this node (0 on a single process): picks the GPU of a rank.
  virtual int local_rank() const = 0;
  virtual std::string backend() const = 0;  // "mpi", "single" or "memory" (tests)
  // Seconds a collective may take before the job is ended (CommOptions::timeout_seconds);
  // transports beside MPI (NCCL) wait as long.
  virtual double timeout_seconds() const = 0;

  virtual void barrier() = 0;
  virtual void broadcast(void* data, std::size_t bytes, int root) = 0;
  virtual void all_reduce(void* data, std::size_t count, DType type, ReduceOp op) = 0;
  // Variable-length gather: on `root` returns every rank's buffer in rank order; elsewhere {}.
  virtual std::vector<std::string> gather(const std::string& bytes, int root) = 0;
  // Ends the whole job (all ranks) after printing `message`; never returns.
  [[noreturn]] virtual void abort(const std::string& message, int exit_code) = 0;

  // Typed conveniences.
  void all_reduce(float* x, std::size_t n, ReduceOp op) { all_reduce(x, n, DType::kFloat32, op); }
  void all_reduce(double* x, std::size_t n, ReduceOp op) { all_reduce(x, n, DType::kFloat64, op); }
  void all_reduce(std::int64_t* x, std::size_t n, ReduceOp op) {
    all_reduce(x, n, DType::kInt64, op);
  }
  std::int64_t all_reduce(std::int64_t x, ReduceOp op) {
    all_reduce(&x, 1, op);
    return x;
  }
  double all_reduce(double x, ReduceOp op) {
    all_reduce(&x, 1, op);
    return x;
  }
  void broadcast(std::string& s, int root);
};

// True when a launcher (mpirun, srun) started this process.
bool launched_by_mpi();

// The communicator of this process: MPI when launched by mpirun/srun, else the stand-in.
// Initialises MPI; the returned object finalises it.
std::unique_ptr<Communicator> make_communicator(const CommOptions& opt = {});

}  // namespace gensr
