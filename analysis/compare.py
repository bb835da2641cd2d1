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
as ``label (name)`` in every output, in both languages (``门槛75% (threshold-0.75)``; Chinese
brackets in Chinese text); a policy without one by its name. The CSV and the DataFrame keep
the names (``point``, ``policy``) and add ``label``.

Importable: ``load_index(folder)`` (a SweepIndex: ``.runs``, ``.ok``, ``.failed``,
``.grid_keys``, ``.policies``, ``.labels``, ``.run_path(row)``, ``.display(point)``),
``indicator_values(runs)``, ``paired_differences(x, y)``, ``paired_comparison(index,
baseline)``, ``plain_language(table, baseline, language="en", labels=None, standard=None)``,
``format_table(table, baseline, labels=None)``, ``queue_warnings(index)``,
``warning_lines(index, language="en")``, ``classify_key(key)``, ``response_notes(index,
baseline, table=None)``, ``response_lines(notes, language="en", grid_keys=())``,
``reference_standard(index)``, ``standard_line(standard, language="en")``,
``tier_stability(index)``, ``organization_rates(index)``, ``make_plots(index, baseline)``
(forest.png, organization_rates.png, tier_stability.png), ``fate_text(index, baseline,
language="en")``, ``write_csv(table, path)``, ``indicator_name(indicator, language="en")``,
``display_name(policy, labels, grid_values, language)``.

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
import unicodedata
from dataclasses import dataclass, field

import h5py
import numpy as np
import pandas as pd

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import orgsim_results  # noqa: E402  (the run-file reader, next to this file)
import paired_stats  # noqa: E402  (the Student-t interval, shared with fate.py)

SCHEMA = "orgsim-sweep"
SCHEMA_VERSION = 3
CONFIDENCE = paired_stats.CONFIDENCE
# A plain-language line lists at most this many identical indicators by name (else a count).
MAX_LISTED = 6
# A paired difference is float noise (taken as 0) when |x - y| <= REL_TOL * max(|x|, |y|).
REL_TOL = 1e-9

# Units of the table (the ``unit`` column).
PER_YEAR, PERCENT, HOURS, AT_END = "per year", "%", "h", "at the run's end"
YUAN_PER_YEAR, HOURS_PER_YEAR = "yuan per year", "h per official per year"
LEADERS, EFFORT, PER_RUN = "leaders per quarter", "effort (1 = normal)", "per run"

# The headline indicators of the index, in the order they are reported: (column, better
# direction, unit). Directions: "higher", "lower", or "n/a" (no better direction).
_SPEC = [
    # the year-end decisions: more or fewer is a trade-off, not an improvement
    ("incubated", "n/a", PER_YEAR),
    ("denied", "n/a", PER_YEAR),
    ("incubation_rate", "n/a", PERCENT),
    # against the one fixed reference standard of the sweep ([truth])
    ("good_denied", "lower", PER_YEAR),
    ("good_denied_share", "lower", PERCENT),
    ("below_standard_incubated", "lower", PER_YEAR),
    ("below_standard_incubated_share", "lower", PERCENT),
    ("not_enough_data", "lower", PER_YEAR),
    ("good_not_enough_data", "lower", PER_YEAR),
    # against each policy's own rule
    ("own_rule_wrongly_denied_share", "lower", PERCENT),
    ("own_rule_wrongly_incubated_share", "lower", PERCENT),
    # orders and queues
    ("mean_response_h", "lower", HOURS),
    ("mean_wait_incl_open_h", "lower", HOURS),
    ("still_waiting_at_end", "lower", AT_END),
    ("backlog_total", "lower", AT_END),
    ("backlog_committee", "lower", AT_END),
    ("escalated", "lower", PER_YEAR),
    ("answered_on_time_share", "higher", PERCENT),
    ("satisfaction_rate", "higher", PERCENT),
    ("declined_orders", "lower", PER_YEAR),
    ("special_left_to_committee_share", "lower", PERCENT),
    # branches and their leaders
    ("activities_held", "higher", PER_YEAR),
    ("activities_cancelled", "lower", PER_YEAR),
    ("youth_contacts", "higher", PER_YEAR),
    ("leaders_gave_up", "lower", LEADERS),
    ("leader_effort_mean", "higher", EFFORT),
    ("tier_noise_share", "lower", PERCENT),
    # money and time: choices, not improvements
    ("allowance_total_yuan", "n/a", YUAN_PER_YEAR),
    ("official_duty_h_mean", "n/a", HOURS_PER_YEAR),
    ("warnings", "lower", PER_RUN),
]
INDICATORS = {name: better for name, better, _ in _SPEC}
UNITS = {name: unit for name, _, unit in _SPEC}
# Divided by the run's years; shares are multiplied by 100.
PER_YEAR_INDICATORS = frozenset(n for n, _, u in _SPEC if u in (PER_YEAR, YUAN_PER_YEAR,
                                                                  HOURS_PER_YEAR))
PERCENT_INDICATORS = frozenset(n for n, _, u in _SPEC if u == PERCENT)

COLUMNS = ["point", "policy", "label", "indicator", "unit", "per_year", "better",
           "policy_mean", "baseline_mean", "mean_difference", "sd_difference", "ci_low",
           "ci_high", "n", "p_better", "p_worse", "identical", "significant"]

__all__ = ["SweepIndex", "CompareError", "load_index", "check_baseline", "indicator_values",
           "paired_differences",
           "paired_comparison", "plain_language", "format_table", "queue_warnings",
           "warning_lines", "classify_key", "response_notes", "response_lines",
           "reference_standard", "standard_line", "tier_stability", "organization_rates",
           "make_plots", "fate_text", "write_csv", "indicator_name", "display_name",
           "point_label", "main", "INDICATORS", "UNITS", "PER_YEAR_INDICATORS",
           "PERCENT_INDICATORS", "LANGUAGES", "REL_TOL"]


class CompareError(ValueError):
    """The folder is not a usable orgsim sweep, or the baseline is not one of its policies."""


@dataclass
class SweepIndex:
    """A sweep's index (FOLDER/sweep.h5).

    ``runs``: one row per run (every run, ok or failed) with run_id, policy, file (relative to
    the folder), fingerprint, error, one str column per grid key, replication, seed, the
    headline indicators as the index holds them (counts over the whole run, shares as
    fractions), years, status ("ok" or "failed") and point (the policy with its grid values,
    e.g. ``three-tiers [inspection.visit_noise_sd=3]``). ``labels``: each policy's label
    (``/policy_labels``; the policy's name when it has none).
    """
    folder: str
    name: str
    grid_keys: list
    policies: list
    runs: pd.DataFrame
    attrs: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)

    @property
    def ok(self):
        """The runs that succeeded."""
        return self.runs[self.runs["status"] == "ok"]

    @property
    def failed(self):
        """The runs that failed (left out of every comparison)."""
        return self.runs[self.runs["status"] != "ok"]

    def run_path(self, row):
        """The path of a run's file (``row`` is a row of ``runs``)."""
        return os.path.join(self.folder, row["file"])

    def label(self, policy):
        """The policy's label, or its name when it has none."""
        return self.labels.get(policy) or policy

    def display(self, point, language="en"):
        """A point as people read it: ``label (name) [grid]`` (see display_name)."""
        runs = self.runs[self.runs["point"] == point]
        if not len(runs):
            return point
        first = runs.iloc[0]
        return display_name(first["policy"], self.labels,
                            [(k, first[k]) for k in self.grid_keys], language)


# An HDF5 value as plain Python (str, int, float, list): the run-file reader's helper.
_py = orgsim_results._py


def point_label(policy, grid_values):
    """``policy`` or ``policy [key=value, ...]`` for a sweep with a grid (the point's id)."""
    if not grid_values:
        return policy
    return policy + " [" + ", ".join(f"{k}={v}" for k, v in grid_values) + "]"


def display_name(policy, labels=None, grid_values=(), language="en"):
    """How a policy (at a grid cell) is shown: when the sweep file gave it a label, in English
    the label followed by its name in brackets (``门槛75% (threshold-0.75)``), in Chinese the
    label alone (``门槛75%``: Chinese lines carry no English policy names); else its name; then
    the grid values, as in the point's id."""
    label = (labels or {}).get(policy) or policy
    if label == policy or language == "zh":
        name = label
    else:
        name = f"{label} ({policy})"
    return point_label(name, list(grid_values))


