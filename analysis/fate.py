"""Who changes fate under a policy, and is it fair: a sweep's incubation decisions and branch
allowances, organization by organization, against a baseline policy. This module computes the
numbers; fate_text.py says them in words (format_fate).

    import sys; sys.path.insert(0, "analysis")
    import compare, fate
    index = compare.load_index("results/threshold")
    print(fate.format_fate(index, "seed-rule"))              # "zh": the same in Chinese
    fate.transitions(index, "seed-rule")                      # the numbers behind it

A sweep (docs/SWEEPS.md) runs its policies over paired replications: replication r of every
policy has the same seed, so the same organizations (same ids, same true qualities) in year 1.
So an organization's decision under a policy can be set beside its decision under the
baseline in the same replication and year: that is a *transition* (denied -> incubated, ...).
Points, grid cells and pairing follow compare.py: a point is a policy at one cell of the
sweep's grid, compared with the baseline policy at the same cell over the replications both
have a successful run of; every mean over replications has a 95% Student-t interval (mean
+- t(0.975, n-1) sd / sqrt(n); exactly [0, 0] when every value is 0; NaN when n < 2).

Counts are **per year** (a run's count divided by its run.years) and shares are fractions
(0..1) in the DataFrames, percentages in the text. In every table, ``mean``, ``sd``,
``ci_low``, ``ci_high`` and ``n`` describe one number per paired replication: for a measure
of each run (policy_mean and baseline_mean given) the difference policy - baseline; for a
measure of the pair itself (a transition, the branches that gain) the measure.

The groups a planner asks about ("is it fair to small organizations?"):

- ``staff``: the organization's staff during the year judged: ``1-2``, ``3-4``, ``5+``
  (an exited organization is not judged, so 0 never occurs).
- ``evaluations``: evaluations received in the year judged, in thirds of the baseline's
  decisions at the same grid cell (every replication and year pooled): ``low`` (at most the
  33rd percentile, rounded down), ``middle``, ``high`` (above the 67th percentile, rounded
  down); the text says the counts, e.g. "fewest (at most 287)".
- ``town``: the organization's town (镇街); ``alliance``: its league-building alliance
  (团建联盟), named after its towns.

An organization belongs to the group of its row in the run (each run's errors use that run's
rows); a transition belongs to the group of the baseline's row (the status quo), or of the
policy's row for an organization-year the baseline does not have.

The *reference standard* is the sweep's one yardstick ([truth] of the base scenario,
docs/MODEL.md §11.1), recomputed here from each run's /config/params: an organization-year
is good when combined(q) >= truth.threshold - 1e-12, q its true qualities (truth.waits =
excluded) or the qualities its public experienced (included; its true ones when it gave no
service with a vote), combined by truth.combine (both: the smaller; mean; weighted:
w a + (1 - w) s with w = truth.attraction_weight).

Importable: ``decisions(index, baseline=None)``, ``paired_decisions(index, baseline)``,
``transitions(index, baseline, by=None)``, ``breakdown(index, baseline, by)``,
``allowance_changes(index, baseline)``, ``format_fate(index, baseline, language="en")`` (the
text, written by fate_text.py); helpers ``meets_standard(...)``, ``gini(values)``,
``top_bottom_decile_ratio(values)``. ``index`` is sweep_index.py's SweepIndex
(``sweep_index.load_index(folder)``, also ``compare.load_index``; anything with ``.ok``,
``.folder``, ``.grid_keys`` and ``.run_path(row)``) or a sweep folder. A run file without the
data these need (an older schema) raises ValueError naming the file and what is missing.

Use Debian's /usr/bin/python3 (h5py, pandas, scipy).
"""

import math
import os
import sys

import h5py
import numpy as np
import pandas as pd

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import orgsim_results  # noqa: E402  (the run-file reader, next to this file)
import paired_stats  # noqa: E402
import sweep_index  # noqa: E402  (the sweep folder's reader, shared with compare.py)

__all__ = ["decisions", "paired_decisions", "transitions", "breakdown", "allowance_changes",
           "format_fate", "meets_standard", "gini", "top_bottom_decile_ratio", "TRANSITIONS",
           "GROUPINGS", "ERROR_MEASURES", "ALLOWANCE_MEASURES", "LANGUAGES"]

