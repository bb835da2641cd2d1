#!/usr/bin/env bash
# Where the cost per order grows from a small district to a large one: `perf record` of orgsim
# at two scales, each function's samples turned into µs of CPU per order, and the functions
# sorted by how much they grow (issue 17: the growth from scale 4 to scale 80 is what the
# target limits).
#
#   bench/profile_growth.sh                          scales 4 and 80, the top 25 functions
#   bench/profile_growth.sh --small 1 --large 40 --top 40
#
# The small scale is run several times (as many as give about as many orders as the large one,
# at most 20), half before the large year and half after it, so that both profiles hold enough
# samples and a drift of the machine's speed weighs on both. Needs perf (Debian package
# linux-perf) and permission to use it (perf_event_paranoid <= 2, or root). Takes about a
# minute at the default scales. Do not run two benchmarks at once on this 2-core machine.
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

small=4
large=80
top=25
while [[ $# -gt 0 ]]; do
  case "$1" in
    --small) small="${2:?--small needs a scale}"; shift ;;
    --large) large="${2:?--large needs a scale}"; shift ;;
    --top) top="${2:?--top needs a number}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "profile_growth.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ "$top" =~ ^[1-9][0-9]*$ ]] || { echo "profile_growth.sh: --top must be a positive integer" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile_growth.sh: needs perf (Debian package linux-perf)" >&2; exit 1; }
if [[ -x /usr/bin/python3 ]]; then py=/usr/bin/python3; else py="$(command -v python3)"; fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake --build "$root/build" -j2 --target orgsim >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/orgsim-profile-growth.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$root/build/orgsim" "$work/orgsim"

orders_at() { # the orders of one year at scale $1 (its JSON summary)
  "$work/orgsim" run --quiet --json --set district.scale="$1" |
    "$py" -c 'import json, sys; print(json.load(sys.stdin)["orders"]["total"])'
}
small_orders="$(orders_at "$small")"
large_orders="$(orders_at "$large")"
repeats="$("$py" -c "print(max(1, min(20, round($large_orders / $small_orders))))")"
echo "[profile_growth] scale $small: $repeats runs of $small_orders orders; scale $large: 1 run of $large_orders orders" >&2

rate=2000  # samples per second of CPU
# The small runs go half before and half after the large one, so that a stretch of the machine
# running faster or slower (it drifts by up to a third over minutes) weighs on both scales.
small_runs() { # small_runs FILE COUNT
  perf record -q -F "$rate" -o "$1" -- bash -c "
    for ((i = 0; i < $2; i++)); do '$work/orgsim' run --quiet --set district.scale=$small >/dev/null; done" \
    >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
}
small_runs "$work/small-before.data" $(((repeats + 1) / 2))
perf record -q -F "$rate" -o "$work/large.data" -- \
  "$work/orgsim" run --quiet --set district.scale="$large" >/dev/null 2>"$work/err" ||
  { cat "$work/err" >&2; exit 1; }
small_parts="small-before"
if ((repeats / 2 > 0)); then
  small_runs "$work/small-after.data" $((repeats / 2))
  small_parts="small-before small-after"
fi

for case in $small_parts large; do
  perf report -i "$work/$case.data" --comm orgsim --sort sym -n --percent-limit 0.02 \
    --stdio 2>/dev/null >"$work/$case.txt"
done
cat "$work"/small-*.txt >"$work/small.txt"

"$py" - "$work" "$rate" "$small" "$large" "$((repeats * small_orders))" "$large_orders" "$top" <<'PY'
import re, sys
work, rate, small, large, small_orders, large_orders, top = sys.argv[1:]
rate, small_orders, large_orders, top = float(rate), int(small_orders), int(large_orders), int(top)

def per_order(case, orders):
    """µs of CPU per order by function: samples / rate / orders."""
    costs = {}
    for line in open(f"{work}/{case}.txt", encoding="utf-8", errors="replace"):
        m = re.match(r"\s+[\d.]+%\s+(\d+)\s+\[.\]\s+(.*\S)", line)
        if m:
            name = m.group(2)[:100]
            costs[name] = costs.get(name, 0.0) + int(m.group(1)) / rate / orders * 1e6
    return costs

a, b = per_order("small", small_orders), per_order("large", large_orders)
total_a, total_b = sum(a.values()), sum(b.values())
print(f"CPU per order from the profiles: scale {small} {total_a:.2f} µs, scale {large} "
      f"{total_b:.2f} µs ({total_b / total_a:.2f}x; the small scale's includes its start-up)")
print(f"{'scale ' + small:>10} {'scale ' + large:>10} {'growth':>8}  function (µs per order)")
for name in sorted(set(a) | set(b), key=lambda n: a.get(n, 0.0) - b.get(n, 0.0))[:top]:
    print(f"{a.get(name, 0.0):10.3f} {b.get(name, 0.0):10.3f} {b.get(name, 0.0) - a.get(name, 0.0):+8.3f}  {name}")
PY
