#pragma once

#include <mpi.h>

// Every MPI call of the seam goes through GENSR_MPI, so a failure names the rank and the call
// (with its arguments) instead of surfacing as a bare error code far from its cause.
#define GENSR_MPI(rank, call) ::gensr::check_mpi((call), #call, (rank))

namespace gensr {

// Throws gensr::Error `MPI call failed on rank R: CALL: MPI's message` unless `code` is
// MPI_SUCCESS. `rank` is -1 before the rank is known.
void check_mpi(int code, const char* call, int rank);

}  // namespace gensr
