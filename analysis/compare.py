#!/usr/bin/python3
"""Compare the policies of an orgsim sweep with a baseline policy, paired by replication.

    /usr/bin/python3 analysis/compare.py FOLDER --baseline POLICY [--no-plots] [--csv FILE]
                                         [--lang en|zh]

FOLDER is what ``orgsim sweep SWEEP.ini -o FOLDER`` wrote (docs/SWEEPS.md): ``sweep.h5``, the
index with one row per run, and ``runs/<run_id>.h5``, the run files (docs/RESULTS.md).

A *point* is a policy at one cell of the sweep's grid (the ``[vary]`` keys; without a grid a
point is just a policy). Each point is compared with the baseline policy at the same grid
cell. Replication r of every policy has the same seed and the same exogenous random streams
(common random numbers), so the comparison is paired: for every indicator the difference
policy - baseline is taken within each replication, and the mean difference, its 95%
confidence interval (Student t, n - 1 degrees of freedom, from the paired differences) and
``p_better`` are computed from those n differences.

``p_better`` is the share of replications in which the policy is strictly better than the
baseline (higher is better for incubated, incubation_rate, satisfaction_rate,
answered_on_time_share and leader_effort_mean; lower is better for mean_response_h,
wrongly_denied_share, wrongly_incubated_share, not_enough_data, declined_orders,
special_left_to_committee_share and tier_noise_share). A tie
counts as not better: ``p_worse`` is the share in which it is strictly worse, and
1 - p_better - p_worse is the share of ties. allowance_total_yuan and official_duty_h_mean
have no better direction (paying more or asking more hours is a choice, not an
improvement): their p_better is NaN in the DataFrame and "n/a" in the table and the CSV.

Importable: ``load_index(folder)``, ``paired_comparison(index, baseline)``,
``plain_language(table, baseline, language="en")`` (``"zh"``: the same sentences in Chinese,
with the same numbers), ``tier_stability(index)``,
``organization_rates(index)``, ``make_plots(index, baseline)``.

Use Debian's /usr/bin/python3 (h5py, pandas, scipy, matplotlib).
"""

import argparse
import math
import os
import signal
import sys
from dataclasses import dataclass, field

import h5py
import numpy as np
import pandas as pd
from scipy import stats

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import orgsim_results  # noqa: E402  (the run-file reader, next to this file)

SCHEMA = "orgsim-sweep"
SCHEMA_VERSION = 2
CONFIDENCE = 0.95

# Headline indicators of the index, in the order they are reported, with the direction in
# which they are better ("higher", "lower", or "n/a": no better direction).
INDICATORS = {
    "incubated": "higher",
    "incubation_rate": "higher",
    "wrongly_denied_share": "lower",
    "wrongly_incubated_share": "lower",
    "not_enough_data": "lower",
    "satisfaction_rate": "higher",
    "answered_on_time_share": "higher",
    "mean_response_h": "lower",
    "declined_orders": "lower",
    "special_left_to_committee_share": "lower",
    "tier_noise_share": "lower",
    "leader_effort_mean": "higher",
    "allowance_total_yuan": "n/a",
    "official_duty_h_mean": "n/a",
}

COLUMNS = ["point", "policy", "indicator", "better", "policy_mean", "baseline_mean",
           "mean_difference", "sd_difference", "ci_low", "ci_high", "n", "p_better",
           "p_worse"]

__all__ = ["SweepIndex", "CompareError", "load_index", "paired_comparison", "plain_language",
           "format_table", "tier_stability", "organization_rates", "make_plots", "main",
           "INDICATORS", "LANGUAGES"]


class CompareError(ValueError):
    """The folder is not a usable orgsim sweep, or the baseline is not one of its policies."""