CONFIDENCE = paired_stats.CONFIDENCE
ROUNDING_SLACK = 1e-12  # as core::rates_pass: a rate equal to the threshold passes
YUAN_EPSILON = 1e-6     # an allowance that moved by less than this did not move

# The paired transitions of one organization-year, baseline -> policy, in report order.
TRANSITIONS = ("incubated_to_denied", "denied_to_incubated", "into_not_enough_data",
               "out_of_not_enough_data", "unchanged", "present_in_one_only")

# by= of breakdown() and transitions(): the group column of decisions().
GROUPINGS = {"staff": "staff_class", "evaluations": "evaluations_class", "town": "town_name",
             "alliance": "alliance_name"}

STAFF_CLASSES = ("1-2", "3-4", "5+")
EVALUATION_CLASSES = ("low", "middle", "high")

# breakdown(): the measures of each run, per group (counts per year, shares of the group).
ERROR_MEASURES = ("decisions", "good", "below_standard", "good_denied", "good_denied_share",
                  "below_standard_incubated", "below_standard_incubated_share")

ALLOWANCE_MEASURES = ("gainers", "losers", "mean_gain_yuan", "mean_loss_yuan",
                      "allowance_total_yuan", "gini", "top_bottom_decile_ratio")

_STAT_COLUMNS = ["mean", "sd", "ci_low", "ci_high", "n"]

# The languages of format_fate's text; fate_text.py holds its words, one table for each.
LANGUAGES = ("en", "zh")


# --- the sweep -------------------------------------------------------------------------------

def _as_index(index):
    if isinstance(index, (str, os.PathLike)):
        return sweep_index.load_index(index)
    return index


def _labels(index):
    """policy -> label, for the policies that have one (a label that is empty or the policy's
    own name is none): the index's ``labels`` when it has them, else /policy_labels of
    FOLDER/sweep.h5 (absent in older sweeps: no labels)."""
    labels = getattr(index, "labels", None)
    if labels:
        return {k: v for k, v in dict(labels).items() if v and v != k}
    path = os.path.join(index.folder, "sweep.h5")
    try:
        with h5py.File(path, "r") as f:
            if "policy_labels" not in f or "policies" not in f:
                return {}
            names = [orgsim_results._py(p) for p in f["policies"][()]]
            texts = [orgsim_results._py(p) for p in f["policy_labels"][()]]
    except FileNotFoundError:  # no index beside it: no labels (a damaged one is an error)
        return {}
    return {name: text for name, text in zip(names, texts) if text and text != name}


def _cell(run, keys):
    return tuple(str(run[k]) for k in keys)


# --- reading the run files -------------------------------------------------------------------

_INCUBATION_FIELDS = ("year", "org", "decision", "staff", "evaluations",
                      "true_attraction_quality", "true_satisfaction_quality",
                      "experienced_attraction", "experienced_satisfaction")
_TRUTH_KEYS = ("truth.threshold", "truth.combine", "truth.attraction_weight", "truth.waits")


def _missing(path, what):
    return ValueError(f"{path}: {what} missing (a run file of an older orgsim? fate.py needs "
                      f"run files of schema version {orgsim_results.SCHEMA_VERSION})")


def meets_standard(true_a, true_s, felt_a, felt_s, threshold, combine, weight, waits):
    """Whether each organization-year meets the reference standard (arrays in, bool array
    out): see the module's docstring."""
    true_a, true_s = np.asarray(true_a, float), np.asarray(true_s, float)
    felt_a, felt_s = np.asarray(felt_a, float), np.asarray(felt_s, float)
    if waits == "included":
        felt = ~(np.isnan(felt_a) | np.isnan(felt_s))
        a = np.where(felt, felt_a, true_a)
        s = np.where(felt, felt_s, true_s)
    elif waits == "excluded":
        a, s = true_a, true_s
    else:
        raise ValueError(f"unknown truth.waits {waits!r} (excluded or included)")
    if combine == "both":
        combined = np.minimum(a, s)
    elif combine == "mean":
        combined = 0.5 * (a + s)
    elif combine == "weighted":
        combined = weight * a + (1.0 - weight) * s
    else:
        raise ValueError(f"unknown truth.combine {combine!r} (both, mean or weighted)")
    return combined >= threshold - ROUNDING_SLACK


