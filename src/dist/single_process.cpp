#include "dist/single_process.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "util/error.h"

namespace gensr {

namespace {
void check_root(int root, const char* collective) {
  if (root != 0) {
    throw Error(std::string(collective) + ": root " + std::to_string(root) +
                " is not a rank of this single-process job (size 1)");
  }
}
}  // namespace

void SingleProcessCommunicator::broadcast(void*, std::size_t, int root) {
  check_root(root, "broadcast");
}

void SingleProcessCommunicator::all_reduce(void*, std::size_t, DType, ReduceOp) {}

std::vector<std::string> SingleProcessCommunicator::gather(const std::string& bytes, int root) {
  check_root(root, "gather");
  return {bytes};
}

void SingleProcessCommunicator::abort(const std::string& message, int exit_code) {
  std::cout.flush();
  std::fflush(stdout);
  std::fprintf(stderr, "gensr: rank 0: %s\n", message.c_str());
  std::fflush(stderr);
  std::_Exit(exit_code);
}

}  // namespace gensr
