"""Tests of analysis/fate.py (who changes fate under a policy, and is it fair) on real sweeps.

Runs two small sweeps (a third of the district, a few replications, seconds):

- "fate-a" (reference standard: the default, waits excluded): a baseline, the same rule under
  another name, a lower threshold, the mean of the two rates, a threshold of 0, a minimum of
  350 evaluations and steeper allowance tiers, over a grid of run.years = 1 | 2 (so the
  pairing must stay within a grid cell, and the second year has exits and entrants);
- "fate-waits": a base scenario with truth.waits = included, two policies over
  service.wait_tolerance_h = 24 | 336, two years.

and recomputes here, from the run files with h5py and pandas alone (not with compare.py's or
fate.py's functions), the reference standard (the experienced qualities from /orders), the
fixed-standard errors of the index's /runs, the paired transitions, the breakdowns by town,
size and evaluations, and the allowance changes, and compares them with fate.py's output:
counts exactly, means and intervals to 1e-12.

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest, which also puts analysis/ on
PYTHONPATH). Run with Debian's /usr/bin/python3:
    cd build && ctest -R python_fate --output-on-failure
"""

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("ORGSIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "analysis"))

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

import compare  # noqa: E402  (only its load_index: the SweepIndex fate.py takes)
import fate  # noqa: E402

BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))
BASELINE = "seed-rule"
TOL = 1e-12

SWEEP_A = """
[sweep]
name = fate-a
base = default
replications = 4
seed = 17

[policy.seed-rule]
label = 种子规则

# the baseline's rule under another name: nothing may change
[policy.same-rule]
incubation.threshold = 0.8

[policy.lower-threshold]
label = 门槛75%
incubation.threshold = 0.75

[policy.mean-of-rates]
label = 两率平均
incubation.combine = mean

[policy.threshold-zero]
label = 门槛为零
incubation.threshold = 0.0

[policy.more-evaluations]
label = 至少评价350次
incubation.min_evaluations = 350

[policy.steeper-tiers]
label = 拉大档差
tiers.amounts_yuan = 2400, 1200, 600, 300

[vary]
district.scale = 0.3
run.years = 1 | 2
"""

SWEEP_WAITS = """
[sweep]
name = fate-waits
base = waits-base.ini
replications = 3
seed = 5

[policy.seed-rule]
district.scale = 0.3
run.years = 2

[policy.lower-threshold]
label = 门槛75%
district.scale = 0.3
run.years = 2
incubation.threshold = 0.75

[vary]
service.wait_tolerance_h = 24 | 336
"""

WAITS_BASE = """
[truth]
waits = included
"""

TRANSITION_OF = {("incubated", "denied"): "incubated_to_denied",
                 ("denied", "incubated"): "denied_to_incubated",
                 ("incubated", "not_enough_data"): "into_not_enough_data",
                 ("denied", "not_enough_data"): "into_not_enough_data",
                 ("not_enough_data", "incubated"): "out_of_not_enough_data",
                 ("not_enough_data", "denied"): "out_of_not_enough_data"}
TRANSITIONS = ["incubated_to_denied", "denied_to_incubated", "into_not_enough_data",
               "out_of_not_enough_data", "unchanged", "present_in_one_only"]
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def run_sweep(folder, text, extra=None):
    folder.mkdir(parents=True)
    (folder / "sweep.ini").write_text(text)
    for name, content in (extra or {}).items():
        (folder / name).write_text(content)
    out = folder / "out"
    done = subprocess.run([BINARY, "sweep", str(folder / "sweep.ini"), "-o", str(out),
                           "--jobs", "2"], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"orgsim sweep exited {done.returncode}: {done.stderr}")
    return out


def labels_of(ds, data, field):
    """An enum column as its labels."""
    mapping = h5py.check_enum_dtype(ds.dtype[field])
    names = np.empty(max(mapping.values()) + 1, dtype=object)
    for name, code in mapping.items():
        names[code] = name
    return names[data[field]]