@dataclass
class SweepIndex:
    """A sweep's index (FOLDER/sweep.h5).

    ``runs``: one row per run (every run, ok or failed) with run_id, policy, file (relative to
    the folder), fingerprint, error, one str column per grid key, replication, seed, the
    headline indicators, status ("ok" or "failed") and point (the policy with its grid values,
    e.g. ``three-tiers [inspection.visit_noise_sd=3]``).
    """
    folder: str
    name: str
    grid_keys: list
    policies: list
    runs: pd.DataFrame
    attrs: dict = field(default_factory=dict)

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


# An HDF5 value as plain Python (str, int, float, list): the run-file reader's helper.
_py = orgsim_results._py


def point_label(policy, grid_values):
    """``policy`` or ``policy [key=value, ...]`` for a sweep with a grid."""
    if not grid_values:
        return policy
    return policy + " [" + ", ".join(f"{k}={v}" for k, v in grid_values) + "]"


def load_index(folder):
    """Reads FOLDER/sweep.h5 into a SweepIndex (strings decoded to str, status as "ok" or
    "failed"). Raises FileNotFoundError when the folder or the index is missing and
    CompareError when the file is not an orgsim sweep index of schema version 1."""
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
                               f"(this script reads version {SCHEMA_VERSION})")
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
    grid_keys = attrs.get("grid_keys") or []
    if isinstance(grid_keys, str):
        grid_keys = [grid_keys]
    missing = [k for k in grid_keys if k not in runs.columns]
    if missing:
        raise CompareError(f"{path}: grid key column(s) {missing} missing from /runs")
    runs["point"] = [point_label(row["policy"], [(k, row[k]) for k in grid_keys])
                     for _, row in runs.iterrows()]
    return SweepIndex(folder=folder, name=str(attrs.get("name", "")), grid_keys=list(grid_keys),
                      policies=policies, runs=runs, attrs=attrs)


def _as_index(index):
    return index if isinstance(index, SweepIndex) else load_index(index)


def _check_baseline(index, baseline):
    if baseline not in index.policies:
        raise CompareError(f"baseline {baseline!r} is not a policy of sweep {index.name!r}; "
                           f"its policies are: {', '.join(index.policies)}")
    if not (index.ok["policy"] == baseline).any():
        raise CompareError(f"baseline {baseline!r} has no successful run in sweep "
                           f"{index.name!r}: nothing to compare with")


def paired_comparison(index, baseline):
    """Compares every point other than the baseline's with the baseline at the same grid
    cell, over the replications both have a successful run of (failed runs are left out).

    ``index``: a SweepIndex or a sweep folder. Returns a DataFrame with one row per
    (point, indicator), points in the sweep's order and indicators in INDICATORS' order:
    point, policy, one column per grid key, indicator, better ("higher", "lower", "n/a"),
    policy_mean and baseline_mean (over the paired replications), mean_difference (mean of
    policy - baseline within each replication), sd_difference (their sample sd), ci_low and
    ci_high (95% Student-t interval of the mean difference, n - 1 df; [0, 0] when every
    difference is 0; NaN when n < 2 otherwise), n (paired replications), p_better and p_worse
    (share of replications in which the policy is strictly better / worse; NaN when the
    indicator has no better direction).
    """
    index = _as_index(index)
    _check_baseline(index, baseline)
    ok = index.ok
    keys = index.grid_keys
    rows = []
    for point, runs in ok.groupby("point", sort=False):
        policy = runs["policy"].iloc[0]
        if policy == baseline:
            continue
        cell = runs[keys].iloc[0] if keys else pd.Series(dtype=object)
        base = ok[ok["policy"] == baseline]
        for key in keys:
            base = base[base[key] == cell[key]]
        paired = runs.merge(base, on="replication", suffixes=("", "_baseline"))
        paired = paired.sort_values("replication")
        n = len(paired)
        for indicator, better in INDICATORS.items():
            x = paired[indicator].to_numpy(dtype=float)
            y = paired[indicator + "_baseline"].to_numpy(dtype=float)
            d = x - y
            row = {"point": point, "policy": policy}
            row.update({key: cell[key] for key in keys})
            row.update(indicator=indicator, better=better, n=n)
            if n == 0:
                row.update(policy_mean=np.nan, baseline_mean=np.nan, mean_difference=np.nan,
                           sd_difference=np.nan, ci_low=np.nan, ci_high=np.nan,
                           p_better=np.nan, p_worse=np.nan)
                rows.append(row)
                continue
            mean = d.mean()
            sd = d.std(ddof=1) if n >= 2 else np.nan
            if np.all(d == 0):
                low = high = 0.0
                sd = 0.0 if n >= 2 else sd
            elif n >= 2:
                half = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * sd / math.sqrt(n)
                low, high = mean - half, mean + half
            else:
                low = high = np.nan
            if better == "higher":
                p_better, p_worse = np.mean(d > 0), np.mean(d < 0)
            elif better == "lower":
                p_better, p_worse = np.mean(d < 0), np.mean(d > 0)
            else:
                p_better = p_worse = np.nan
            row.update(policy_mean=x.mean(), baseline_mean=y.mean(), mean_difference=mean,
                       sd_difference=sd, ci_low=low, ci_high=high,
                       p_better=p_better, p_worse=p_worse)
            rows.append(row)
    columns = COLUMNS[:2] + keys + COLUMNS[2:]
    table = pd.DataFrame(rows, columns=columns)
    table["n"] = table["n"].astype(int)
    return table