def load_index(folder):
    """Reads FOLDER/sweep.h5 into a SweepIndex (strings decoded to str, status as "ok" or
    "failed"). Raises FileNotFoundError when the folder or the index is missing and
    CompareError when the file is not an orgsim sweep index of schema version 3."""
    folder = os.fspath(folder)
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"{folder}: no such folder (expected the -o folder of "
                                f"'orgsim sweep')")
    path = os.path.join(folder, "sweep.h5")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no sweep index in this folder (is it the -o folder "
                                f"of 'orgsim sweep', and did the sweep finish?)")
    if not h5py.is_hdf5(path):
        raise CompareError(f"{path}: not an orgsim sweep index (not an HDF5 file)")
    with h5py.File(path, "r") as f:
        attrs = {key: _py(value) for key, value in f.attrs.items()}
        schema = attrs.get("schema")
        if schema != SCHEMA:
            raise CompareError(f"{path}: not an orgsim sweep index (root attribute 'schema' is "
                               f"{schema!r}, expected {SCHEMA!r})")
        version = attrs.get("schema_version")
        if version != SCHEMA_VERSION:
            raise CompareError(f"{path}: unsupported orgsim sweep schema_version {version!r} "
                               f"(this script reads version {SCHEMA_VERSION}; re-make the "
                               f"sweep with the current orgsim)")
        if "runs" not in f:
            raise CompareError(f"{path}: no /runs table")
        ds = f["runs"]
        data = ds[()]
        status_map = h5py.check_enum_dtype(ds.dtype["status"]) or {"ok": 0, "failed": 1}
        status_label = {code: label for label, code in status_map.items()}
        columns = {}
        for name in ds.dtype.names:
            values = data[name]
            if name == "status":
                columns[name] = [status_label.get(int(v), f"code {int(v)}") for v in values]
            elif values.dtype.kind in "OSU":
                columns[name] = [_py(v) for v in values]
            else:
                columns[name] = values
        runs = pd.DataFrame(columns)
        if "policies" in f:
            policies = [_py(p) for p in f["policies"][()]]
        else:
            policies = list(dict.fromkeys(runs["policy"]))
        labels = {}
        if "policy_labels" in f:
            for policy, label in zip(policies, [_py(x) for x in f["policy_labels"][()]]):
                labels[policy] = label or policy
    missing = [name for name, _, _ in _SPEC if name not in runs.columns]
    if missing:
        raise CompareError(f"{path}: indicator column(s) {missing} missing from /runs")
    grid_keys = attrs.get("grid_keys") or []
    if isinstance(grid_keys, str):
        grid_keys = [grid_keys]
    missing = [k for k in grid_keys if k not in runs.columns]
    if missing:
        raise CompareError(f"{path}: grid key column(s) {missing} missing from /runs")
    runs["point"] = [point_label(row["policy"], [(k, row[k]) for k in grid_keys])
                     for _, row in runs.iterrows()]
    labels = {p: labels.get(p) or p for p in policies}
    return SweepIndex(folder=folder, name=str(attrs.get("name", "")), grid_keys=list(grid_keys),
                      policies=policies, runs=runs, attrs=attrs, labels=labels)


def _as_index(index):
    return index if isinstance(index, SweepIndex) else load_index(index)


def check_baseline(index, baseline):
    """Raises CompareError unless ``baseline`` is a policy of the sweep with a successful run."""
    if baseline not in index.policies:
        raise CompareError(f"baseline {baseline!r} is not a policy of sweep {index.name!r}; "
                           f"its policies are: {', '.join(index.policies)}")
    if not (index.ok["policy"] == baseline).any():
        raise CompareError(f"baseline {baseline!r} has no successful run in sweep "
                           f"{index.name!r}: nothing to compare with")


def indicator_values(runs):
    """The indicators of ``runs`` (rows of SweepIndex.runs) in the table's units: counts of the
    whole run divided by the run's ``years`` (PER_YEAR_INDICATORS), shares times 100
    (PERCENT_INDICATORS), the others as they are. incubation_rate (the index's incubated over
    the run divided by the organizations) is divided by the years too: the share of the
    organizations incubated in a year."""
    out = runs.copy()
    years = out["years"].astype(float) if "years" in out else pd.Series(1.0, index=out.index)
    years = years.where(years > 0, 1.0)
    for name in INDICATORS:
        values = out[name].astype(float)
        if name in PER_YEAR_INDICATORS or name == "incubation_rate":
            values = values / years
        if name in PERCENT_INDICATORS:
            values = values * 100.0
        out[name] = values
    return out


def _grid_cell(index, runs):
    keys = index.grid_keys
    return runs[keys].iloc[0] if keys else pd.Series(dtype=object)


def _baseline_runs(ok, baseline, keys, cell):
    base = ok[ok["policy"] == baseline]
    for key in keys:
        base = base[base[key] == cell[key]]
    return base


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
    index = _as_index(index)
    check_baseline(index, baseline)
    ok = indicator_values(index.ok)
    keys = index.grid_keys
    rows = []
    for point, runs in ok.groupby("point", sort=False):
        policy = runs["policy"].iloc[0]
        if policy == baseline:
            continue
        cell = _grid_cell(index, runs)
        base = _baseline_runs(ok, baseline, keys, cell)
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


def _grid_keys_of(table):
    return [c for c in table.columns if c not in COLUMNS]


def _labels_of(table, labels):
    if labels is not None:
        return labels
    found = dict(table.attrs.get("labels", {}))
    if "label" in table.columns:
        for policy, label in zip(table["policy"], table["label"]):
            found.setdefault(policy, label)
    return found


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


def _amount(x, indicator):
    """A magnitude for a sentence: yuan without decimals, effort with two, otherwise one
    decimal (two significant digits below 0.05)."""
    x = abs(x)
    if indicator == "allowance_total_yuan":
        return f"{x:,.0f}"
    if indicator == "leader_effort_mean":  # effort is about 1: hundredths matter
        return f"{x:.2f}" if x >= 0.005 or x == 0 else f"{x:.2g}"
    if x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.1f}" if x >= 0.05 or x == 0 else f"{x:.2g}"


# --- the table -------------------------------------------------------------------------------

