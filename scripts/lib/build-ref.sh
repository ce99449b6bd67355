# Sourced by the scripts (after scripts/lib/maven.sh), from the repository's root: a build of
# another commit, for baselines measured in the same run (scripts/bench scale --baseline REF).
#   build_ref REF   prints the directory of REF's build: a git worktree at run/builds/<sha>, built
#                   once with `mvn package` (no install: the local repository keeps this build's
#                   jars) and reused while run/builds/<sha>/.built exists.
build_ref() {
  local ref=$1 sha dir
  sha=$(git rev-parse --verify --quiet "$ref^{commit}") || { echo "build_ref: no commit '$ref' in this repository" >&2; return 2; }
  dir="$PWD/run/builds/$sha"
  if [ ! -f "$dir/.built" ]; then
    echo "building $ref ($sha) in $dir (once; later runs reuse it)" >&2
    rm -rf "$dir"
    git worktree prune
    git worktree add --detach --quiet "$dir" "$sha"
    (cd "$dir" && quiet_mvn -DskipTests package) >&2
    # A class path into the local repository's hacp jars would run this build's code, not REF's.
    if grep -q "/org/hacp/" "$dir/cluster/target/classpath.txt"; then
      echo "build_ref: $ref's class path points at installed hacp jars; refusing a baseline that is not $ref" >&2
      return 1
    fi
    touch "$dir/.built"
  fi
  echo "$dir"
}