def _read_run(path, with_allowances):
    """One run file: its decisions (a dict of columns), the reference standard, run.years and
    (with_allowances) the yearly allowance of every branch, [year][branch] in yuan."""
    with orgsim_results._RunFile(path) as f:  # checks schema and version (ValueError)
        if "events/incubations" not in f:
            raise _missing(path, "/events/incubations")
        ds = f["events/incubations"]
        absent = [c for c in _INCUBATION_FIELDS if c not in (ds.dtype.names or ())]
        if absent:
            raise _missing(path, f"/events/incubations column(s) {', '.join(absent)}")
        data = ds[()]
        mapping = h5py.check_enum_dtype(ds.dtype["decision"])
        for name in ("agents/social_orgs", "agents/social_orgs_names", "agents/towns_names",
                     "config/params"):
            if name not in f:
                raise _missing(path, "/" + name)
        orgs = f["agents/social_orgs"]
        absent = [c for c in ("town", "alliance") if c not in (orgs.dtype.names or ())]
        if absent:
            raise _missing(path, f"/agents/social_orgs column(s) {', '.join(absent)}")
        org_town = orgs.fields("town")[()]
        org_alliance = orgs.fields("alliance")[()]
        org_names = np.array(f["agents/social_orgs_names"].asstr()[()], dtype=object)
        town_names = np.array(f["agents/towns_names"].asstr()[()], dtype=object)
        params = f["config/params"].attrs
        absent = [k for k in _TRUTH_KEYS if k not in params]
        if absent:
            raise _missing(path, f"/config/params attribute(s) {', '.join(absent)}")
        truth = {k: orgsim_results._py(params[k]) for k in _TRUTH_KEYS}
        years = orgsim_results._py(f.attrs.get("years",
                                               params.get("run.years", 1)))
        allowance = None
        if with_allowances:
            for name in ("quarterly/allowance_yuan", "quarterly/year"):
                if name not in f:
                    raise _missing(path, "/" + name)
            panel = f["quarterly/allowance_yuan"][()]
            quarter_year = f["quarterly/year"][()]
            allowance = np.zeros((int(years), panel.shape[1]))
            for q, y in enumerate(quarter_year):
                allowance[int(y) - 1] += panel[q]
    if mapping is None:
        raise _missing(path, "the enum of /events/incubations.decision")
    label = {code: name for name, code in mapping.items()}
    org = data["org"].astype(np.int64)
    columns = {
        "year": data["year"].astype(np.int64),
        "org": org,
        "org_name": org_names[org],
        "decision": np.array([label[int(c)] for c in data["decision"]], dtype=object),
        "meets_standard": meets_standard(
            data["true_attraction_quality"], data["true_satisfaction_quality"],
            data["experienced_attraction"], data["experienced_satisfaction"],
            float(truth["truth.threshold"]), str(truth["truth.combine"]),
            float(truth["truth.attraction_weight"]), str(truth["truth.waits"])),
        "staff": data["staff"].astype(np.int64),
        "evaluations": data["evaluations"].astype(np.int64),
        "town": org_town[org].astype(np.int64),
        "town_name": town_names[org_town[org]],
        "alliance": org_alliance[org].astype(np.int64),
    }
    # An alliance is named by its towns (towns are dealt to alliances round-robin).
    towns_of = {}
    for t, a in sorted(set(zip(org_town.tolist(), org_alliance.tolist()))):
        towns_of.setdefault(a, []).append(town_names[t])
    columns["alliance_name"] = np.array(["、".join(towns_of[a]) for a in columns["alliance"]],
                                        dtype=object)
    return columns, truth, int(years), allowance


