#!/usr/bin/python3
"""A policy comparison across a calibration's posterior draws: how sure is the conclusion,
given what the calibration left uncertain?

    /usr/bin/python3 analysis/compare_draws.py FOLDER --baseline POLICY [--csv FILE]

FOLDER is what ``orgsim sweep DIR/posterior-draws.ini -o FOLDER`` wrote after you added
``[policy.NAME]`` sections to the sweep file that analysis/calibrate.py wrote
(docs/CALIBRATION.md, "Comparing policies across the posterior"): every policy runs at every
posterior draw (a cell of ``design = file``) with the same replications (common random
numbers), so each policy's difference from the baseline is paired by draw and replication.

For every other policy and every headline indicator (indicators.py: the units of compare.py,
counts per year, shares in %) that differs somewhere:

- ``mean``: the mean paired difference over all draws and replications;
- ``draw_q05``, ``draw_q95``: the 5% and 95% quantiles over the draws of each draw's mean
  difference (over its replications): the spread of the policy's effect across the settings
  the targets leave plausible (it includes the replications' noise of each draw's mean, so it
  is a little wider than the parameter uncertainty alone);
- ``better_share``, ``worse_share``: the shares of draws where the policy is better (worse)
  than the baseline on average over the replications (no better direction: NaN);
- ``ci_low``, ``ci_high``: the 95% Student-t interval of the mean over the draws' means.

Then a line per policy and indicator in words, e.g. "incubates 11.6 more a year (90% of the
posterior draws: 8.2 to 15.0; better in 100% of them)". The conclusion that holds in (nearly)
every draw does not depend on the unknowns the calibration left open; one whose sign changes
across draws does.

Exit 2 when the folder is not a sweep or the baseline is not one of its policies.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python_deps  # noqa: E402  (which Python: before the imports it checks)

python_deps.require("h5py", "numpy", "pandas", "scipy", tool="compare_draws.py")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import paired_stats  # noqa: E402
from indicators import INDICATORS, UNITS, indicator_values  # noqa: E402
from sweep_index import CompareError, check_baseline, load_index  # noqa: E402


def compare_draws(index, baseline):
    """The table (see the module docstring): one row per policy and indicator."""
    check_baseline(index, baseline)
    ok = indicator_values(index.ok)
    if "cell" not in ok.columns:
        raise CompareError(f"{index.folder}: the index has no 'cell' column (made by an older "
                           f"orgsim); run the sweep again")
    base = ok[ok["policy"] == baseline].set_index(["cell", "replication"])
    rows = []
    for policy in index.policies:
        if policy == baseline:
            continue
        pol = ok[ok["policy"] == policy].set_index(["cell", "replication"])
        common = pol.index.intersection(base.index)
        if not len(common):
            continue
        for name, better in INDICATORS.items():
            diff = pol.loc[common, name].astype(float) - base.loc[common, name].astype(float)
            scale = np.maximum(np.abs(pol.loc[common, name].astype(float)),
                               np.abs(base.loc[common, name].astype(float)))
            diff = diff.where(np.abs(diff) > 1e-9 * scale, 0.0)
            if (diff == 0).all():
                continue
            per_draw = diff.groupby(level="cell").mean()
            ci = paired_stats.interval(per_draw.to_numpy())
            if better == "n/a":
                share = worse = np.nan
            else:
                sign = 1.0 if better == "higher" else -1.0
                share = float((sign * per_draw > 0).mean())
                worse = float((sign * per_draw < 0).mean())
            rows.append({"policy": policy, "label": index.label(policy), "indicator": name,
                         "unit": UNITS[name], "better": better, "mean": float(diff.mean()),
                         "draw_q05": float(per_draw.quantile(0.05)),
                         "draw_q95": float(per_draw.quantile(0.95)),
                         "better_share": share, "worse_share": worse,
                         "ci_low": ci["ci_low"], "ci_high": ci["ci_high"],
                         "draws": int(per_draw.size), "pairs": int(diff.size)})
    return pd.DataFrame(rows)


def sentences(table):
    lines = []
    for _, r in table.iterrows():
        unit = "" if r["unit"] in ("per run",) else f" {r['unit']}"
        verdict = "" if r["better"] == "n/a" else \
            f"; better in {100 * r['better_share']:.0f}% of them, worse in " \
            f"{100 * r['worse_share']:.0f}%"
        name = r["policy"] if r["label"] == r["policy"] else f"{r['label']} ({r['policy']})"
        lines.append(f"{name}: {r['indicator']} {r['mean']:+.3g}{unit} "
                     f"(90% of the {r['draws']} posterior draws: {r['draw_q05']:+.3g} to "
                     f"{r['draw_q95']:+.3g}{verdict})")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(prog="compare_draws.py", description=__doc__.split("\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--baseline", required=True)
    parser.add_argument("--csv", help="also write the table to this CSV file")
    args = parser.parse_args(argv)
    try:
        index = load_index(args.folder)
        table = compare_draws(index, args.baseline)
    except (FileNotFoundError, CompareError) as err:
        print(f"compare_draws.py: {err}", file=sys.stderr)
        return 2
    if not len(table):
        print(f"Every policy is identical to {args.baseline} at every posterior draw.")
    for line in sentences(table):
        print(line)
    if args.csv:
        table.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
