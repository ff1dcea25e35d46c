#!/usr/bin/env bash
# Training throughput (instances/s, tokens/s) and peak memory (max RSS) of gensr-train for the
# tiny and flan-t5-base sizes, fp32 and bf16 autocast, on a simulated SIM2 dataset (Gen_R+S).
# Each configuration is one gensr-train run with --max-steps under /usr/bin/time -v; the rate
# is taken from log.jsonl (one line per step) over the steps after the first WARMUP ones.
# Results go to $OUT/results.md; bench/training.md records a run.
#
# Environment: GENSR_BIN (programs, default build/src/apps), OUT (out/bench-train),
# THREADS (intra-op threads, 2), OPENBLAS_NUM_THREADS (1: LibTorch's threads already fill the
# cores), CONFIGS (default "tiny:128:20 flan-t5-base:8:4" = model:batch:steps), WARMUP (1).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GENSR_BIN:-build/src/apps}
out=${OUT:-out/bench-train}
threads=${THREADS:-2}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
configs=${CONFIGS:-tiny:128:20 flan-t5-base:8:4}
warmup=${WARMUP:-1}
mkdir -p "$out/runs"

data="$out/sim2"
if [[ ! -f "$data/prepared/.done" ]]; then
  rm -rf "$data"
  "$bin/gensr-data" simulate --kind sim2 --seed 1 --out "$data/raw" >/dev/null
  "$bin/gensr-data" prepare --data "$data/raw" --out "$data/prepared" >/dev/null 2>&1
  touch "$data/prepared/.done"
fi
# Mean tokens per training instance (non-pad input tokens + the 2 target tokens), over the rec
# and search training instances: instances are drawn uniformly, so tokens/s = instances/s x it.
tokens_per_instance=$(python3 - "$data/prepared/prepared.h5" <<'PY'
import re, subprocess, sys
def read(name):
    text = subprocess.run(["h5dump", "-d", name, "-y", "-w", "0", sys.argv[1]],
                          check=True, capture_output=True, text=True).stdout
    body = text[text.index("DATA {") + 6:text.rindex("}")]
    return [int(v) for v in re.findall(r"-?\d+", body.split("}")[0])]
rec = read("/rec/train")  # (sequence, end) pairs: input = min(end, 50) items + EOS
offsets = read("/search/queries/offsets")
search = read("/search/train")  # (query, item): input = the query's tokens (EOS included)
info = subprocess.run(["h5dump", "-a", "/max_history", sys.argv[1]], capture_output=True, text=True).stdout
max_history = int(re.findall(r"\(0\): (\d+)", info)[0]) if "(0):" in info else 50
tokens = [min(end, max_history) + 1 + 2 for end in rec[1::2]]
tokens += [offsets[q + 1] - offsets[q] + 2 for q in search[0::2]]
print(f"{sum(tokens) / len(tokens):.3f}")
PY
)

results="$out/results.md"
{
  echo "| model | dtype | batch | steps | instances/s | tokens/s | max RSS (MiB) | wall s |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$results"
for config in $configs; do
  IFS=: read -r model batch steps <<<"$config"
  for dtype in fp32 bf16; do
    run="$out/runs/$model-$dtype"
    rm -rf "$run"
    flags=()
    [[ $dtype == bf16 ]] && flags=(--bf16)
    cmd=("$bin/gensr-train" --data "$data/prepared" --tasks rec,search --model "$model"
      --batch-size "$batch" --max-steps "$steps" --log-every 1 --threads "$threads" --quiet
      --keep-checkpoints 1 --out "$run" "${flags[@]}")
    echo "OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS ${cmd[*]}" >&2
    /usr/bin/time -v "${cmd[@]}" >"$run.stdout" 2>"$run.time"
    rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$run.time")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$run.time" |
      awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rate=$(python3 - "$run/log.jsonl" "$warmup" "$batch" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if '"train"' in l]
steps = [l for l in lines if l["step"] > int(sys.argv[2])]
batch = int(sys.argv[3])
seconds = sum(batch / l["instances_per_s"] for l in steps)
print(f"{batch * len(steps) / seconds:.2f}")
PY
)
    tokens=$(echo "$rate * $tokens_per_instance" | bc -l | xargs printf '%.0f')
    printf '| %s | %s | %s | %s | %s | %s | %.0f | %s |\n' "$model" "$dtype" "$batch" "$steps" \
      "$rate" "$tokens" "$(echo "$rss_kb / 1024" | bc -l)" "$wall" | tee -a "$results"
    rm -rf "$run/checkpoints" "$run"/*.h5  # the base model's checkpoints are ~3 GB each
  done
done
echo "tokens per instance (non-pad input + 2 target): $tokens_per_instance" | tee -a "$results"
