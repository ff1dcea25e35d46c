#!/usr/bin/env bash
# Builds gensr on the GPU machine, which has CUDA, cmake, ninja and the PyTorch wheel but no
# -dev packages and no network: unpacks the Debian packages that scripts/gpu_deps.sh put in
# .gpu-deps/ into a private prefix (never /), writes PREFIX/env.sh (LD_LIBRARY_PATH,
# OPAL_PREFIX, mpirun on PATH: source it before running the programs), then configures
# against the wheel's CUDA LibTorch and builds.
#   bash scripts/gpu_build.sh [BUILD_DIR (build-gpu)] [TARGETS... (all)]
# Environment: GENSR_DEPS (prefix, /tmp/gensr-deps); TORCH_PREFIX (torch's CMake prefix,
# default torch.utils.cmake_prefix_path); CUDA_HOME (/usr/local/cuda); NCCL_ROOT (a folder
# with include/nccl.h and lib/libnccl.so*, default: the nvidia-nccl wheel, then CUDA);
# GENSR_DEPS_ALL=1 unpacks even the libraries the system already has; GENSR_UNPACK_ONLY=1.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-gpu}
if (($#)); then shift; fi
die() { echo "gpu_build: $*" >&2; exit 1; }

prefix=${GENSR_DEPS:-/tmp/gensr-deps}
prefix=${prefix%/}
[[ $prefix == /?* ]] || die "GENSR_DEPS must be an absolute path other than /"
compgen -G '.gpu-deps/*.deb' >/dev/null ||
  die "no .gpu-deps/*.deb: run scripts/gpu_deps.sh on Debian 12 and carry .gpu-deps"

# --- unpack -------------------------------------------------------------------------------
if [[ -e $prefix ]]; then
  [[ -f $prefix/.gensr-deps ]] || die "$prefix exists and was not made by this script"
  rm -rf -- "$prefix"
fi
mkdir -p "$prefix"
touch "$prefix/.gensr-deps"
# A runtime-only package whose sonames the system already has is left packed, so that the
# system's (newer) copy serves gensr and other programs never see an older one.
system_libs=$(ldconfig -p 2>/dev/null | awk '/x86-64/ {print $1}' | sort -u)
core='-dev$|openmpi|hdf5|boost|sentencepiece|pmix|hwloc|libevent|pkgconf'
skipped=()
for deb in .gpu-deps/*.deb; do
  pkg=$(dpkg-deb -f "$deb" Package)
  if [[ ${GENSR_DEPS_ALL:-0} != 1 && ! $pkg =~ $core ]]; then
    libs=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -En \
      's#^\./(usr/)?lib/(x86_64-linux-gnu|libpsm1)/(lib[^/]*\.so\.[0-9]+)(\.[0-9.]+)?$#\3#p' | sort -u)
    if [[ -n $libs ]] && [[ -z $(comm -23 <(echo "$libs") <(echo "$system_libs")) ]]; then
      skipped+=("$pkg")
      continue
    fi
  fi
  dpkg -x "$deb" "$prefix"
done
((${#skipped[@]} == 0)) || echo "gpu_build: the system has, so not unpacked: ${skipped[*]}"
# pkg-config files name /usr: point them into the prefix.
find "$prefix" -name '*.pc' -type f -exec \
  sed -i -E "s#(^|[=[:space:]]|-I|-L)/usr(/|[[:space:]]|\$)#\1$prefix/usr\2#g" {} +
# Debian makes this soname link with update-alternatives, which dpkg -x does not run.
for f in "$prefix"/usr/lib/libpsm1/libpsm_infinipath.so.1.*; do
  [[ ! -e $f ]] || ln -sf "${f##*/}" "$prefix/usr/lib/libpsm1/libpsm_infinipath.so.1"
done
mkdir -p "$prefix/bin"
ln -sf ../usr/bin/orterun "$prefix/bin/mpirun"
ln -sf ../usr/bin/orterun "$prefix/bin/mpiexec"
ln -sf ../usr/bin/h5ls "$prefix/bin/h5ls"  # test_checkpoint lists a checkpoint with it
arch=$prefix/usr/lib/x86_64-linux-gnu
ompi=$arch/openmpi
libpath=$ompi/lib:$arch:$prefix/lib/x86_64-linux-gnu:$prefix/usr/lib/libpsm1
cat >"$prefix/env.sh" <<EOF
# gensr's unpacked dependencies (scripts/gpu_build.sh); source before running gensr programs.
export LD_LIBRARY_PATH="$libpath\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export PATH="$prefix/bin:\$PATH"
export OPAL_PREFIX="$prefix/usr" PMIX_MCA_mca_base_component_path="$arch/pmix2/lib/pmix"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none
# Without it std::filesystem::remove_all called a null pointer on the GPU machine: a library
# loaded ahead of libstdc++ (the wheel's LibTorch is the suspect) supplies some of its symbols.
# Preloading the compiler's libstdc++ puts it first in the lookup order (bench/gpu.md).
export LD_PRELOAD="\$(g++ -print-file-name=libstdc++.so.6)\${LD_PRELOAD:+:\$LD_PRELOAD}"
EOF
# Report any library the unpacked packages need that neither they nor the system provide.
missing=$(for f in "$ompi"/lib/lib{mpi,mpi_cxx}.so "$arch"/libhdf5_serial.so.* \
  "$arch"/libboost_program_options.so.* "$arch"/libsentencepiece.so.* "$prefix"/usr/bin/orted \
  "$ompi"/lib/openmpi3/*.so; do LD_LIBRARY_PATH=$libpath ldd "$f" 2>/dev/null |
  sed -n "s#^\t\(.*\) => not found#\1 (${f##*/})#p"; done | sort -u)
