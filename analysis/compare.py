#!/usr/bin/python3
"""Compare the policies of an orgsim sweep with a baseline policy, paired by replication.

    /usr/bin/python3 analysis/compare.py FOLDER --baseline POLICY [--no-plots] [--csv FILE]
                                         [--lang en|zh]

FOLDER is what ``orgsim sweep SWEEP.ini -o FOLDER`` wrote (docs/SWEEPS.md): ``sweep.h5``, the
index with one row per run (schema_version 3), and ``runs/<run_id>.h5``, the run files
(docs/RESULTS.md).

A *point* is a policy at one cell of the sweep's grid (the ``[vary]`` keys; without a grid a
point is just a policy). Each point is compared with the baseline policy at the same grid
cell. Replication r of every policy has the same seed and the same exogenous random streams
(common random numbers), so the comparison is paired: for every indicator the difference
policy - baseline is taken within each replication, and the mean difference, its 95%
confidence interval (Student t, n - 1 degrees of freedom, from the paired differences) and
``p_better`` are computed from those n differences.

What is printed, conclusions first:

1. **Read first** (in ``--lang``): queues that do not settle, repeated for every point whose
   runs carry a warning (``/runs.warnings``, the run files' ``/summary/warnings``): "in 20 of
   20 replications the district committee's queue does not settle (...)"; and, for a point
   that differs from the baseline only in rules that act through people's responses while the
   behaviour model they act through is fixed, what can and cannot differ ("under these
   assumptions nobody responds to the tiers; results differ only in money paid"), from the
   runs' own parameters (``/config/params``) and confirmed against the data.
2. **In plain language** (``--lang``): the reference standard every policy is judged against,
   then one line per point: each indicator whose 95% CI excludes 0, with its size and CI, each
   as its own clause; then those whose difference is not statistically significant, then those
   identical in every replication.
3. **The table** (English): per point, the indicators that differ in at least one
   replication in full, the others on one line ("unchanged: ...").
4. Tier stability, then who changes fate (``fate.format_fate`` of analysis/fate.py, when that
   module is there), then the files written.

Units. Shares are percentages (their differences percentage points). Counts of things that
happen over the run (decisions, escalations, activities, allowances, duty hours, ...) are
**per year**: divided by the run's ``years`` column (``run.years``). Counts of what is left at
the run's end (orders still waiting, open, open with the committee) are not divided: they are
a state at the end, not a flow. The table's ``unit`` column says which.

Float noise. Within a replication, a difference is taken as exactly 0 when
``|x - y| <= 1e-9 * max(|x|, |y|)`` (x the policy's value, y the baseline's): a difference of
2e-16 from floating-point rounding is "identical", with no CI. ``identical`` is true when every
paired difference is 0 by this rule.

Directions. ``p_better`` is the share of replications in which the policy is strictly better
than the baseline in the indicator's direction (INDICATORS: "higher" or "lower"); a tie is not
better; ``p_worse`` likewise. Indicators without a better direction ("n/a": incubated, denied,
incubation_rate, allowance_total_yuan, official_duty_h_mean) have NaN there ("n/a" in the
table and the CSV): incubating more organizations trades one error against the other, and
paying more or asking for more hours is a choice; both are the planner's to weigh.

The errors. ``good_denied`` and ``below_standard_incubated`` (and their shares) judge every
policy against ONE fixed reference standard (the base scenario's ``[truth]``, the same for the
whole sweep): organizations that meet the standard but were denied, and organizations below it
that were incubated. ``own_rule_*`` judge each policy by its OWN rule on the true qualities
(shares of different sets when the rules differ: a lower threshold calls fewer organizations
"good", so its own-rule error looks smaller).

Labels. A policy with ``label = ...`` under its ``[policy.NAME]`` (``/policy_labels``) is shown
as ``label (name)`` in English (``门槛75% (threshold-0.75)``) and by its label alone in Chinese
(no English policy names in Chinese lines); a policy without one by its name. The CSV and the DataFrame keep
the names (``point``, ``policy``) and add ``label``.

Importable, each from the module whose job it is and all re-exported here (``import compare;
compare.X`` works for every X): from sweep_index.py ``load_index(folder)`` (a SweepIndex:
``.runs``, ``.ok``, ``.failed``, ``.grid_keys``, ``.policies``, ``.labels``, ``.run_path(row)``,
``.display(point)``), ``check_baseline(index, baseline)``, ``reference_standard(index)``,
``display_name(policy, labels, grid_values, language)``, ``point_label(policy, grid_values)``;
from indicators.py ``INDICATORS``, ``UNITS``, ``PER_YEAR_INDICATORS``, ``PERCENT_INDICATORS``,
``indicator_values(runs)``; here ``paired_differences(x, y)``, ``paired_comparison(index,
baseline)``, ``format_table(table, baseline, labels=None)``, ``write_csv(table, path)``,
``tier_stability(index)``, ``organization_rates(index)``, ``make_plots(index, baseline)``
(forest.png, organization_rates.png, tier_stability.png, drawn by compare_plots.py),
``fate_text(index, baseline, language="en")``; from plain_language.py
``plain_language(table, baseline, language="en", labels=None, standard=None)``,
``standard_line(standard, language="en")``, ``indicator_name(indicator, language="en")``;
from sweep_notes.py ``queue_warnings(index)``, ``warning_lines(index, language="en")``,
``classify_key(key)``, ``response_notes(index, baseline, table=None)``,
``response_lines(notes, language="en", grid_keys=())``.

Exit status: 0; 1 when the plots cannot be made; 2 for bad input (no such folder, not an
orgsim sweep index of schema version 3, unknown baseline, nothing to compare).

Use Debian's /usr/bin/python3 (h5py, pandas, scipy, matplotlib).
"""

