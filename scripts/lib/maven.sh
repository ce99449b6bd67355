# Sourced by the scripts: Maven in batch mode, quiet, without the colour resets (ESC[0m) that
# Maven 3.8's console library prints even with -B and -Dstyle.color=never ("[0m[0m" before
# `scripts/cluster up` printed anything: issue 15). Callers run with `set -o pipefail`, so a failed
# build still fails the script.
quiet_mvn() {
  mvn -B -ntp -q "$@" 2>&1 | sed -u $'s/\e\\[[0-9;]*m//g'
}
