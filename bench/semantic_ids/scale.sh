#!/usr/bin/env bash
# Atomic vs semantic item IDs as the catalogue grows: for each size, a simulated catalogue goes
# through embed (joint) -> ids -> prepare (atomic and --item-ids) -> a few training steps of
# Gen_R+S -> evaluation of the search test queries, each under /usr/bin/time -v. Writes one TSV
# row per size and ID kind (peak memory of the training process, median step time) to
# WORK/scale.tsv; results and the memory model in bench/semantic_ids.md.
#   bash bench/semantic_ids/scale.sh [BUILD_DIR (build)] [WORK_DIR (/tmp/gensr-scale)] [SIZES]
# SIZES: items per catalogue (default "10000 100000 1000000 2260000"); users = items / 2.
# STEPS (12) training steps; THREADS (1) intra-op threads of training and evaluation.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$PWD/${1:-build}/src/apps
work=${2:-/tmp/gensr-scale}
sizes=${3:-10000 100000 1000000 2260000}
steps=${STEPS:-12}
threads=${THREADS:-1}
mkdir -p "$work"
field() {  # FIELD LOG: a /usr/bin/time -v field
  grep "$1" "$2" | awk '{print $NF}'
}
timed() {  # LOG COMMAND...: run under /usr/bin/time -v, skipped when LOG says it finished
  local log=$1
  shift
  grep -q 'Exit status: 0' "$log" 2>/dev/null && return 0
  /usr/bin/time -v "$@" >"$log.tmp" 2>&1 || { tail -n 30 "$log.tmp" >&2; return 1; }
  mv "$log.tmp" "$log"
}
# The median step time of a run's log.jsonl, leaving out the first 2 steps (allocations warm up).
median_step() {
  python3 - "$1" <<'EOF'
import json, statistics, sys
steps = [json.loads(l) for l in open(sys.argv[1])]
times = [s["step_s"] for s in steps if s.get("type") == "train" and s["step"] > 2]
print(f"{statistics.median(times):.3f}")
EOF
}
[[ -f $work/scale.tsv ]] ||
  printf 'items\tids\tvocab\tparams\ttrain_rss_mb\tstep_s\teval_rss_mb\teval_wall\n' >"$work/scale.tsv"
for items in $sizes; do
  cat=$work/cat$items
  [[ -f $cat/qrels.tsv ]] || python3 bench/semantic_ids/catalogue.py --items "$items" \
    --users $((items / 2)) --eval-queries 256 --out "$cat"
  timed "$work/embed-$items.log" "$bin/gensr-data" embed --data "$cat" --kind joint --dim 64 \
    --seed 1 --out "$work/joint-$items.h5"
  timed "$work/ids-$items.log" "$bin/gensr-data" ids --embeddings "$work/joint-$items.h5" \
    --seed 1 --out "$work/ids-$items"
  for kind in atomic semantic; do
    prep=$work/prep-$kind-$items run=$work/run-$kind-$items
    ids=()
    [[ $kind == semantic ]] && ids=(--item-ids "$work/ids-$items/codes.tsv")
    timed "$work/prepare-$kind-$items.log" "$bin/gensr-data" prepare --data "$cat" --out "$prep" \
      "${ids[@]}"
    timed "$work/train-$kind-$items.log" "$bin/gensr-train" --data "$prep" --out "$run" \
      --tasks rec,search --recipe scratch --bf16 --threads "$threads" --max-steps "$steps" \
      --log-every 1 --no-resume --quiet
    decoding=topk
    [[ $kind == semantic ]] && decoding=beam
    timed "$work/eval-$kind-$items.log" "$bin/gensr-eval" --checkpoint "$run/latest.h5" \
      --data "$prep" --task search --k 10 --decoding "$decoding" --threads "$threads" \
      --out "$work/eval-$kind-$items"
    grep -q "^$items	$kind	" "$work/scale.tsv" ||
      /usr/bin/python3 - "$run" <<EOF >>"$work/scale.tsv"
import h5py, json, sys
vocab = json.load(open(sys.argv[1] + "/config.json"))["model"]["vocab_size"]
weights = h5py.File(sys.argv[1] + "/latest.h5")["model"]
params = sum(weights[name].size for name in weights)
print(f"$items\t$kind\t{vocab}\t{params}\t" + "\t".join([
    "$(($(field 'Maximum resident' "$work/train-$kind-$items.log") / 1024))",
    "$(median_step "$run/log.jsonl")",
    "$(($(field 'Maximum resident' "$work/eval-$kind-$items.log") / 1024))",
    "$(field 'Elapsed (wall' "$work/eval-$kind-$items.log")"]))
EOF
  done
  column -t "$work/scale.tsv"
done