import argparse
import math
import os
import signal
import sys
import textwrap

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python_deps  # noqa: E402  (which Python: before the imports it checks)

python_deps.require("h5py", "numpy", "pandas", "scipy", tool="compare.py")

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import compare_plots  # noqa: E402  (the plots of the comparison)
import orgsim_results  # noqa: E402  (the run-file reader, next to this file)
import paired_stats  # noqa: E402  (the Student-t interval, shared with fate.py)
# Each name below is done by its own module; compare.py uses some and re-exports them all
# (``compare.X`` is how report_sweep.py, bench/ and the tests reach them).
from indicators import (  # noqa: E402,F401
    AT_END, COLUMNS, EFFORT, HOURS, HOURS_PER_YEAR, INDICATORS, LEADERS, PER_RUN, PER_YEAR,
    PER_YEAR_INDICATORS, PERCENT, PERCENT_INDICATORS, UNITS, YUAN_PER_YEAR, indicator_values,
    table_grid_keys, table_labels)
from plain_language import (  # noqa: E402,F401
    _PHRASES, LANGUAGES, MAX_LISTED, indicator_name, plain_language, standard_line)
from sweep_index import (  # noqa: E402,F401
    SCHEMA, SCHEMA_VERSION, CompareError, SweepIndex, as_index, baseline_runs, check_baseline,
    display_name, display_width, grid_cell, load_index, point_label, points_in_order,
    reference_standard, require_run_files, run_params, verify_run_files)
from sweep_notes import (  # noqa: E402,F401
    classify_key, queue_warnings, response_lines, response_notes, warning_lines)

CONFIDENCE = paired_stats.CONFIDENCE
# A paired difference is float noise (taken as 0) when |x - y| <= REL_TOL * max(|x|, |y|).
REL_TOL = 1e-9

__all__ = ["SweepIndex", "CompareError", "load_index", "check_baseline", "indicator_values",
           "paired_differences",
           "paired_comparison", "plain_language", "format_table", "queue_warnings",
           "warning_lines", "classify_key", "response_notes", "response_lines",
           "reference_standard", "standard_line", "tier_stability", "organization_rates",
           "make_plots", "fate_text", "write_csv", "indicator_name", "display_name",
           "point_label", "main", "INDICATORS", "UNITS", "PER_YEAR_INDICATORS",
           "PERCENT_INDICATORS", "LANGUAGES", "REL_TOL"]


