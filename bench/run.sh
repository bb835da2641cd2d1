#!/usr/bin/env bash
# Median wall time, order throughput and peak memory of orgsim and of the bare SimGrid order
# loop (bench/bare_loop.cpp). See bench/README.md for what each case measures.
#
#   bench/run.sh            5 runs per small case, 3 for the province-size cases (~6 min)
#   bench/run.sh --quick    1 run per case (~2 min)
#   bench/run.sh --runs 7 --runs-large 5
#
# The table goes to stdout, progress lines to stderr. Exits non-zero if a build or a run fails.
# Do not run two benchmarks at once on this 2-core machine: they slow each other down.
set -euo pipefail

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
}

runs_small=5
runs_large=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) runs_small=1; runs_large=1 ;;
    --runs) runs_small="${2:?--runs needs a number}"; shift ;;
    --runs-large) runs_large="${2:?--runs-large needs a number}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
for n in "$runs_small" "$runs_large"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: run counts must be positive integers" >&2; exit 2; }
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build"
log() { echo "[bench] $*" >&2; }

# Debian's python3 (a pyenv shim may shadow it on PATH).
if [[ -x /usr/bin/python3 ]]; then py=/usr/bin/python3; else py="$(command -v python3)"; fi
[[ -n "$py" ]] || { echo "run.sh: python3 is required" >&2; exit 1; }

# GNU time for the peak resident set size.
if [[ ! -x /usr/bin/time ]]; then
  if [[ "$(id -u)" -eq 0 ]]; then
    log "installing the Debian package 'time' for /usr/bin/time"
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y time >&2
  else
    echo "run.sh: /usr/bin/time is missing; install the Debian package 'time' (as root)" >&2
    exit 1
  fi
fi

# Build. bench_bare_loop is EXCLUDE_FROM_ALL; configure first if the build tree predates it.
targets=""
[[ -f "$build/CMakeCache.txt" ]] && targets="$(cmake --build "$build" --target help 2>/dev/null || true)"
if [[ "$targets" != *bench_bare_loop* ]]; then
  log "configuring $build"
  cmake -S "$root" -B "$build" >&2
fi
log "building orgsim and bench_bare_loop"
cmake --build "$build" -j2 --target orgsim bench_bare_loop >&2

# Time private copies: other people rebuilding build/orgsim mid-run must not change what is timed.
work="$(mktemp -d "${TMPDIR:-/tmp}/orgsim-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$build/orgsim" "$build/bench_bare_loop" "$work/"
orgsim="$work/orgsim"
bare="$work/bench_bare_loop"
results="$work/results.tsv"   # case, run, process wall s, in-process wall s, orders, max RSS KiB
: >"$results"

# run_case NAME RUNS COMMAND... : runs COMMAND (which prints one JSON object) RUNS times.
run_case() {
  local name="$1" runs="$2"
  shift 2
  local i
  for ((i = 1; i <= runs; i++)); do
    local t0 t1 rc=0
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >"$work/out.json" 2>"$work/err" || rc=$?
    t1=$EPOCHREALTIME
    if [[ $rc -ne 0 ]]; then
      echo "run.sh: case '$name' failed (exit $rc): $*" >&2
      cat "$work/err" >&2
      exit 1
    fi
    local line
    line="$("$py" - "$work/out.json" "$work/rss" "$t0" "$t1" "$name" "$i" <<'PY'
import json, sys
out, rss, t0, t1, name, run = sys.argv[1:]
d = json.load(open(out))
orders = d["orders"]["total"] if isinstance(d.get("orders"), dict) else d["orders"]
rss_kib = int(open(rss).read().split()[-1])
print(f"{name}\t{run}\t{float(t1) - float(t0):.4f}\t{d['wall_seconds']:.4f}\t{orders}\t{rss_kib}")
PY
)"
    echo "$line" >>"$results"
    IFS=$'\t' read -r _ _ wall inproc orders rss <<<"$line"
    log "$(printf '%-26s run %d/%d: %8.2f s wall (%.2f s in process), %9d orders, %6d MiB, load %s' \
      "$name" "$i" "$runs" "$wall" "$inproc" "$orders" "$((rss / 1024))" "$(cut -d' ' -f1 /proc/loadavg)")"
  done
}

# median_of CASE COLUMN : the median of one column (3=process wall, 5=orders) over a case's runs.
median_of() {
  "$py" - "$results" "$1" "$2" <<'PY'
import statistics, sys
path, name, col = sys.argv[1], sys.argv[2], int(sys.argv[3]) - 1
vals = [float(l.split("\t")[col]) for l in open(path) if l.split("\t")[0] == name]
print(statistics.median(vals))
PY
}

revision="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git -C "$root" diff --quiet HEAD 2>/dev/null; then revision+=" + uncommitted changes"; fi
log "$(date -u '+%Y-%m-%d %H:%M UTC'), orgsim at $revision, $(nproc) CPUs"
log "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $runs_small runs per small case, $runs_large per province-size case"
started=$EPOCHREALTIME

run_case "orgsim default" "$runs_small" "$orgsim" run --quiet --json
run_case "orgsim scale=10" "$runs_small" "$orgsim" run --quiet --json --set district.scale=10
run_case "orgsim scale=80" "$runs_large" "$orgsim" run --quiet --json --set district.scale=80
# The run file (-o): its cost on the default year, and its memory on the province year.
run_case "orgsim default -o" "$runs_small" "$orgsim" run --quiet --json -o "$work/default.h5" --force
run_case "orgsim scale=80 -o" "$runs_large" "$orgsim" run --quiet --json --set district.scale=80 \
  -o "$work/province.h5" --force

