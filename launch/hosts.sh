#!/usr/bin/env bash
# Many nodes from a host file (OpenMPI syntax: one "HOST slots=K" line per node).
#   launch/hosts.sh -f HOSTFILE -p RANKS_PER_NODE [-t THREADS_PER_RANK] [--gpu] -- PROGRAM ARGS
# Every node needs the same paths (program, data, run directory on a shared file system).
# With --gpu each rank sees the GPU of its local rank, as in launch/gpu.sh.
set -euo pipefail
. "$(dirname "$0")/common.sh"
hostfile=""
per_node=""
threads=1
gpu=0
while [ $# -gt 0 ]; do
  case $1 in
    -f) hostfile=$2; shift 2 ;;
    -p) per_node=$2; shift 2 ;;
    -t) threads=$2; shift 2 ;;
    --gpu) gpu=1; shift ;;
    --) shift; break ;;
    *) usage_error "unknown option $1" ;;
  esac
done
[ -f "$hostfile" ] && [ -n "$per_node" ] && [ $# -gt 0 ] ||
  usage_error "usage: -f HOSTFILE -p RANKS_PER_NODE [-t THREADS] [--gpu] -- PROGRAM ARGS"
nodes=$(grep -cvE '^\s*(#|$)' "$hostfile")
ranks=$(( nodes * per_node ))
thread_env "$threads"
echo "launch/hosts.sh: $nodes node(s) x $per_node rank(s) x $threads thread(s)" >&2
cmd=("$@")
if [ "$gpu" -eq 1 ]; then
  cmd=(bash -c 'export CUDA_VISIBLE_DEVICES=${OMPI_COMM_WORLD_LOCAL_RANK:-0}; exec "$@"' gpu-rank "$@")
fi
exec "$MPIRUN" -np "$ranks" --hostfile "$hostfile" --map-by "ppr:$per_node:node:PE=$threads" \
  --bind-to core "${ENV_FLAGS[@]}" "${cmd[@]}"
