#!/usr/bin/python3
"""Prints the table of docs/MODEL.md §13.6 from a finished run of
scenarios/sweeps/behaviour.ini (bench/behaviour.sh runs both).

    /usr/bin/python3 bench/behaviour_table.py FOLDER

Every number comes from analysis/compare.py's paired comparison: each policy against the
baseline of its own comparison, over the replications both ran.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "analysis"))
import compare  # noqa: E402

# (what is compared, baseline, policy, indicators), in the order of the sweep file.
COMPARISONS = [
    ("nobody responds: higher level", "seed-rule", "level-tiers",
     ["allowance_total_yuan", "satisfaction_rate", "mean_response_h", "incubated",
      "leader_effort_mean"]),
    ("nobody responds: wider spread, same total", "seed-rule", "spread-tiers",
     ["allowance_total_yuan", "activities_held", "leader_effort_mean"]),
    ("adaptive leaders: higher level", "adaptive", "adaptive-level",
     ["leader_effort_mean", "activities_held"]),
    ("adaptive leaders: wider spread, same total", "adaptive", "adaptive-spread",
     ["leader_effort_mean", "activities_held"]),
    ("tournament leaders: higher level", "tournament", "tournament-level",
     ["leader_effort_mean", "activities_held"]),
    ("tournament leaders: wider spread, same total", "tournament", "tournament-spread",
     ["leader_effort_mean", "activities_held", "leaders_gave_up"]),
    ("protective organizations: threshold 0.80", "protective-0.75", "protective-0.80",
     ["declined_orders", "special_left_to_committee_share"]),
    ("protective organizations: threshold 0.85", "protective-0.75", "protective-0.85",
     ["declined_orders", "special_left_to_committee_share"]),
    # against the reference standard ([truth]), the same for every policy of the sweep
    ("many small organizations: Wilson lower bound", "small-raw", "small-wilson",
     ["good_denied_share", "below_standard_incubated_share"]),
    ("many small organizations: Wilson upper bound", "small-raw", "small-wilson-upper",
     ["good_denied_share", "below_standard_incubated_share"]),
]


def number(x):
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3f}".rstrip("0").rstrip(".") if x != 0 else "0"


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        index = compare.load_index(argv[1])
    except compare.CompareError as e:
        print(f"behaviour_table: {e}", file=sys.stderr)
        return 2
    unknown = sorted({i for *_, indicators in COMPARISONS for i in indicators}
                     - set(compare.INDICATORS))
    if unknown:
        print(f"behaviour_table: compare.py has no indicator {', '.join(unknown)}",
              file=sys.stderr)
        return 2
    n = None
    print("| comparison (policy vs baseline) | indicator | baseline | policy | "
          "difference [95% CI] | p_better |")
    print("|---|---|---|---|---|---|")
    for what, baseline, policy, indicators in COMPARISONS:
        table = compare.paired_comparison(index, baseline)
        for indicator in indicators:
            row = table[(table["policy"] == policy) & (table["indicator"] == indicator)].iloc[0]
            n = int(row["n"])
            better = "n/a" if row["better"] == "n/a" else f"{row['p_better']:.2f}"
            print(f"| {what} (`{policy}` vs `{baseline}`) | `{indicator}` | "
                  f"{number(row['baseline_mean'])} | {number(row['policy_mean'])} | "
                  f"{number(row['mean_difference'])} [{number(row['ci_low'])}, "
                  f"{number(row['ci_high'])}] | {better} |")
    print(f"\n{n} paired replications per comparison (sweep {index.name!r}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
