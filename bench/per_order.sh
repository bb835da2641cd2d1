#!/usr/bin/env bash
# CPU per order of one simulated year at scales 1, 10, 40 and 80, and its ratio to the bare
# SimGrid timer loop (bench/bare_loop.cpp, --variant timers) with the same number of sources
# (250 per scale unit), organizations (60 per scale unit) and expected orders; beside it the
# same bare loop on orgsim's own clock and timer queue (--variant queue), and how much each
# grows per order from the first scale to the last.
#
#   bench/per_order.sh                 3 rounds, scales 1 10 40 80 (about 5 min)
#   bench/per_order.sh --skip-80       scales 1 10 40 (scale 80: about 8 s of CPU a run)
#   bench/per_order.sh --runs 5 --scales "1 4 80"
#   bench/per_order.sh --baseline OLD_ORGSIM   also times another orgsim binary, run by run
#                                              interleaved, and prints new/old per order
#
# CPU is user + system seconds of the whole process (wait4), minus the process start-up
# (loading the shared libraries: `--help` of the same binary, median of the runs), so that
# small and large years compare per order. This machine's speed changes by up to a third for
# seconds to minutes at a time, so in each round every case (orgsim, the baseline, each bare
# loop) runs its scales up and back down around the largest: a smaller scale runs several
# times (largest scale / scale, at most 20), half on the way up and half on the way down, so
# that its runs span about as long as the largest year's and sit on both sides of it in time.
# The table holds medians over the rounds (a round's value: the mean of its runs); the growth
# from the first scale to the last is the median of the rounds' own ratios, with the interval
# the rounds give it (95% from 6 rounds up; 5 rounds give 94%, 3 give 75%). Table to stdout,
# progress to stderr. Do not run two benchmarks at once on this 2-core machine.
set -euo pipefail

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }

runs=3
scales="1 10 40 80"
baseline=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift ;;
    --scales) scales="${2:?--scales needs a list}"; shift ;;
    --skip-80) scales="${scales//80/}" ;;
    --baseline) baseline="${2:?--baseline needs an orgsim binary}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "per_order.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "per_order.sh: --runs must be a positive integer" >&2; exit 2; }
if [[ -x /usr/bin/python3 ]]; then py=/usr/bin/python3; else py="$(command -v python3)"; fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build"
log() { echo "[per_order] $*" >&2; }

targets=""
[[ -f "$build/CMakeCache.txt" ]] && targets="$(cmake --build "$build" --target help 2>/dev/null || true)"
[[ "$targets" == *bench_bare_loop* ]] || cmake -S "$root" -B "$build" >&2
cmake --build "$build" -j2 --target orgsim bench_bare_loop >&2

# Time private copies: someone rebuilding build/ mid-run must not change what is timed.
work="$(mktemp -d "${TMPDIR:-/tmp}/orgsim-per-order.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$build/orgsim" "$build/bench_bare_loop" "$work/"
if [[ -n "$baseline" ]]; then
  [[ -x "$baseline" ]] || { echo "per_order.sh: --baseline $baseline is not an executable" >&2; exit 2; }
  cp "$baseline" "$work/baseline"
fi
results="$work/results.tsv" # case, scale, cpu s (mean of a run), orders, max RSS KiB, round, runs
round=0
: >"$results"

