#!/usr/bin/env bash
# Regenerates the FFM bindings in src/main/java/dev/lightpath/dpdk/raw from the installed DPDK headers.
# Needs jextract: on PATH, or its launcher named by $JEXTRACT. Only what jextract.includes lists is generated.
#
# jextract is not packaged by Debian or Maven Central; build it from its source (openjdk/jextract) with a JDK 25
# and Debian's libclang-14 (libclang 16 fails on rte_mbuf's anonymous unions), then point $JEXTRACT at it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jextract="${JEXTRACT:-$(command -v jextract || true)}"
if [ -z "$jextract" ] || [ ! -x "$jextract" ]; then
  echo "jextract.sh: no jextract found: put it on PATH or set JEXTRACT=/path/to/jextract" >&2
  exit 1
fi
pkg-config --exists libdpdk || { echo "jextract.sh: DPDK headers missing (apt-get install libdpdk-dev pkg-config)" >&2; exit 1; }

out="$here/src/main/java"
package=dev.lightpath.dpdk.raw
rm -rf "$out/${package//.//}"
# jextract takes -I but not -include: dpdk_api.h includes rte_config.h itself.
includes=$(pkg-config --cflags-only-I libdpdk | tr ' ' '\n' | grep '^-I' | sort -u | tr '\n' ' ')
"$jextract" $includes \
  --target-package "$package" \
  --header-class-name Dpdk \
  --output "$out" \
  @"$here/jextract.includes" \
  "$here/src/main/c/dpdk_api.h" 2>&1 | grep -v -e 'bitfields are not supported' -e 'is not supported)' >&2 || true
echo "generated $(find "$out/${package//.//}" -name '*.java' | wc -l) files into $out/${package//.//}"
