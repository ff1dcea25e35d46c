#!/usr/bin/env bash
# The paper's SIM2 study (Table 4, SIM2 row at 100% sample / 100% query match): for seeds 1..5,
# simulate SIM2, prepare it, train Gen_R (--tasks rec) and Gen_R+S (--tasks rec,search) with
# the paper's settings (5 epochs, lr 0.002, global batch 128, AdamW) and score best.h5 on the
# rec test split with gensr-eval (Recall@10). Prints mean ± sd per model beside the paper's.
# The checkpoint scored is latest.h5 (the model after the last epoch, as the paper's fixed
# 5 epochs): SIM2's rec validation target (item t-1, the first of a same-cluster pair) is
# drawn uniformly, so validation rec recall cannot choose an epoch (see RESULTS.md).
#
# Overrides (environment): GENSR_BIN (folder of the programs, default build/src/apps),
# OUT (default out/sim2), SEEDS ("1 2 3 4 5"), MODEL (tiny), EPOCHS (5), LR (0.002),
# BATCH (128), THREADS (1), TRAIN_ARGS (extra gensr-train options), TAG (name of this setting),
# CHECKPOINT (latest | best), SKIP_TRAIN (1: score the runs already there again).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${GENSR_BIN:-build/src/apps}
out=${OUT:-out/sim2}
seeds=${SEEDS:-1 2 3 4 5}
model=${MODEL:-tiny}
epochs=${EPOCHS:-5}
lr=${LR:-0.002}
batch=${BATCH:-128}
threads=${THREADS:-1}
tag=${TAG:-$model-e$epochs-lr$lr-b$batch}
checkpoint=${CHECKPOINT:-latest}
skip_train=${SKIP_TRAIN:-0}
export OPENBLAS_NUM_THREADS=$threads
mkdir -p "$out"
results="$out/$tag-$checkpoint.tsv"
printf 'seed\tmodel\tvalid_rec_recall\ttest_rec_recall\ttrain_seconds\n' >"$results"

for seed in $seeds; do
  data="$out/data/seed$seed"
  if [[ ! -f "$data/prepared/.done" ]]; then
    rm -rf "$data"
    "$bin/gensr-data" simulate --kind sim2 --seed "$seed" --sample 1.0 --query-match 1.0 \
      --out "$data/raw" >/dev/null
    "$bin/gensr-data" prepare --data "$data/raw" --out "$data/prepared" >/dev/null 2>&1
    touch "$data/prepared/.done"
  fi
  for name in Gen_R Gen_R+S; do
    tasks=rec
    [[ $name == Gen_R+S ]] && tasks=rec,search
    run="$out/runs/$tag/$name/seed$seed"
    seconds=0
    if [[ $skip_train != 1 ]]; then
      rm -rf "$run"
      start=$(date +%s.%N)
      # shellcheck disable=SC2086
      "$bin/gensr-train" --data "$data/prepared" --tasks "$tasks" --seed "$seed" --model "$model" \
        --epochs "$epochs" --lr "$lr" --batch-size "$batch" --threads "$threads" --quiet \
        --out "$run" ${TRAIN_ARGS:-} >/dev/null
      seconds=$(echo "$(date +%s.%N) - $start" | bc)
    fi
    # Validation rec recall (the only number used for choices between settings).
    valid=$("$bin/gensr-eval" --checkpoint "$run/$checkpoint.h5" --data "$data/prepared" --task rec \
      --split valid --k 10 --threads "$threads" --out "$run/eval-valid-$checkpoint" |
      sed -n 's/.*Recall@10 = \([0-9.e-]*\) .*/\1/p')
    test=$("$bin/gensr-eval" --checkpoint "$run/$checkpoint.h5" --data "$data/prepared" --task rec \
      --k 10 --threads "$threads" --out "$run/eval-test-$checkpoint" |
      sed -n 's/.*Recall@10 = \([0-9.e-]*\) .*/\1/p')
    printf '%s\t%s\t%s\t%s\t%.1f\n' "$seed" "$name" "$valid" "$test" "$seconds" | tee -a "$results"
  done
done

echo "== SIM2 (100% sample, query match 1.0), $tag, $checkpoint.h5, seeds: $seeds; rec test Recall@10"
awk -F'\t' 'NR > 1 {
    n[$2]++; s[$2] += $4; q[$2] += $4 * $4; vs[$2] += $3
  }
  END {
    paper["Gen_R"] = 0.907; paper["Gen_R+S"] = 0.985
    printf "| model | Recall@10 mean ± sd (n) | valid Recall@10 mean | paper |\n|---|---|---|---|\n"
    split("Gen_R Gen_R+S", order, " ")
    for (i = 1; i <= 2; i++) {
      m = order[i]; mean = s[m] / n[m]
      sd = n[m] > 1 ? sqrt((q[m] - n[m] * mean * mean) / (n[m] - 1)) : 0
      printf "| %s | %.3f ± %.3f (%d) | %.3f | %.3f |\n", m, mean, sd, n[m], vs[m] / n[m], paper[m]
    }
  }' "$results" | tee "$out/$tag-$checkpoint.md"
