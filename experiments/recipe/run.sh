#!/usr/bin/env bash
# Issue 12's table on MovieLens (ml-latest-small): experiments/table5 with its default config
# (experiments/table5/config.json), written to out/recipe: the references (Pop_R / Pop_S with and
# without history, transition counts, BM25, SASRec) beside Gen_R, Gen_S and Gen_R+S trained from
# scratch with `--recipe scratch` and `--recipe paper`, scored by `gensr-eval` at K=30; writes
# OUT/table.md, OUT/table5.md, OUT/tables6_8.md and OUT/curves.png. Settings are chosen on
# validation only (RESULTS.md, "What was tried"); the test split is scored once per run.
#
# Environment: as experiments/table5/run.py (GENSR_BIN, OUT, CONFIG, SEEDS, PAPER_SEEDS, THREADS,
# K, TRAIN_ARGS, SMOKE=1), with OUT defaulting to out/recipe.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-out/recipe} exec /usr/bin/python3 experiments/table5/run.py "$@"