# --- printing --------------------------------------------------------------------------------

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


def format_table(table, baseline):
    """The comparison as readable text: one block per point."""
    lines = []
    keys = [c for c in table.columns if c not in COLUMNS]  # the grid keys
    width = max([24] + [len(i) + 1 for i in table["indicator"]])
    header = (f"  {'indicator':<{width}}{'better':>7}{'policy':>12}{'baseline':>12}"
              f"{'difference':>12}   {'95% CI of the difference':<26}{'p_better':>9}"
              f"{'p_worse':>8}")
    for point, rows in table.groupby("point", sort=False):
        n = int(rows["n"].iloc[0])
        # with a grid: the baseline at the same grid cell
        base_label = point_label(baseline, [(k, rows[k].iloc[0]) for k in keys])
        lines.append(f"{point} vs {base_label} ({n} paired replication{'s' if n != 1 else ''})")
        lines.append(header)
        for _, r in rows.iterrows():
            ci = f"{_num(r.ci_low)} to {_num(r.ci_high)}"
            lines.append(f"  {r.indicator:<{width}}{r.better:>7}{_num(r.policy_mean):>12}"
                         f"{_num(r.baseline_mean):>12}{_num(r.mean_difference):>12}   "
                         f"{ci:<26}{_share(r.p_better):>9}{_share(r.p_worse):>8}")
        lines.append("")
    return "\n".join(lines)


