#!/bin/sh
# Set up a fresh Debian 12 machine and build hetsim:
#   1. install the Debian packages the build and the tests need (as root, or
#      through sudo), 2. generate and run configure, 3. build.
# Safe to run again; it only installs what is missing.
set -eu
cd "$(dirname "$0")/.."

# Required: toolchain, GSL, cJSON, CUnit. Optional features (each disabled by
# configure with a message when its packages are missing): ONNX import,
# plotting through Python (matplotlib), the native CPU backend (OpenBLAS, and
# oneDNN for its convolutions) and
# the native OpenCL backend (OpenCL headers, ICD loader, PoCL as the CPU
# OpenCL device, CLBlast; clinfo to list platforms and devices), sweeps across
# machines (Open MPI).
PACKAGES="build-essential autoconf automake libtool pkg-config
libgsl-dev libcjson-dev libcunit1-dev
libprotobuf-c-dev protobuf-c-compiler libonnx-dev
python3-dev python3-matplotlib
libopenblas-dev libdnnl-dev ocl-icd-opencl-dev opencl-headers pocl-opencl-icd libclblast-dev clinfo
libopenmpi-dev openmpi-bin"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "setup: installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -q --no-install-recommends $missing
fi

if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
    autoreconf -fi
fi
if [ ! -f Makefile ] || [ configure -nt config.status ]; then
    ./configure
fi
make -j"$(nproc)"