def paired_differences(x, y):
    """policy - baseline per replication, a difference within float noise set to 0:
    |x - y| <= REL_TOL * max(|x|, |y|)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    d = x - y
    noise = np.abs(d) <= REL_TOL * np.maximum(np.abs(x), np.abs(y))
    return np.where(noise, 0.0, d)


def paired_comparison(index, baseline):
    """Compares every point other than the baseline's with the baseline at the same grid
    cell, over the replications both have a successful run of (failed runs are left out).

    ``index``: a SweepIndex or a sweep folder. Returns a DataFrame with one row per
    (point, indicator), points in the sweep's order and indicators in INDICATORS' order:
    point, policy, label (the policy's label, or its name), one column per grid key,
    indicator, unit (UNITS: "%" for shares, "per year" for counts divided by the run's years,
    ...), per_year (bool), better ("higher", "lower", "n/a"), policy_mean and baseline_mean
    (over the paired replications, in the unit), mean_difference (mean of policy - baseline
    within each replication, a difference within float noise counted as 0, see
    paired_differences), sd_difference (their sample sd), ci_low and ci_high (95% Student-t
    interval of the mean difference, n - 1 df; [0, 0] when every difference is 0; NaN when
    n < 2 otherwise), n (paired replications), p_better and p_worse (share of replications in
    which the policy is strictly better / worse; NaN without a better direction), identical
    (every paired difference is 0) and significant (the CI excludes 0).
    """
    index = as_index(index)
    check_baseline(index, baseline)
    ok = indicator_values(index.ok)
    keys = index.grid_keys
    rows = []
    for point, runs in ok.groupby("point", sort=False):
        policy = runs["policy"].iloc[0]
        if policy == baseline:
            continue
        cell = grid_cell(index, runs)
        base = baseline_runs(ok, baseline, keys, cell)
        paired = runs.merge(base, on="replication", suffixes=("", "_baseline"))
        paired = paired.sort_values("replication")
        n = len(paired)
        for indicator, better in INDICATORS.items():
            x = paired[indicator].to_numpy(dtype=float)
            y = paired[indicator + "_baseline"].to_numpy(dtype=float)
            d = paired_differences(x, y)
            row = {"point": point, "policy": policy, "label": index.label(policy)}
            row.update({key: cell[key] for key in keys})
            row.update(indicator=indicator, unit=UNITS[indicator],
                       per_year=indicator in PER_YEAR_INDICATORS, better=better, n=n)
            if n == 0:
                row.update(policy_mean=np.nan, baseline_mean=np.nan, mean_difference=np.nan,
                           sd_difference=np.nan, ci_low=np.nan, ci_high=np.nan,
                           p_better=np.nan, p_worse=np.nan, identical=False,
                           significant=False)
                rows.append(row)
                continue
            identical = bool(np.all(d == 0))
            ci = paired_stats.interval(d)
            mean, sd, low, high = ci["mean"], ci["sd"], ci["ci_low"], ci["ci_high"]
            if better == "higher":
                p_better, p_worse = np.mean(d > 0), np.mean(d < 0)
            elif better == "lower":
                p_better, p_worse = np.mean(d < 0), np.mean(d > 0)
            else:
                p_better = p_worse = np.nan
            significant = (not identical and not math.isnan(low)
                           and (low > 0 or high < 0))
            row.update(policy_mean=float(x.mean()), baseline_mean=float(y.mean()),
                       mean_difference=mean, sd_difference=sd, ci_low=low, ci_high=high,
                       p_better=p_better, p_worse=p_worse, identical=identical,
                       significant=bool(significant))
            rows.append(row)
    columns = COLUMNS[:3] + keys + COLUMNS[3:]
    table = pd.DataFrame(rows, columns=columns)
    table["n"] = table["n"].astype(int)
    table["identical"] = table["identical"].astype(bool)
    table["significant"] = table["significant"].astype(bool)
    table["per_year"] = table["per_year"].astype(bool)
    table.attrs["labels"] = dict(index.labels)
    table.attrs["baseline"] = baseline
    return table


# --- numbers ---------------------------------------------------------------------------------

def _num(x):
    """A number for the table: thousands separators for big values, 4 significant digits
    otherwise, "n/a" for NaN."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    x = float(x)
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.1f}"
    return f"{x:.4g}"


