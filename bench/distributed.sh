#!/usr/bin/env bash
# Data-parallel scaling of gensr-train on CPU: the same global batch on 1 and 2 ranks (one
# intra-op thread and one OpenBLAS thread each, bound to a core, via launch/cpu.sh), on a
# simulated SIM2 dataset (Gen_R+S, tiny model, fp32). From log.jsonl (a line every LOG_EVERY
# steps, the first line skipped as warm-up): instances/s, seconds per step, seconds per step in
# the gradient all-reduce (allreduce_s: bucket copies + MPI), and the scaling efficiency
# (rate with N ranks / (N x rate with 1)). Results go to $OUT/results.md; bench/distributed.md
# records a run.
#
# Environment: GENSR_BIN (default build/src/apps), OUT (out/bench-distributed), RANKS ("1 2"),
# BATCH (global batch, 128), STEPS (40), LOG_EVERY (5), BUCKET_MB (25), MODEL (tiny).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GENSR_BIN:-build/src/apps}
out=${OUT:-out/bench-distributed}
ranks_list=${RANKS:-1 2}
batch=${BATCH:-128}
steps=${STEPS:-40}
log_every=${LOG_EVERY:-5}
bucket_mb=${BUCKET_MB:-25}
model=${MODEL:-tiny}
mkdir -p "$out/runs"
data="$out/sim2"
if [[ ! -f "$data/prepared/.done" ]]; then
  rm -rf "$data"
  "$bin/gensr-data" simulate --kind sim2 --seed 1 --out "$data/raw" >/dev/null
  "$bin/gensr-data" prepare --data "$data/raw" --out "$data/prepared" >/dev/null 2>&1
  touch "$data/prepared/.done"
fi

results="$out/results.md"
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| ranks | global batch | steps | instances/s | step s | all-reduce s/step | all-reduce share | efficiency |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$results"
base=""
for n in $ranks_list; do
  run="$out/runs/ranks-$n"
  rm -rf "$run"
  cmd=(launch/cpu.sh -n "$n" -t 1 -- "$bin/gensr-train" --data "$data/prepared" --tasks rec,search
    --model "$model" --batch-size "$batch" --max-steps "$steps" --log-every "$log_every"
    --bucket-mb "$bucket_mb" --threads 1 --quiet --keep-checkpoints 1 --out "$run")
  echo "${cmd[*]}" >&2
  "${cmd[@]}" >"$run.stdout" 2>&1
  read -r rate step allreduce < <(python3 - "$run/log.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if '"train"' in l][1:]  # first: warm-up
step = sum(l["step_s"] for l in lines) / len(lines)
allreduce = sum(l["allreduce_s"] for l in lines) / len(lines)
rate = sum(l["instances_per_s"] for l in lines) / len(lines)
print(f"{rate:.2f} {step:.4f} {allreduce:.4f}")
PY
)
  [[ -n $base ]] || base=$rate
  eff=$(echo "$rate / ($n * $base)" | bc -l)
  share=$(echo "$allreduce / $step" | bc -l)
  printf '| %s | %s | %s | %s | %s | %s | %.1f%% | %.0f%% |\n' "$n" "$batch" "$steps" "$rate" \
    "$step" "$allreduce" "$(echo "$share * 100" | bc -l)" "$(echo "$eff * 100" | bc -l)" |
    tee -a "$results"
  rm -rf "$run/checkpoints" "$run"/*.h5
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results"