# How each indicator reads in a sentence: the scale of the difference (100: a share said in
# percentage points), then per language (word when it is positive, word when it is negative,
# template with {amount}, {word} and {ci}, the indicator's name in a list). The Chinese uses
# the project's glossary (shared/DOMAIN.md): 孵化, 群众满意率, 按时回音, 团区委, 补贴, ...
_PHRASES = {
    "incubated": (1, {
        "en": ("more", "fewer", "incubates {amount} {word} organizations {ci}",
               "organizations incubated"),
        "zh": ("多", "少", "{word}孵化 {amount} 个社会组织{ci}", "孵化的社会组织数")}),
    "wrongly_denied_share": (100, {
        "en": ("more", "fewer", "denies {amount} percentage points {word} of the truly good "
               "organizations {ci}", "truly good organizations denied"),
        "zh": ("高", "低", "真正优质的社会组织不予孵化的比例{word} {amount} 个百分点{ci}",
               "优质组织不予孵化的比例")}),
    "wrongly_incubated_share": (100, {
        "en": ("more", "fewer", "incubates {amount} percentage points {word} of the "
               "organizations that are not truly good {ci}", "organizations wrongly incubated"),
        "zh": ("高", "低", "并非真正优质的社会组织获孵化的比例{word} {amount} 个百分点{ci}",
               "非优质组织获孵化的比例")}),
    "not_enough_data": (1, {
        "en": ("more", "fewer", "leaves {amount} {word} organizations undecided for want of "
               "data {ci}", "organizations without enough data"),
        "zh": ("多", "少", "因评价不足未作孵化决定的社会组织{word} {amount} 个{ci}",
               "评价不足的社会组织数")}),
    "satisfaction_rate": (100, {
        "en": ("higher", "lower", "has a satisfaction rate {amount} percentage points {word} "
               "{ci}", "satisfaction rate"),
        "zh": ("高", "低", "群众满意率{word} {amount} 个百分点{ci}", "群众满意率")}),
    "answered_on_time_share": (100, {
        "en": ("more", "fewer", "answers {amount} percentage points {word} of the orders on "
               "time {ci}", "orders answered on time"),
        "zh": ("高", "低", "按时回音的点单比例{word} {amount} 个百分点{ci}", "按时回音比例")}),
    "mean_response_h": (1, {
        "en": ("slower", "faster", "responds {amount} hours {word} on average {ci}",
               "mean response time"),
        "zh": ("长", "短", "点单平均响应时间{word} {amount} 小时{ci}", "平均响应时间")}),
    "declined_orders": (1, {
        "en": ("more", "fewer", "has {amount} {word} orders turned down by organizations {ci}",
               "orders declined"),
        "zh": ("多", "少", "被社会组织拒接的点单{word} {amount} 个{ci}", "被拒接的点单数")}),
    "special_left_to_committee_share": (100, {
        "en": ("more", "fewer", "leaves {amount} percentage points {word} of the special "
               "orders to the district committee {ci}", "special orders left to the committee"),
        "zh": ("高", "低", "留给团区委承接的特殊需求比例{word} {amount} 个百分点{ci}",
               "留给团区委的特殊需求比例")}),
    "tier_noise_share": (100, {
        "en": ("more", "fewer", "has {amount} percentage points {word} of the branches' tiers "
               "set by the inspectors' noise {ci}", "tiers changed by noise"),
        "zh": ("高", "低", "补贴档次因督查考核误差而改变的村社团组织比例{word} {amount} 个百分点"
               "{ci}", "因考核误差改变的档次")}),
    "leader_effort_mean": (1, {
        "en": ("more", "less", "gets {amount} {word} effort from branch leaders on average {ci}",
               "leaders' effort"),
        "zh": ("高", "低", "兼职村社团组织负责人的平均投入{word} {amount}{ci}", "负责人的投入")}),
    "allowance_total_yuan": (1, {
        "en": ("more", "less", "pays {amount} yuan {word} in allowances {ci}", "allowances paid"),
        "zh": ("多", "少", "{word}发放工作补贴 {amount} 元{ci}", "发放的补贴")}),
    "official_duty_h_mean": (1, {
        "en": ("more", "fewer", "keeps officials {amount} {word} hours on duty {ci}",
               "officials' duty hours"),
        "zh": ("多", "少", "团干部平均{word}值班 {amount} 小时{ci}", "团干部的值班时长")}),
}