def _share(x):
    return "n/a" if isinstance(x, float) and math.isnan(x) else f"{x:.2f}"


# --- the table -------------------------------------------------------------------------------

def format_table(table, baseline, labels=None):
    """The comparison as readable text: one block per point, the indicators that differ in at
    least one replication in full, then one line with those identical in every replication
    ("unchanged")."""
    lines = []
    keys = table_grid_keys(table)
    labels = table_labels(table, labels)
    width = max([24] + [len(i) + 1 for i in table["indicator"]])
    header = (f"  {'indicator':<{width}}{'unit':<24}{'better':>7}{'policy':>12}{'baseline':>12}"
              f"{'difference':>12}   {'95% CI of the difference':<26}{'p_better':>9}"
              f"{'p_worse':>8}")
    for point, rows in table.groupby("point", sort=False):
        n = int(rows["n"].iloc[0])
        grid = [(k, rows[k].iloc[0]) for k in keys]
        name = display_name(rows["policy"].iloc[0], labels, grid)
        base_label = display_name(baseline, labels, grid)
        lines.append(f"{name} vs {base_label} ({n} paired replication{'s' if n != 1 else ''})")
        changed = rows[~rows["identical"]]
        unchanged = rows[rows["identical"]]
        if len(changed):
            lines.append(header)
        for _, r in changed.iterrows():
            ci = f"{_num(r.ci_low)} to {_num(r.ci_high)}"
            mark = "*" if r.significant else " "
            lines.append(f"  {r.indicator:<{width}}{r.unit:<24}{r.better:>7}"
                         f"{_num(r.policy_mean):>12}{_num(r.baseline_mean):>12}"
                         f"{_num(r.mean_difference):>12} {mark} {ci:<26}"
                         f"{_share(r.p_better):>9}{_share(r.p_worse):>8}")
        if len(unchanged):
            text = "unchanged (identical in every replication): " + ", ".join(
                unchanged["indicator"])
            lines.extend(textwrap.wrap(text, 100, initial_indent="  ",
                                       subsequent_indent="    "))
        lines.append("")
    return "\n".join(lines)


# --- who changes fate: analysis/fate.py, when it is there -------------------------------------

def fate_text(index, baseline, language="en"):
    """fate.format_fate(index, baseline, language) of analysis/fate.py (transitions and
    breakdowns, allowance winners and losers), or None when that module is not there."""
    try:
        import fate
    except ModuleNotFoundError as error:
        if error.name == "fate":
            return None
        raise
    return fate.format_fate(index, baseline, language=language)


# --- CSV -------------------------------------------------------------------------------------

def write_csv(table, path):
    """The table as CSV, one row per point x indicator (columns as paired_comparison's, the
    numbers in the ``unit`` column's unit); p_better and p_worse are "n/a" for indicators
    without a better direction."""
    out = table.copy()
    for column in ("p_better", "p_worse"):
        out[column] = out[column].astype(object)
        out.loc[out["better"] == "n/a", column] = "n/a"
    out.to_csv(path, index=False)


# --- run files -------------------------------------------------------------------------------