class _Sweep:
    """Every successful run of a sweep read once: the decisions (DataFrame), each run's
    yearly allowances, standard and years."""

    def __init__(self, index, baseline=None, with_allowances=False):
        index = _as_index(index)
        if baseline is not None:
            sweep_index.check_baseline(index, baseline)
        self.index = index
        self.baseline = baseline
        self.keys = list(index.grid_keys)
        self.labels = _labels(index)
        self.allowances = {}  # (point, replication) -> [year][branch] yuan
        self.years = {}       # (point, replication) -> run.years
        self.truth = {}       # point -> the reference standard of its runs (dict)
        self.policy_of = {}   # point -> policy
        self.cell_of = {}     # point -> grid cell (tuple of str)
        frames = []
        for run in index.ok.to_dict("records"):
            path = index.run_path(run)
            columns, truth, years, allowance = _read_run(path, with_allowances)
            point, replication = run["point"], int(run["replication"])
            self.policy_of[point] = run["policy"]
            self.cell_of[point] = _cell(run, self.keys)
            self.truth.setdefault(point, truth)
            self.years[point, replication] = years
            if allowance is not None:
                self.allowances[point, replication] = allowance
            n = len(columns["year"])
            frame = {"point": [point] * n, "policy": [run["policy"]] * n}
            for key in self.keys:
                frame[key] = [str(run[key])] * n
            frame["replication"] = np.full(n, replication, dtype=np.int64)
            frame.update(columns)
            frame["years"] = np.full(n, years, dtype=np.int64)
            frames.append(pd.DataFrame(frame))
        columns = (["point", "policy"] + self.keys + ["replication", "year", "org", "org_name",
                                                      "decision", "meets_standard", "staff",
                                                      "evaluations", "town", "town_name",
                                                      "alliance", "alliance_name", "years"])
        dec = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        dec["staff_class"] = pd.Categorical(
            np.where(dec["staff"] <= 2, "1-2", np.where(dec["staff"] <= 4, "3-4", "5+")),
            categories=STAFF_CLASSES, ordered=True)
        self.evaluation_cuts = {}  # cell -> (c1, c2): low <= c1 < middle <= c2 < high
        classes = np.empty(len(dec), dtype=object)
        cells = dec[self.keys].astype(str).agg(tuple, axis=1) if self.keys and len(dec) \
            else pd.Series([()] * len(dec), index=dec.index, dtype=object)
        for cell in dict.fromkeys(cells):
            at = (cells == cell).to_numpy()
            ref = dec.loc[at]
            if baseline is not None and (ref["policy"] == baseline).any():
                ref = ref[ref["policy"] == baseline]
            c1, c2 = (math.floor(v) for v in np.quantile(ref["evaluations"], [1 / 3, 2 / 3]))
            self.evaluation_cuts[cell] = (c1, c2)
            e = dec.loc[at, "evaluations"].to_numpy()
            classes[at] = np.where(e <= c1, "low", np.where(e <= c2, "middle", "high"))
        dec["evaluations_class"] = pd.Categorical(classes, categories=EVALUATION_CLASSES,
                                                  ordered=True)
        self.decisions = dec
        self.pairs = {}  # (point, baseline point) -> _pair's answer

    def points(self):
        """The points to compare, in the sweep's order, with their baseline point (None when
        the baseline has no successful run at their grid cell)."""
        out = []
        base_at = {}
        for point, policy in self.policy_of.items():
            if policy == self.baseline:
                base_at[self.cell_of[point]] = point
        for point, policy in self.policy_of.items():
            if policy != self.baseline:
                out.append((point, base_at.get(self.cell_of[point])))
        return out

    def paired_replications(self, point, base):
        if base is None:
            return []
        mine = {r for p, r in self.years if p == point}
        theirs = {r for p, r in self.years if p == base}
        return sorted(mine & theirs)

    def point_columns(self, point):
        row = {"point": point, "policy": self.policy_of[point]}
        row.update(zip(self.keys, self.cell_of[point]))
        return row


# --- statistics ------------------------------------------------------------------------------

def _stats(values):
    """mean, sd, ci_low, ci_high, n of the values over replications (paired_stats.interval)."""
    return paired_stats.interval(values)