# The frame of a plain-language line, per language: the interval, the four kinds of parts
# ({items}: a list of phrases or names, joined with "list" and, before the last, "last"), the
# separator of the parts, the whole line, and the line of a point with nothing to compare.
_FRAMES = {
    "en": {"ci": "(95% CI {low} to {high})",
           "found": "{items} than {baseline}",
           "undetected": "no detectable difference from {baseline} in {items}",
           "identical": "identical in every replication in {items}",
           "unknown": "too few replications to tell for {items}",
           "list": ", ", "last": " and ", "parts": "; ",
           "line": "{point} ({n} paired replication{s}): {parts}.",
           "nothing": "{point}: no replication with a successful run of both it and "
                      "{baseline}: nothing to compare.",
           "heading": "In plain language:"},
    "zh": {"ci": "（95% 置信区间 {low} 至 {high}）",
           "found": "比 {baseline} {items}",
           "undetected": "与 {baseline} 相比，{items}没有可检测的差异",
           "identical": "{items}在每次重复中都完全相同",
           "unknown": "重复次数太少，无法判断{items}",
           "list": "、", "last": "和", "parts": "；",
           "line": "{point}（{n} 次配对重复）：{parts}。",
           "nothing": "{point}：没有它与 {baseline} 都成功运行的重复，无从比较。",
           "heading": "通俗说明："},
}
LANGUAGES = tuple(_FRAMES)


def _amount(x, indicator):
    """A magnitude for a sentence: yuan without decimals, otherwise one decimal (two
    significant digits below 0.05)."""
    x = abs(x)
    if indicator == "allowance_total_yuan":
        return f"{x:,.0f}"
    if indicator == "leader_effort_mean":  # effort is about 1: hundredths matter
        return f"{x:.2f}" if x >= 0.005 or x == 0 else f"{x:.2g}"
    return f"{x:.1f}" if x >= 0.05 or x == 0 else f"{x:.2g}"


def plain_language(table, baseline, language="en"):
    """One sentence per point for planners: each indicator whose 95% CI excludes 0 with its
    size and CI, then those with no detectable difference (CI contains 0), then those that
    were identical in every replication. incubation_rate is left out (it is incubated
    divided by the number of organizations). Shares are said in percentage points.
    ``language``: "en" or "zh" (the same sentences, the same numbers; see _PHRASES and
    _FRAMES)."""
    if language not in _FRAMES:
        raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")
    frame = _FRAMES[language]
    lines = []
    keys = [c for c in table.columns if c not in COLUMNS]
    for point, rows in table.groupby("point", sort=False):
        rows = rows.set_index("indicator")
        n = int(rows["n"].iloc[0])
        base_label = point_label(baseline, [(k, rows[k].iloc[0]) for k in keys])
        if n == 0:
            lines.append(frame["nothing"].format(point=point, baseline=base_label))
            continue
        found, undetected, identical, unknown = [], [], [], []
        for indicator, (scale, phrases) in _PHRASES.items():
            pos, neg, template, name = phrases[language]
            r = rows.loc[indicator]
            if r.ci_low == 0 and r.ci_high == 0 and r.mean_difference == 0:
                identical.append(name)
            elif math.isnan(r.ci_low):
                unknown.append(name)
            elif r.ci_low <= 0 <= r.ci_high:
                undetected.append(name)
            else:
                word = pos if r.mean_difference > 0 else neg
                # The CI excludes 0, so both bounds have the difference's sign: say it as
                # magnitudes in the direction of the word.
                lo, hi = sorted((abs(r.ci_low) * scale, abs(r.ci_high) * scale))
                ci = frame["ci"].format(low=_amount(lo, indicator), high=_amount(hi, indicator))
                found.append(template.format(amount=_amount(r.mean_difference * scale,
                                                            indicator), word=word, ci=ci))
        parts = [frame[kind].format(items=_join(items, frame), baseline=base_label)
                 for kind, items in (("found", found), ("undetected", undetected),
                                     ("identical", identical), ("unknown", unknown))
                 if items]
        lines.append(frame["line"].format(point=point, n=n, s="s" if n != 1 else "",
                                          parts=frame["parts"].join(parts)))
    return "\n".join(lines)


def _join(items, frame):
    """``a``, ``a and b``, ``a, b and c`` (in the frame's language)."""
    if len(items) <= 1:
        return "".join(items)
    return frame["list"].join(items[:-1]) + frame["last"] + items[-1]


