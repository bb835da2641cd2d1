#!/usr/bin/env bash
# What writing the run file (-o) costs: the default year without -o, with -o, and with -o
# --compress, in interleaved rounds, as CPU (user + system of the process), with the process
# start-up (loading the shared libraries: the median CPU of `orgsim --help`) shown apart.
#
#   bench/run_file_cost.sh              11 rounds of the default year
#   bench/run_file_cost.sh --pairs 21 --set district.scale=4
#
# Prints the medians, the files' sizes and the ratios to the run without -o, whole process and
# with the start-up taken out. Do not run two benchmarks at once on this 2-core machine.
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

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake --build "$root/build" -j2 --target orgsim >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/orgsim-run-file-cost.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$root/build/orgsim" "$work/orgsim"

# Timed in Python with wait4(): the child's rusage to the microsecond (GNU time rounds to 10 ms,
# a tenth of the default year).
/usr/bin/python3 - "$work" "$pairs" "${sets[@]}" <<'PY'
import os, statistics, sys
work, pairs, sets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
orgsim = f"{work}/orgsim"
run = [orgsim, "run", "--quiet", "--json", *sets]
cases = {  # name: command; run in this order in every round
    "start-up (--help)": [orgsim, "--help"],
    "run without -o": run,
    "run with -o": run + ["-o", f"{work}/plain.h5", "--force"],
    "run with -o --compress": run + ["-o", f"{work}/compressed.h5", "--force", "--compress"],
}

def cpu(argv):
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execv(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    if status != 0:
        sys.exit(f"run_file_cost.sh: {' '.join(argv)} failed (status {status})")
    return usage.ru_utime + usage.ru_stime

seconds = {name: [] for name in cases}
for i in range(pairs):
    for name, argv in cases.items():
        seconds[name].append(cpu(argv))
    load = open("/proc/loadavg").read().split()[0]
    print(f"[run_file_cost] round {i + 1} of {pairs} (load {load})", file=sys.stderr)

median = {name: statistics.median(v) for name, v in seconds.items()}
start, without = median["start-up (--help)"], median["run without -o"]
print(f"{pairs} interleaved rounds, medians of CPU (user + system)")
print(f"{'start-up (--help)':24s} {start:.3f} s")
print(f"{'run without -o':24s} {without:.3f} s   ({without - start:.3f} s after start-up)")
for name, file in (("run with -o", "plain.h5"), ("run with -o --compress", "compressed.h5")):
    t = median[name]
    mb = os.path.getsize(f"{work}/{file}") / 1e6
    # Also the median of each round's own ratio: the rounds' pairs share the machine's state of
    # the moment, which drifts over minutes by more than -o costs.
    paired = statistics.median(w / o for w, o in zip(seconds[name], seconds["run without -o"]))
    print(f"{name:24s} {t:.3f} s   ({t - start:.3f} s after start-up), file {mb:.2f} MB: "
          f"{t / without:.2f}x whole process, {(t - start) / (without - start):.2f}x after "
          f"start-up; per round {paired:.2f}x whole process")
PY
