#!/usr/bin/env bash
# The checks and measurements of one visit to a GPU machine (bench/gpu.md records one). Run
# there after `scripts/gpu_build.sh` built BUILD with NCCL; writes OUT/gpu.log and prints it.
#   1. the unit suites on the GPU build;  2. CPU vs CUDA training, float64 without dropout,
#   step by step;  3. gensr-eval of one checkpoint on CPU and CUDA;  4. the one-rank NCCL
#   all-reduce with and without overlap (bench/nccl_buckets);  5. forward+backward time of
#   gensr's T5 and HF transformers' T5 at the same sizes;  6. gensr-train throughput.
# Environment: GENSR_BUILD (build-gpu), OUT (out/bench-gpu), STEPS (40).
set -uo pipefail
cd "$(dirname "$0")/.."
build=${GENSR_BUILD:-build-gpu}
out=${OUT:-out/bench-gpu}
steps=${STEPS:-40}
bin=$build/src/apps
mkdir -p "$out"
exec > >(tee "$out/gpu.log") 2>&1
say() { echo; echo "== $*"; }

say machine
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
echo "cores $(nproc); commit ${GENSR_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}"

say "1. unit suites"
(cd "$build" && ctest -L unit -j 8 --output-on-failure 2>&1 | tail -15)

say "2. CPU vs CUDA training (float64, dropout 0, batch 64, 20 steps)"
"$bin/gensr-data" simulate --kind sim2 --seed 1 --out "$out/raw" >/dev/null
"$bin/gensr-data" prepare --data "$out/raw" --out "$out/prep" >/dev/null 2>&1
for dev in cpu cuda; do
  "$bin/gensr-train" --data "$out/prep" --out "$out/exact-$dev" --device "$dev" --dtype float64 \
    --dropout 0 --batch-size 64 --max-steps 20 --log-every 1 --threads 8 --quiet || echo "FAILED: train $dev"
done
python3 - "$out" <<'PY'
import json, sys, h5py, numpy as np
out = sys.argv[1]
def losses(dev):
    rows = [json.loads(l) for l in open(f"{out}/exact-{dev}/log.jsonl")]
    return {r["step"]: r["loss"] for r in rows if r["type"] == "train"}
a, b = losses("cpu"), losses("cuda")
worst = max(abs(a[s] - b[s]) / abs(a[s]) for s in a)
print(f"steps {len(a)}: largest relative loss difference {worst:.3g} (step 20: {a[20]:.6f} vs {b[20]:.6f})")
fa, fb = h5py.File(f"{out}/exact-cpu/latest.h5"), h5py.File(f"{out}/exact-cuda/latest.h5")
rel = max(np.linalg.norm(fa["model"][n][()] - fb["model"][n][()]) / max(np.linalg.norm(fa["model"][n][()]), 1e-30)
          for n in fa["model"])
print(f"parameters after 20 steps: largest per-tensor ||cpu - cuda|| / ||cpu|| = {rel:.3g}")
PY

say "3. gensr-eval of the CUDA checkpoint on CPU and CUDA (rec, top-k and beam, K=10)"
for dec in topk beam; do
  for dev in cpu cuda; do
    "$bin/gensr-eval" --checkpoint "$out/exact-cuda/latest.h5" --data "$out/prep" --task rec \
      --decoding "$dec" --device "$dev" --threads 8 --out "$out/eval-$dec-$dev" >/dev/null 2>&1 ||
      echo "FAILED: eval $dec $dev"
  done
  python3 - "$out" "$dec" <<'PY'
import json, sys
out, dec = sys.argv[1:]
r = {d: json.load(open(f"{out}/eval-{dec}-{d}/summary.json"))["metrics"]["all"]["recall"] for d in ("cpu", "cuda")}
runs = {d: open(f"{out}/eval-{dec}-{d}/run.trec").read() for d in ("cpu", "cuda")}
print(f"{dec}: Recall@10 cpu {r['cpu']:.4f}, cuda {r['cuda']:.4f}; run files identical: {runs['cpu'] == runs['cuda']}")
PY
done

say "4. one-rank NCCL all-reduce of flan-t5-base gradients (batch 64)"
"$build/bench/nccl_buckets" --model flan-t5-base --batch 64 --steps 10

say "5. forward+backward: gensr (LibTorch $(python3 -c 'import torch;print(torch.__version__)')) vs HF transformers"
"$build/bench/t5_step" --device cuda --models tiny,flan-t5-base --batch 64 --steps 10 --matmul-n 8192
python3 bench/hf_t5_step.py --device cuda --models tiny,flan-t5-base --batch 64 --steps 10

say "6. gensr-train throughput on SIM2 (one GPU, instances/s over steps 11-$steps)"
echo "| model | batch | dtype | instances/s | step ms |"
echo "|---|---|---|---|---|"
for cfg in tiny:256 flan-t5-base:64; do
  model=${cfg%%:*} batch=${cfg##*:}
  for dtype in fp32 bf16; do
    flag=""; [ "$dtype" = bf16 ] && flag=--bf16
    run="$out/tput-$model-$dtype"
    "$bin/gensr-train" --data "$out/prep" --out "$run" --device cuda --model "$model" \
      --batch-size "$batch" --max-steps "$steps" --log-every 10 --quiet $flag >/dev/null 2>&1 ||
      echo "FAILED: train $model $dtype"
    python3 - "$run/log.jsonl" "$model" "$batch" "$dtype" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if '"train"' in l]
later = [r for r in rows if r["step"] > 10]
rate = sum(r["instances_per_s"] for r in later) / len(later)
step = sum(r["step_s"] for r in later) / len(later)
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {rate:.0f} | {1e3 * step:.1f} |")
PY
  done
done
