#!/usr/bin/env bash
# Evaluation throughput of gensr-eval (test queries/s at K=30) for the tiny model, `topk` and
# `diverse` decoding, 1 and 2 MPI ranks, on a simulated SIM1 dataset (rec task). The model is
# a tiny Gen_R+S trained for one epoch (how many hypotheses are items depends on training; the time per step does not). Each
# configuration is one gensr-eval run; queries/s = test queries / wall seconds of the whole
# command (model load and output writing included). Results go to $OUT/results.md;
# bench/eval.md records a run.
#
# Environment: GENSR_BIN (programs, default build/src/apps), OUT (out/bench-eval), USERS
# (1000), ITEMS (200), K (30), QUERIES_PER_BATCH (256; BATCH, its old name, still read), MODEL (tiny), TRAIN_FLAGS ("--epochs 1 --batch-size
# 128"; e.g. "--batch-size 8 --max-steps 2" for flan-t5-base, whose speed does not depend on
# training), OPENBLAS_NUM_THREADS (1).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GENSR_BIN:-build/src/apps}
out=${OUT:-out/bench-eval}
users=${USERS:-1000}
items=${ITEMS:-200}
k=${K:-30}
queries_per_batch=${QUERIES_PER_BATCH:-${BATCH:-256}}
model=${MODEL:-tiny}
train_flags=${TRAIN_FLAGS:---epochs 1 --batch-size 128}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$out"

if [[ ! -f "$out/run/latest.h5" ]]; then
  rm -rf "$out/raw" "$out/prepared" "$out/run"
  "$bin/gensr-data" simulate --kind sim1 --seed 1 --users "$users" --items "$items" \
    --out "$out/raw" >/dev/null
  "$bin/gensr-data" prepare --data "$out/raw" --out "$out/prepared" >/dev/null 2>&1
  "$bin/gensr-train" --data "$out/prepared" --tasks rec,search --model "$model" $train_flags \
    --threads 2 --quiet --out "$out/run" >/dev/null
fi

results="$out/results.md"
{
  echo "| model | decoding | ranks | K | queries | wall s | queries/s | mean distinct items |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$results"
for decoding in topk diverse; do
  for ranks in 1 2; do
    dir="$out/eval-$decoding-$ranks"
    rm -rf "$dir"
    # One intra-op thread per rank when there are two ranks on the two cores.
    threads=$((2 / ranks))
    cmd=("$bin/gensr-eval" --checkpoint "$out/run/latest.h5" --data "$out/prepared" --task rec
         --k "$k" --decoding "$decoding" --queries-per-batch "$queries_per_batch" --threads "$threads" --out "$dir")
    [[ $ranks -gt 1 ]] && cmd=(mpirun -np "$ranks" --oversubscribe "${cmd[@]}")
    echo "${cmd[*]}" >&2
    start=$(date +%s.%N)
    "${cmd[@]}" >/dev/null
    end=$(date +%s.%N)
    python3 - "$dir/summary.json" "$start" "$end" "$decoding" "$ranks" "$k" "$model" >>"$results" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
queries = s["metrics"]["all"]["queries"]
wall = float(sys.argv[3]) - float(sys.argv[2])
distinct = s.get("distinct_items", {}).get("mean_per_query", float("nan"))
print(f"| {sys.argv[7]} | {sys.argv[4]} | {sys.argv[5]} | {sys.argv[6]} | {queries} | {wall:.2f} | "
      f"{queries / wall:.1f} | {distinct:.2f} |")
PY
  done
done
cat "$results"
