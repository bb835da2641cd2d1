#!/usr/bin/env bash
# The evidence of docs/MODEL.md §13.6: runs scenarios/sweeps/behaviour.ini (15 policies x 20
# replications of the default year, about 50 s on two cores) and prints the comparison table
# (bench/behaviour_table.py, from analysis/compare.py's paired comparisons).
#   bench/behaviour.sh [FOLDER]   (default: a temporary folder, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build -j2 --target orgsim >/dev/null
if [[ $# -ge 1 ]]; then
  out="$1"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/orgsim-behaviour.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  out="$work/behaviour"
fi
build/orgsim sweep scenarios/sweeps/behaviour.ini -o "$out" --jobs "$(nproc)" --resume
/usr/bin/python3 bench/behaviour_table.py "$out"
