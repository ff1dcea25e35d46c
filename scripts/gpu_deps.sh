#!/usr/bin/env bash
# Fetches into .gpu-deps/ (ignored; carry it) the Debian 12 packages that gensr needs to
# compile, link and run on the GPU machine, which has no -dev packages and no network:
# headers, .so links, CMake and pkg-config files, and every shared library that ldd shows
# for OpenMPI (with its plugins and orted), serial HDF5, Boost and SentencePiece, except
# those on any Ubuntu/Debian with apt and gcc. scripts/gpu_build.sh unpacks and uses them.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(
  # to compile and link
  libopenmpi-dev libhdf5-dev libboost1.74-dev libboost-program-options1.74-dev
  libboost-test1.74-dev nlohmann-json3-dev libsentencepiece-dev pkgconf pkgconf-bin libpkgconf3
  # their runtime libraries; openmpi-bin has orted, which a 1-rank MPI_Init starts
  libopenmpi3 openmpi-bin openmpi-common libhdf5-103-1 libboost-program-options1.74.0
  libboost-test1.74.0 libsentencepiece0 hdf5-tools
  # what libmpi, orted and the OpenMPI/PMIx plugins link
  libhwloc15 libevent-core-2.1-7 libevent-pthreads-2.1-7 libpmix2 libmunge2 libfabric1 libucx0
  libibverbs1 ibverbs-providers librdmacm1 libnl-3-200 libnl-route-3-200 libpsm2-2
  libpsm-infinipath1 libnuma1
  # what libhdf5 links (szip, and libcurl with its closure)
  libsz2 libaec0 libcurl4 libssl3 libnghttp2-14 librtmp1 libssh2-1 libpsl5 libgssapi-krb5-2
  libkrb5-3 libk5crypto3 libkrb5support0 libkeyutils1 libcom-err2 libldap-2.5-0 libsasl2-2
  libbrotli1
)
# Left out, present wherever apt and gcc are: libc6 libstdc++6 libgcc-s1 zlib1g libzstd1
# libudev1 libuuid1 libatomic1 libgnutls30 libnettle8 libhogweed6 libgmp10 libp11-kit0 libffi8
# libtasn1-6 libidn2-0 libunistring2.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
chown _apt "$tmp" 2>/dev/null || true  # apt's sandbox user downloads into it
if ! (cd "$tmp" && apt-get download -q "${packages[@]}"); then
  echo "gpu_deps: apt-get download failed; refreshing the package lists and retrying" >&2
  apt-get update -qq
  (cd "$tmp" && apt-get download -q "${packages[@]}")
fi
mkdir -p .gpu-deps
rm -f .gpu-deps/*.deb
mv "$tmp"/*.deb .gpu-deps/
echo "gpu_deps: $(find .gpu-deps -name '*.deb' | wc -l) packages, $(du -sh .gpu-deps | cut -f1) in .gpu-deps/"
