#include "dist/mpi_communicator.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "dist/mpi_check.h"
#include "util/error.h"

namespace gensr {

namespace {

MPI_Datatype mpi_type(DType type) {
  switch (type) {
    case DType::kFloat32:
      return MPI_FLOAT;
    case DType::kFloat64:
      return MPI_DOUBLE;
    case DType::kInt64:
      return MPI_INT64_T;
    case DType::kInt32:
      return MPI_INT32_T;
    case DType::kUInt8:
      return MPI_UINT8_T;
  }
  throw Error("all_reduce: unknown element type");
}

MPI_Op mpi_op(ReduceOp op) { return op == ReduceOp::kSum ? MPI_SUM : MPI_MAX; }

}  // namespace

MpiCommunicator::MpiCommunicator(const CommOptions& opt)
    : max_count_(opt.max_count_per_call == 0
                     ? static_cast<std::size_t>(INT_MAX)
                     : std::min<std::size_t>(opt.max_count_per_call, INT_MAX)) {
  if (!(opt.timeout_seconds > 0)) {
    throw UsageError("collective timeout must be a positive number of seconds, got " +
                     std::to_string(opt.timeout_seconds));
  }
  timeout_seconds_ = opt.timeout_seconds;
  int initialized = 0;
  GENSR_MPI(-1, MPI_Initialized(&initialized));
  if (!initialized) {
    int provided = 0;
    GENSR_MPI(-1, MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided));
    owns_mpi_ = true;
  }
  // Errors come back as codes so GENSR_MPI can name the rank and the call.
  GENSR_MPI(-1, MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
  GENSR_MPI(-1, MPI_Comm_rank(MPI_COMM_WORLD, &rank_));
  GENSR_MPI(rank_, MPI_Comm_size(MPI_COMM_WORLD, &size_));
  GENSR_MPI(rank_, MPI_Comm_dup(MPI_COMM_WORLD, &collectives_));
  MPI_Comm node = MPI_COMM_NULL;
  GENSR_MPI(rank_,
            MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node));
  GENSR_MPI(rank_, MPI_Comm_rank(node, &local_rank_));
  GENSR_MPI(rank_, MPI_Comm_free(&node));
  GENSR_MPI(rank_, MPI_Comm_dup(MPI_COMM_WORLD, &notices_));
  guard_ = std::make_unique<CollectiveGuard>(
      notices_, rank_, size_, opt.timeout_seconds,
      [this](const std::string& message) { abort(message, kExitError); });
}

MpiCommunicator::~MpiCommunicator() {
  int finalized = 0;
  if (MPI_Finalized(&finalized) != MPI_SUCCESS || finalized) return;
  try {
    // Every rank must get here; the guarded barrier turns a rank that is still busy elsewhere
    // (or died) into a message instead of a hang in MPI_Finalize.
    barrier();
    guard_->drain();
    GENSR_MPI(rank_, MPI_Comm_free(&notices_));
    GENSR_MPI(rank_, MPI_Comm_free(&collectives_));
    if (owns_mpi_) GENSR_MPI(rank_, MPI_Finalize());
  } catch (const std::exception& e) {
    abort(std::string("shutdown failed: ") + e.what(), kExitError);
  }
}

void MpiCommunicator::check_root(int root, const char* collective) const {
  if (root < 0 || root >= size_) {
    throw Error(std::string(collective) + ": root " + std::to_string(root) +
                " is not a rank of this job (size " + std::to_string(size_) + ")");
  }
}

void MpiCommunicator::barrier() {
  guard_->enter(Collective::kBarrier);
  MPI_Request request;
  GENSR_MPI(rank_, MPI_Ibarrier(collectives_, &request));
  guard_->wait(request);
}

void MpiCommunicator::broadcast(void* data, std::size_t bytes, int root) {
  check_root(root, "broadcast");
  guard_->enter(Collective::kBroadcast);
  auto* p = static_cast<char*>(data);
  for (std::size_t offset = 0; offset < bytes; offset += max_count_) {
    const int n = static_cast<int>(std::min(max_count_, bytes - offset));
    MPI_Request request;
    GENSR_MPI(rank_, MPI_Ibcast(p + offset, n, MPI_BYTE, root, collectives_, &request));
    guard_->wait(request);
  }
}

void MpiCommunicator::all_reduce(void* data, std::size_t count, DType type, ReduceOp op) {
  guard_->enter(Collective::kAllReduce);
  auto* p = static_cast<char*>(data);
  const std::size_t element = dtype_size(type);
  for (std::size_t offset = 0; offset < count; offset += max_count_) {
    const int n = static_cast<int>(std::min(max_count_, count - offset));
    MPI_Request request;
    GENSR_MPI(rank_, MPI_Iallreduce(MPI_IN_PLACE, p + offset * element, n, mpi_type(type),
                                    mpi_op(op), collectives_, &request));
    guard_->wait(request);
  }
}

std::vector<std::string> MpiCommunicator::gather(const std::string& bytes, int root) {
  check_root(root, "gather");
  guard_->enter(Collective::kGather);
  // Every rank learns every length, so all agree on how many pieces the buffers take.
  const std::int64_t mine = static_cast<std::int64_t>(bytes.size());
  std::vector<std::int64_t> lengths(size_);
  MPI_Request request;
  GENSR_MPI(rank_, MPI_Iallgather(&mine, 1, MPI_INT64_T, lengths.data(), 1, MPI_INT64_T,
                                  collectives_, &request));
  guard_->wait(request);

  // Each round moves at most `piece` bytes per rank, so counts and displacements fit an int.
  const std::int64_t piece =
      static_cast<std::int64_t>(std::max<std::size_t>(1, max_count_ / size_));
  const std::int64_t longest = *std::max_element(lengths.begin(), lengths.end());
  const bool at_root = rank_ == root;
  std::vector<std::string> result(at_root ? size_ : 0);
  for (int r = 0; at_root && r < size_; ++r) result[r].reserve(lengths[r]);
  std::vector<int> counts(size_), displacements(size_);
  std::vector<char> received;
  for (std::int64_t offset = 0; offset < longest; offset += piece) {
    int total = 0;
    for (int r = 0; r < size_; ++r) {
      counts[r] = static_cast<int>(std::clamp<std::int64_t>(lengths[r] - offset, 0, piece));
      displacements[r] = total;
      total += counts[r];
    }
    if (at_root) received.resize(std::max(total, 1));
    const char* send = counts[rank_] > 0 ? bytes.data() + offset : bytes.data();
    GENSR_MPI(rank_, MPI_Igatherv(send, counts[rank_], MPI_BYTE, received.data(), counts.data(),
                                  displacements.data(), MPI_BYTE, root, collectives_, &request));
    guard_->wait(request);
    for (int r = 0; at_root && r < size_; ++r)
      result[r].append(received.data() + displacements[r], counts[r]);
  }
  return result;
}

void MpiCommunicator::abort(const std::string& message, int exit_code) {
  std::cout.flush();
  std::fflush(stdout);
  std::fprintf(stderr, "gensr: rank %d: %s\n", rank_, message.c_str());
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);  // MPI_Abort should not return; never let the job go on if it does
}

}  // namespace gensr