[[ -z $missing ]] || echo "gpu_build: warning, not found: ${missing//$'\n'/, }" >&2
echo "gpu_build: dependencies in $prefix; before running: source $prefix/env.sh"
[[ ${GENSR_UNPACK_ONLY:-0} != 1 ]] || exit 0

# --- configure and build ------------------------------------------------------------------
# Asked before env.sh is sourced, so that Python sees only the system's libraries.
torch_prefix=${TORCH_PREFIX:-$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')}
cuda=${CUDA_HOME:-/usr/local/cuda}
nccl_roots=()
[[ -z ${NCCL_ROOT:-} ]] || nccl_roots+=("$NCCL_ROOT")
while read -r dir; do nccl_roots+=("$dir"); done < <(python3 -c \
  'import nvidia; print(*nvidia.__path__, sep="\n")' 2>/dev/null || true)
nccl_roots+=("$cuda")
nccl_args=()
for root in "${nccl_roots[@]}"; do
  header=$(find "$root/" -maxdepth 4 -path '*/include/nccl.h' -print -quit 2>/dev/null || true)
  [[ -n $header ]] || continue
  dir=$(dirname "$(dirname "$header")")
  for lib in "$dir"/lib{,64}/libnccl.so "$dir"/lib{,64}/libnccl.so.[0-9]; do
    [[ -e $lib ]] || continue
    export NCCL_ROOT=$dir
    nccl_args=(-DNCCL_INCLUDE_DIR="$dir/include" -DNCCL_LIBRARY="$lib")
    break 2
  done
done
cuda_args=()
if [[ -x $cuda/bin/nvcc ]]; then
  export CUDA_HOME=$cuda PATH=$cuda/bin:$PATH TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}
  cuda_args=(-DCMAKE_CUDA_COMPILER="$cuda/bin/nvcc" -DCUDAToolkit_ROOT="$cuda"
    -DCUDA_TOOLKIT_ROOT_DIR="$cuda" -DCMAKE_CUDA_ARCHITECTURES="${CUDA_ARCHS:-90}")
  # Older LibTorch configs find the NVTX3 headers only when told where they are.
  [[ ! -d $cuda/include/nvtx3 ]] || cuda_args+=(-DUSE_SYSTEM_NVTX=ON -Dnvtx3_dir="$cuda/include")
fi
# shellcheck disable=SC1091
source "$prefix/env.sh"
export PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR="$arch/pkgconfig:$prefix/usr/share/pkgconfig"
generator=Ninja
command -v ninja >/dev/null || generator="Unix Makefiles"
cmake -S . -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix/usr;$arch/cmake;$torch_prefix" \
  -DMPI_ASSUME_NO_BUILTIN_MPI=ON -DMPI_SKIP_COMPILER_WRAPPER=ON -DMPI_SKIP_GUESSING=ON \
  -DMPI_C_COMPILER_INCLUDE_DIRS="$ompi/include;$ompi/include/openmpi" \
  -DMPI_CXX_COMPILER_INCLUDE_DIRS="$ompi/include;$ompi/include/openmpi" \
  -DMPI_C_HEADER_DIR="$ompi/include" -DMPI_CXX_HEADER_DIR="$ompi/include" \
  -DMPI_C_LIB_NAMES=mpi -DMPI_CXX_LIB_NAMES="mpi_cxx;mpi" \
  -DMPI_mpi_LIBRARY="$ompi/lib/libmpi.so" -DMPI_mpi_cxx_LIBRARY="$ompi/lib/libmpi_cxx.so" \
  -DMPIEXEC_EXECUTABLE="$prefix/bin/mpirun" \
  -DHDF5_ROOT="$arch/hdf5/serial" -DHDF5_NO_FIND_PACKAGE_CONFIG_FILE=ON -DHDF5_PREFER_PARALLEL=OFF \
  -DBoost_DIR="$arch/cmake/Boost-1.74.0" -DBoost_NO_SYSTEM_PATHS=ON \
  -Dnlohmann_json_DIR="$prefix/usr/share/cmake/nlohmann_json" \
  -DPKG_CONFIG_EXECUTABLE="$prefix/usr/bin/pkgconf" \
  "${cuda_args[@]}" "${nccl_args[@]}"
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build" -j"$(nproc)" "${targets[@]}"
echo "gpu_build: built in $build; before running: source $prefix/env.sh"
