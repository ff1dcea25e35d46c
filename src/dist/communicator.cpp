#include "dist/communicator.h"

#include <cstdlib>

#include "dist/mpi_communicator.h"
#include "dist/single_process.h"
#include "util/error.h"

namespace gensr {

namespace {
bool has_env(const char* name) { return std::getenv(name) != nullptr; }
}  // namespace

std::size_t dtype_size(DType type) {
  switch (type) {
    case DType::kFloat32:
    case DType::kInt32:
      return 4;
    case DType::kFloat64:
    case DType::kInt64:
      return 8;
    case DType::kUInt8:
      return 1;
  }
  throw Error("unknown element type");
}

bool launched_by_mpi() {
  // mpirun (Open MPI) sets OMPI_COMM_WORLD_SIZE; PMIx launchers (Open MPI's prterun,
  // `srun --mpi=pmix`) set PMIX_RANK; PMI-1/2 launchers (MPICH's hydra, `srun --mpi=pmi2`)
  // set PMI_RANK. SLURM_STEP_ID alone is no proof: a batch script's own step has it too, and
  // a program started there directly is one process, so it counts only beside PMIx.
  return has_env("OMPI_COMM_WORLD_SIZE") || has_env("PMIX_RANK") || has_env("PMI_RANK") ||
         (has_env("SLURM_STEP_ID") && (has_env("PMIX_NAMESPACE") || has_env("PMIX_SERVER_URI")));
}

std::unique_ptr<Communicator> make_communicator(const CommOptions& opt) {
  if (launched_by_mpi()) return std::make_unique<MpiCommunicator>(opt);
  return std::make_unique<SingleProcessCommunicator>();
}

void Communicator::broadcast(std::string& s, int root) {
  std::uint64_t length = s.size();
  broadcast(&length, sizeof length, root);
  s.resize(length);
  broadcast(s.data(), length, root);
}

}  // namespace gensr
