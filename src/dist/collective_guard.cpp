#include "dist/collective_guard.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "dist/mpi_check.h"

namespace gensr {

namespace {

constexpr int kNoticeTag = 7001;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", s);
  return buf;
}

// "rank 1" or "ranks 1, 3".
std::string rank_list(const std::vector<int>& ranks) {
  std::string s = ranks.size() == 1 ? "rank " : "ranks ";
  for (std::size_t i = 0; i < ranks.size(); ++i) s += (i ? ", " : "") + std::to_string(ranks[i]);
  return s;
}

// Poll often at first (collectives usually finish within microseconds and OpenMPI progresses
// only inside MPI calls), then back off so a long wait does not burn a core.
void back_off(double waited) {
  if (waited < 1e-3) {
    std::this_thread::yield();
  } else if (waited < 1.0) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

const char* collective_name(Collective kind) {
  switch (kind) {
    case Collective::kBarrier:
      return "barrier";
    case Collective::kBroadcast:
      return "broadcast";
    case Collective::kAllReduce:
      return "all_reduce";
    case Collective::kGather:
      return "gather";
  }
  return "unknown collective";
}

std::string timeout_message(int rank, Collective kind, std::int64_t seq, double waited_seconds,
                            const std::vector<Arrival>& arrivals) {
  const std::string head = std::string(collective_name(kind)) + " #" + std::to_string(seq) +
                           " timed out after " + seconds_text(waited_seconds);
  if (rank != 0) return head + " waiting for rank 0";
  std::vector<int> missing;
  for (int r = 1; r < static_cast<int>(arrivals.size()); ++r)
    if (arrivals[r].seq < seq) missing.push_back(r);
  if (!missing.empty())
    return head + ": " + rank_list(missing) + " did not arrive (stopped answering)";
  std::string mismatched;
  for (int r = 1; r < static_cast<int>(arrivals.size()); ++r) {
    if (arrivals[r].seq == seq && arrivals[r].kind != kind) {
      mismatched += std::string(mismatched.empty() ? "" : ", ") + "rank " + std::to_string(r) +
                    " called " + collective_name(arrivals[r].kind);
    }
  }
  if (!mismatched.empty()) return head + ": mismatched collectives: " + mismatched;
  return head + ": every rank arrived but it did not complete (a rank stopped answering inside it)";
}

double patience_seconds(int rank, double timeout_seconds) {
  if (rank == 0) return timeout_seconds;
  return timeout_seconds + std::min(10.0, timeout_seconds / 4 + 1.0);
}

CollectiveGuard::CollectiveGuard(MPI_Comm notices, int rank, int size, double timeout_seconds,
                                 std::function<void(const std::string&)> abort)
    : notices_(notices),
      rank_(rank),
      size_(size),
      timeout_seconds_(timeout_seconds),
      abort_(std::move(abort)),
      arrivals_(rank == 0 ? size : 0) {}

void CollectiveGuard::enter(Collective kind) {
  ++seq_;
  kind_ = kind;
  if (rank_ == 0) {
    receive_notices();
    return;
  }
  reap_sends();
  sends_.push_back(Notice{{seq_, static_cast<std::int64_t>(kind)}, MPI_REQUEST_NULL});
  Notice& n = sends_.back();
  GENSR_MPI(rank_,
            MPI_Isend(n.payload.data(), 2, MPI_INT64_T, 0, kNoticeTag, notices_, &n.request));
}

void CollectiveGuard::wait(MPI_Request& request) {
  const auto start = Clock::now();
  const double patience = patience_seconds(rank_, timeout_seconds_);
  for (;;) {
    int done = 0;
    GENSR_MPI(rank_, MPI_Test(&request, &done, MPI_STATUS_IGNORE));
    if (done) return;
    const double waited = seconds_since(start);
    if (waited > patience) time_out();
    back_off(waited);
  }
}

void CollectiveGuard::drain() {
  const auto start = Clock::now();
  const double patience = patience_seconds(rank_, timeout_seconds_);
  for (;;) {
    if (rank_ == 0) {
      receive_notices();
      const bool all_in = std::all_of(arrivals_.begin() + 1, arrivals_.end(),
                                      [&](const Arrival& a) { return a.seq >= seq_; });
      if (all_in) return;
    } else {
      reap_sends();
      if (sends_.empty()) return;
    }
    const double waited = seconds_since(start);
    if (waited > patience) {
      abort_("shutdown timed out after " + seconds_text(patience) + " completing arrival notices" +
             (rank_ == 0 ? "" : " to rank 0"));
    }
    back_off(waited);
  }
}

void CollectiveGuard::receive_notices() {
  for (;;) {
    int found = 0;
    MPI_Status status;
    GENSR_MPI(rank_, MPI_Iprobe(MPI_ANY_SOURCE, kNoticeTag, notices_, &found, &status));
    if (!found) return;
    std::array<std::int64_t, 2> payload{};
    GENSR_MPI(rank_, MPI_Recv(payload.data(), 2, MPI_INT64_T, status.MPI_SOURCE, kNoticeTag,
                              notices_, MPI_STATUS_IGNORE));
    arrivals_.at(status.MPI_SOURCE) = Arrival{payload[0], static_cast<Collective>(payload[1])};
  }
}

void CollectiveGuard::reap_sends() {
  while (!sends_.empty()) {
    int done = 0;
    GENSR_MPI(rank_, MPI_Test(&sends_.front().request, &done, MPI_STATUS_IGNORE));
    if (!done) return;
    sends_.pop_front();
  }
}

void CollectiveGuard::time_out() {
  if (rank_ == 0) {
    // Notices already sent may still be in flight; give them a moment to land so a rank that
    // did arrive is not named as silent.
    const auto start = Clock::now();
    while (seconds_since(start) < 0.2) {
      receive_notices();
      if (std::all_of(arrivals_.begin() + 1, arrivals_.end(),
                      [&](const Arrival& a) { return a.seq >= seq_; }))
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  abort_(timeout_message(rank_, kind_, seq_, patience_seconds(rank_, timeout_seconds_), arrivals_));
  std::abort();  // abort_ must not return; never fall back into the wait
}

}  // namespace gensr