def _width(text):
    """Columns a text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def format_table(table, baseline, labels=None):
    """The comparison as readable text: one block per point, the indicators that differ in at
    least one replication in full, then one line with those identical in every replication
    ("unchanged")."""
    lines = []
    keys = _grid_keys_of(table)
    labels = _labels_of(table, labels)
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


# --- plain language --------------------------------------------------------------------------

# How each indicator reads in a sentence, per language: (word when the difference is
# positive, word when negative, the clause with {amount}, {word} and {ci}, the indicator's
# name in a list). Amounts are in the table's units: shares in percentage points, counts per
# year (PER_YEAR_INDICATORS). The Chinese uses the project's glossary (shared/DOMAIN.md): 孵化,
# 群众满意率, 按时回音, 团区委, 补贴, 村社团组织, ... and each clause stands on its own (the clauses
# of a line are joined with "；", never with 和).
_PHRASES = {
    "incubated": {
        "en": ("more", "fewer", "incubates {amount} {word} organizations a year {ci}",
               "organizations incubated"),
        "zh": ("多", "少", "每年{word}孵化 {amount} 个社会组织{ci}", "孵化的社会组织数")},
    "denied": {
        "en": ("more", "fewer", "denies {amount} {word} organizations a year {ci}",
               "organizations denied"),
        "zh": ("多", "少", "每年不予孵化的社会组织{word} {amount} 个{ci}", "不予孵化的社会组织数")},
    "good_denied": {
        "en": ("more", "fewer", "denies {amount} {word} organizations a year that meet the "
               "standard {ci}", "organizations meeting the standard but denied"),
        "zh": ("多", "少", "每年被拒的达标社会组织{word} {amount} 个{ci}", "被拒的达标组织数")},
    "good_denied_share": {
        "en": ("more", "fewer", "denies {amount} percentage points {word} of the organizations "
               "that meet the standard {ci}", "share of organizations meeting the standard "
               "but denied"),
        "zh": ("高", "低", "达标社会组织被拒的比例{word} {amount} 个百分点{ci}", "达标组织被拒的比例")},
    "below_standard_incubated": {
        "en": ("more", "fewer", "incubates {amount} {word} organizations a year that fall "
               "below the standard {ci}", "organizations below the standard but incubated"),
        "zh": ("多", "少", "每年获孵化的未达标社会组织{word} {amount} 个{ci}", "获孵化的未达标组织数")},
    "below_standard_incubated_share": {
        "en": ("more", "fewer", "incubates {amount} percentage points {word} of the "
               "organizations below the standard {ci}", "share of organizations below the "
               "standard but incubated"),
        "zh": ("高", "低", "未达标社会组织获孵化的比例{word} {amount} 个百分点{ci}",
               "未达标组织获孵化的比例")},
    "not_enough_data": {
        "en": ("more", "fewer", "leaves {amount} {word} organizations a year undecided for "
               "want of data {ci}", "organizations without enough data"),
        "zh": ("多", "少", "每年因评价不足未作孵化决定的社会组织{word} {amount} 个{ci}",
               "评价不足的社会组织数")},
    "good_not_enough_data": {
        "en": ("more", "fewer", "leaves {amount} {word} organizations a year that meet the "
               "standard undecided for want of data {ci}", "organizations meeting the "
               "standard left undecided"),
        "zh": ("多", "少", "每年因评价不足未作决定的达标社会组织{word} {amount} 个{ci}",
               "评价不足的达标组织数")},
    "own_rule_wrongly_denied_share": {
        "en": ("more", "fewer", "by its own rule, denies {amount} percentage points {word} of "
               "the organizations that rule would pass on their true qualities {ci}",
               "good organizations denied, by its own rule"),
        "zh": ("高", "低", "按它自己的规则衡量，真实质量够线却被拒的社会组织比例{word} {amount} 个"
               "百分点{ci}", "按自身规则衡量的优质组织被拒比例")},
    "own_rule_wrongly_incubated_share": {
        "en": ("more", "fewer", "by its own rule, incubates {amount} percentage points {word} "
               "of the organizations that rule would fail on their true qualities {ci}",
               "poor organizations incubated, by its own rule"),
        "zh": ("高", "低", "按它自己的规则衡量，真实质量不够线却获孵化的社会组织比例{word} {amount} "
               "个百分点{ci}", "按自身规则衡量的非优质组织获孵化比例")},
    "mean_response_h": {
        "en": ("longer", "shorter", "takes {amount} hours {word} on average from an order to "
               "the end of its service {ci}", "mean response time"),
        "zh": ("长", "短", "点单从产生到服务完成的平均时间{word} {amount} 小时{ci}", "平均响应时间")},
    "mean_wait_incl_open_h": {
        "en": ("longer", "shorter", "makes orders wait {amount} hours {word} on average "
               "{ci}, an order still waiting counted until the run's end (censored)",
               "mean wait (orders still waiting counted until the run's end)"),
        "zh": ("长", "短", "点单平均等待时间（仍在等待的点单计到运行结束为止）{word} {amount} 小时"
               "{ci}", "平均等待时间（含仍在等待的点单）")},
    "still_waiting_at_end": {
        "en": ("more", "fewer", "leaves {amount} {word} orders still waiting for service at "
               "the run's end {ci}", "orders still waiting at the end"),
        "zh": ("多", "少", "运行结束时仍在等待服务的点单{word} {amount} 个{ci}", "结束时仍在等待的点单数")},
    "backlog_total": {
        "en": ("more", "fewer", "leaves {amount} {word} orders open at the run's end {ci}",
               "orders open at the end"),
        "zh": ("多", "少", "运行结束时未办结的点单{word} {amount} 个{ci}", "结束时未办结的点单数")},
    "backlog_committee": {
        "en": ("more", "fewer", "leaves {amount} {word} orders open with the district "
               "committee at the run's end {ci}", "the committee's orders open at the end"),
        "zh": ("多", "少", "运行结束时团区委未办结的点单{word} {amount} 个{ci}", "团区委未办结的点单数")},
    "escalated": {
        "en": ("more", "fewer", "has {amount} {word} orders a year escalated past the answer "
               "deadline {ci}", "orders escalated"),
        "zh": ("多", "少", "每年超时未回音而上报的点单{word} {amount} 个{ci}", "超时上报的点单数")},
    "answered_on_time_share": {
        "en": ("more", "fewer", "answers {amount} percentage points {word} of the orders on "
               "time {ci}", "orders answered on time"),
        "zh": ("高", "低", "按时回音的点单比例{word} {amount} 个百分点{ci}", "按时回音比例")},
    "satisfaction_rate": {
        "en": ("higher", "lower", "has a satisfaction rate {amount} percentage points {word} "
               "{ci}", "satisfaction rate"),
        "zh": ("高", "低", "群众满意率{word} {amount} 个百分点{ci}", "群众满意率")},
    "declined_orders": {
        "en": ("more", "fewer", "has {amount} {word} orders a year turned down by "
               "organizations {ci}", "orders declined"),
        "zh": ("多", "少", "每年被社会组织拒接的点单{word} {amount} 个{ci}", "被拒接的点单数")},
    "special_left_to_committee_share": {
        "en": ("more", "fewer", "leaves {amount} percentage points {word} of the special needs "
               "to the district committee {ci}", "special needs left to the committee"),
        "zh": ("高", "低", "留给团区委承接的特殊需求比例{word} {amount} 个百分点{ci}",
               "留给团区委的特殊需求比例")},
    "activities_held": {
        "en": ("more", "fewer", "has the branches hold {amount} {word} activities a year {ci}",
               "activities held"),
        "zh": ("多", "少", "村社团组织每年举办的活动{word} {amount} 场{ci}", "举办的活动数")},
    "activities_cancelled": {
        "en": ("more", "fewer", "has {amount} {word} activities a year cancelled for want of a "
               "venue or money {ci}", "activities cancelled"),
        "zh": ("多", "少", "每年因无阵地或无经费取消的活动{word} {amount} 场{ci}", "取消的活动数")},
    "youth_contacts": {
        "en": ("more", "fewer", "makes {amount} {word} contacts with young people a year {ci}",
               "youth contacts"),
        "zh": ("多", "少", "每年联系青年{word} {amount} 人次{ci}", "联系青年人次")},
    "leaders_gave_up": {
        "en": ("more", "fewer", "has {amount} {word} branch leaders giving up (at the lowest "
               "effort) in an average quarter {ci}", "leaders who gave up"),
        "zh": ("多", "少", "平均每季度放弃努力（投入降到最低）的兼职村社团组织负责人{word} {amount} 人"
               "{ci}", "放弃努力的负责人数")},
    "leader_effort_mean": {
        "en": ("more", "less", "gets {amount} {word} effort from branch leaders on average {ci}",
               "leaders' effort"),
        "zh": ("高", "低", "兼职村社团组织负责人的平均投入{word} {amount}{ci}", "负责人的平均投入")},
    "tier_noise_share": {
        "en": ("more", "fewer", "has {amount} percentage points {word} of the branches' tiers "
               "set by the inspectors' noise {ci}", "tiers changed by the inspectors' noise"),
        "zh": ("高", "低", "补贴档次因督查考核误差而改变的比例{word} {amount} 个百分点{ci}",
               "因考核误差改变的档次比例")},
    "allowance_total_yuan": {
        "en": ("more", "less", "pays {amount} yuan {word} a year in allowances {ci}",
               "allowances paid"),
        "zh": ("多", "少", "每年{word}发放工作补贴 {amount} 元{ci}", "发放的补贴")},
    "official_duty_h_mean": {
        "en": ("more", "fewer", "keeps each official {amount} {word} hours a year on duty {ci}",
               "officials' duty hours"),
        "zh": ("多", "少", "团干部人均每年{word}值班 {amount} 小时{ci}", "团干部的值班时长")},
    "warnings": {
        "en": ("more", "fewer", "has {amount} {word} queue warnings per run {ci}",
               "queue warnings"),
        "zh": ("多", "少", "每次运行的排队警告{word} {amount} 条{ci}", "排队警告数")},
}
# incubation_rate is said through the number of organizations incubated.
_NOT_SAID = ("incubation_rate",)

_INCUBATION_RATE_NAME = {"en": "incubation rate", "zh": "孵化率"}

# The frame of a plain-language line, per language.
_FRAMES = {
    "en": {"ci": "95% CI {low} to {high}",
           "same": "the same difference in every replication",
           "relative": "{relative}, {ci}",
           "percent": "{percent}",
           "times": "{times} times the baseline's",
           "clause_ci": "({ci})",
           "identical_many": "The other {count} indicators are identical in every "
                             "replication.",
           "head": "{point} against {baseline} ({n} paired replication{s}): ",
           "found_sep": "; ",
           "found_end": ".",
           "undetected": "Not statistically distinguishable from {baseline}: {items}.",
           "identical": "Identical in every replication: {items}.",
           "unknown": "Too few replications to tell: {items}.",
           "tradeoff": "Against the standard one error falls while the other rises: a "
                       "trade-off for the planner to weigh.",
           "nothing_found": "no difference that the replications can tell from chance.",
           "list": ", ",
           "nothing": "{point}: no replication with a successful run of both it and "
                      "{baseline}: nothing to compare.",
           "heading": "In plain language:"},
    "zh": {"ci": "95% 置信区间 {low} 至 {high}",
           "same": "每次重复的差值都相同",
           "relative": "{relative}，{ci}",
           "percent": "较基准 {percent}",
           "times": "为基准的 {times} 倍",
           "clause_ci": "（{ci}）",
           "identical_many": "其余 {count} 项指标在每次重复中都完全相同。",
           "head": "{point}与{baseline}相比（{n} 次配对重复）：",
           "found_sep": "；",
           "found_end": "。",
           "undetected": "以下指标与{baseline}差异不显著：{items}。",
           "identical": "以下指标在每次重复中都完全相同：{items}。",
           "unknown": "重复次数太少，无法判断：{items}。",
           "tradeoff": "对照固定标准，两类错误一降一升，此消彼长，如何取舍由规划者决定。",
           "nothing_found": "在统计上看不出差别。",
           "list": "、",
           "nothing": "{point}：没有它与{baseline}都成功运行的重复，无从比较。",
           "heading": "通俗说明："},
}
LANGUAGES = tuple(_FRAMES)


def _check_language(language):
    if language not in _FRAMES:
        raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")


def indicator_name(indicator, language="en"):
    """The indicator's name in a sentence or a list, in ``language``."""
    _check_language(language)
    if indicator in _PHRASES:
        return _PHRASES[indicator][language][3]
    if indicator == "incubation_rate":
        return _INCUBATION_RATE_NAME[language]
    return indicator