# The bare loop at orgsim's order counts: SIMGRID.md's geometry (district: 250 sources, 60 orgs;
# province: 20,000 sources, 4,800 orgs), with the per-source rate chosen so that the expected
# number of orders equals orgsim's (default and scale 80 respectively).
district_orders="$(median_of "orgsim default" 5)"
province_orders="$(median_of "orgsim scale=80" 5)"
district_rate="$("$py" -c "print(f'{$district_orders / 250:.6g}')")"
province_rate="$("$py" -c "print(f'{$province_orders / 20000:.6g}')")"
log "bare loop rates: district $district_rate, province $province_rate orders/source/year"

district=(--sources 250 --orgs 60 --orders-per-source-year "$district_rate" --json)
province=(--sources 20000 --orgs 4800 --orders-per-source-year "$province_rate" --json)
run_case "bare timers, district" "$runs_small" "$bare" --variant timers "${district[@]}"
run_case "bare actors, district" "$runs_small" "$bare" --variant actors "${district[@]}"
run_case "bare timers, province" "$runs_large" "$bare" --variant timers "${province[@]}"
run_case "bare actors, province" "$runs_large" "$bare" --variant actors "${province[@]}"
# SIMGRID.md's own parameters (44k and 3.5M orders), to compare with its floor table.
run_case "bare timers, SIMGRID.md 44k" "$runs_small" "$bare" --variant timers \
  --sources 250 --orgs 60 --orders-per-source-year 176 --json
run_case "bare timers, SIMGRID.md 3.5M" "$runs_large" "$bare" --variant timers \
  --sources 20000 --orgs 4800 --orders-per-source-year 175 --json

log "done in $("$py" -c "print(f'{$EPOCHREALTIME - $started:.0f}')") s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$py" - "$results" <<'PY'
import statistics, sys
from collections import OrderedDict

cases = OrderedDict()
for line in open(sys.argv[1]):
    name, run, wall, inproc, orders, rss = line.rstrip("\n").split("\t")
    cases.setdefault(name, []).append((float(wall), float(inproc), int(orders), int(rss)))

med = {}
for name, rows in cases.items():
    wall = statistics.median(r[0] for r in rows)
    med[name] = dict(
        runs=len(rows), wall=wall, wall_min=min(r[0] for r in rows), wall_max=max(r[0] for r in rows),
        inproc=statistics.median(r[1] for r in rows), orders=statistics.median(r[2] for r in rows),
        rate=statistics.median(r[2] / r[0] for r in rows),
        rss_mib=statistics.median(r[3] for r in rows) / 1024.0)

print()
print("Medians (wall = whole process; in-process = the program's own wall_seconds)")
hdr = f"{'case':<30} {'runs':>4} {'wall s':>8} {'(min-max)':>15} {'in-proc s':>9} {'orders':>10} {'orders/s':>10} {'peak MiB':>9}"
print(hdr)
print("-" * len(hdr))
for name, m in med.items():
    rng = f"({m['wall_min']:.2f}-{m['wall_max']:.2f})"
    print(f"{name:<30} {m['runs']:>4} {m['wall']:>8.2f} {rng:>15} {m['inproc']:>9.3f} "
          f"{m['orders']:>10,.0f} {m['rate']:>10,.0f} {m['rss_mib']:>9.0f}")

def ratio(a, b, label):
    A, B = med[a], med[b]
    per_order = (A["wall"] / A["orders"]) / (B["wall"] / B["orders"])
    print(f"  {label:<44} {A['wall'] / B['wall']:6.1f}x wall, {A['inproc'] / B['inproc']:6.1f}x in-process, "
          f"{per_order:6.1f}x per order (orders {A['orders']:,.0f} vs {B['orders']:,.0f})")

print()
print("Ratios (medians)")
ratio("orgsim default", "bare timers, district", "orgsim default / bare timers, district")
ratio("orgsim default", "bare actors, district", "orgsim default / bare actors, district")
ratio("orgsim scale=80", "bare timers, province", "orgsim scale=80 / bare timers, province")
ratio("orgsim scale=80", "bare actors, province", "orgsim scale=80 / bare actors, province")
ratio("orgsim scale=10", "orgsim default", "orgsim scale=10 / orgsim default")
ratio("orgsim scale=80", "orgsim scale=10", "orgsim scale=80 / orgsim scale=10")
ratio("orgsim default -o", "orgsim default", "orgsim default -o / without -o (target 1.3x)")
ratio("orgsim scale=80 -o", "orgsim scale=80", "orgsim scale=80 -o / without -o")

print()
print("Targets (orgsim scale=80, medians)")
s80 = med["orgsim scale=80"]
gib = s80["rss_mib"] / 1024.0
print(f"  wall        {s80['wall']:7.1f} s   vs 60 s target:  {100 * s80['wall'] / 60:5.0f}%  "
      f"{'met' if s80['wall'] <= 60 else 'MISSED'}")
print(f"  peak memory {gib:7.2f} GiB vs 2 GiB target: {100 * gib / 2:5.0f}%  "
      f"{'met' if gib <= 2 else 'MISSED'}")
PY
