#!/usr/bin/env bash
# Installs every Debian package gensr needs; a quick no-op when they are all present.
set -euo pipefail
packages=(
  cmake g++ make pkg-config ccache git
  libtorch-dev libopenblas0-pthread
  libopenmpi-dev openmpi-bin
  libhdf5-dev hdf5-tools
  libboost-program-options-dev libboost-test-dev
  libsentencepiece-dev sentencepiece
  nlohmann-json3-dev
  libxapian-dev  # BM25 baseline (src/baselines/bm25.cpp)
  libfaiss-dev liblapack-dev  # semantic IDs (src/ids/): k-means, randomized SVD
  time
  # a real local Slurm for tests/integration/test_slurm.cpp (cluster/train.sbatch)
  slurmctld slurmd slurm-client munge
  procps  # pgrep: the distributed and Slurm tests find rank and daemon pids
  python3 python3-matplotlib  # experiments/*/run.py: tables and PNG plots
  python3-sklearn python3-h5py  # experiments/fig1_3: t-SNE of checkpoint embeddings
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
