#include "dist/mpi_check.h"

#include <string>

#include "util/error.h"

namespace gensr {

void check_mpi(int code, const char* call, int rank) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) length = 0;
  const std::string where =
      rank < 0 ? "before the rank was known" : "on rank " + std::to_string(rank);
  throw Error("MPI call failed " + where + ": " + call + ": " +
              (length > 0 ? std::string(text, length) : "error code " + std::to_string(code)));
}

}  // namespace gensr
