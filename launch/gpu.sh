#!/usr/bin/env bash
# One rank per GPU on this node; rank r sees only GPU r (its local rank), as device 0.
#   launch/gpu.sh [-n GPUS] [-t THREADS_PER_RANK] -- PROGRAM [ARGS...]
# GPUS defaults to the GPUs nvidia-smi lists, THREADS_PER_RANK to the cores divided by GPUS.
# gensr-train's default --device auto then puts each rank's model on the one GPU it sees; the
# gradient all-reduce of CUDA tensors runs on NCCL (src/dist/nccl_all_reduce_cuda.cpp), whose
# id rank 0 makes and broadcasts over MPI.
set -euo pipefail
. "$(dirname "$0")/common.sh"
gpus=""
threads=""
while [ $# -gt 0 ]; do
  case $1 in
    -n) gpus=$2; shift 2 ;;
    -t) threads=$2; shift 2 ;;
    --) shift; break ;;
    *) usage_error "unknown option $1 (usage: [-n GPUS] [-t THREADS] -- PROGRAM ARGS)" ;;
  esac
done
[ $# -gt 0 ] || usage_error "usage: [-n GPUS] [-t THREADS] -- PROGRAM ARGS"
[ -n "$gpus" ] || gpus=$(nvidia-smi -L | wc -l)
[ "$gpus" -gt 0 ] || usage_error "no GPU found (nvidia-smi -L lists none)"
cores=$(nproc)
[ -n "$threads" ] || threads=$(( cores / gpus > 0 ? cores / gpus : 1 ))
thread_env "$threads"
echo "launch/gpu.sh: $gpus rank(s), one GPU each" >&2
# The device is chosen per rank, after mpirun has given each its local rank.
exec "$MPIRUN" -np "$gpus" --map-by "slot:PE=$threads" --bind-to core "${ENV_FLAGS[@]}" \
  bash -c 'export CUDA_VISIBLE_DEVICES=${OMPI_COMM_WORLD_LOCAL_RANK:-${SLURM_LOCALID:-0}}; exec "$@"' \
  gpu-rank "$@"
