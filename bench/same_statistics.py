#!/usr/bin/python3
"""Do two orgsim binaries give the same statistics? For a change that must alter the order of
events at the same instant (so the fingerprints differ): runs both binaries on the same
seeds (common random numbers) and compares every number of the JSON summary, paired by seed.

    /usr/bin/python3 bench/same_statistics.py OLD_ORGSIM NEW_ORGSIM [--reps 20] [--jobs 2]
        [--config NAME=ARGS ...]

For each configuration and summary number it prints the mean of both binaries, the mean
paired difference and its standard error over the replications, and t = mean / SE. A number
"moves" when |t| exceeds the two-sided Bonferroni critical value at family level 0.05 over all
the numbers compared (Student's t, reps - 1 degrees of freedom); identical numbers, and those
whose paired differences are all zero, are counted apart. Exit status 1 when a number moves.
Counts that identify the run rather than describe it (seed, wall time, actors) are skipped.
"""

import argparse
import json
import math
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "analysis"))
from summary_keys import numbers  # noqa: E402

DEFAULT_CONFIGS = {
    "default": [],
    "fatigue roster": ["--set", "behaviour.roster=fatigue"],
    "all behaviour models, scale 0.5": [
        "--set", "behaviour.leader=tournament", "--set", "behaviour.organization=protective",
        "--set", "behaviour.public=trust", "--set", "behaviour.roster=fatigue",
        "--set", "district.scale=0.5"],
    "ruian-park, two years": ["scenarios/ruian-park.ini", "--set", "run.years=2"],
}
SKIPPED = ("seed", "wall_seconds", "population.actors", "fingerprint")


def run(binary, args, seed):
    out = subprocess.run([binary, "run", *args, "--quiet", "--json", "--seed", str(seed)],
                         check=True, capture_output=True, text=True).stdout
    summary = json.loads(out)
    return summary["fingerprint"], {k: float(v) for k, v in numbers(summary) if k not in SKIPPED}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--config", action="append", default=[],
                        help="NAME=ARGS (orgsim run arguments, split on spaces)")
    options = parser.parse_args()
    if options.reps < 2:
        parser.error("--reps must be at least 2")
    configs = DEFAULT_CONFIGS
    if options.config:
        configs = {}
        for item in options.config:
            name, _, args = item.partition("=")
            configs[name] = args.split()

    results = {}
    with ThreadPoolExecutor(options.jobs) as pool:
        for name, args in configs.items():
            seeds = range(1, options.reps + 1)
            old = list(pool.map(lambda s: run(options.old, args, s), seeds))
            new = list(pool.map(lambda s: run(options.new, args, s), seeds))
            results[name] = (old, new)
            print(f"[same_statistics] {name}: {options.reps} seeds run with both", file=sys.stderr)

    compared = []  # (config, key, old mean, new mean, mean diff, se, t)
    identical = same_fingerprint = 0
    for name, (old, new) in results.items():
        same_fingerprint += sum(o[0] == n[0] for o, n in zip(old, new))
        keys = sorted(set(old[0][1]) & set(new[0][1]))
        for key in keys:
            pairs = [(o[1].get(key), n[1].get(key)) for o, n in zip(old, new)]
            if any(a is None or b is None for a, b in pairs):
                continue
            diffs = [b - a for a, b in pairs]
            if all(d == 0 for d in diffs):
                identical += 1
                continue
            mean = sum(diffs) / len(diffs)
            var = sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1)
            se = math.sqrt(var / len(diffs))
            t = mean / se if se > 0 else math.inf
            compared.append((name, key, sum(a for a, _ in pairs) / len(pairs),
                             sum(b for _, b in pairs) / len(pairs), mean, se, t))

    family = max(1, len(compared))
    critical = stats.t.ppf(1 - 0.05 / (2 * family), options.reps - 1)
    moved = [c for c in compared if abs(c[6]) > critical]
    runs = sum(len(old) for old, _ in results.values())
    print(f"{len(configs)} configurations x {options.reps} seeds; {same_fingerprint} of {runs} "
          f"runs have the same fingerprint with both binaries")
    print(f"{identical} (configuration, number) pairs identical on every seed; {len(compared)} "
          f"differ on some seed; Bonferroni critical |t| = {critical:.2f} (df {options.reps - 1})")
    print(f"{'configuration':32} {'number':48} {'old mean':>12} {'new mean':>12} "
          f"{'diff':>10} {'SE':>9} {'t':>6}")
    for c in sorted(compared, key=lambda c: -abs(c[6]))[:25]:
        print(f"{c[0][:32]:32} {c[1][:48]:48} {c[2]:12.4g} {c[3]:12.4g} {c[4]:10.3g} "
              f"{c[5]:9.3g} {c[6]:6.2f}")
    if moved:
        print(f"MOVED: {len(moved)} numbers differ beyond chance")
        return 1
    print("no number moves beyond chance")
    return 0


if __name__ == "__main__":
    sys.exit(main())
