#!/usr/bin/env bash
# How a sweep starts its runs: `--spawn exec` (each run executes orgsim again and loads its
# shared libraries, SimGrid's and ns-3's among them) against `--spawn fork` (each run is a fork
# of the sweep, which has them loaded already and has created no SimGrid engine). Prints the
# CPU seconds (user + system, the sweep and its runs) and wall seconds of each, medians of RUNS
# repetitions, for a sweep of small years (scenarios/sweeps/smoke.ini, where start-up weighs
# most) and of default years (bench/sweeps/two-policies.ini), --jobs 1; and checks that both
# give the same fingerprints.
#   bench/spawn.sh [RUNS]      (default 3)
NAME=spawn RUNS="${1:-3}" source "$(dirname "$0")/sweep_bench_setup.sh"

for sweep_file in scenarios/sweeps/smoke.ini bench/sweeps/two-policies.ini; do
  n_runs="$(run_count "$sweep_file")"
  for spawn in exec fork; do
    cpu="" wall=""
    for ((i = 1; i <= runs; i++)); do
      rm -rf "$work/$spawn"
      /usr/bin/time -o "$work/time" -f "%e %U %S" build/orgsim sweep "$sweep_file" \
        -o "$work/$spawn" --jobs 1 --spawn "$spawn" >/dev/null 2>&1
      read -r w u s <"$work/time"
      cpu+="$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')"$'\n'
      wall+="$w"$'\n'
    done
    printf '%-32s %-5s %4d runs: CPU %6.2f s (%5.1f ms a run), wall %6.2f s\n' "$sweep_file" \
      "$spawn" "$n_runs" "$(median <<<"$cpu")" \
      "$(awk -v c="$(median <<<"$cpu")" -v n="$n_runs" 'BEGIN {print 1000 * c / n}')" \
      "$(median <<<"$wall")"
  done
  for spawn in exec fork; do
    cat "$work/$spawn"/runs/*.json | grep '"fingerprint"' | sort >"$work/$spawn.fingerprints"
  done
  cmp -s "$work/exec.fingerprints" "$work/fork.fingerprints" &&
    echo "$sweep_file: the same fingerprints either way" ||
    { echo "$sweep_file: fingerprints differ between exec and fork" >&2; exit 1; }
done
