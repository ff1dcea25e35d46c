#pragma once

#include <mpi.h>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace gensr {

// The watchdog of the MPI seam: every collective is a non-blocking MPI call polled with
// MPI_Test until it completes or its time runs out, so nothing can hang in a blocking call.
//
// To name the rank that stopped answering (not just the one left waiting), ranks announce
// themselves: before posting collective #n every rank r > 0 sends rank 0 a two-integer notice
// (n, kind) with MPI_Isend on a duplicate communicator used for nothing else. Rank 0 receives
// notices with MPI_Iprobe + MPI_Recv when it enters a collective and when it times out, so it
// knows, per rank, the last collective that rank reached:
//   gensr: rank 0: all_reduce #17 timed out after 5 s: rank 1 did not arrive (stopped answering)
// A rank that arrived at #n in a different collective is reported as mismatched.
//
// Non-root ranks cannot know who is missing, so they wait longer than rank 0 (a grace of
// min(10 s, timeout/4 + 1 s)): when rank 0 is alive it aborts first with the better message;
// when a non-root rank does time out, rank 0 is the one that stopped answering:
//   gensr: rank 1: broadcast #3 timed out after 5 s waiting for rank 0
//
// Ordering: notices from one rank travel on one (communicator, tag), so MPI delivers them in
// order. Requests: a non-root rank keeps its notice sends (and their buffers) until MPI_Test
// completes them; drain() completes the rest at shutdown, after a final collective, so no
// request outlives MPI_Finalize. Rank 0 posts no standing receives, so it has none to cancel.
enum class Collective : std::int64_t { kBarrier = 1, kBroadcast, kAllReduce, kGather };
const char* collective_name(Collective kind);

// The last collective a rank announced (seq 0: none yet).
struct Arrival {
  std::int64_t seq = 0;
  Collective kind = Collective::kBarrier;
};

// The timeout line (without the `gensr: rank R: ` prefix that abort adds). `arrivals` is
// indexed by rank and used on rank 0; other ranks pass {} and report rank 0.
std::string timeout_message(int rank, Collective kind, std::int64_t seq, double timeout_seconds,
                            const std::vector<Arrival>& arrivals);

// How long `rank` waits before it gives up on a collective (see the grace above).
double patience_seconds(int rank, double timeout_seconds);

class CollectiveGuard {
 public:
  // `notices` is a communicator of the same group reserved for arrival notices. `abort` ends
  // the job with a message and must not return.
  CollectiveGuard(MPI_Comm notices, int rank, int size, double timeout_seconds,
                  std::function<void(const std::string&)> abort);

  // Starts the next collective: announces it (rank > 0) or collects notices (rank 0).
  void enter(Collective kind);
  // Polls `request`, a non-blocking call of the current collective, until it completes; past
  // the timeout prints who is missing and aborts the job.
  void wait(MPI_Request& request);
  // Completes every notice of collectives all ranks have finished. Call after a final
  // collective (a barrier), before MPI_Finalize.
  void drain();

 private:
  void receive_notices();
  void reap_sends();
  [[noreturn]] void time_out();

  MPI_Comm notices_;
  int rank_;
  int size_;
  double timeout_seconds_;
  std::function<void(const std::string&)> abort_;
  std::int64_t seq_ = 0;
  Collective kind_ = Collective::kBarrier;
  std::vector<Arrival> arrivals_;  // rank 0: per rank, the last notice received
  struct Notice {
    std::array<std::int64_t, 2> payload;  // MPI reads it until the send completes
    MPI_Request request;
  };
  std::deque<Notice> sends_;  // rank > 0: notices not yet known to be delivered
};

}  // namespace gensr
