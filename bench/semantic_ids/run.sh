#!/usr/bin/env bash
# Times gensr-data embed (collab, text, joint) and ids on simulated catalogues of 100k and 1M
# items with /usr/bin/time -v; results in bench/semantic_ids.md.
#   bash bench/semantic_ids/run.sh [BUILD_DIR (build)] [WORK_DIR (/tmp/gensr-semantic-ids-bench)]
set -euo pipefail
cd "$(dirname "$0")/../.."
data=$PWD/${1:-build}/src/apps/gensr-data
work=${2:-/tmp/gensr-semantic-ids-bench}
mkdir -p "$work"
timed() {  # LABEL COMMAND...: one line of wall time, CPU share and peak memory
  local label=$1 log=$work/$1.log
  shift
  /usr/bin/time -v "$@" >"$log" 2>&1
  grep '^embed:' "$log" | sed "s/^/  $label /" || true
  printf '%s\twall %s\tcpu %s\tmax_rss_mb %d\n' "$label" \
    "$(grep 'Elapsed (wall' "$log" | awk '{print $NF}')" \
    "$(grep 'Percent of CPU' "$log" | awk '{print $NF}')" \
    "$(($(grep 'Maximum resident' "$log" | awk '{print $NF}') / 1024))"
}
for size in 100000:50000 1000000:500000; do
  items=${size%%:*} users=${size##*:}
  cat=$work/cat$items
  [[ -f $cat/qrels.tsv ]] ||
    python3 bench/semantic_ids/catalogue.py --items "$items" --users "$users" --out "$cat"
  kinds="collab text joint"
  [[ $items -ge 1000000 && ${GENSR_BENCH_ALL_KINDS:-0} != 1 ]] && kinds=joint
  for kind in $kinds; do
    timed "embed-$kind-$items" "$data" embed --data "$cat" --kind "$kind" --dim 64 --seed 1 \
      --out "$work/$kind-$items.h5"
  done
  timed "ids-joint-$items" "$data" ids --embeddings "$work/joint-$items.h5" --seed 1 \
    --out "$work/ids-joint-$items"
  cat "$work/ids-joint-$items/report.md"
done