def plain_language(table, baseline, language="en", labels=None, standard=None):
    """One line per point for planners: ``{point} against {baseline} (n paired
    replications):`` then each indicator whose 95% CI excludes 0 as its own clause, with its
    size and CI (separated by "; ", in Chinese "；"); then the indicators whose CI contains 0
    ("not statistically distinguishable", "差异不显著"), those identical in every replication
    and, with one replication, those that cannot be judged. When both errors against the
    standard (good organizations denied, below-standard organizations incubated) move
    significantly in opposite directions, a sentence says it is a trade-off.

    Amounts are in the table's units (shares in percentage points, counts per year).
    incubation_rate is left out (it is incubated divided by the number of organizations).
    ``labels``: policy -> label (default: the table's). ``standard``: reference_standard's
    dict; when given, the first line says what the standard is (standard_line).
    ``language``: "en" or "zh" (the same numbers in the same order)."""
    _check_language(language)
    frame = _FRAMES[language]
    labels = _labels_of(table, labels)
    keys = _grid_keys_of(table)
    lines = [standard_line(standard, language)] if standard else []
    for point, rows in table.groupby("point", sort=False):
        rows = rows.set_index("indicator")
        n = int(rows["n"].iloc[0])
        grid = [(k, rows[k].iloc[0]) for k in keys]
        name = display_name(rows["policy"].iloc[0], labels, grid, language)
        base_label = display_name(baseline, labels, grid, language)
        if n == 0:
            lines.append(frame["nothing"].format(point=name, baseline=base_label))
            continue
        found, undetected, identical, unknown = [], [], [], []
        for indicator, phrases in _PHRASES.items():
            if indicator not in rows.index:
                continue
            pos, neg, template, label = phrases[language]
            r = rows.loc[indicator]
            if bool(r.identical):
                identical.append(label)
            elif math.isnan(r.ci_low):
                unknown.append(label)
            elif r.ci_low <= 0 <= r.ci_high:
                undetected.append(label)
            else:
                word = pos if r.mean_difference > 0 else neg
                # The CI excludes 0, so both bounds have the difference's sign: say it as
                # magnitudes in the direction of the word.
                lo, hi = sorted((abs(r.ci_low), abs(r.ci_high)))
                if indicator == "denied" and _mirrors_incubated(rows):
                    continue  # said by "incubates N more": every decision is one or the other
                if r.sd_difference == 0:
                    ci = frame["same"]
                else:
                    ci = frame["ci"].format(low=_amount(lo, indicator),
                                            high=_amount(hi, indicator))
                relative = _relative(r, indicator, frame)
                if relative:
                    ci = frame["relative"].format(relative=relative, ci=ci)
                found.append(template.format(amount=_amount(r.mean_difference, indicator),
                                             word=word, ci=frame["clause_ci"].format(ci=ci))
                             .strip())
        line = frame["head"].format(point=name, baseline=base_label, n=n,
                                    s="s" if n != 1 else "")
        line += (frame["found_sep"].join(found) + frame["found_end"]) if found \
            else frame["nothing_found"]
        sentences = []
        if _tradeoff(rows):
            sentences.append(frame["tradeoff"])
        for kind, items in (("undetected", undetected), ("identical", identical),
                            ("unknown", unknown)):
            if kind == "identical" and len(items) > MAX_LISTED:
                sentences.append(frame["identical_many"].format(count=len(items)))
            elif items:
                sentences.append(frame[kind].format(items=frame["list"].join(items),
                                                    baseline=base_label))
        sep = " " if language == "en" else ""
        lines.append(sep.join([line] + sentences))
    return "\n".join(lines)


def _relative(r, indicator, frame):
    """The difference relative to the baseline's mean, for indicators that are not shares and
    whose baseline mean is at least 1: "+32%" ("−63%", "+0.4%"), or "108 times the
    baseline's" beyond +1000%; None otherwise (and below 0.05%)."""
    if indicator in PERCENT_INDICATORS or not abs(r.baseline_mean) >= 1:
        return None
    relative = r.mean_difference / abs(r.baseline_mean) * 100
    if relative > 1000:
        return frame["times"].format(times=f"{r.policy_mean / r.baseline_mean:,.0f}")
    text = f"{relative:+.0f}%" if abs(relative) >= 1 else f"{relative:+.1f}%"
    if text in ("+0.0%", "-0.0%"):
        return None
    return frame["percent"].format(percent=text.replace("-", "−"))


def _mirrors_incubated(rows):
    """denied is minus incubated (nothing else moved between the decisions)."""
    try:
        inc, den, nod = rows.loc["incubated"], rows.loc["denied"], rows.loc["not_enough_data"]
    except KeyError:
        return False
    return bool(nod.identical) and math.isclose(den.mean_difference, -inc.mean_difference,
                                                rel_tol=1e-9, abs_tol=1e-12)


def _tradeoff(rows):
    """Both errors against the standard changed significantly, in opposite directions."""
    try:
        a, b = rows.loc["good_denied"], rows.loc["below_standard_incubated"]
    except KeyError:
        return False
    return bool(a.significant and b.significant
                and np.sign(a.mean_difference) != np.sign(b.mean_difference))


# --- the reference standard ------------------------------------------------------------------

def reference_standard(index):
    """The sweep's reference standard ([truth], the same for every run) from the first
    successful run's /config/params: dict threshold, combine, attraction_weight, waits; None
    when there is no successful run or its file has no truth.* parameters."""
    index = _as_index(index)
    for _, run in index.ok.iterrows():
        params = _params(index, run)
        if "truth.threshold" not in params:
            return None
        return {"threshold": float(params["truth.threshold"]),
                "combine": str(params.get("truth.combine", "both")),
                "attraction_weight": float(params.get("truth.attraction_weight", 0.5)),
                "waits": str(params.get("truth.waits", "excluded"))}
    return None


