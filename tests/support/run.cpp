#include "support/run.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace gensr::test {

CommandResult run_command(const std::string& command, int timeout_seconds) {
  const std::string wrapped = "timeout --kill-after=10 " + std::to_string(timeout_seconds) +
                              " sh -c '" +
                              [&] {
                                std::string q;
                                for (char c : command)
                                  q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
                                return q;
                              }() +
                              "' 2>&1";
  FILE* pipe = popen(wrapped.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed for: " + command);
  CommandResult r{0, ""};
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string mpirun(int ranks) {
  return std::string("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ") + MPIEXEC +
         " --oversubscribe --bind-to none -np " + std::to_string(ranks) + " ";
}

std::string program(const std::string& name) { return std::string(GENSR_BIN_DIR) + "/" + name; }

std::string test_program(const std::string& name) {
  return std::string(GENSR_TEST_BIN_DIR) + "/" + name;
}

}  // namespace gensr::test
