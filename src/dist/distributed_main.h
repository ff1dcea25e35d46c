#pragma once

#include <functional>
#include <string>

#include "dist/communicator.h"

namespace gensr {

// The main of every program that may run under mpirun/srun. Builds the communicator (MPI when
// launched, the stand-in otherwise) and runs `body` under guarded_main. When `body` throws on
// any rank, that rank prints `<program>: rank R: error: <message>` and, in a job of more than
// one rank, ends the whole job through Communicator::abort, so the job stops with the failing
// rank named instead of leaving the others hanging in their next collective. Otherwise returns
// body's exit code (after the communicator has shut down).
//
// GENSR_COLLECTIVE_TIMEOUT (seconds) replaces the default collective timeout; a timeout the
// program sets explicitly (e.g. from --collective-timeout) wins over it.
int distributed_main(const std::string& program, const CommOptions& comm_options,
                     const std::function<int(Communicator&)>& body);

// `timeout` unless it is CommOptions' default and GENSR_COLLECTIVE_TIMEOUT is set, then that.
// Throws UsageError when the variable is not a positive number.
double collective_timeout(double timeout);

}  // namespace gensr