def standard_line(standard, language="en"):
    """One sentence saying what the reference standard is."""
    _check_language(language)
    pct = f"{standard['threshold'] * 100:g}%"
    w = standard["attraction_weight"]
    if language == "en":
        rule = {"both": f"both true qualities (attraction and satisfaction) at least {pct}",
                "mean": f"the mean of the two true qualities at least {pct}",
                "weighted": f"{w:g} × true attraction + {1 - w:g} × true satisfaction at least "
                            f"{pct}"}.get(standard["combine"], standard["combine"])
        waits = ("waits not counted" if standard["waits"] == "excluded"
                 else "as the public experienced them, waits counted")
        return (f"Every policy is judged against one fixed standard (the base scenario's "
                f"[truth]): an organization meets it with {rule} ({waits}).")
    rule = {"both": f"吸引、满意两项真实质量都不低于 {pct}",
            "mean": f"两项真实质量的平均不低于 {pct}",
            "weighted": f"{w:g}×真实吸引质量 + {1 - w:g}×真实满意质量不低于 {pct}"
            }.get(standard["combine"], standard["combine"])
    waits = "不计等待" if standard["waits"] == "excluded" else "按群众实际感受到的质量，计入等待"
    return f"所有政策都对照同一个固定标准（基础方案的 [truth]）：{rule}（{waits}）的社会组织算作达标。"


# --- run files: parameters, warnings ---------------------------------------------------------

def _params(index, run):
    """/config/params of a run (cached on the index)."""
    cache = index.__dict__.setdefault("_params_cache", {})
    path = index.run_path(run)
    if path not in cache:
        cache[path] = orgsim_results.meta(path)["params"]
    return cache[path]


def _assignee_names(ds):
    mapping = h5py.check_enum_dtype(ds.dtype["assignee"]) or {}
    return {code: name for name, code in mapping.items()}


def queue_warnings(index):
    """One row per queue warning of every successful run whose index row has warnings > 0:
    point, policy, replication, assignee (social_org, partner_unit, district_committee),
    orders, open_at_end, first_half_wait_h, second_half_wait_h, backlog and wait_growth
    (bool: which test fired), message (the run's English sentence). From the run files'
    /summary/warnings and /summary/warning_messages; a run with messages but no table gives
    rows with assignee "" and the message only."""
    index = _as_index(index)
    columns = ["point", "policy", "replication", "assignee", "orders", "open_at_end",
               "first_half_wait_h", "second_half_wait_h", "backlog", "wait_growth", "message"]
    rows = []
    for _, run in index.ok.iterrows():
        if not float(run.get("warnings", 0) or 0) > 0:
            continue
        with h5py.File(index.run_path(run), "r") as f:
            messages = ([_py(m) for m in f["summary/warning_messages"][()]]
                        if "summary/warning_messages" in f else [])
            table = f["summary/warnings"] if "summary/warnings" in f else None
            data = table[()] if table is not None else []
            names = _assignee_names(table) if table is not None else {}
        base = {"point": run["point"], "policy": run["policy"],
                "replication": int(run["replication"])}
        if len(data):
            for i, w in enumerate(data):
                rows.append(dict(base, assignee=names.get(int(w["assignee"]), str(w["assignee"])),
                                 orders=int(w["orders"]), open_at_end=int(w["open_at_end"]),
                                 first_half_wait_h=float(w["first_half_wait_h"]),
                                 second_half_wait_h=float(w["second_half_wait_h"]),
                                 backlog=bool(w["backlog"]), wait_growth=bool(w["wait_growth"]),
                                 message=messages[i] if i < len(messages) else ""))
        else:
            for message in messages:
                rows.append(dict(base, assignee="", orders=np.nan, open_at_end=np.nan,
                                 first_half_wait_h=np.nan, second_half_wait_h=np.nan,
                                 backlog=False, wait_growth=False, message=message))
    return pd.DataFrame(rows, columns=columns)


_QUEUE = {
    "en": {"social_org": ("the social organizations' queues do", "they", "their"),
           "partner_unit": ("the partner units' queues do", "they", "their"),
           "district_committee": ("the district committee's queue does", "it", "its"),
           "": ("a queue does", "it", "its")},
    "zh": {"social_org": "社会组织的队列", "partner_unit": "共建结对单位的队列",
           "district_committee": "团区委的队列", "": "有队列"},
}
_ASSIGNEE_ORDER = ["district_committee", "social_org", "partner_unit", ""]


def warning_lines(index, language="en", warnings=None):
    """One line per point (the baseline's too) whose runs carry queue warnings: per kind of
    assignee, in how many replications its queue does not settle and why, e.g.
    "protective-0.80: in 20 of 20 replications the district committee's queue does not
    settle (on average 62% of its 694 orders still open at the run's end; the orders it
    started in the run's second half had waited 2,472 h on average, against 804 h in the first
    half). This configuration's waits and rates depend on how long the run is." Means are
    over the replications with that warning. ``warnings``: queue_warnings(index)."""
    _check_language(language)
    index = _as_index(index)
    warnings = queue_warnings(index) if warnings is None else warnings
    lines = []
    if not len(warnings):
        return lines
    for point in _points_in_order(index):
        total = int((index.ok["point"] == point).sum())
        mine = warnings[warnings["point"] == point]
        if not len(mine):
            continue
        clauses = []
        for assignee in sorted(set(mine["assignee"]),
                               key=lambda a: (_ASSIGNEE_ORDER.index(a)
                                              if a in _ASSIGNEE_ORDER else 9, a)):
            w = mine[mine["assignee"] == assignee]
            k = w["replication"].nunique()
            queue = _QUEUE[language].get(assignee, _QUEUE[language][""])
            details = []
            if w["backlog"].any():
                b = w[w["backlog"]]
                share = float((b["open_at_end"] / b["orders"]).mean()) * 100
                orders = float(b["orders"].mean())
                details.append(
                    f"on average {share:.0f}% of {queue[2]} {orders:,.0f} orders still open at "
                    f"the run's end" if language == "en" else
                    f"平均 {orders:,.0f} 个点单中有 {share:.0f}% 在运行结束时仍未办结")
            if w["wait_growth"].any():
                g = w[w["wait_growth"]]
                first, second = g["first_half_wait_h"].mean(), g["second_half_wait_h"].mean()
                details.append(
                    f"the orders {queue[1]} started in the run's second half had waited "
                    f"{second:,.0f} h on average, against {first:,.0f} h in the first half"
                    if language == "en" else
                    f"下半程开始服务的点单平均已等了 {second:,.0f} 小时，上半程为 {first:,.0f} 小时")
            if language == "en":
                detail = f" ({'; '.join(details)})" if details else ""
                clauses.append(f"in {k} of {total} replications {queue[0]} not settle{detail}")
            else:
                detail = f"（{'；'.join(details)}）" if details else ""
                clauses.append(f"{queue}在 {total} 次重复中有 {k} 次没有稳定下来{detail}")
        name = index.display(point, language)
        if language == "en":
            lines.append(f"{name}: {'; '.join(clauses)}. This configuration's waits and rates "
                         f"depend on how long the run is.")
        else:
            lines.append(f"{name}：{'；'.join(clauses)}。这一配置的等待时间和各项比率取决于运行时长。")
    return lines


# --- what can differ: the rules that act only through people's responses ----------------------

# Parameters of a behaviour model: they act only when the model is not "fixed".
_MODEL_KEYS = {
    "leader": ("behaviour.adaptation_rate", "behaviour.effort_cost_yuan",
               "behaviour.effort_max", "behaviour.effort_min", "behaviour.points_per_effort",
               "behaviour.reference_allowance_yuan", "behaviour.score_uncertainty"),
    "organization": ("behaviour.protect_margin", "behaviour.decline_hit",
                     "behaviour.offers_per_order"),
    "public": ("behaviour.trust_memory", "behaviour.trust_max", "behaviour.trust_reference",
               "behaviour.ranking_pull"),
    "roster": ("behaviour.fatigue_window_days", "behaviour.fatigue_hours",
               "behaviour.fatigue_miss_slope", "behaviour.swap_share"),
}
# What may differ when only keys of a channel differ and its model is fixed.
_MAY_DIFFER = {
    "tiers": {"allowance_total_yuan", "tier_noise_share"},
    "incubation": {"incubated", "denied", "incubation_rate", "not_enough_data", "good_denied",
                   "good_denied_share", "below_standard_incubated",
                   "below_standard_incubated_share", "good_not_enough_data",
                   "own_rule_wrongly_denied_share", "own_rule_wrongly_incubated_share"},
    "model": set(),
    "succession": set(),
}
_IGNORED_KEYS = ("run.seed",)


def classify_key(key):
    """How a scenario key acts on a one-year run: "tiers" (tiers.*, inspection.*: through the
    leaders' effort only, behaviour.leader), "incubation" (incubation.*: on the year-end
    decisions directly, on anything else only through protective organizations,
    behaviour.organization, or through succession when run.years > 1), ("model", NAME) (a
    parameter of behaviour model NAME: acts only when that model is not fixed),
    "succession" (succession.*: only when run.years > 1), or "direct"."""
    if key.startswith("tiers.") or key.startswith("inspection."):
        return "tiers"
    if key.startswith("incubation."):
        return "incubation"
    if key.startswith("succession."):
        return "succession"
    for model, keys in _MODEL_KEYS.items():
        if key in keys:
            return ("model", model)
    return "direct"


