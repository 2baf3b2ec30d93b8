# Shared by bin/* and ./mvnw: locate the project, a JDK 25, and install the system packages the project needs.
# Sourced, not executed. Every function explains what is missing in one sentence when it fails.

LIGHTPATH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LIGHTPATH_HOME

lp_die() { echo "lightpath: $*" >&2; exit 2; }
lp_info() { [ -n "${LIGHTPATH_QUIET:-}" ] || echo "lightpath: $*" >&2; }

# Prints the major version of the java binary given, or nothing.
lp_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

# Finds a JDK 25: $JAVA_HOME if it is one, then /usr/lib/jvm/*25*. Exports JAVA_HOME and JAVA.
lp_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(lp_java_major "$candidate/bin/java")" = "25" ]; then
      export JAVA_HOME="$candidate" JAVA="$candidate/bin/java"
      return 0
    fi
  done
  lp_die "no JDK 25 found: JAVA_HOME is '${JAVA_HOME:-unset}' and /usr/lib/jvm has none. Install one (e.g. Temurin 25 under /usr/lib/jvm) or point JAVA_HOME at it."
}

# The Debian packages each purpose needs. Installed only when missing; apt-get update runs once per call.
# TLS is OpenSSL 3 through FFM: libssl3 at run time, libssl-dev's headers for the constants LibSsl copies,
# and the openssl command, which makes the test and demo certificates.
LP_PKGS_BUILD="dpdk libdpdk-dev pkg-config gcc libc6-dev libssl3 libssl-dev openssl"
LP_PKGS_NET="iproute2 ethtool iputils-ping arping curl procps"
LP_PKGS_TEST="$LP_PKGS_NET socat netcat-openbsd wrk apache2-utils iptables nginx-light hping3 python3-scapy"
# What `appliance demo` runs (ip, bridge, ethtool, curl; taskset is util-linux, on every Debian; openssl makes
# the certificate its HTTPS serves) and the ping it suggests. DemoPackagesTest holds this list to the programs
# DemoCommand starts.
LP_PKGS_DEMO="iproute2 ethtool curl iputils-ping util-linux procps openssl"

lp_ensure_packages() {
  local missing="" p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null; then
    lp_die "missing Debian packages:$missing (run as root, or install them: apt-get install$missing)"
  fi
  local SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  lp_info "installing Debian packages:$missing"
  if [ -z "${LP_APT_UPDATED:-}" ]; then
    $SUDO apt-get update -qq >/dev/null || lp_die "apt-get update failed"
    export LP_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null \
    || lp_die "apt-get install failed for:$missing"
}

# Installs what a command of the program runs besides itself, before it starts.
lp_ensure_command_packages() {
  case "${1:-}" in
    demo) lp_ensure_packages $LP_PKGS_DEMO ;;
  esac
}

# The build output the launcher runs: the appliance's jar with its dependencies beside it.
LP_APP_JAR="$LIGHTPATH_HOME/appliance/target/lightpath-appliance.jar"
LP_SHIM="$LIGHTPATH_HOME/bindings/target/native/liblightpath_shim.so"

# JVM flags every run of the program uses: native access for FFM, where the shim is, and every JIT compiler thread
# started with the JVM rather than when its queue grows, so that the appliance moves them all off the workers'
# cores as it starts (engine.isolate_jvm_threads) instead of finding the late ones on its next pass.
lp_jvm_flags() {
  echo "--enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Dlightpath.shim=$LP_SHIM -Dlightpath.home=$LIGHTPATH_HOME -XX:-UseDynamicNumberOfCompilerThreads"
}

# The Vector API, for the HTTP parser's scans: an incubator module, so the JVM prints a warning on stderr at
# start. The commands that move traffic take it; those whose output is read (stat, check-config, --version,
# --help) do not need it, and their output stays clean.
lp_vector_flags() {
  case "${1:-}" in
    stat|check-config|devices|testbed|help|--version|-V|--help|-h|"") ;;
    *) echo "--add-modules jdk.incubator.vector" ;;
  esac
}