def read_run(path):
    """One run file, read here with h5py: its decisions (with the reference standard), the
    yearly allowances [year][branch], the orders of social organizations, and its params."""
    with h5py.File(path, "r") as f:
        params = {k: v.decode() if isinstance(v, bytes) else v
                  for k, v in f["config/params"].attrs.items()}
        inc_ds = f["events/incubations"]
        inc_data = inc_ds[()]
        inc = pd.DataFrame({c: inc_data[c] for c in
                            ("year", "org", "staff", "evaluations", "true_attraction_quality",
                             "true_satisfaction_quality", "experienced_attraction",
                             "experienced_satisfaction")})
        inc["decision"] = labels_of(inc_ds, inc_data, "decision")
        orgs = f["agents/social_orgs"]
        town_of = orgs.fields("town")[()]
        town_names = [t.decode() if isinstance(t, bytes) else t
                      for t in f["agents/towns_names"][()]]
        inc["town_name"] = [town_names[town_of[o]] for o in inc["org"]]
        inc["alliance"] = orgs.fields("alliance")[()][inc["org"].to_numpy()]
        orders_ds = f["orders"]
        data = orders_ds[()]
        orders = pd.DataFrame({c: data[c] for c in
                               ("assignee", "created_h", "started_h", "finished_h", "targeted",
                                "votes")})
        orders["state"] = labels_of(orders_ds, data, "state")
        orders["assignee_kind"] = labels_of(orders_ds, data, "assignee_kind")
        allowance = f["quarterly/allowance_yuan"][()]
        quarter_year = f["quarterly/year"][()]
    years = int(params["run.years"])
    yearly = np.array([allowance[quarter_year == y].sum(axis=0) for y in range(1, years + 1)])
    inc["good"] = judge(inc, params)
    return {"decisions": inc, "params": params, "years": years, "allowance": yearly,
            "orders": orders}


def judge(inc, params):
    """The reference standard of docs/MODEL.md §11.1, from the run's [truth] parameters."""
    a, s = inc["true_attraction_quality"], inc["true_satisfaction_quality"]
    if params["truth.waits"] == "included":
        felt = inc["experienced_attraction"].notna() & inc["experienced_satisfaction"].notna()
        a = a.mask(felt, inc["experienced_attraction"])
        s = s.mask(felt, inc["experienced_satisfaction"])
    combine = params["truth.combine"]
    if combine == "both":
        combined = pd.concat([a, s], axis=1).min(axis=1)
    elif combine == "mean":
        combined = (a + s) / 2
    else:
        w = float(params["truth.attraction_weight"])
        combined = w * a + (1 - w) * s
    return (combined >= float(params["truth.threshold"]) - 1e-12).to_numpy()


def interval(values):
    """mean, sd, low, high, n: the 95% Student-t interval; [0, 0] when every value is 0."""
    v = np.asarray([x for x in values if not math.isnan(x)], dtype=float)
    n = len(v)
    if n == 0:
        return (math.nan,) * 4 + (0,)
    mean = v.mean()
    sd = v.std(ddof=1) if n > 1 else math.nan
    if (v == 0).all():
        return mean, (0.0 if n > 1 else math.nan), 0.0, 0.0, n
    if n < 2:
        return mean, sd, math.nan, math.nan, n
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return mean, sd, mean - half, mean + half, n


def gini_by_pairs(x):
    """The Gini coefficient as the mean absolute difference over twice the mean."""
    x = np.asarray(x, dtype=float)
    return np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())


def decile_ratio(x):
    x = np.sort(np.asarray(x, dtype=float))
    k = max(1, int(round(len(x) / 10)))
    return x[-k:].mean() / x[:k].mean()


class Sweep:
    """A sweep read here: its /runs (with h5py), every successful run's file, and the cells."""

    def __init__(self, folder):
        self.folder = folder
        with h5py.File(folder / "sweep.h5", "r") as f:
            data = f["runs"][()]
            status = h5py.check_enum_dtype(f["runs"].dtype["status"])
            self.grid_keys = [k.decode() if isinstance(k, bytes) else k
                              for k in f.attrs["grid_keys"]]
        rows = []
        for row in data:
            rec = {name: (row[name].decode() if isinstance(row[name], bytes) else row[name])
                   for name in data.dtype.names}
            rec["ok"] = int(row["status"]) == status["ok"]
            rows.append(rec)
        self.runs = pd.DataFrame(rows)
        self.files = {}
        for rec in rows:
            if rec["ok"]:
                cell = tuple(rec[k] for k in self.grid_keys)
                self.files[rec["policy"], cell, int(rec["replication"])] = \
                    read_run(folder / rec["file"])

    def cells(self):
        return sorted({c for _, c, _ in self.files})

    def policies(self):
        return list(dict.fromkeys(p for p, _, _ in self.files))

    def replications(self, policy, baseline, cell):
        return sorted(r for p, c, r in self.files if p == policy and c == cell
                      and (baseline, c, r) in self.files)

    def point(self, policy, cell):
        if not self.grid_keys:
            return policy
        return policy + " [" + ", ".join(f"{k}={v}" for k, v in zip(self.grid_keys, cell)) \
            + "]"


