#!/usr/bin/env bash
# N CPU ranks on this node, each bound to its own cores with a matching thread count.
#   launch/cpu.sh -n RANKS [-t THREADS_PER_RANK] -- PROGRAM [ARGS...]
# e.g. launch/cpu.sh -n 2 -- build/src/apps/gensr-train --data prep --out run
# THREADS_PER_RANK defaults to the cores of this node divided by RANKS (at least 1).
set -euo pipefail
. "$(dirname "$0")/common.sh"
ranks=""
threads=""
while [ $# -gt 0 ]; do
  case $1 in
    -n) ranks=$2; shift 2 ;;
    -t) threads=$2; shift 2 ;;
    --) shift; break ;;
    *) usage_error "unknown option $1 (usage: -n RANKS [-t THREADS] -- PROGRAM ARGS)" ;;
  esac
done
[ -n "$ranks" ] && [ $# -gt 0 ] || usage_error "usage: -n RANKS [-t THREADS] -- PROGRAM ARGS"
cores=$(nproc)
[ -n "$threads" ] || threads=$(( cores / ranks > 0 ? cores / ranks : 1 ))
thread_env "$threads"
bind=(--map-by "slot:PE=$threads" --bind-to core)
# More threads than cores: binding would fail, so oversubscribe without it.
if [ $(( ranks * threads )) -gt "$cores" ]; then bind=(--oversubscribe --bind-to none); fi
echo "launch/cpu.sh: $ranks rank(s) x $threads thread(s) on $cores core(s)" >&2
exec "$MPIRUN" -np "$ranks" "${bind[@]}" "${ENV_FLAGS[@]}" "$@"
