#pragma once

#include <string>

namespace gensr::test {

struct CommandResult {
  int exit_code;       // the command's exit status; 124 when `timeout` killed it
  std::string output;  // stdout and stderr together
};

// Runs `command` through /bin/sh with a wall-clock limit, capturing its output. The limit is
// generous and only there so a broken build fails instead of hanging CI.
CommandResult run_command(const std::string& command, int timeout_seconds = 600);

// `mpirun -np N` with the flags this machine needs (root, oversubscription, no binding).
std::string mpirun(int ranks);

// Path of a gensr program (gensr-data, gensr-train, gensr-eval) or of a test program.
std::string program(const std::string& name);
std::string test_program(const std::string& name);

}  // namespace gensr::test
