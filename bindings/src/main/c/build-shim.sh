#!/usr/bin/env bash
# Compiles the shim against the installed DPDK: build-shim.sh OUT_DIR [COPY_DIR...]
# Called by the Maven build (bindings/pom.xml); the result is loaded by dev.lightpath.dpdk.NativeLibraries.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$1"; shift
command -v gcc >/dev/null || { echo "build-shim: gcc is missing (apt-get install gcc)" >&2; exit 1; }
pkg-config --exists libdpdk || { echo "build-shim: DPDK development files are missing (apt-get install libdpdk-dev pkg-config)" >&2; exit 1; }
mkdir -p "$out"
# --no-as-needed keeps every DPDK library the Java side calls into as a dependency of the shim,
# so loading the shim makes their symbols visible to the generated bindings.
gcc -O2 -g -Wall -Wextra -shared -fPIC -o "$out/liblightpath_shim.so" "$here/shim.c" \
    $(pkg-config --cflags libdpdk) \
    -Wl,--no-as-needed -lrte_eal -lrte_ethdev -lrte_mbuf -lrte_mempool -lrte_ring -lrte_net -lrte_kvargs -Wl,--as-needed
for copy in "$@"; do mkdir -p "$copy" && cp "$out/liblightpath_shim.so" "$copy/"; done
