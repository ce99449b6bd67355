# Sourced by .ci/run, scripts/test and scripts/demo: installs what is missing from Debian's
# packages, so that the quick start's two commands work on a fresh Debian machine (issue 14).
# As root it installs; otherwise through sudo when there is one; else it names the packages and
# exits 2. Nothing is installed when everything is present.

apt_install() {
  [ $# -gt 0 ] || return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
      echo "missing: $*; install them (apt-get install $*) or run as root" >&2; exit 2
    fi
  fi
  echo "installing: $*"
  $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@"
}

# A JDK 17+ and Maven: all the build and scripts/demo need.
need_build_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  apt_install "${missing[@]}"
}

# What the tests use besides the build tools.
need_test_tools() {
  local missing=()
  # The chaos and drill tests pause, resume and kill their processes with kill(1).
  [ -x /usr/bin/kill ] || [ -x /bin/kill ] || missing+=(procps)
  # The web view test drives Debian's headless Chromium (issue 15).
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # Namespace hosts (scripts/hosts, HostsIT) need ip and ss (issue 14).
  command -v ip >/dev/null 2>&1 && command -v ss >/dev/null 2>&1 || missing+=(iproute2)
  # The IP nemesis filters packets between those hosts with nftables (issue 17).
  command -v nft >/dev/null 2>&1 || missing+=(nftables)
  # Clock faults preload Debian's libfaketime into single processes (issue 33).
  compgen -G '/usr/lib/*/faketime/libfaketime.so.1' >/dev/null || missing+=(libfaketime)
  apt_install "${missing[@]}"
  # promtool (and prometheus) from Debian's prometheus package, for the alert rule tests (issue 15).
  # Only the two static binaries are taken: installing the package would also set up a service.
  if ! command -v promtool >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "installing: promtool, prometheus (binaries of Debian's prometheus package)"
    local work; work=$(mktemp -d)
    (cd "$work" && { apt-get download prometheus || { $sudo apt-get update -q && apt-get download prometheus; }; } \
      && dpkg-deb -x prometheus_*.deb x && $sudo install -m 0755 x/usr/bin/promtool x/usr/bin/prometheus /usr/local/bin/)
    rm -rf "$work"
  fi
}
