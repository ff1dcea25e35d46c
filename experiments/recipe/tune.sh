#!/usr/bin/env bash
# One tuning run of experiments/recipe/RESULTS.md's "What was tried": trains on a prepared
# ml-latest-small folder and prints the validation Recall@30 after each epoch.
#   experiments/recipe/tune.sh NAME [gensr-train options...]
# e.g. experiments/recipe/tune.sh elr20 --recipe scratch --embedding-lr-scale 20 --epochs 3
# Environment: DATA (prepared folder, default out/recipe/data/prepared), TASKS (rec), OUT
# (out/tune), GENSR_BIN (build/src/apps). A finished run is only reported again.
set -euo pipefail
cd "$(dirname "$0")/../.."
name=$1
shift
bin=${GENSR_BIN:-build/src/apps}
out=${OUT:-out/tune}
export OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
mkdir -p "$out"
[[ -f $out/$name/finished ]] ||
  "$bin/gensr-train" --data "${DATA:-out/recipe/data/prepared}" --tasks "${TASKS:-rec}" \
    --threads 1 --bf16 --quiet --eval-k 30 --out "$out/$name" "$@" >/dev/null
touch "$out/$name/finished"
/usr/bin/python3 - "$out/$name/log.jsonl" "$name" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
valid = [r["valid_recall"] for r in rows if r.get("type") == "valid"]
print(sys.argv[2], " ".join(",".join(f"{t}={v:.3f}" for t, v in r.items()) for r in valid))
PY