def tier_stability(index):
    """One row per successful run: point, policy, replication and tier_change_share, the
    share of (branch, consecutive quarters) pairs in which the branch's tier changed (from
    /quarterly/tier of the run file)."""
    index = as_index(index)
    rows = []
    for _, run in index.ok.iterrows():
        with h5py.File(index.run_path(run), "r") as f:
            tier = f["quarterly/tier"][()]
        changes = tier[1:] != tier[:-1]
        share = float(changes.mean()) if changes.size else np.nan
        rows.append({"point": run["point"], "policy": run["policy"],
                     "replication": run["replication"], "tier_change_share": share})
    return pd.DataFrame(rows, columns=["point", "policy", "replication", "tier_change_share"])


def organization_rates(index):
    """One row per incubation decision (every organization, every year) per successful run:
    point, policy, replication, year, attraction_rate, satisfaction_rate, decision, the run's
    incubation rule (threshold, combine, attraction_weight) and the reference standard
    (truth_threshold, truth_combine, truth_attraction_weight) from /config/params."""
    index = as_index(index)
    frames = []
    for _, run in index.ok.iterrows():
        path = index.run_path(run)
        decisions = orgsim_results.incubations(path)
        params = run_params(index, run)
        frame = decisions[["year", "attraction_rate", "satisfaction_rate"]].copy()
        frame["decision"] = decisions["decision"].astype(str)
        frame["point"] = run["point"]
        frame["policy"] = run["policy"]
        frame["replication"] = run["replication"]
        frame["threshold"] = float(params.get("incubation.threshold", np.nan))
        frame["combine"] = str(params.get("incubation.combine", "both"))
        frame["attraction_weight"] = float(params.get("incubation.attraction_weight", 0.5))
        frame["truth_threshold"] = float(params.get("truth.threshold", np.nan))
        frame["truth_combine"] = str(params.get("truth.combine", "both"))
        frame["truth_attraction_weight"] = float(params.get("truth.attraction_weight", 0.5))
        frames.append(frame)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


# report_sweep.py reads the tier stability's mean and half-width as compare._mean_ci.
_mean_ci = paired_stats.mean_and_half_width


# --- plots -----------------------------------------------------------------------------------

def make_plots(index, baseline, out_dir=None, stability=None, rates=None, table=None):
    """Writes forest.png, organization_rates.png and tier_stability.png into ``out_dir``
    (default FOLDER/plots) and returns their paths; ``table`` (paired_comparison),
    ``rates`` (organization_rates) and ``stability`` (tier_stability) are computed when not
    given. compare_plots.write_plots draws them and says what each shows."""
    index = as_index(index)
    out_dir = out_dir or os.path.join(index.folder, "plots")
    table = paired_comparison(index, baseline) if table is None else table
    rates = organization_rates(index) if rates is None else rates
    stability = tier_stability(index) if stability is None else stability
    return compare_plots.write_plots(index, baseline, table, stability, rates, out_dir)


# --- command line ----------------------------------------------------------------------------

