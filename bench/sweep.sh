#!/usr/bin/env bash
# Times `orgsim sweep` on bench/sweeps/two-policies.ini (2 policies x 20 replications of the
# default year): runs per minute with --jobs 1 and --jobs 2, the parallel efficiency of 2 jobs
# (target: at least 0.85 on two cores), and the sweep machinery's overhead per run against the
# same number of bare `orgsim run -o` calls one after another. Medians of RUNS repetitions.
#   bench/sweep.sh [RUNS]      (default 3)
NAME=sweep RUNS="${1:-3}" source "$(dirname "$0")/sweep_bench_setup.sh"
sweep_file="bench/sweeps/two-policies.ini"
n_runs="$(run_count "$sweep_file")"

seconds() {  # seconds COMMAND... : wall time of one command
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  awk -v a="$EPOCHREALTIME" -v b="$start" 'BEGIN {print a - b}'
}

declare -A times
for jobs in 1 2; do
  for ((i = 1; i <= runs; i++)); do
    rm -rf "$work/out"
    t="$(seconds build/orgsim sweep "$sweep_file" -o "$work/out" --jobs "$jobs")"
    echo "sweep --jobs $jobs, repetition $i: $t s" >&2
    times[$jobs]+="$t"$'\n'
  done
done
for ((i = 1; i <= runs; i++)); do
  start=$EPOCHREALTIME
  for ((r = 0; r < n_runs; r++)); do
    build/orgsim run --quiet --json --seed "$r" -o "$work/bare.h5" --force >/dev/null
  done
  t="$(awk -v a="$EPOCHREALTIME" -v b="$start" 'BEGIN {print a - b}')"
  echo "$n_runs bare runs one after another, repetition $i: $t s" >&2
  times[bare]+="$t"$'\n'
done

j1="$(printf '%s' "${times[1]}" | median)"
j2="$(printf '%s' "${times[2]}" | median)"
bare="$(printf '%s' "${times[bare]}" | median)"
awk -v n="$n_runs" -v r="$runs" -v j1="$j1" -v j2="$j2" -v bare="$bare" 'BEGIN {
  printf "%d runs (%d repetitions each, medians)\n", n, r
  printf "  --jobs 1: %6.2f s, %6.1f runs/min\n", j1, 60 * n / j1
  printf "  --jobs 2: %6.2f s, %6.1f runs/min\n", j2, 60 * n / j2
  printf "  parallel efficiency of 2 jobs: %.2f (target 0.85)\n", j1 / (2 * j2)
  printf "  bare orgsim run -o, one after another: %6.2f s\n", bare
  printf "  sweep machinery per run (--jobs 1 vs bare): %+.3f s\n", (j1 - bare) / n
}'
