# Sourced by bench/sweep.sh and bench/spawn.sh (NAME set to the bench's name, RUNS its first
# argument): builds orgsim, makes a scratch folder $work removed on exit, sets $runs, and
# defines median (of the numbers on stdin) and run_count SWEEP_FILE (its runs, from --dry-run).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
cmake --build build -j2 --target orgsim >/dev/null
work="$(mktemp -d "${TMPDIR:-/tmp}/orgsim-$NAME-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
run_count() { build/orgsim sweep "$1" --dry-run | head -1 | sed 's/.*= \([0-9]*\) runs/\1/'; }