# The headings of the first two parts of the output.
_READ_FIRST = {"en": "Read first:", "zh": "先读这里："}
_IN_PLAIN_LANGUAGE = {"en": "In plain language:", "zh": "通俗说明："}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="compare.py",
        description="Compare the policies of an orgsim sweep with a baseline policy, paired "
                    "by replication (common random numbers).")
    parser.add_argument("folder", help="the -o folder of 'orgsim sweep' (holds sweep.h5)")
    parser.add_argument("--baseline", required=True, help="the policy to compare with")
    parser.add_argument("--plots", dest="plots", action="store_true", default=True,
                        help="write PNG plots into FOLDER/plots (the default)")
    parser.add_argument("--no-plots", dest="plots", action="store_false",
                        help="write no plots")
    parser.add_argument("--csv", metavar="FILE", help="write the table as CSV")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="the language of the notes, the plain-language lines and the "
                             "fate sections (default: en; the table and the plots are in "
                             "English)")
    args = parser.parse_args(argv)
    lang = args.lang

    try:
        index = load_index(args.folder)
        # The warnings, the notes on who can respond and who changes fate read run files.
        require_run_files(index, "compare.py")
        verify_run_files(index)
        table = paired_comparison(index, args.baseline)
    except (CompareError, FileNotFoundError, OSError) as error:
        print(f"compare.py: error: {error}", file=sys.stderr)
        return 2
    if table.empty:
        print(f"compare.py: error: sweep {index.name!r} has no point other than the baseline "
              f"{args.baseline!r} with successful runs: nothing to compare "
              f"(policies: {', '.join(index.policies)})", file=sys.stderr)
        return 2

    ok, failed = index.ok, index.failed
    print(f"sweep {index.name}: {len(index.runs)} runs, {len(ok)} ok; baseline "
          f"{display_name(args.baseline, index.labels, language=lang)}"
          + (f"; grid: {', '.join(index.grid_keys)}" if index.grid_keys else ""))
    if len(failed):
        print(f"left out {len(failed)} failed run{'s' if len(failed) != 1 else ''}:")
        for _, run in failed.iterrows():
            print(f"  {run['run_id']} {run['point']} replication {run['replication']}: "
                  f"{run['error']}")

    # 1. read first: queues that do not settle; rules nobody responds to
    first = []
    try:
        first += warning_lines(index, lang)
    except (OSError, KeyError) as error:
        print(f"compare.py: warning: cannot read the runs' warnings: {error}", file=sys.stderr)
    standard = None
    try:
        notes = response_notes(index, args.baseline, table)
        first += response_lines(notes, lang, index.grid_keys)
        standard = reference_standard(index)
    except (OSError, KeyError) as error:
        print(f"compare.py: warning: cannot read the runs' parameters: {error}",
              file=sys.stderr)
    if first:
        print()
        print(_READ_FIRST[lang])
        for line in first:
            print(textwrap.fill(line, 100, initial_indent="- ", subsequent_indent="  ",
                                break_long_words=False, break_on_hyphens=False)
                  if lang == "en" else "- " + line)

    # 2. conclusions
    print()
    print(_IN_PLAIN_LANGUAGE[lang])
    print(plain_language(table, args.baseline, lang, standard=standard))

    # 3. the table
    print()
    print("difference = policy - baseline within each replication (a difference within float "
          f"noise, |x - y| <= {REL_TOL:g} x max(|x|, |y|), counts as 0); * = 95% CI excludes 0; "
          "p_better (p_worse) = share of replications in which the policy is strictly better "
          "(worse). Shares in %, their differences in percentage points; counts per year "
          "unless the unit says otherwise.")
    print()
    print(format_table(table, args.baseline))

    stability = None
    try:
        stability = tier_stability(index)
    except (OSError, KeyError) as error:
        print(f"compare.py: warning: cannot read tiers from the run files: {error}",
              file=sys.stderr)
    if stability is not None and len(stability):
        print("tier stability: share of branches changing tier from one quarter to the next "
              "(mean over replications, 95% CI)")
        points = points_in_order(index)
        names = {p: index.display(p, lang) for p in points}
        width = max(display_width(n) for n in names.values())
        for p in points:
            mean, half = _mean_ci(stability.loc[stability["point"] == p, "tier_change_share"])
            pad = " " * (width - display_width(names[p]))
            print(f"  {names[p]}{pad}  {mean:.3f}"
                  + ("" if math.isnan(half) else f" ± {half:.3f}"))
        print()

    # 4. who changes fate (analysis/fate.py)
    try:
        text = fate_text(index, args.baseline, lang)
    except Exception as error:  # noqa: BLE001 - another module's failure must not hide ours
        print(f"compare.py: warning: fate.py failed: {type(error).__name__}: {error}",
              file=sys.stderr)
        text = None
    if text:
        print(text.rstrip("\n"))
        print()

    if args.csv:
        write_csv(table, args.csv)
        print(f"wrote {args.csv}")
    if args.plots:
        try:
            written = make_plots(index, args.baseline, stability=stability, table=table)
        except (OSError, KeyError, ValueError) as error:
            print(f"compare.py: error: cannot make the plots: {error}", file=sys.stderr)
            return 1
        for path in written:
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):  # `compare.py ... | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
