#!/usr/bin/env bash
# What the scratch recipe needs on SIM2 (100 % sample, 100 % query match): Gen_R's rec test
# Recall@10 as the number of users and the epochs grow (the paper's size is 300 users, 5 epochs,
# pretrained flan-t5-base: 0.907). Scored at latest.h5, as experiments/sim2 does: SIM2's rec
# validation target is drawn uniformly, so validation recall cannot pick an epoch there.
# Finished cells are skipped. Writes OUT/curve.tsv and OUT/curve.md.
#
# Environment: GENSR_BIN (build/src/apps), OUT (out/recipe-sim2), USERS ("300 1000 3000"),
# EPOCHS ("3 10 30"), SEEDS ("1"), THREADS (1), RECIPE (scratch), MAX_INSTANCES (skip cells
# whose users x epochs would train more than this many instances; default 250000), TRAIN_ARGS
# (extra gensr-train options).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${GENSR_BIN:-build/src/apps}
out=${OUT:-out/recipe-sim2}
threads=${THREADS:-1}
recipe=${RECIPE:-scratch}
max_instances=${MAX_INSTANCES:-250000}
export OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
mkdir -p "$out"
printf 'users\tepochs\tseed\trec_train_instances\ttest_recall_at_10\twall_seconds\n' >"$out/curve.tsv"
for users in ${USERS:-300 1000 3000}; do
  for seed in ${SEEDS:-1}; do
    data=$out/data/u$users-s$seed
    if [[ ! -f $data/prepared/prepared.h5 ]]; then
      "$bin/gensr-data" simulate --kind sim2 --seed "$seed" --users "$users" --sample 1.0 \
        --query-match 1.0 --out "$data/raw" >/dev/null
      "$bin/gensr-data" prepare --data "$data/raw" --out "$data/prepared" >/dev/null 2>&1
    fi
    instances=$((users * 7))  # 10 interactions: targets 2..8 train
    for epochs in ${EPOCHS:-3 10 30}; do
      ((instances * epochs > max_instances)) && continue
      run=$out/runs/u$users-e$epochs-s$seed
      if [[ ! -f $run/test/summary.json ]]; then
        start=$(date +%s)
        "$bin/gensr-train" --data "$data/prepared" --tasks rec --recipe "$recipe" --seed "$seed" \
          --epochs "$epochs" --threads "$threads" --bf16 --quiet --out "$run" ${TRAIN_ARGS:-} >/dev/null
        echo $(($(date +%s) - start)) >"$run/wall_seconds"
        "$bin/gensr-eval" --checkpoint "$run/latest.h5" --data "$data/prepared" --task rec \
          --k 10 --threads "$threads" --out "$run/test" >/dev/null
      fi
      recall=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['metrics']['all']['recall'])" "$run/test/summary.json")
      printf '%s\t%s\t%s\t%s\t%.3f\t%s\n' "$users" "$epochs" "$seed" "$instances" "$recall" \
        "$(cat "$run/wall_seconds")" >>"$out/curve.tsv"
    done
  done
done
{
  echo "| users | epochs | seed | rec train instances | test R@10 | train s |"
  echo "|---|---|---|---|---|---|"
  tail -n +2 "$out/curve.tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}'
} >"$out/curve.md"
cat "$out/curve.md"