def write_csv(table, path):
    """The table as CSV, one row per point x indicator; p_better and p_worse are "n/a" for
    indicators without a better direction."""
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
    point, policy, replication, year, attraction_rate, satisfaction_rate, decision, and the
    run's incubation rule (threshold, combine, attraction_weight from /config/params)."""
    index = _as_index(index)
    frames = []
    for _, run in index.ok.iterrows():
        path = index.run_path(run)
        decisions = orgsim_results.incubations(path)
        params = orgsim_results.meta(path)["params"]
        frame = decisions[["year", "attraction_rate", "satisfaction_rate"]].copy()
        frame["decision"] = decisions["decision"].astype(str)
        frame["point"] = run["point"]
        frame["policy"] = run["policy"]
        frame["replication"] = run["replication"]
        frame["threshold"] = float(params.get("incubation.threshold", np.nan))
        frame["combine"] = str(params.get("incubation.combine", "both"))
        frame["attraction_weight"] = float(params.get("incubation.attraction_weight", 0.5))
        frames.append(frame)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def _mean_ci(values):
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return np.nan, np.nan
    mean = values.mean()
    if n < 2:
        return mean, np.nan
    half = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * values.std(ddof=1) / math.sqrt(n)
    return mean, half


# --- plots -----------------------------------------------------------------------------------