def _inert(kind, point_params, base_params):
    """Whether a key of this kind cannot change what people do in these runs."""
    def fixed(model):
        return all(str(p.get(f"behaviour.{model}", "fixed")) == "fixed"
                   for p in (point_params, base_params))
    one_year = all(int(p.get("run.years", 1)) == 1 for p in (point_params, base_params))
    if kind == "tiers":
        return fixed("leader")
    if kind == "incubation":
        return fixed("organization") and one_year
    if kind == "succession":
        return one_year
    if isinstance(kind, tuple):
        return fixed(kind[1])
    return False


def _fmt_value(v):
    if isinstance(v, list):
        return ", ".join(_fmt_value(x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def response_notes(index, baseline, table=None):
    """For every point other than the baseline's: what differs from the baseline at the same
    grid cell in the runs' parameters (/config/params of the first successful replication of
    each; run.seed left out) and whether every difference acts only through a behaviour
    model that is fixed here. Returns a list of dicts: point, policy, display (per language:
    {"en": ..., "zh": ...}), baseline_display, keys (list of (key, value, baseline value)),
    kinds (set of "tiers", "incubation", "model", "succession" when every key is inert, else
    None: some key acts directly or through a model that responds), may_differ (the
    indicators these assumptions allow to differ), others_identical (True/False: every
    other indicator identical in every replication, from ``table``; None without a table),
    unexplained (the other indicators that differ)."""
    index = _as_index(index)
    check_baseline(index, baseline)
    ok = index.ok
    notes = []
    for point in _points_in_order(index):
        runs = ok[ok["point"] == point].sort_values("replication")
        policy = runs["policy"].iloc[0]
        if policy == baseline:
            continue
        cell = _grid_cell(index, runs)
        base = _baseline_runs(ok, baseline, index.grid_keys, cell).sort_values("replication")
        if not len(base):
            continue
        both = sorted(set(runs["replication"]) & set(base["replication"]))
        run = runs[runs["replication"] == both[0]].iloc[0] if both else runs.iloc[0]
        brun = base[base["replication"] == both[0]].iloc[0] if both else base.iloc[0]
        params, bparams = _params(index, run), _params(index, brun)
        keys = []
        for key in sorted(set(params) | set(bparams)):
            if key in _IGNORED_KEYS:
                continue
            a, b = params.get(key), bparams.get(key)
            if a != b:
                keys.append((key, a, b))
        kinds = set()
        for key, _, _ in keys:
            kind = classify_key(key)
            if not _inert(kind, params, bparams):
                kinds = None
                break
            kinds.add(kind if isinstance(kind, str) else "model")
        grid = [(k, cell[k]) for k in index.grid_keys]
        note = {"point": point, "policy": policy,
                "display": {lang: display_name(policy, index.labels, grid, lang)
                            for lang in LANGUAGES},
                "baseline_display": {lang: display_name(baseline, index.labels, grid, lang)
                                     for lang in LANGUAGES},
                "baseline": baseline, "labels": dict(index.labels),
                "keys": keys, "kinds": kinds, "may_differ": set(),
                "others_identical": None, "unexplained": [], "allowance_identical": None,
                "leader": str(params.get("behaviour.leader", "fixed")),
                "organization": str(params.get("behaviour.organization", "fixed")),
                "years": int(params.get("run.years", 1))}
        if kinds is not None:
            may = set().union(*[_MAY_DIFFER[k] for k in kinds]) if kinds else set()
            note["may_differ"] = may
            if table is not None:
                rows = table[table["point"] == point]
                other = rows[~rows["indicator"].isin(may)]
                differ = other[~other["identical"]]
                note["others_identical"] = bool(len(rows)) and not len(differ)
                note["unexplained"] = list(differ["indicator"])
                allowance = rows[rows["indicator"] == "allowance_total_yuan"]
                note["allowance_identical"] = (bool(len(allowance))
                                               and bool(allowance["identical"].iloc[0]))
        notes.append(note)
    return notes


_RESPONSE_TEXT = {
    "en": {
        "head.tiers": "under these assumptions nobody responds to the tiers; results differ "
                      "only in money paid",
        "head.tiers_same_money": "under these assumptions nobody responds to the tiers; "
                                 "results differ only in which branch gets which tier (the "
                                 "money paid in total is the same)",
        "head.incubation": "under these assumptions nobody responds to the incubation rule; "
                           "only the year-end decisions differ",
        "head.both": "under these assumptions nobody responds to the tiers or to the "
                     "incubation rule; results differ only in money paid and in the year-end "
                     "decisions",
        "head.model": "the parameters that differ belong to parts of the model that are "
                      "switched off here; the runs should be the same",
        "head.same": "it has exactly the baseline's parameters; the runs should be the same",
        "keys": "It differs from {baseline} only in {keys}.",
        "keys_plural": "They differ from {baseline} only in {keys}.",
        "value": "{key} = {value} (baseline: {baseline})",
        "same_cell": " at the same grid cell",
        "why.tiers": "Tiers and inspection scores can change what people do only through the "
                     "part-time leaders' effort, and here leaders do not respond "
                     "(behaviour.leader = fixed): nobody works more or less for a better tier. "
                     "So orders, waits, activities, youth contacts and votes stay the same; only "
                     "who gets which tier, and the allowance paid, can differ.",
        "why.incubation": "Within one year the incubation rule can change what people do only "
                          "through organizations that protect their rates, and here they do not "
                          "(behaviour.organization = fixed): nobody turns an order down to stay "
                          "above the line. So every order, wait and vote stays the same. The "
                          "decisions themselves can differ (who is incubated or denied, and "
                          "with them both errors against the standard); nothing else can. With "
                          "run.years > 1 a denial costs an organization support the next year "
                          "(succession), and then the rule changes the later years too.",
        "why.model": "They are parameters of a behaviour model that is fixed here, or of "
                     "succession, which acts only when run.years > 1.",
        "confirmed": "Confirmed by the data: every other indicator is identical in every "
                     "replication.",
        "unexplained": "Yet {names} differ as well, which these assumptions do not explain.",
        "pointer.tiers": "To let leaders respond, set [behaviour] leader = adaptive or "
                         "tournament (docs/MODEL.md §13).",
        "pointer.incubation": "To let organizations respond, set [behaviour] organization = "
                              "protective, or run.years > 1 (docs/MODEL.md §13).",
        "pointer.model": "See [behaviour] in docs/MODEL.md §13.",
        "list": ", ",
    },
    "zh": {
        "head.tiers": "在这些假设下，没有人对补贴档次作出反应；结果只在发放的补贴上不同",
        "head.tiers_same_money": "在这些假设下，没有人对补贴档次作出反应；结果只在哪个村社团组织"
                                 "得到哪一档上不同，补贴总额不变",
        "head.incubation": "在这些假设下，没有社会组织对孵化规则作出反应；不同的只有年末的孵化决定",
        "head.both": "在这些假设下，没有人对补贴档次或孵化规则作出反应；结果只在发放的补贴和年末的"
                     "孵化决定上不同",
        "head.model": "不同的参数属于这里没有启用的模型部分；各次运行应当完全相同",
        "head.same": "它的参数与基准完全相同；各次运行应当完全相同",
        "keys": "它与{baseline}只在 {keys} 上不同。",
        "keys_plural": "它们与{baseline}只在 {keys} 上不同。",
        "value": "{key} = {value}（基准为 {baseline}）",
        "same_cell": "（同一网格点）",
        "why.tiers": "补贴档次和考核评分只能通过兼职村社团组织负责人的投入来改变人的做法，而这里负责人"
                     "不作反应（behaviour.leader = fixed），没有人会为了更高的档次多干或少干。所以点单、"
                     "等待、活动、联系青年和评价都不变；能变的只有谁得到哪一档，以及发放多少补贴。",
        "why.incubation": "在一年之内，孵化规则只能通过社会组织保护自己的两率来改变人的做法，而这里社会"
                          "组织不这样做（behaviour.organization = fixed），没有组织会为了留在线上而拒"
                          "接点单。所以每个点单、等待和评价都不变。孵化决定本身会变：哪些组织获孵化、"
                          "哪些不予孵化，以及对照标准的两类错误；其他都不会变。若 run.years 大于 1，"
                          "不予孵化会让组织在下一年失去支持（退出或减员），规则就会影响以后的各年。",
        "why.model": "它们是这里固定不变的行为模型的参数，或是只在 run.years 大于 1 时才起作用的"
                     "退出与进入（succession）参数。",
        "confirmed": "数据证实了这一点：其他各项指标在每次重复中都完全相同。",
        "unexplained": "但{names}也有差别，这些假设解释不了。",
        "pointer.tiers": "若要让负责人作出反应，请在 [behaviour] 中设置 leader = adaptive 或 "
                         "tournament（见 docs/MODEL.md 第 13 节）。",
        "pointer.incubation": "若要让社会组织作出反应，请在 [behaviour] 中设置 organization = "
                              "protective，或设 run.years 大于 1（见 docs/MODEL.md 第 13 节）。",
        "pointer.model": "见 docs/MODEL.md 第 13 节的 [behaviour]。",
        "list": "、",
    },
}


def _head(note):
    kinds = note["kinds"]
    if not note["keys"]:
        return "head.same"
    if "tiers" in kinds and "incubation" in kinds:
        return "head.both"
    if "tiers" in kinds:
        return "head.tiers_same_money" if note.get("allowance_identical") else "head.tiers"
    if "incubation" in kinds:
        return "head.incubation"
    return "head.model"


def response_lines(notes, language="en", grid_keys=()):
    """One paragraph (a line) per group of points whose differences from the baseline are all
    inert (response_notes' kinds is not None) and that read alike: "{points}: under these
    assumptions nobody responds to the tiers; results differ only in money paid. They differ
    from {baseline} only in {keys}. Why. Confirmed by the data (or: what else differs).
    Where to let people respond ([behaviour])." A policy whose every grid cell is in the
    group is named once, without its grid values."""
    _check_language(language)
    text = _RESPONSE_TEXT[language]
    colon = ": " if language == "en" else "："
    stop = "." if language == "en" else "。"
    sep = " " if language == "en" else ""
    groups = {}
    cells = {}
    for note in notes:
        cells.setdefault(note["policy"], set()).add(note["point"])
        if note["kinds"] is None:
            continue
        key = (_head(note), tuple(sorted(note["kinds"])), note["others_identical"],
               tuple(note["unexplained"]))
        groups.setdefault(key, []).append(note)
    lines = []
    for (head, kinds, _, unexplained), members in groups.items():
        kinds = set(kinds)
        names = []
        for policy in dict.fromkeys(m["policy"] for m in members):
            mine = [m for m in members if m["policy"] == policy]
            if {m["point"] for m in mine} == cells[policy] and grid_keys:
                names.append(display_name(policy, mine[0]["labels"], (), language))
            else:
                names.extend(m["display"][language] for m in mine)
        base = display_name(members[0]["baseline"], members[0]["labels"], (), language)
        if grid_keys:
            base += text["same_cell"]
        if len(members) == 1:  # one point: its values beside the baseline's
            keys = text["list"].join(
                text["value"].format(key=k, value=_fmt_value(a), baseline=_fmt_value(b))
                for k, a, b in members[0]["keys"])
        else:
            keys = text["list"].join(dict.fromkeys(k for m in members
                                                   for k, _, _ in m["keys"]))
        plural = len(names) > 1
        parts = [text["list"].join(names) + colon + text[head] + stop]
        if keys:
            parts.append(text["keys_plural" if plural else "keys"].format(baseline=base,
                                                                          keys=keys))
        if "tiers" in kinds:
            parts.append(text["why.tiers"])
        if "incubation" in kinds:
            parts.append(text["why.incubation"])
        if kinds and not kinds & {"tiers", "incubation"}:
            parts.append(text["why.model"])
        if members[0]["others_identical"]:
            parts.append(text["confirmed"])
        elif unexplained:
            parts.append(text["unexplained"].format(
                names=text["list"].join(indicator_name(i, language) for i in unexplained)))
        for kind in ("tiers", "incubation"):
            if kind in kinds:
                parts.append(text["pointer." + kind])
        if kinds and not kinds & {"tiers", "incubation"}:
            parts.append(text["pointer.model"])
        lines.append(sep.join(parts))
    return lines


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

def _points_in_order(index):
    return list(dict.fromkeys(index.ok["point"]))


def tier_stability(index):
    """One row per successful run: point, policy, replication and tier_change_share, the
    share of (branch, consecutive quarters) pairs in which the branch's tier changed (from
    /quarterly/tier of the run file)."""
    index = _as_index(index)
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
    index = _as_index(index)
    frames = []
    for _, run in index.ok.iterrows():
        path = index.run_path(run)
        decisions = orgsim_results.incubations(path)
        params = _params(index, run)
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


def _mean_ci(values):
    """The mean of ``values`` and the half-width of its 95% interval (NaN when n < 2)."""
    ci = paired_stats.interval(values)
    return ci["mean"], ci["ci_high"] - ci["mean"]


# --- plots -----------------------------------------------------------------------------------

def _save(fig, out_dir, name):
    """Writes the figure as out_dir/name (PNG) and returns the path."""
    import matplotlib.pyplot as plt
    path = os.path.join(out_dir, name)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _cjk_font():
    """A font family that draws the policies' Chinese labels, or None (then the plots name
    the points by their ids). Uses report_fonts when it is there."""
    try:
        import report_fonts
        return report_fonts.find_cjk_font()
    except Exception:  # noqa: BLE001 - no font helper, no CJK labels
        return None


def _plot_names(index, points, baseline):
    """The points' names in the plots (a dict point -> name, the baseline policy's name under
    the key ``baseline``): labels when a CJK font can draw them (or they are plain ASCII),
    else the ids."""
    names = {p: index.display(p) for p in points}
    base = display_name(baseline, index.labels)
    if not all(name.isascii() for name in list(names.values()) + [base]):
        family = _cjk_font()
        if family is None:
            return dict(zip(points, points)) | {baseline: baseline}
        import matplotlib
        if family not in list(matplotlib.rcParams["font.family"]):
            matplotlib.rcParams["font.family"] = ["DejaVu Sans", family]
    return names | {baseline: base}


def make_plots(index, baseline, out_dir=None, stability=None, rates=None, table=None):
    """Writes three PNGs into ``out_dir`` (default FOLDER/plots) and returns their paths:
    forest.png (the paired difference policy - baseline of every indicator that differs in at
    least one replication: one panel per indicator, one row per point, the mean difference
    with its 95% CI, a zero line; a filled marker when the CI excludes 0, green when better,
    red when worse, blue without a better direction), organization_rates.png (each incubation
    decision's attraction vs satisfaction rate, every organization and year, every replication
    pooled, one panel per point, coloured by decision, with the policy's own incubation line
    (dashed) and the sweep's reference standard (solid red)), tier_stability.png (share of
    quarter-to-quarter tier changes per branch, mean over replications with its 95% CI)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    index = _as_index(index)
    out_dir = out_dir or os.path.join(index.folder, "plots")
    os.makedirs(out_dir, exist_ok=True)
    points = _points_in_order(index)
    names = _plot_names(index, points, baseline)
    ok = index.ok
    is_base = [ok[ok["point"] == p]["policy"].iloc[0] == baseline for p in points]
    colours = ["tab:grey" if b else "tab:blue" for b in is_base]
    written = []
    table = paired_comparison(index, baseline) if table is None else table

    written.append(_forest(plt, index, baseline, table, names, out_dir))

    # the two rates of the organizations, with the policy's rule and the reference standard
    rates = organization_rates(index) if rates is None else rates
    ncols = min(4, len(points))
    nrows = math.ceil(len(points) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.4 * ncols, 4.6 * nrows), squeeze=False,
                             layout="constrained")
    decision_colour = {"incubated": "tab:green", "denied": "tab:red",
                       "not_enough_data": "tab:grey"}
    # one scale for every panel, from a little below the lowest rate or line to 1
    low = 0.0
    if len(rates):
        lines = rates[["threshold", "truth_threshold"]].to_numpy(dtype=float).ravel()
        values = np.concatenate([rates["attraction_rate"].to_numpy(dtype=float),
                                 rates["satisfaction_rate"].to_numpy(dtype=float), lines])
        values = values[np.isfinite(values)]
        if len(values):
            low = max(0.0, math.floor((values.min() - 0.05) * 10) / 10)
    for ax, p in zip(axes.flat, points):
        sub = rates[rates["point"] == p] if len(rates) else rates
        for decision, colour in decision_colour.items():
            d = sub[sub["decision"] == decision] if len(sub) else sub
            ax.scatter(d["attraction_rate"] if len(d) else [], d["satisfaction_rate"]
                       if len(d) else [], s=10, alpha=0.5, color=colour,
                       label=f"{decision} ({len(d)})")
        if len(sub):
            truth = sub[["truth_threshold", "truth_combine", "truth_attraction_weight"]] \
                .drop_duplicates()
            for _, rule in truth.iterrows():
                _draw_rule(ax, rule["truth_threshold"], rule["truth_combine"],
                           rule["truth_attraction_weight"], standard=True)
            rules = sub[["threshold", "combine", "attraction_weight"]].drop_duplicates()
            for _, rule in rules.iterrows():
                _draw_rule(ax, rule["threshold"], rule["combine"], rule["attraction_weight"])
        ax.set_xlim(low, 1.02)
        ax.set_ylim(low, 1.02)
        ax.set_xlabel("attraction rate")
        ax.set_ylabel("satisfaction rate")
        ax.set_title("\n".join(textwrap.wrap(names[p], 38)), fontsize=9)
        ax.legend(fontsize=7, loc="lower left")
    for ax in list(axes.flat)[len(points):]:
        ax.axis("off")
    fig.suptitle(f"sweep {index.name}: the two rates of every organization and year, all "
                 f"replications\n(dashed: the policy's own incubation line; solid red: the "
                 f"reference standard, which judges the true qualities)", fontsize=10)
    written.append(_save(fig, out_dir, "organization_rates.png"))

    # tier stability
    stability = tier_stability(index) if stability is None else stability
    fig, ax = plt.subplots(figsize=(max(7, 0.8 * len(points) + 2), 5.5), layout="constrained")
    for i, p in enumerate(points):
        mean, half = _mean_ci(stability.loc[stability["point"] == p, "tier_change_share"])
        ax.bar(i, mean, color=colours[i], yerr=None if math.isnan(half) else half, capsize=4)
    ax.set_xticks(np.arange(len(points)))
    ax.set_xticklabels([names[p] for p in points], rotation=40, ha="right", fontsize=8)
    ax.set_ylabel("share of branches changing tier\nfrom one quarter to the next")
    ax.set_title(f"sweep {index.name}: tier stability\n(mean over replications, 95% CI; "
                 f"lower = more stable; grey: baseline)", fontsize=9)
    ax.grid(axis="y", alpha=0.3)
    written.append(_save(fig, out_dir, "tier_stability.png"))
    return written


def _forest(plt, index, baseline, table, names, out_dir):
    """forest.png: one panel per indicator that differs, one row per point."""
    from matplotlib.ticker import FuncFormatter
    changed = [i for i in INDICATORS
               if len(table) and not table.loc[table["indicator"] == i, "identical"].all()]
    points = list(dict.fromkeys(table["point"])) if len(table) else []
    if not changed or not points:
        fig, ax = plt.subplots(figsize=(8, 2.5))
        ax.axis("off")
        ax.text(0.5, 0.5, f"sweep {index.name}: no indicator differs from {baseline}\nin any "
                          f"replication", ha="center", va="center", fontsize=12)
        return _save(fig, out_dir, "forest.png")
    ncols = min(3, len(changed))
    nrows = math.ceil(len(changed) / ncols)
    row_h = 0.34 * len(points) + 1.5
    legend_h = 0.5
    fig = plt.figure(figsize=(5.2 * ncols + 2.5, row_h * nrows + legend_h + 1.0),
                     layout="constrained")
    grid = fig.add_gridspec(nrows + 1, ncols, height_ratios=[row_h] * nrows + [legend_h])
    axes = np.empty((nrows, ncols), dtype=object)
    for i in range(nrows):
        for j in range(ncols):
            axes[i, j] = fig.add_subplot(grid[i, j], sharey=axes[0, 0] if i or j else None)
    legend_ax = fig.add_subplot(grid[nrows, :])
    legend_ax.axis("off")
    y = np.arange(len(points))[::-1]
    for ax, indicator in zip(axes.flat, changed):
        rows = table[table["indicator"] == indicator].set_index("point")
        better = INDICATORS[indicator]
        for yi, p in zip(y, points):
            if p not in rows.index:
                continue
            r = rows.loc[p]
            if bool(r.identical):
                ax.plot(0, yi, marker="x", color="tab:grey", markersize=7)
                continue
            mean, low, high = r.mean_difference, r.ci_low, r.ci_high
            if r.significant:
                good = (mean > 0) == (better == "higher")
                colour = "tab:blue" if better == "n/a" else ("tab:green" if good else "tab:red")
                face = colour
            else:
                colour, face = "tab:grey", "white"
            if not math.isnan(low):
                ax.hlines(yi, low, high, color=colour, linewidth=2)
            ax.plot(mean, yi, "o", color=colour, markerfacecolor=face, markersize=7)
        ax.axvline(0, color="black", linewidth=1)
        unit = "percentage points" if indicator in PERCENT_INDICATORS else UNITS[indicator]
        direction = "" if better == "n/a" else f"; {better} is better"
        title = f"{indicator_name(indicator)} ({unit}{direction})"
        ax.set_title("\n".join(textwrap.wrap(title, 44)), fontsize=9)
        ax.grid(axis="x", alpha=0.3)
        ax.tick_params(axis="x", labelsize=8)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1000
                                                   else f"{v:g}"))
        ax.set_ylim(-0.7, len(points) - 0.3)
    axes[0, 0].set_yticks(y)
    axes[0, 0].set_yticklabels(["\n".join(textwrap.wrap(names.get(p, p), 34)) for p in points],
                               fontsize=8)
    for (i, j), ax in np.ndenumerate(axes):
        ax.tick_params(axis="y", labelsize=8, labelleft=(j == 0))
    for ax in list(axes.flat)[len(changed):]:
        ax.axis("off")
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], marker="o", color="tab:green", linestyle="-",
                      label="better, 95% CI excludes 0"),
               Line2D([], [], marker="o", color="tab:red", linestyle="-",
                      label="worse, 95% CI excludes 0"),
               Line2D([], [], marker="o", color="tab:blue", linestyle="-",
                      label="no better direction, 95% CI excludes 0"),
               Line2D([], [], marker="o", color="tab:grey", markerfacecolor="white",
                      linestyle="-", label="not significant"),
               Line2D([], [], marker="x", color="tab:grey", linestyle="none", markersize=7,
                      label="identical in every replication")]
    legend_ax.legend(handles=handles, loc="center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle(f"sweep {index.name}: paired difference policy − {names.get(baseline, baseline)}"
                 f" per replication, mean with 95% CI\n(indicators identical in every "
                 f"replication at every point are left out)", fontsize=10)
    return _save(fig, out_dir, "forest.png")


def _draw_rule(ax, threshold, combine, weight, standard=False):
    """An incubation line: both rates >= t (two lines), their mean >= t, or
    w * attraction + (1 - w) * satisfaction >= t. ``standard``: the reference standard (solid
    red) rather than a policy's own rule (dashed black)."""
    if math.isnan(threshold):
        return
    if standard:
        style = dict(color="tab:red", linestyle="-", linewidth=1.4, alpha=0.8)
        label = f"standard {threshold:g} ({combine}, true qualities)"
    else:
        style = dict(color="black", linestyle="--", linewidth=1)
        label = f"own rule {threshold:g} ({combine})"
    if combine == "both":
        ax.axvline(threshold, label=label, **style)
        ax.axhline(threshold, **style)
        return
    w = 0.5 if combine == "mean" else weight
    xs = np.linspace(0, 1.02, 50)
    if w >= 1:
        ax.axvline(threshold, label=label, **style)
    else:
        ax.plot(xs, (threshold - w * xs) / (1 - w), label=label, **style)


# --- command line ----------------------------------------------------------------------------

_READ_FIRST = {"en": "Read first:", "zh": "先读这里："}


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
    print(_FRAMES[lang]["heading"])
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
        points = _points_in_order(index)
        names = {p: index.display(p, lang) for p in points}
        width = max(_width(n) for n in names.values())
        for p in points:
            mean, half = _mean_ci(stability.loc[stability["point"] == p, "tier_change_share"])
            pad = " " * (width - _width(names[p]))
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