# one CASE SCALE REPEATS COMMAND... : runs COMMAND REPEATS times back to back, appends the
# mean CPU s of a run, orders (0 if no JSON), the largest RSS, the round and REPEATS. The
# child's rusage comes from wait4(), to the microsecond (GNU time rounds to 10 ms: 3% of a
# scale-4 year).
one() {
  local name="$1" scale="$2" repeats="$3"
  shift 3
  "$py" - "$work/out" "$name" "$scale" "$repeats" "$round" "$@" >>"$results" <<'PY' || {
import json, os, sys
out, name, scale, repeats, rnd = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
argv = sys.argv[6:]
cpu, rss = 0.0, 0
for _ in range(repeats):
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        os.execv(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    if status != 0:
        sys.exit(f"per_order.sh: {' '.join(argv)} failed (status {status})")
    cpu += usage.ru_utime + usage.ru_stime
    rss = max(rss, usage.ru_maxrss)
try:
    d = json.load(open(out))
    o = d["orders"]["total"] if isinstance(d.get("orders"), dict) else d["orders"]
except ValueError:
    o = 0
print(f"{name}\t{scale}\t{cpu / repeats:.6f}\t{o}\t{rss}\t{rnd}\t{repeats}")
PY
    exit 1; }
  log "$(tail -1 "$results" | tr '\t' ' ')  (load $(cut -d' ' -f1 /proc/loadavg))"
}

# by_round CASE SCALE COLUMN: each round's value of COLUMN (its runs' mean), one per line.
by_round() {
  "$py" - "$results" "$1" "$2" "$3" <<'PY'
import sys
from collections import defaultdict
path, case, scale, column = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rounds = defaultdict(list)
for line in open(path):
    f = line.rstrip("\n").split("\t")
    if f[:2] == [case, scale]:
        rounds[f[5]].append((float(f[column - 1]), int(f[6])))
for runs in rounds.values():
    print(sum(v * k for v, k in runs) / sum(k for _, k in runs))
PY
}
med() { # med CASE SCALE COLUMN: the median over the rounds
  by_round "$1" "$2" "$3" | "$py" -c "import statistics,sys; print(statistics.median(float(l) for l in sys.stdin))"
}

log "$(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$root" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 1; round <= runs; round++)); do
  one start-orgsim 0 5 "$work/orgsim" --help
  one start-bare 0 5 "$work/bench_bare_loop" --help
  [[ -z "$baseline" ]] || one start-baseline 0 5 "$work/baseline" --help
done
read -r -a scale_list <<<"$(printf '%s\n' $scales | sort -g | tr '\n' ' ')"
scales="${scale_list[*]}"
largest="${scale_list[${#scale_list[@]}-1]}"
declare -A repeats # scale -> how many back-to-back runs of it make one round's case
for s in "${scale_list[@]}"; do
  repeats[$s]="$("$py" -c "print(max(1, min(20, int($largest / $s))))")"
