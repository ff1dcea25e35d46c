#include "dist/distributed_main.h"

#include <cstdlib>
#include <memory>

#include "util/error.h"
#include "util/program.h"

namespace gensr {

double collective_timeout(double timeout) {
  const char* env = std::getenv("GENSR_COLLECTIVE_TIMEOUT");
  if (env == nullptr || timeout != CommOptions{}.timeout_seconds) return timeout;
  char* end = nullptr;
  const double seconds = std::strtod(env, &end);
  if (end == env || *end != '\0' || !(seconds > 0)) {
    throw UsageError(std::string("GENSR_COLLECTIVE_TIMEOUT: expected a positive number of "
                                 "seconds, got '") +
                     env + "'");
  }
  return seconds;
}

int distributed_main(const std::string& program, const CommOptions& comm_options,
                     const std::function<int(Communicator&)>& body) {
  std::unique_ptr<Communicator> comm;
  const int started = guarded_main(program, [&] {
    CommOptions opt = comm_options;
    opt.timeout_seconds = collective_timeout(opt.timeout_seconds);
    comm = make_communicator(opt);
    return 0;
  });
  if (started != kExitOk) return started;

  // guarded_main prints `<label>: error: ...`; the rank makes that `<program>: rank R: error:`.
  const std::string label =
      comm->size() > 1 ? program + ": rank " + std::to_string(comm->rank()) : program;
  const int code = guarded_main(
      label, [&] { return body(*comm); },
      [&](const std::string& message, int exit_code) {
        if (comm->size() > 1) comm->abort("ending the job after an error: " + message, exit_code);
      });
  comm.reset();  // shuts MPI down before the process returns from main
  return code;
}

}  // namespace gensr
