# Sourced by the launch scripts: the MPI launcher and the root flags OpenMPI wants.
MPIRUN=${MPIRUN:-mpirun}
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi

# Every thread pool a rank may start, sized alike: LibTorch reads OMP_NUM_THREADS, and the
# pthread build of OpenBLAS ignores LibTorch's setting and reads its own variable.
# Sets ENV_FLAGS, the mpirun flags that pass them to the ranks.
thread_env() {
  local t=$1
  export OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t MKL_NUM_THREADS=$t
  ENV_FLAGS=(-x OMP_NUM_THREADS -x OPENBLAS_NUM_THREADS -x MKL_NUM_THREADS)
}

usage_error() {
  echo "$0: $*" >&2
  exit 2
}
