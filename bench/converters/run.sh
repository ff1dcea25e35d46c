#!/usr/bin/env bash
# Times `gensr-data movielens` and `gensr-data mpd` on generated inputs and records peak RSS
# with GNU time (/usr/bin/time -v). Usage:
#   bench/converters/run.sh [BUILD_DIR] [WORK_DIR]
# Sizes come from the environment: RATINGS (default 5000000), GENOME_MOVIES (2000, times 1128
# tags = genome-scores rows), SLICES (10, of 1000 playlists each). Inputs are generated once
# into WORK_DIR and reused.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
work=${2:-/tmp/gensr-bench-converters}
gensr_data=$build/src/apps/gensr-data
ratings=${RATINGS:-5000000}
genome_movies=${GENOME_MOVIES:-2000}
slices=${SLICES:-10}
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
[ -x "$gensr_data" ] || { echo "run.sh: build gensr-data first ($gensr_data)" >&2; exit 1; }

ml_in=$work/ml-$ratings-$genome_movies
mpd_in=$work/mpd-$slices
[ -f "$ml_in/genome-scores.csv" ] ||
  python3 "$here/generate.py" movielens --out "$ml_in" --ratings "$ratings" --genome-movies "$genome_movies"
[ -d "$mpd_in/data" ] || python3 "$here/generate.py" mpd --out "$mpd_in" --slices "$slices"

# Prints "seconds peak_kib" of one command run under GNU time.
measure() {
  local log=$work/time.log
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  echo "$wall $rss"
}

rows() { tail -n +2 "$1" | wc -l; }
ml_rows=$(( $(rows "$ml_in/ratings.csv") + $(rows "$ml_in/genome-scores.csv") + $(rows "$ml_in/tags.csv") + $(rows "$ml_in/movies.csv") ))
ml_bytes=$(du -cb "$ml_in"/*.csv | tail -1 | cut -f1)
read -r ml_s ml_kib < <(measure "$gensr_data" movielens --input "$ml_in" --out "$work/ml-out")
mpd_tracks=$(cat "$mpd_in"/data/*.json | grep -c '"track_uri"')
mpd_bytes=$(du -cb "$mpd_in"/data/*.json | tail -1 | cut -f1)
read -r mpd_s mpd_kib < <(measure "$gensr_data" mpd --input "$mpd_in" --out "$work/mpd-out")

echo "| converter | input | rows | input MB | seconds | rows/s | MB/s | peak RSS MiB |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
awk -v r="$ml_rows" -v b="$ml_bytes" -v s="$ml_s" -v k="$ml_kib" -v n="$ratings ratings, $((genome_movies * 1128)) genome scores" \
  'BEGIN { printf "| movielens | %s | %d | %.0f | %.2f | %.0f | %.1f | %.0f |\n", n, r, b / 1e6, s, r / s, b / 1e6 / s, k / 1024 }'
awk -v r="$mpd_tracks" -v b="$mpd_bytes" -v s="$mpd_s" -v k="$mpd_kib" -v n="$slices slices" \
  'BEGIN { printf "| mpd | %s (rows = playlist tracks) | %d | %.0f | %.2f | %.0f | %.1f | %.0f |\n", n, r, b / 1e6, s, r / s, b / 1e6 / s, k / 1024 }'