def _paired_stats(x, y):
    """A measure of each run: policy_mean and baseline_mean over the replications where both
    are defined, and the stats of the differences x - y."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    both = ~(np.isnan(x) | np.isnan(y))
    row = _stats(x[both] - y[both])
    row["policy_mean"] = x[both].mean() if both.any() else np.nan
    row["baseline_mean"] = y[both].mean() if both.any() else np.nan
    return row


# --- decisions and transitions ---------------------------------------------------------------

def decisions(index, baseline=None):
    """One row per incubation decision (every organization, every year) of every successful
    run: point, policy, one column per grid key, replication, year, org, org_name, decision
    (str: incubated, denied, not_enough_data), meets_standard (bool: the reference standard
    recomputed from the run's /config/params truth.*), staff (during the year judged),
    evaluations (received in the year), town, town_name, alliance (id), alliance_name (its
    towns, e.g. "景山街道、泽雅镇"), years (the run's run.years), staff_class (1-2, 3-4, 5+) and
    evaluations_class (low, middle, high: thirds of the ``baseline``'s decisions at the same
    grid cell, or of every decision at the cell without a baseline)."""
    return _Sweep(index, baseline).decisions.copy()


def _pair(sweep, point, base):
    """The union of the point's and the baseline's organization-years over the paired
    replications: one row per (replication, year, org), with the transition and the group
    columns (the baseline's row's, or the policy's when the baseline has none); and the
    paired replications. Computed once per sweep and point."""
    if (point, base) not in sweep.pairs:
        sweep.pairs[point, base] = _pair_now(sweep, point, base)
    return sweep.pairs[point, base]


def _pair_now(sweep, point, base):
    replications = sweep.paired_replications(point, base)
    dec = sweep.decisions
    keep = ["replication", "year", "org", "org_name", "decision", "meets_standard", "staff",
            "evaluations", "town", "town_name", "alliance", "alliance_name", "staff_class",
            "evaluations_class"]
    mine = dec.loc[(dec["point"] == point) & dec["replication"].isin(replications), keep]
    theirs = dec.loc[(dec["point"] == base) & dec["replication"].isin(replications), keep]
    merged = theirs.merge(mine, on=["replication", "year", "org"], how="outer",
                          suffixes=("_baseline", ""), indicator=True)
    b, p = merged["decision_baseline"], merged["decision"]
    transition = np.select(
        [merged["_merge"] != "both",
         b == p,
         (b == "incubated") & (p == "denied"),
         (b == "denied") & (p == "incubated"),
         p == "not_enough_data",
         b == "not_enough_data"],
        ["present_in_one_only", "unchanged", "incubated_to_denied", "denied_to_incubated",
         "into_not_enough_data", "out_of_not_enough_data"], default="?")
    if (transition == "?").any():  # pragma: no cover (every pair of decisions is covered)
        raise ValueError(f"{point}: an unknown pair of decisions")
    out = pd.DataFrame({"replication": merged["replication"], "year": merged["year"],
                        "org": merged["org"]})
    for column in ("org_name", "town", "town_name", "alliance", "alliance_name", "staff",
                   "evaluations", "staff_class", "evaluations_class"):
        out[column] = merged[column + "_baseline"].where(merged["_merge"] != "right_only",
                                                         merged[column])
    for column in ("staff_class", "evaluations_class"):
        out[column] = pd.Categorical(out[column], categories=dec[column].cat.categories,
                                     ordered=True)
    out["decision_baseline"] = b.where(b.notna(), None)
    out["decision"] = p.where(p.notna(), None)
    out["meets_standard_baseline"] = merged["meets_standard_baseline"]
    out["meets_standard"] = merged["meets_standard"]
    out["transition"] = pd.Categorical(transition, categories=TRANSITIONS)
    return out.sort_values(["replication", "year", "org"]).reset_index(drop=True), replications


def paired_decisions(index, baseline):
    """Who changes fate, one by one: per point other than the baseline's, one row per
    (replication, year, org) present under the point or under the baseline at the same grid
    cell, over the paired replications: point, policy, the grid keys, replication, year, org,
    org_name, town, town_name, alliance, alliance_name, staff, evaluations, staff_class,
    evaluations_class (the baseline's row's; the policy's for an
    organization-year only the policy has), decision_baseline, decision (None where the
    organization-year is absent), meets_standard_baseline, meets_standard, transition (one of
    TRANSITIONS)."""
    sweep = _Sweep(index, baseline)
    frames = []
    for point, base in sweep.points():
        pairs, _ = _pair(sweep, point, base)
        for column, value in reversed(list(sweep.point_columns(point).items())):
            pairs.insert(0, column, value)
        frames.append(pairs)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _transition_rows(sweep, point, base, group=None):
    """Per transition (and group): the count per year in each paired replication and its
    stats; plus decisions_per_year (the paired organization-years, per year)."""
    pairs, replications = _pair(sweep, point, base)
    years = np.array([sweep.years[point, r] for r in replications], dtype=float)
    key = pd.Series(0, index=pairs.index) if group is None else \
        pairs[group].astype(object)
    all_counts = pd.crosstab([key, pairs["replication"]],
                             pairs["transition"].astype(str)) if len(pairs) else None
    groups = [None] if group is None else \
        [g for g in _group_order(sweep, group) if (key == g).any()]
    rows = []
    for g in groups:
        if all_counts is None:
            counts = pd.DataFrame(0, index=replications, columns=list(TRANSITIONS))
        else:
            counts = all_counts.xs(0 if g is None else g, level=0) \
                .reindex(index=replications, columns=list(TRANSITIONS), fill_value=0)
        total = counts.sum(axis=1).to_numpy(dtype=float) / years if len(years) else years
        for transition in TRANSITIONS:
            row = sweep.point_columns(point)
            if group is not None:
                row["group"] = g
            row["transition"] = transition
            row.update(_stats(counts[transition].to_numpy(dtype=float) / years))
            row["decisions_per_year"] = total.mean() if len(total) else np.nan
            rows.append(row)
    return rows


def _group_order(sweep, group):
    dec = sweep.decisions
    if group in ("staff_class", "evaluations_class"):
        return list(dec[group].cat.categories)
    if group == "town_name":
        return list(dec.sort_values("town")["town_name"].drop_duplicates())
    return list(dec.sort_values("alliance")["alliance_name"].drop_duplicates())


def _by_column(by):
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; one of {', '.join(GROUPINGS)}")
    return GROUPINGS[by]


def transitions(index, baseline, by=None):
    """Per point other than the baseline's (and per group with ``by`` in GROUPINGS) and per
    transition of TRANSITIONS: the organization-years that made it, per year, paired by
    (replication, year, org) with the baseline at the same grid cell. Columns: point, policy,
    the grid keys, (by, group,) transition, mean (over the paired replications of the count
    per year), sd, ci_low, ci_high (95% Student t), n (paired replications),
    decisions_per_year (the paired organization-years per year, mean over replications).
    ``present_in_one_only``: an organization-year under one of the two only (later years of
    run.years > 1: exits and entrants differ)."""
    sweep = _Sweep(index, baseline)
    return _transitions_table(sweep, by)


def _transitions_table(sweep, by=None):
    group = None if by is None else _by_column(by)
    rows = []
    for point, base in sweep.points():
        for row in _transition_rows(sweep, point, base, group):
            if by is not None:
                row = {**{k: v for k, v in row.items() if k != "group"}, "by": by,
                       "group": row["group"]}
            rows.append(row)
    head = ["point", "policy"] + sweep.keys + (["by", "group"] if by else [])
    columns = head + ["transition"] + _STAT_COLUMNS + ["decisions_per_year"]
    table = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    table["n"] = table["n"].astype(int)
    return table


# --- errors against the reference standard, by group ------------------------------------------

def _run_errors(frame, group, replications, years):
    """The error measures of each run (replication) and group of ``frame`` (one point's
    decisions): {group: {measure: array over replications}}; a group a run lacks has 0
    decisions there."""
    good = frame["meets_standard"].to_numpy(dtype=bool)
    decision = frame["decision"].to_numpy()
    counts = pd.DataFrame({
        "group": 0 if group is None else frame[group].astype(object).to_numpy(),
        "replication": frame["replication"].to_numpy(),
        "decisions": 1, "good": good.astype(int), "below_standard": (~good).astype(int),
        "good_denied": (good & (decision == "denied")).astype(int),
        "below_standard_incubated": (~good & (decision == "incubated")).astype(int)})
    sums = counts.groupby(["group", "replication"]).sum()
    out = {}
    for g in sums.index.get_level_values(0).unique():
        s = sums.xs(g, level=0).reindex(replications, fill_value=0)
        m = {c: s[c].to_numpy(dtype=float) for c in s.columns}
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = {"good_denied_share": np.where(m["good"] > 0, m["good_denied"] / m["good"],
                                                    np.nan),
                      "below_standard_incubated_share": np.where(
                          m["below_standard"] > 0,
                          m["below_standard_incubated"] / m["below_standard"], np.nan)}
        out[None if group is None else g] = {**{c: v / years for c, v in m.items()}, **shares}
    return out


def _error_rows(sweep, point, base, group=None):
    replications = sweep.paired_replications(point, base)
    dec = sweep.decisions
    mine = dec[(dec["point"] == point) & dec["replication"].isin(replications)]
    theirs = dec[(dec["point"] == base) & dec["replication"].isin(replications)]
    policy = _run_errors(mine, group, replications,
                         np.array([sweep.years[point, r] for r in replications], dtype=float))
    baseline = _run_errors(theirs, group, replications,
                           np.array([sweep.years[base, r] for r in replications], dtype=float))
    if group is None:
        groups = [None]
    else:
        groups = [g for g in _group_order(sweep, group) if g in policy or g in baseline]
    empty = {m: np.zeros(len(replications)) for m in ERROR_MEASURES}
    empty.update(good_denied_share=np.full(len(replications), np.nan),
                 below_standard_incubated_share=np.full(len(replications), np.nan))
    rows = []
    for g in groups:
        x, y = policy.get(g, empty), baseline.get(g, empty)
        for measure in ERROR_MEASURES:
            row = sweep.point_columns(point)
            if group is not None:
                row["group"] = g
            row["kind"] = "error"
            row["measure"] = measure
            row.update(_paired_stats(x[measure], y[measure]))
            rows.append(row)
    return rows


def breakdown(index, baseline, by):
    """Per point other than the baseline's and per group of ``by`` ("staff", "evaluations",
    "town" or "alliance"; see the module's docstring): who pays for the rule.

    Rows of kind "error": each measure of ERROR_MEASURES for the policy's and the baseline's
    runs (decisions, good and below_standard: organization-years per year; good_denied and
    below_standard_incubated: the errors against the reference standard per year;
    good_denied_share = good_denied / good and below_standard_incubated_share =
    below_standard_incubated / below_standard of the group in the run, NaN when the group has
    none): policy_mean, baseline_mean (over the replications where both are defined) and the
    paired difference policy - baseline: mean, sd, ci_low, ci_high, n.
    Rows of kind "transition": measure is a transition of TRANSITIONS, and mean, sd, ci_low,
    ci_high, n are those of its count per year (as transitions(..., by)); policy_mean and
    baseline_mean are NaN (a transition is itself a comparison of the two runs).
    Columns: point, policy, the grid keys, by, group, kind, measure, policy_mean,
    baseline_mean, mean, sd, ci_low, ci_high, n."""
    sweep = _Sweep(index, baseline)
    return _breakdown_table(sweep, by)


def _breakdown_table(sweep, by):
    group = _by_column(by)
    rows = []
    for point, base in sweep.points():
        errors = _error_rows(sweep, point, base, group)
        moves = _transition_rows(sweep, point, base, group)
        for g in dict.fromkeys([r["group"] for r in errors] + [r["group"] for r in moves]):
            rows += [r for r in errors if r["group"] == g]
            for r in moves:
                if r["group"] == g:
                    rows.append({**r, "kind": "transition", "measure": r["transition"],
                                 "policy_mean": np.nan, "baseline_mean": np.nan})
    columns = (["point", "policy"] + sweep.keys + ["by", "group", "kind", "measure",
                                                   "policy_mean", "baseline_mean"]
               + _STAT_COLUMNS)
    table = pd.DataFrame([{**{c: r.get(c) for c in columns}, "by": by} for r in rows],
                         columns=columns)
    table["n"] = table["n"].astype(int)
    return table


# --- allowances ------------------------------------------------------------------------------

def gini(values):
    """The Gini coefficient of non-negative values (0: all equal; NaN when they sum to 0)."""
    x = np.sort(np.asarray(values, dtype=float))
    n, total = len(x), x.sum()
    if n == 0 or total <= 0:
        return np.nan
    return float(2.0 * np.sum(np.arange(1, n + 1) * x) / (n * total) - (n + 1) / n)


def top_bottom_decile_ratio(values):
    """The mean of the top tenth of the values over the mean of the bottom tenth (a tenth:
    round(n / 10), at least 1); NaN when the bottom tenth has nothing."""
    x = np.sort(np.asarray(values, dtype=float))
    k = max(1, int(round(len(x) / 10)))
    if len(x) == 0:
        return np.nan
    bottom = x[:k].mean()
    return float(x[-k:].mean() / bottom) if bottom > 0 else np.nan


def _allowance_rows(sweep, point, base):
    replications = sweep.paired_replications(point, base)
    per = {m: [] for m in ("gainers", "losers", "mean_gain_yuan", "mean_loss_yuan")}
    spread = {m: ([], []) for m in ("allowance_total_yuan", "gini", "top_bottom_decile_ratio")}
    changed = False
    for r in replications:
        mine, theirs = sweep.allowances[point, r], sweep.allowances[base, r]
        if mine.shape != theirs.shape:
            raise ValueError(f"{point} replication {r}: {mine.shape[1]} branches over "
                             f"{mine.shape[0]} year(s), the baseline {theirs.shape[1]} over "
                             f"{theirs.shape[0]}: the branches cannot be paired")
        years = sweep.years[point, r]
        d = mine - theirs
        gain, loss = d > YUAN_EPSILON, d < -YUAN_EPSILON
        changed = changed or gain.any() or loss.any()
        per["gainers"].append(gain.sum() / years)
        per["losers"].append(loss.sum() / years)
        per["mean_gain_yuan"].append(d[gain].mean() if gain.any() else np.nan)
        per["mean_loss_yuan"].append(-d[loss].mean() if loss.any() else np.nan)
        for k, panel in enumerate((mine, theirs)):
            spread["allowance_total_yuan"][k].append(panel.sum() / years)
            spread["gini"][k].append(np.mean([gini(row) for row in panel]))
            spread["top_bottom_decile_ratio"][k].append(
                np.mean([top_bottom_decile_ratio(row) for row in panel]))
    rows = []
    for measure in ALLOWANCE_MEASURES:
        row = sweep.point_columns(point)
        row["measure"] = measure
        if measure in per:
            row.update(_stats(per[measure]), policy_mean=np.nan, baseline_mean=np.nan)
        else:
            row.update(_paired_stats(*spread[measure]))
        row["changed"] = changed
        rows.append(row)
    return rows


def allowance_changes(index, baseline):
    """Per point other than the baseline's: each branch's yearly allowance (the sum of
    /quarterly/allowance_yuan over the year's quarters) under the policy minus under the
    baseline at the same grid cell, paired by replication, year and branch.

    Measures (one row each): gainers, losers (branches per year whose yearly allowance is
    higher / lower: mean, sd, ci_low, ci_high, n over the paired replications of the count);
    mean_gain_yuan, mean_loss_yuan (the mean gain of the branch-years that gain, the mean loss
    of those that lose, as a positive number: per replication, then over the replications
    that have any); allowance_total_yuan (per year), gini (the Gini coefficient of the
    branches' yearly allowances, mean over the run's years) and top_bottom_decile_ratio (the
    mean yearly allowance of the top tenth of branches over that of the bottom tenth): for
    these three policy_mean, baseline_mean and the paired difference (mean, sd, ci_low,
    ci_high, n). ``changed``: whether any branch's allowance differs in any replication.
    Columns: point, policy, the grid keys, measure, policy_mean, baseline_mean, mean, sd,
    ci_low, ci_high, n, changed."""
    sweep = _Sweep(index, baseline, with_allowances=True)
    return _allowance_table(sweep)


def _allowance_table(sweep):
    rows = []
    for point, base in sweep.points():
        rows += _allowance_rows(sweep, point, base)
    columns = (["point", "policy"] + sweep.keys + ["measure", "policy_mean", "baseline_mean"]
               + _STAT_COLUMNS + ["changed"])
    table = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    table["n"] = table["n"].astype(int)
    return table


# --- the text --------------------------------------------------------------------------------

def format_fate(index, baseline, language="en"):
    """The text sections to print after compare.py's table, in ``language`` ("en" or "zh":
    the same numbers): who changes fate, then allowances, per point (fate_text.format_fate,
    which says what each section holds)."""
    import fate_text  # not at module level: fate_text imports this module
    return fate_text.format_fate(index, baseline, language=language)