done
# run_case CASE SCALE RUNS: RUNS back-to-back runs of CASE at SCALE.
run_case() {
  local name="$1" s="$2" k="$3" orders rate
  case "$name" in
    orgsim | baseline)
      one "$name" "$s" "$k" "$work/$name" run --quiet --json --set district.scale="$s" ;;
    bare | queue)
      orders="$(med orgsim "$s" 4)"
      rate="$("$py" -c "print(f'{$orders / (250 * $s):.6g}')")"
      one "$name" "$s" "$k" "$work/bench_bare_loop" --variant "$([[ $name == bare ]] && echo timers || echo queue)" \
        --sources $((250 * s)) --orgs $((60 * s)) --orders-per-source-year "$rate" --json ;;
  esac
}
# around_largest CASES: the scales up to the largest and back down, each smaller scale's runs
# split between the two ways, so that they sit on both sides of the largest year in time; at
# each step every case of CASES in turn, so that they compare at the same scale run by run.
around_largest() {
  local n=${#scale_list[@]} j k name
  for ((j = 0; j < n - 1; j++)); do
    k="${repeats[${scale_list[j]}]}"
    for name in $1; do run_case "$name" "${scale_list[j]}" $(((k + 1) / 2)); done
  done
  for name in $1; do run_case "$name" "$largest" "${repeats[$largest]}"; done
  for ((j = n - 2; j >= 0; j--)); do
    k="${repeats[${scale_list[j]}]}"
    if ((k / 2 > 0)); then
      for name in $1; do run_case "$name" "${scale_list[j]}" $((k / 2)); done
    fi
  done
}
for ((round = 1; round <= runs; round++)); do
  around_largest "orgsim ${baseline:+baseline}"
  around_largest "bare queue"
done

so="$(med start-orgsim 0 3)"
sb="$(med start-bare 0 3)"
printf 'start-up CPU (--help): orgsim %.3f s, bare loop %.3f s; %d rounds, medians; runs averaged in a round:' "$so" "$sb" "$runs"
for s in $scales; do printf ' scale %s x%s' "$s" "${repeats[$s]}"; done
printf '\n'
printf '%-6s %10s %9s %9s %12s %12s %7s %9s %13s\n' scale orders "CPU s" "bare s" "µs/order" "bare µs/ord" ratio "peak MiB" "queue µs/ord"
per_order() { # per_order CASE SCALE START-UP: µs of CPU per order, start-up taken out
  "$py" -c "print(($(med "$1" "$2" 3) - $3) / $(med "$1" "$2" 4) * 1e6)"
}
for s in $scales; do
  o="$(med orgsim "$s" 4)"; c="$(med orgsim "$s" 3)"; m="$(med orgsim "$s" 5)"
  bc="$(med bare "$s" 3)"
  u="$(per_order orgsim "$s" "$so")"; b="$(per_order bare "$s" "$sb")"; q="$(per_order queue "$s" "$sb")"
  "$py" -c "
o,c,m,bc,u,b,q=$o,$c,$m,$bc,$u,$b,$q
print(f'{$s:<6} {int(o):>10,} {c:>9.2f} {bc:>9.2f} {u:>12.2f} {b:>12.2f} {u/b:>6.1f}x {m/1024:>9.0f} {q:>13.2f}')"
done
# growth CASE START-UP: the median over the rounds of (µs per order at the last scale) / (at
# the first), each round's from its own runs; the interval that holds the true median with 95%
# probability (or, with fewer than six rounds, the widest one there is: the rounds' range), from
# the order statistics of the rounds' ratios, which assumes only that rounds are independent;
# and the rounds' ratios.
growth() {
  local first="${scale_list[0]}" o_first o_last
  o_first="$(med "$1" "$first" 4)"; o_last="$(med "$1" "$largest" 4)"
  paste <(by_round "$1" "$first" 3) <(by_round "$1" "$largest" 3) | "$py" -c "
import math, statistics, sys
r = [((float(b) - $2) / $o_last) / ((float(a) - $2) / $o_first) for a, b in (l.split() for l in sys.stdin)]
s, n = sorted(r), len(r)
def coverage(k):  # P(s[k-1] <= median <= s[n-k]) for the k-th smallest and k-th largest
    return 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2**n
k = 1
while k + 1 <= (n + 1) // 2 and coverage(k + 1) >= 0.95:
    k += 1
print(f'{statistics.median(r):.2f}x ({coverage(k):.0%} interval {s[k - 1]:.2f}-{s[n - k]:.2f}; rounds: '
      + ' '.join(f'{x:.2f}' for x in r) + ')')"
}
if [[ ${#scale_list[@]} -gt 1 ]]; then
  printf 'per order, scale %s against scale %s, median of the rounds: orgsim %s, bare loop %s, queue loop %s\n' \
    "$largest" "${scale_list[0]}" "$(growth orgsim "$so")" "$(growth bare "$sb")" "$(growth queue "$sb")"
  [[ -z "$baseline" ]] || printf '  the baseline: %s\n' "$(growth baseline "$(med start-baseline 0 3)")"
fi
if [[ -n "$baseline" ]]; then
  sl="$(med start-baseline 0 3)"
  printf '\nagainst the baseline %s (start-up %.3f s), interleaved run by run\n' "$baseline" "$sl"
  printf '%-6s %14s %14s %9s %12s %12s\n' scale "base µs/order" "this µs/order" ratio "base MiB" "this MiB"
  for s in $scales; do
    o="$(med orgsim "$s" 4)"; c="$(med orgsim "$s" 3)"; m="$(med orgsim "$s" 5)"
    lo="$(med baseline "$s" 4)"; lc="$(med baseline "$s" 3)"; lm="$(med baseline "$s" 5)"
    "$py" -c "
o,c,m,lo,lc,lm,so,sl=$o,$c,$m,$lo,$lc,$lm,$so,$sl
u=(c-so)/o*1e6; b=(lc-sl)/lo*1e6
print(f'{$s:<6} {b:>14.2f} {u:>14.2f} {u/b:>8.2f}x {lm/1024:>12.0f} {m/1024:>12.0f}')"
  done
fi
