#!/usr/bin/env bash
# Last-level cache misses per order of one simulated year, in all and by function, from
# cachegrind with the last level simulated as this machine's 1 MiB L2 (issue 17: what grows
# per order with the district is misses on per-agent data that a small district keeps in L2).
# Unlike CPU time it does not drift with the machine's neighbours: the same binary and scale
# give the same counts, so a change of one or two misses per order shows.
#
#   bench/cache_misses.sh                      scale 20 (about 2 min), the top 25 functions
#   bench/cache_misses.sh --scale 4 --top 40
#   bench/cache_misses.sh --baseline OLD       also OLD (an orgsim binary), side by side
#
# Cachegrind does not model prefetching (hardware or software) nor the TLB: a change that
# prefetches shows no gain here; time it with per_order.sh --baseline. The __memset of the
# actors' stacks is left out (under valgrind the stacks are zeroed, not in a real run). Needs
# valgrind. Do not run two benchmarks at once on this 2-core machine.
set -euo pipefail

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }

scale=20
top=25
baseline=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) scale="${2:?--scale needs a number}"; shift ;;
    --top) top="${2:?--top needs a number}"; shift ;;
    --baseline) baseline="${2:?--baseline needs an orgsim binary}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "cache_misses.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ "$top" =~ ^[1-9][0-9]*$ ]] || { echo "cache_misses.sh: --top must be a positive integer" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "cache_misses.sh: needs valgrind (Debian package valgrind)" >&2; exit 1; }
if [[ -n "$baseline" && ! -x "$baseline" ]]; then
  echo "cache_misses.sh: --baseline $baseline is not an executable" >&2; exit 2
fi
if [[ -x /usr/bin/python3 ]]; then py=/usr/bin/python3; else py="$(command -v python3)"; fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake --build "$root/build" -j2 --target orgsim >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/orgsim-cache-misses.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$root/build/orgsim" "$work/new"
cases=(new)
if [[ -n "$baseline" ]]; then cp "$baseline" "$work/old"; cases=(old new); fi

for case in "${cases[@]}"; do
  "$work/$case" run --quiet --json --set district.scale="$scale" |
    "$py" -c 'import json, sys; print(json.load(sys.stdin)["orders"]["total"])' >"$work/$case.orders"
  echo "[cache_misses] $case: scale $scale, $(cat "$work/$case.orders") orders, under cachegrind" >&2
  # L1 sizes as this machine's (32 KiB, 8-way); the last level as its L2 (1 MiB per core).
  valgrind --tool=cachegrind --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 --LL=1048576,8,64 \
    --cachegrind-out-file="$work/$case.cg" "$work/$case" run --quiet --set district.scale="$scale" \
    >/dev/null 2>"$work/$case.err" || { cat "$work/$case.err" >&2; exit 1; }
done

"$py" - "$work" "$top" "${cases[@]}" <<'PY'
import collections
import sys

work, top, cases = sys.argv[1], int(sys.argv[2]), sys.argv[3:]


def misses_by_function(path):
    """LL data misses (reads + writes) per function of a cachegrind output file."""
    events, function = [], None
    by_function = collections.Counter()
    with open(path) as f:
        for line in f:
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith("fn="):
                function = line[3:].strip()
            elif line[:1].isdigit() and function is not None:
                counts = dict(zip(events, map(int, line.split()[1:])))
                by_function[function] += counts.get("DLmr", 0) + counts.get("DLmw", 0)
    return {f: n for f, n in by_function.items() if "memset" not in f}


per_order = {}
for case in cases:
    orders = int(open(f"{work}/{case}.orders").read())
    per_order[case] = {f: n / orders for f, n in misses_by_function(f"{work}/{case}.cg").items()}
print("LL misses per order (LL = 1 MiB, as this machine's L2; memset of the stacks left out)")
print("  ".join(f"{case}: {sum(per_order[case].values()):.2f}" for case in cases))
functions = set().union(*(per_order[c] for c in cases))
ranked = sorted(functions, key=lambda f: -max(per_order[c].get(f, 0.0) for c in cases))
print("".join(f"{case:>8}" for case in cases) + "  function")
for function in ranked[:top]:
    print("".join(f"{per_order[c].get(function, 0.0):8.3f}" for c in cases) + "  " + function[:100])
PY
