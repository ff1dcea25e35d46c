#!/usr/bin/env bash
# Issue 12's table on MovieLens (ml-latest-small): the references (Pop_R / Pop_S with and
# without history, transition counts, BM25, SASRec) beside Gen_R, Gen_S and Gen_R+S trained
# from scratch with `--recipe scratch` (several seeds) and `--recipe paper` (the paper's
# settings), all scored by `gensr-eval` on the same test queries at K=30; then report.py writes
# the table (table.md), the learning curves (curves.png) and the paired t-tests.
#
# A sweep that can stop and go on: a finished step (its eval summary.json exists) is skipped,
# an interrupted training resumes exactly from its run directory's latest.h5 (two copies may run
# side by side on different seeds, never on the same run). Settings are
# chosen on validation only (experiments/recipe/RESULTS.md, "What was tried"); the test split
# is scored once per run here.
#
# Environment: GENSR_BIN (programs, default build/src/apps), ML_DIR (ml-latest-small folder,
# default ../shared/data/ml-latest-small), OUT (default out/recipe), SEEDS ("1 2 3": scratch
# models and SASRec), PAPER_SEEDS ("1": the paper preset; either may be empty), THREADS (2), K (30),
# PREPARE_ARGS (extra `gensr-data prepare` options), TRAIN_ARGS (extra gensr-train options for
# every generative model), SMOKE=1 (CI: a small simulated dataset and a few steps per model, to
# check that every step runs and the report is written; its numbers mean nothing).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${GENSR_BIN:-build/src/apps}
out=${OUT:-out/recipe}
seeds=${SEEDS-1 2 3}
paper_seeds=${PAPER_SEEDS-1}
threads=${THREADS:-2}
k=${K:-30}
smoke=${SMOKE:-0}
export OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
common=(--threads "$threads" --bf16 --quiet --eval-k "$k")
[[ $smoke == 1 ]] && common+=(--batch-size 16)
mkdir -p "$out"
log() { echo "recipe: $*" >&2; }

# -- data ------------------------------------------------------------------------------------
data=$out/data
if [[ ! -f $data/prepared/prepared.h5 ]]; then
  rm -rf "$data"
  if [[ $smoke == 1 ]]; then
    "$bin/gensr-data" simulate --kind sim2 --seed 1 --users 60 --sample 0.1 --out "$data/raw" \
      >/dev/null
  else
    "$bin/gensr-data" movielens --input "${ML_DIR:-../shared/data/ml-latest-small}" \
      --out "$data/raw" >/dev/null
  fi
  # shellcheck disable=SC2086
  "$bin/gensr-data" prepare --data "$data/raw" --out "$data/prepared" ${PREPARE_ARGS:-} \
    >/dev/null 2>&1
fi
prepared=$data/prepared

# -- scoring ---------------------------------------------------------------------------------
# score NAME SEED TASK RUN_FILE: gensr-eval score into $out/eval/NAME/seedSEED/TASK.
score() {
  local dir=$out/eval/$1/seed$2/$3
  [[ -f $dir/summary.json ]] && return 0
  "$bin/gensr-eval" score --run "$4" --data "$prepared" --task "$3" --k "$k" --out "$dir" \
    >/dev/null
}
# evaluate NAME SEED TASK RUN_DIR: the run's best.h5 on the test split; for rec also with the
# user's history left out of the list (NAME-nohist), as Pop_R-nohist and Transitions do.
evaluate() {
  local dir=$out/eval/$1/seed$2/$3
  [[ -f $dir/summary.json ]] ||
    "$bin/gensr-eval" --checkpoint "$4/best.h5" --data "$prepared" --task "$3" --k "$k" \
      --threads "$threads" --out "$dir" >/dev/null
  [[ $3 == rec ]] || return 0
  dir=$out/eval/$1-nohist/seed$2/$3
  [[ -f $dir/summary.json ]] ||
    "$bin/gensr-eval" --checkpoint "$4/best.h5" --data "$prepared" --task "$3" --k "$k" \
      --exclude-history --threads "$threads" --out "$dir" >/dev/null
}
# train RUN_DIR ARGS...: trains (or resumes) unless the run finished; records its wall time.
train() {
  local run=$1
  shift
  [[ -f $run/finished ]] && return 0
  local start
  start=$(date +%s)
  "$bin/gensr-train" --data "$prepared" --out "$run" "${common[@]}" "$@" >/dev/null
  echo $(($(date +%s) - start)) >>"$run/wall_seconds"
  touch "$run/finished"
  log "trained $run"
}

# -- references (deterministic: one "seed") --------------------------------------------------
refs=$out/refs
mkdir -p "$refs"
baseline() {  # baseline NAME TASK KIND ARGS...
  local name=$1 task=$2 kind=$3
  shift 3
  [[ -f $out/eval/$name/seed0/$task/summary.json ]] && return 0
  "$bin/gensr-baseline" "$kind" --data "$prepared" --task "$task" --k "$k" \
    --out "$refs/$name-$task.trec" "$@" >/dev/null
  score "$name" 0 "$task" "$refs/$name-$task.trec"
}
log "references"
baseline Pop_R rec pop --popularity rec --keep-history
baseline Pop_R-nohist rec pop --popularity rec
baseline Pop_S rec pop --popularity search --keep-history
baseline Transitions rec transitions
baseline Pop_S search pop --popularity search
baseline Pop_R search pop --popularity rec
baseline BM25 search bm25 --dataset "$data/raw"

# -- the generative models (scratch recipe), SASRec, the paper preset ----------------------
# generative RECIPE SEED
generative() {
  local recipe=$1 seed=$2 name tasks run task
  for name in Gen_R Gen_S Gen_R+S; do
    case $name in
      Gen_R) tasks=rec ;;
      Gen_S) tasks=search ;;
      *) tasks=rec,search ;;
    esac
    log "$name ($recipe) seed $seed"
    run=$out/runs/$name-$recipe/seed$seed
    # shellcheck disable=SC2086
    train "$run" --recipe "$recipe" --tasks "$tasks" --seed "$seed" ${TRAIN_ARGS:-}
    for task in ${tasks//,/ }; do evaluate "$name-$recipe" "$seed" "$task" "$run"; done
  done
}
for seed in $seeds; do generative scratch "$seed"; done
for seed in $seeds; do
  log "SASRec seed $seed"
  run=$out/runs/SASRec/seed$seed
  # docs/sasrec.md: lr 0.005 and 5 epochs were the best of the settings tried on validation.
  train "$run" --arch sasrec --tasks rec --seed "$seed" --lr 0.005 --epochs 5
  evaluate SASRec "$seed" rec "$run"
done
for seed in $paper_seeds; do generative paper "$seed"; done

# -- report ----------------------------------------------------------------------------------
log "report"
/usr/bin/python3 experiments/recipe/report.py --out "$out" --bin "$bin" --k "$k"
log "wrote $out/table.md and $out/curves.png"
