#!/usr/bin/env bash
# What writing the run file (-o) costs: the default year with and without -o, in interleaved
# pairs, as CPU (user + system, GNU time), with the process start-up (loading the shared
# libraries: the median CPU of `orgsim --help`) shown apart and taken out of both.
#
#   bench/run_file_cost.sh              11 pairs of the default year
#   bench/run_file_cost.sh --pairs 21 --set district.scale=4
#
# Prints the medians and the ratio with -o / without, whole-process and with the start-up
# taken out. Do not run two benchmarks at once on this 2-core machine.
set -euo pipefail

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

pairs=11
sets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pairs) pairs="${2:?--pairs needs a number}"; shift ;;
    --set) sets+=(--set "${2:?--set needs KEY=VALUE}"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run_file_cost.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ "$pairs" =~ ^[1-9][0-9]*$ ]] || { echo "run_file_cost.sh: --pairs must be a positive integer" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run_file_cost.sh: needs GNU time (Debian package 'time')" >&2; exit 1; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake --build "$root/build" -j2 --target orgsim >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/orgsim-run-file-cost.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$root/build/orgsim" "$work/orgsim"

cpu() { # cpu COMMAND... : prints user + system CPU seconds of one run
  /usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
    echo "run_file_cost.sh: '$*' failed" >&2; cat "$work/err" >&2; exit 1; }
  awk '{print $1 + $2}' "$work/time"
}

: >"$work/start"; : >"$work/without"; : >"$work/with"
for ((i = 1; i <= pairs; i++)); do
  cpu "$work/orgsim" --help >>"$work/start"
  cpu "$work/orgsim" run --quiet --json "${sets[@]}" >>"$work/without"
  cpu "$work/orgsim" run --quiet --json "${sets[@]}" -o "$work/run.h5" --force >>"$work/with"
  echo "[run_file_cost] pair $i of $pairs (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done

/usr/bin/python3 - "$work" "$pairs" <<'PY'
import statistics, sys
work, pairs = sys.argv[1], int(sys.argv[2])
read = lambda name: [float(x) for x in open(f"{work}/{name}")]
start, without, with_o = (statistics.median(read(n)) for n in ("start", "without", "with"))
print(f"{pairs} interleaved pairs, medians of CPU (user + system)")
print(f"start-up (--help)        {start:.3f} s")
print(f"run without -o           {without:.3f} s   ({without - start:.3f} s after start-up)")
print(f"run with -o              {with_o:.3f} s   ({with_o - start:.3f} s after start-up)")
print(f"with / without: {with_o / without:.2f}x whole process, "
      f"{(with_o - start) / (without - start):.2f}x after start-up")
PY