def _save(fig, out_dir, name):
    """Lays the figure out, writes it as out_dir/name (PNG) and returns the path."""
    import matplotlib.pyplot as plt
    fig.tight_layout()
    path = os.path.join(out_dir, name)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def make_plots(index, baseline, out_dir=None, stability=None, rates=None):
    """Writes three PNGs into ``out_dir`` (default FOLDER/plots) and returns their paths:
    indicators.png (each headline indicator by point: mean over replications with its 95%
    CI), organization_rates.png (each incubation decision's attraction vs satisfaction rate,
    every organization and year, every replication pooled, one panel per point, coloured by
    decision, with the run's incubation line), tier_stability.png (share of
    quarter-to-quarter tier changes per branch, mean over replications with its 95% CI)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    index = _as_index(index)
    out_dir = out_dir or os.path.join(index.folder, "plots")
    os.makedirs(out_dir, exist_ok=True)
    points = _points_in_order(index)
    ok = index.ok
    is_base = [ok[ok["point"] == p]["policy"].iloc[0] == baseline for p in points]
    colours = ["tab:grey" if b else "tab:blue" for b in is_base]
    written = []

    # (1) every indicator by point
    indicators = list(INDICATORS)
    ncols = 4
    nrows = math.ceil(len(indicators) / ncols)
    width = max(12, 0.5 * len(points) * ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, 4.2 * nrows), squeeze=False)
    x = np.arange(len(points))
    for ax, indicator in zip(axes.flat, indicators):
        for i, p in enumerate(points):
            mean, half = _mean_ci(ok.loc[ok["point"] == p, indicator])
            ax.errorbar(i, mean, yerr=0 if math.isnan(half) else half, fmt="o",
                        color=colours[i], capsize=4)
        ax.set_title(f"{indicator} ({INDICATORS[indicator]} is better)"
                     if INDICATORS[indicator] != "n/a" else indicator, fontsize=9)
        ax.set_xticks(x)
        ax.set_xlim(-0.6, len(points) - 0.4)
        ax.set_xticklabels(points, rotation=40, ha="right", fontsize=7)
        ax.grid(axis="y", alpha=0.3)
    for ax in list(axes.flat)[len(indicators):]:
        ax.axis("off")
    fig.suptitle(f"sweep {index.name}: mean over replications with 95% CI "
                 f"(grey: baseline {baseline})")
    written.append(_save(fig, out_dir, "indicators.png"))

    # (2) the two rates of the organizations, with the incubation line
    rates = organization_rates(index) if rates is None else rates
    ncols = min(4, len(points))
    nrows = math.ceil(len(points) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 4.2 * nrows), squeeze=False)
    decision_colour = {"incubated": "tab:green", "denied": "tab:red",
                       "not_enough_data": "tab:grey"}
    for ax, p in zip(axes.flat, points):
        sub = rates[rates["point"] == p] if len(rates) else rates
        for decision, colour in decision_colour.items():
            d = sub[sub["decision"] == decision]
            ax.scatter(d["attraction_rate"], d["satisfaction_rate"], s=10, alpha=0.5,
                       color=colour, label=f"{decision} ({len(d)})")
        rules = sub[["threshold", "combine", "attraction_weight"]].drop_duplicates() \
            if len(sub) else []
        for _, rule in (rules.iterrows() if len(sub) else []):
            _draw_rule(ax, rule["threshold"], rule["combine"], rule["attraction_weight"])
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("attraction rate")
        ax.set_ylabel("satisfaction rate")
        ax.set_title(p, fontsize=9)
        ax.legend(fontsize=7, loc="lower left")
    for ax in list(axes.flat)[len(points):]:
        ax.axis("off")
    fig.suptitle(f"sweep {index.name}: the two rates of every organization and year, all "
                 f"replications (dashed: the incubation line)")
    written.append(_save(fig, out_dir, "organization_rates.png"))

    # (3) tier stability
    stability = tier_stability(index) if stability is None else stability
    fig, ax = plt.subplots(figsize=(max(6, 0.8 * len(points) + 2), 4.5))
    for i, p in enumerate(points):
        mean, half = _mean_ci(stability.loc[stability["point"] == p, "tier_change_share"])
        ax.bar(i, mean, color=colours[i], yerr=None if math.isnan(half) else half, capsize=4)
    ax.set_xticks(np.arange(len(points)))
    ax.set_xticklabels(points, rotation=40, ha="right", fontsize=8)
    ax.set_ylabel("share of branches changing tier\nfrom one quarter to the next")
    ax.set_title(f"sweep {index.name}: tier stability (mean over replications, 95% CI; "
                 f"lower = more stable)", fontsize=9)
    ax.grid(axis="y", alpha=0.3)
    written.append(_save(fig, out_dir, "tier_stability.png"))
    return written


def _draw_rule(ax, threshold, combine, weight):
    """The incubation line: both rates >= t (two lines), their mean >= t, or
    w * attraction + (1 - w) * satisfaction >= t."""
    if math.isnan(threshold):
        return
    style = dict(color="black", linestyle="--", linewidth=1)
    label = f"threshold {threshold:g} ({combine})"
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
                        help="the language of the plain-language lines (default: en; the "
                             "table and the plots are in English)")
    args = parser.parse_args(argv)

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
    print(f"sweep {index.name}: {len(index.runs)} runs, {len(ok)} ok; baseline {args.baseline}"
          + (f"; grid: {', '.join(index.grid_keys)}" if index.grid_keys else ""))
    if len(failed):
        print(f"left out {len(failed)} failed run{'s' if len(failed) != 1 else ''}:")
        for _, run in failed.iterrows():
            print(f"  {run['run_id']} {run['point']} replication {run['replication']}: "
                  f"{run['error']}")
    print("difference = policy - baseline within each replication; p_better (p_worse) = share "
          "of replications in which the policy is strictly better (worse).")
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
        width = max(len(p) for p in points)
        for p in points:
            mean, half = _mean_ci(stability.loc[stability["point"] == p, "tier_change_share"])
            print(f"  {p:<{width}}  {mean:.3f}" + ("" if math.isnan(half) else f" ± {half:.3f}"))
        print()

    print(_FRAMES[args.lang]["heading"])
    print(plain_language(table, args.baseline, args.lang))

    if args.csv or args.plots:
        print()
    if args.csv:
        write_csv(table, args.csv)
        print(f"wrote {args.csv}")
    if args.plots:
        try:
            written = make_plots(index, args.baseline, stability=stability)
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