def staff_class(staff):
    return np.where(staff <= 2, "1-2", np.where(staff <= 4, "3-4", "5+"))


def with_groups(sweep, baseline):
    """Every run's decisions with its groups: staff class, evaluation thirds of the
    baseline's decisions at the same cell, town."""
    out = {}
    for cell in sweep.cells():
        base = pd.concat([sweep.files[k]["decisions"] for k in sweep.files
                          if k[0] == baseline and k[1] == cell])
        c1, c2 = (math.floor(q) for q in np.quantile(base["evaluations"], [1 / 3, 2 / 3]))
        for key, run in sweep.files.items():
            if key[1] != cell:
                continue
            d = run["decisions"].copy()
            d["staff"] = staff_class(d["staff"])
            e = d["evaluations"]
            d["evaluations"] = np.where(e <= c1, "low", np.where(e <= c2, "middle", "high"))
            d["town"] = d["town_name"]
            out[key] = d
    return out


def paired_counts(sweep, groups, policy, baseline, cell, by=None):
    """{(replication, group or None, transition): count} recomputed here."""
    counts = {}
    for r in sweep.replications(policy, baseline, cell):
        both = groups[baseline, cell, r].merge(groups[policy, cell, r], how="outer",
                                               on=["year", "org"], suffixes=("_b", "_p"))
        for _, row in both.iterrows():
            b, p = row["decision_b"], row["decision_p"]
            if pd.isna(b) or pd.isna(p):
                t = "present_in_one_only"
            elif b == p:
                t = "unchanged"
            else:
                t = TRANSITION_OF[b, p]
            g = None if by is None else (row[by + "_b"] if not pd.isna(b) else row[by + "_p"])
            counts[r, g, t] = counts.get((r, g, t), 0) + 1
    return counts


class FateTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.access(BINARY, os.X_OK):
            raise RuntimeError(f"orgsim binary not found: {BINARY} (set ORGSIM_BINARY)")
        cls.tmp = Path(tempfile.mkdtemp(prefix="orgsim-fate-test-"))
        cls.folder_a = run_sweep(cls.tmp / "a", SWEEP_A)
        cls.folder_w = run_sweep(cls.tmp / "w", SWEEP_WAITS, {"waits-base.ini": WAITS_BASE})
        cls.a = Sweep(cls.folder_a)
        cls.w = Sweep(cls.folder_w)
        cls.index_a = compare.load_index(cls.folder_a)
        cls.index_w = compare.load_index(cls.folder_w)
        # fate.py's answers, computed once
        cls.transitions = {("a", BASELINE): fate.transitions(cls.index_a, BASELINE),
                           ("a", "more-evaluations"): fate.transitions(cls.index_a,
                                                                       "more-evaluations"),
                           ("w", BASELINE): fate.transitions(cls.index_w, BASELINE)}
        cls.paired = {key: fate.paired_decisions(cls.index_a if key[0] == "a" else cls.index_w,
                                                 key[1]) for key in cls.transitions}
        cls.breakdowns = {(s, by): fate.breakdown(index, BASELINE, by)
                          for s, index in (("a", cls.index_a), ("w", cls.index_w))
                          for by in ("town", "staff", "evaluations")}
        cls.allowances = fate.allowance_changes(cls.index_a, BASELINE)
        cls.text = {lang: fate.format_fate(cls.index_a, BASELINE, lang) for lang in ("en", "zh")}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def sweep(self, name):
        return self.a if name == "a" else self.w

    def assertClose(self, got, expected, what):
        if isinstance(expected, float) and math.isnan(expected):
            self.assertTrue(math.isnan(got), f"{what}: {got} (expected NaN)")
        else:
            self.assertLessEqual(abs(got - expected), TOL, f"{what}: {got} != {expected}")

    def assertStats(self, row, values, what):
        mean, sd, low, high, n = interval(values)
        self.assertEqual(row["n"], n, what)
        for column, expected in (("mean", mean), ("sd", sd), ("ci_low", low),
                                 ("ci_high", high)):
            self.assertClose(row[column], expected, f"{what} {column}")

    # --- the reference standard --------------------------------------------------------------

    def test_experienced_qualities_are_the_true_ones_times_the_mean_wait_decay(self):
        checked = 0
        for (policy, cell, r), run in self.w.files.items():
            p, orders = run["params"], run["orders"]
            served = orders[(orders["state"] == "served")
                            & (orders["assignee_kind"] == "social_org")].copy()
            served["year"] = np.floor(served["finished_h"]
                                      / (float(p["run.days"]) * 24)).astype(int) + 1
            decay = np.exp(-np.maximum(0.0, served["started_h"] - served["created_h"])
                           / float(p["service.wait_tolerance_h"]))
            served["t_decay"] = served["targeted"] * decay
            served["v_decay"] = served["votes"] * decay
            sums = served.groupby(["year", "assignee"])[["targeted", "t_decay", "votes",
                                                         "v_decay"]].sum()
            d = run["decisions"].join(sums, on=["year", "org"])
            felt = (d["targeted"] > 0) & (d["votes"] > 0)
            exp_a = np.where(felt, d["true_attraction_quality"] * d["t_decay"] / d["targeted"],
                             np.nan)
            exp_s = np.where(felt, d["true_satisfaction_quality"] * d["v_decay"] / d["votes"],
                             np.nan)
            for stored, mine in ((d["experienced_attraction"], exp_a),
                                 (d["experienced_satisfaction"], exp_s)):
                stored = stored.to_numpy()
                np.testing.assert_array_equal(np.isnan(stored), np.isnan(mine))
                ok = ~np.isnan(mine)
                self.assertLessEqual(np.max(np.abs(stored[ok] - mine[ok]), initial=0), 1e-9,
                                     (policy, cell, r))
                checked += ok.sum()
        self.assertGreater(checked, 0)
        # The test exercises the included standard: somewhere it judges differently from the
        # true qualities (a wait tolerance of 24 hours lowers what people experienced).
        differ = sum((run["decisions"]["good"]
                      != judge(run["decisions"], {**run["params"], "truth.waits": "excluded"}))
                     .sum() for run in self.w.files.values())
        self.assertGreater(differ, 0)

    def test_fixed_standard_errors_of_the_index_match_the_run_files(self):
        for name in ("a", "w"):
            sweep = self.sweep(name)
            for _, row in sweep.runs[sweep.runs["ok"]].iterrows():
                cell = tuple(row[k] for k in sweep.grid_keys)
                d = sweep.files[row["policy"], cell, int(row["replication"])]["decisions"]
                good = d["good"]
                good_denied = (good & (d["decision"] == "denied")).sum()
                below = (~good).sum()
                below_incubated = (~good & (d["decision"] == "incubated")).sum()
                expected = {
                    "good_denied": good_denied,
                    "below_standard_incubated": below_incubated,
                    "good_not_enough_data": (good & (d["decision"] == "not_enough_data")).sum(),
                    "good_denied_share": good_denied / good.sum() if good.sum() else 0.0,
                    "below_standard_incubated_share":
                        below_incubated / below if below else 0.0,
                    "incubated": (d["decision"] == "incubated").sum(),
                    "denied": (d["decision"] == "denied").sum(),
                    "not_enough_data": (d["decision"] == "not_enough_data").sum()}
                for column, value in expected.items():
                    self.assertAlmostEqual(row[column], value, places=12,
                                           msg=(name, row["run_id"], column))

    def test_decisions_recompute_the_standard_and_the_groups(self):
        for name, index in (("a", self.index_a), ("w", self.index_w)):
            sweep = self.sweep(name)
            dec = fate.decisions(index, BASELINE)
            groups = with_groups(sweep, BASELINE)
            self.assertEqual(len(dec), sum(len(r["decisions"]) for r in sweep.files.values()))
            for (policy, cell, r), d in groups.items():
                mine = dec[(dec["policy"] == policy) & (dec["replication"] == r)]
                for key, value in zip(sweep.grid_keys, cell):
                    mine = mine[mine[key] == value]
                mine = mine.sort_values(["year", "org"]).reset_index(drop=True)
                d = d.sort_values(["year", "org"]).reset_index(drop=True)
                run = sweep.files[policy, cell, r]["decisions"].sort_values(["year", "org"])
                self.assertEqual(list(mine["org"]), list(d["org"]))
                self.assertEqual(list(mine["decision"]), list(d["decision"]))
                self.assertEqual(list(mine["meets_standard"]), list(d["good"]))
                self.assertEqual(list(mine["staff"]), list(run["staff"]))
                self.assertEqual(list(mine["staff_class"].astype(str)), list(d["staff"]))
                self.assertEqual(list(mine["evaluations_class"].astype(str)),
                                 list(d["evaluations"]))
                self.assertEqual(list(mine["town_name"]), list(d["town"]))
                self.assertEqual(list(mine["alliance"]), list(d["alliance"]))
                self.assertTrue((mine["years"] == sweep.files[policy, cell, r]["years"]).all())

    # --- transitions ---------------------------------------------------------------------------

    def check_transitions(self, name, baseline, by=None):
        sweep = self.sweep(name)
        groups = with_groups(sweep, baseline)
        table = self.transitions[name, baseline] if by is None else \
            self.breakdowns[name, by][lambda t: t["kind"] == "transition"]
        paired = self.paired[name, baseline] if by is None else None
        checked = 0
        for policy in sweep.policies():
            if policy == baseline:
                continue
            for cell in sweep.cells():
                point = sweep.point(policy, cell)
                reps = sweep.replications(policy, baseline, cell)
                counts = paired_counts(sweep, groups, policy, baseline, cell, by)
                years = {r: sweep.files[policy, cell, r]["years"] for r in reps}
                found = {g for _, g, _ in counts}
                rows = table[table["point"] == point]
                if by is not None:
                    self.assertEqual(set(rows["group"]), found, point)
                for g in found:
                    for t in TRANSITIONS:
                        what = f"{point} {g} {t}"
                        values = [counts.get((r, g, t), 0) / years[r] for r in reps]
                        row = rows[(rows["measure" if by else "transition"] == t)
                                   & ((rows["group"] == g) if by else True)]
                        self.assertEqual(len(row), 1, what)
                        self.assertStats(row.iloc[0], values, what)
                        checked += 1
                        if paired is not None:  # the counts themselves, exactly
                            mine = paired[(paired["point"] == point)
                                          & (paired["transition"] == t)]
                            self.assertEqual(
                                [int((mine["replication"] == r).sum()) for r in reps],
                                [counts.get((r, g, t), 0) for r in reps], what)
        self.assertGreater(checked, 0)

    def test_transitions_match_a_pandas_recomputation(self):
        for name, baseline in self.transitions:
            with self.subTest(sweep=name, baseline=baseline):
                self.check_transitions(name, baseline)

    def test_transitions_by_group_match_a_pandas_recomputation(self):
        for name in ("a", "w"):
            for by in ("town", "staff", "evaluations"):
                with self.subTest(sweep=name, by=by):
                    self.check_transitions(name, BASELINE, by)

    def test_the_recomputation_sees_every_kind_of_transition(self):
        # Not a check of fate.py: that the sweeps exercise what the tests above compare.
        seen = set()
        for table in self.transitions.values():
            seen |= set(table.loc[table["mean"] > 0, "transition"])
        self.assertEqual(seen, set(TRANSITIONS))

    def test_identical_policies_change_no_fate_and_no_allowance(self):
        t = self.transitions["a", BASELINE]
        same = t[t["policy"] == "same-rule"]
        self.assertEqual(len(same), 2 * len(TRANSITIONS))  # two grid cells
        for _, row in same.iterrows():
            if row["transition"] == "unchanged":
                self.assertEqual(row["mean"], row["decisions_per_year"])
                self.assertGreater(row["mean"], 0)
            else:
                self.assertEqual((row["mean"], row["ci_low"], row["ci_high"]), (0.0, 0.0, 0.0),
                                 row["transition"])
        for by in ("town", "staff", "evaluations"):
            b = self.breakdowns["a", by]
            errors = b[(b["policy"] == "same-rule") & (b["kind"] == "error")]
            self.assertTrue((errors["mean"].dropna() == 0).all(), by)
        a = self.allowances[self.allowances["policy"] == "same-rule"]
        self.assertFalse(a["changed"].any())
        for measure in ("gainers", "losers", "allowance_total_yuan", "gini"):
            self.assertTrue((a.loc[a["measure"] == measure, "mean"] == 0).all(), measure)
        for lang, words in (("en", "no organization changes fate"), ("zh", "没有一个社会组织")):
            lines = [line for line in self.text[lang].splitlines() if line.startswith("same-rule")]
            self.assertEqual(len(lines), 4, lines)  # two cells: fate and allowances
            self.assertIn(words, lines[0])

    def test_a_threshold_of_zero_moves_every_denied_organization_to_incubated(self):
        paired = self.paired["a", BASELINE]
        zero = paired[paired["policy"] == "threshold-zero"]
        self.assertFalse((zero["decision"] == "denied").any())
        self.assertFalse((zero["transition"] == "incubated_to_denied").any())
        first = zero[zero["year"] == 1]
        self.assertFalse((first["transition"] == "present_in_one_only").any())
        for cell in self.a.cells():
            for r in self.a.replications("threshold-zero", BASELINE, cell):
                d = self.a.files[BASELINE, cell, r]["decisions"]
                denied = set(d.loc[(d["year"] == 1) & (d["decision"] == "denied"), "org"])
                point = self.a.point("threshold-zero", cell)
                moved = first[(first["point"] == point) & (first["replication"] == r)
                              & (first["transition"] == "denied_to_incubated")]
                self.assertEqual(set(moved["org"]), denied, (cell, r))
                self.assertGreater(len(denied), 0)

    def test_only_paired_replications_are_compared(self):
        folder = self.tmp / "with-failure"
        shutil.copytree(self.folder_a, folder)
        with h5py.File(folder / "sweep.h5", "r+") as f:
            runs = f["runs"][()]
            victim = next(i for i, row in enumerate(runs)
                          if row["policy"].decode() == "lower-threshold"
                          and row["replication"] == 2 and row["run.years"] == b"2")
            runs["status"][victim] = 1
            runs["error"][victim] = b"test: a failed run"
            f["runs"][...] = runs
        table = fate.transitions(compare.load_index(folder), BASELINE)
        cell = next(c for c in self.a.cells() if c[-1] == "2")
        point = self.a.point("lower-threshold", cell)
        rows = table[table["point"] == point].set_index("transition")
        self.assertTrue((rows["n"] == 3).all())
        groups = with_groups(self.a, BASELINE)
        counts = paired_counts(self.a, groups, "lower-threshold", BASELINE, cell)
        for t in TRANSITIONS:
            values = [counts.get((r, None, t), 0) / 2 for r in (0, 1, 3)]
            self.assertStats(rows.loc[t], values, t)

    # --- breakdowns: errors against the reference standard by group ---------------------------

    def test_breakdown_errors_match_a_pandas_recomputation(self):
        for name in ("a", "w"):
            sweep = self.sweep(name)
            groups = with_groups(sweep, BASELINE)
            for by in ("town", "staff", "evaluations"):
                table = self.breakdowns[name, by]
                errors = table[table["kind"] == "error"]
                for policy in sweep.policies():
                    if policy == BASELINE:
                        continue
                    for cell in sweep.cells():
                        point = sweep.point(policy, cell)
                        reps = sweep.replications(policy, BASELINE, cell)
                        present = set()
                        for p in (policy, BASELINE):
                            for r in reps:
                                present |= set(groups[p, cell, r][by])
                        self.assertEqual(set(errors.loc[errors["point"] == point, "group"]),
                                         present, (point, by))
                        for g in present:
                            self.check_group_errors(sweep, groups, errors, policy, cell, reps,
                                                    by, g)

    def check_group_errors(self, sweep, groups, errors, policy, cell, reps, by, g):
        point = sweep.point(policy, cell)
        measures = {}
        for p in (policy, BASELINE):
            per_rep = []
            for r in reps:
                d = groups[p, cell, r]
                d = d[d[by] == g]
                years = sweep.files[p, cell, r]["years"]
                good, decision = d["good"].to_numpy(), d["decision"].to_numpy()
                gd = (good & (decision == "denied")).sum()
                bi = (~good & (decision == "incubated")).sum()
                per_rep.append({
                    "decisions": len(d) / years, "good": good.sum() / years,
                    "below_standard": (~good).sum() / years, "good_denied": gd / years,
                    "below_standard_incubated": bi / years,
                    "good_denied_share": gd / good.sum() if good.sum() else math.nan,
                    "below_standard_incubated_share":
                        bi / (~good).sum() if (~good).sum() else math.nan})
            measures[p] = per_rep
        for measure in fate.ERROR_MEASURES:
            what = f"{point} {by}={g} {measure}"
            x = np.array([m[measure] for m in measures[policy]])
            y = np.array([m[measure] for m in measures[BASELINE]])
            both = ~(np.isnan(x) | np.isnan(y))
            row = errors[(errors["point"] == point) & (errors["group"] == g)
                         & (errors["measure"] == measure)]
            self.assertEqual(len(row), 1, what)
            row = row.iloc[0]
            self.assertStats(row, list(x[both] - y[both]), what)
            self.assertClose(row["policy_mean"], x[both].mean() if both.any() else math.nan,
                             what)
            self.assertClose(row["baseline_mean"], y[both].mean() if both.any() else math.nan,
                             what)

    def test_breakdown_groups_add_up_to_the_whole(self):
        b = self.breakdowns["a", "town"]
        t = self.transitions["a", BASELINE]
        moves = b[b["kind"] == "transition"].groupby(["point", "measure"])["mean"].sum()
        for _, row in t.iterrows():
            self.assertAlmostEqual(moves[row["point"], row["transition"]], row["mean"],
                                   places=10)
        self.assertEqual(set(fate.breakdown(self.index_a, BASELINE, "alliance")["by"]),
                         {"alliance"})
        with self.assertRaisesRegex(ValueError, "size"):
            fate.breakdown(self.index_a, BASELINE, "size")

    # --- allowances ----------------------------------------------------------------------------

    def test_allowance_changes_match_a_recomputation(self):
        for policy in self.a.policies():
            if policy == BASELINE:
                continue
            for cell in self.a.cells():
                point = self.a.point(policy, cell)
                reps = self.a.replications(policy, BASELINE, cell)
                per = {m: [] for m in ("gainers", "losers", "mean_gain_yuan",
                                       "mean_loss_yuan")}
                spread = {m: ([], []) for m in ("allowance_total_yuan", "gini",
                                                "top_bottom_decile_ratio")}
                for r in reps:
                    mine = self.a.files[policy, cell, r]["allowance"]
                    theirs = self.a.files[BASELINE, cell, r]["allowance"]
                    years = self.a.files[policy, cell, r]["years"]
                    d = mine - theirs
                    per["gainers"].append((d > 0).sum() / years)
                    per["losers"].append((d < 0).sum() / years)
                    per["mean_gain_yuan"].append(d[d > 0].mean() if (d > 0).any() else math.nan)
                    per["mean_loss_yuan"].append(-d[d < 0].mean() if (d < 0).any()
                                                 else math.nan)
                    for k, panel in enumerate((mine, theirs)):
                        spread["allowance_total_yuan"][k].append(panel.sum() / years)
                        spread["gini"][k].append(np.mean([gini_by_pairs(y) for y in panel]))
                        spread["top_bottom_decile_ratio"][k].append(
                            np.mean([decile_ratio(y) for y in panel]))
                rows = self.allowances[self.allowances["point"] == point].set_index("measure")
                for measure, values in per.items():
                    self.assertStats(rows.loc[measure], values, f"{point} {measure}")
                for measure, (x, y) in spread.items():
                    x, y = np.array(x), np.array(y)
                    row = rows.loc[measure]
                    self.assertStats(row, list(x - y), f"{point} {measure}")
                    self.assertClose(row["policy_mean"], x.mean(), f"{point} {measure}")
                    self.assertClose(row["baseline_mean"], y.mean(), f"{point} {measure}")
                self.assertEqual(bool(rows["changed"].iloc[0]),
                                 any(per["gainers"]) or any(per["losers"]), point)
        steeper = self.allowances[(self.allowances["policy"] == "steeper-tiers")
                                  & (self.allowances["measure"] == "gini")]
        self.assertTrue((steeper["mean"] > 0).all())  # a steeper gradient spreads them

    def test_the_gini_coefficient(self):
        self.assertEqual(fate.gini([5, 5, 5, 5]), 0.0)
        self.assertAlmostEqual(fate.gini([0, 0, 0, 1]), 0.75)
        self.assertAlmostEqual(fate.gini([1, 2, 3, 4, 10]), gini_by_pairs([1, 2, 3, 4, 10]))
        self.assertTrue(math.isnan(fate.gini([0, 0])))
        self.assertEqual(fate.top_bottom_decile_ratio(list(range(1, 21))), 19.5 / 1.5)

    # --- the text ------------------------------------------------------------------------------

    def names(self):
        """Every policy and point name, label and grid text the two texts may hold."""
        out = set()
        for policy in self.a.policies():
            out.add(policy)
            for cell in self.a.cells():
                out.add(self.a.point(policy, cell))
                out.add("（" + ", ".join(f"{k}={v}" for k, v in zip(self.a.grid_keys, cell))
                        + "）")
                out.add(" [" + ", ".join(f"{k}={v}" for k, v in zip(self.a.grid_keys, cell))
                        + "]")
        with h5py.File(self.folder_a / "sweep.h5", "r") as f:
            out |= {x for x in f["policy_labels"].asstr()[()] if x}
        return sorted(out, key=len, reverse=True)

    def test_the_text_has_the_same_numbers_in_both_languages(self):
        en, zh = self.text["en"].splitlines(), self.text["zh"].splitlines()
        self.assertEqual(len(en), len(zh))
        names = self.names()
        for e, z in zip(en, zh):
            for name in names:
                e, z = e.replace(name, " "), z.replace(name, " ")
            self.assertEqual(NUMBER.findall(e), NUMBER.findall(z), (e, z))

    def test_the_chinese_text_reads_chinese(self):
        zh = self.text["zh"]
        rest = zh
        for name in self.names():
            rest = rest.replace(name, " ")
        self.assertIsNone(re.search(r"[A-Za-z]", rest), re.search(r".*[A-Za-z].*", rest))
        for term in ("孵化", "不予孵化", "社会组织", "村社团组织", "工作补贴", "参照标准",
                     "95% 置信区间", "按镇街", "按规模", "基尼系数"):
            self.assertIn(term, zh)
        self.assertIn("门槛75%", zh)  # the label, not the policy's name
        self.assertNotIn("lower-threshold", zh)

    def test_the_text_has_its_words_in_every_language(self):
        import fate_text  # fate.py's text: one table of words for each of fate.LANGUAGES
        self.assertEqual(tuple(fate_text._TEXT), fate.LANGUAGES)

    def test_the_text_says_who_changes_fate_and_who_gains(self):
        en = self.text["en"]
        self.assertTrue(en.startswith("Who changes fate"))
        # a point that changes fate: its block with the transitions and the groups
        block = en.split("门槛75% (lower-threshold) [district.scale=0.3, run.years=1] vs", 1)[1]
        block = block.split("\n\n", 1)[0]
        row = self.transitions["a", BASELINE]
        row = row[(row["policy"] == "lower-threshold") & (row["run.years"] == "1")
                  & (row["transition"] == "denied_to_incubated")].iloc[0]
        self.assertIn(f"denied → incubated {row['mean']:.1f} a year (95% CI "
                      f"{row['ci_low']:.1f} to {row['ci_high']:.1f})", block)
        for heading in ("by size (staff during the year)", "by evaluations received",
                        "by town"):
            self.assertIn(heading, block)
        # steeper tiers: the same decisions (one line) but other allowances
        lines = [line for line in en.splitlines() if line.startswith("拉大档差 (steeper-tiers)")]
        self.assertEqual(len(lines), 4, lines)
        self.assertIn("no organization changes fate", lines[0])
        self.assertIn("branches a year gain", en.split(lines[2], 1)[1].splitlines()[1])
        self.assertTrue(any("Gini coefficient" in line for line in en.splitlines()))
        with self.assertRaisesRegex(ValueError, "fr"):
            fate.format_fate(self.index_a, BASELINE, "fr")

    def test_labels_are_read_from_the_index_file_when_the_index_has_none(self):
        index = compare.load_index(self.folder_w)
        bare = types.SimpleNamespace(ok=index.ok, runs=index.runs, folder=index.folder,
                                     grid_keys=index.grid_keys, policies=index.policies,
                                     run_path=index.run_path)
        zh = fate.format_fate(bare, BASELINE, "zh")
        self.assertIn("门槛75%（service.wait_tolerance_h=24） 与", zh)
        self.assertEqual(zh, fate.format_fate(index, BASELINE, "zh"))

    def test_a_wrong_baseline_is_refused(self):
        with self.assertRaisesRegex(ValueError, "no-such-policy"):
            fate.transitions(self.index_a, "no-such-policy")

    # --- run files without the data ------------------------------------------------------------

    def test_run_files_without_the_data_are_refused_with_their_name(self):
        for damage, message in (("schema", "schema_version"), ("staff", "staff"),
                                ("truth", "truth.waits")):
            with self.subTest(damage=damage):
                folder = self.tmp / f"damaged-{damage}"
                shutil.copytree(self.folder_w, folder)
                index = compare.load_index(folder)
                victim = index.run_path(index.ok.iloc[1])
                with h5py.File(victim, "r+") as f:
                    if damage == "schema":
                        f.attrs["schema_version"] = 2
                    elif damage == "staff":
                        data = f["events/incubations"][()]
                        names = [n for n in data.dtype.names if n != "staff"]
                        del f["events/incubations"]
                        f["events/incubations"] = data[names]
                    else:
                        del f["config/params"].attrs["truth.waits"]
                with self.assertRaises(ValueError) as caught:
                    fate.transitions(index, BASELINE)
                self.assertIn(os.path.basename(victim), str(caught.exception))
                self.assertIn(message, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
