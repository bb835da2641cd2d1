"""Tests of analysis/compare.py (paired comparison of a sweep's policies) on real sweeps.

Four small sweeps are run once, two at a time (a few seconds in all):

- ``scenarios/sweeps/smoke.ini``: two policies that differ only in the incubation threshold,
  3 replications of a tenth of the district. compare's table is checked against numbers
  computed here, independently, from the runs' own JSON summaries (FOLDER/runs/<run_id>.json):
  each indicator in the table's units (shares in %, counts per year), the paired differences,
  their mean, Student-t interval and the share of replications in which the policy is better;
- a two-year sweep (run.years = 2): counts are divided by the years, stocks at the run's end
  are not;
- a sweep of tier schemes under fixed and under tournament leaders (with Chinese labels): the
  "nobody responds" note for a tiers-only comparison with every behaviour model fixed, and
  not when leaders respond; the labels in both languages;
- an overloaded configuration (protective organizations at threshold 0.85, a fifth of the
  district: one committee member): the queue warning repeated for every replication.

Then the plain language (both languages, the same numbers; Chinese clauses each on their own,
no 没有可检测的差异), the float-noise rule on a constructed index, the CSV, the plots, fate.py
(when it is there, and compare.py without it), and exit 2 for bad input.

Environment: ORGSIM_BINARY (the orgsim executable) and ORGSIM_SOURCE_DIR (the source tree),
both set by ctest, which also puts analysis/ on PYTHONPATH. Run with Debian's
/usr/bin/python3 (h5py, pandas, scipy, matplotlib):
    cd build && ctest -R python_compare --output-on-failure
"""

import csv
import dataclasses
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from orgsim_run import BINARY, SOURCE_DIR, orgsim  # first: analysis/ on the path

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

import compare  # noqa: E402

SMOKE = SOURCE_DIR / "scenarios" / "sweeps" / "smoke.ini"
COMPARE = SOURCE_DIR / "analysis" / "compare.py"
BASELINE = "seed-rule"
POLICY = "lower-threshold"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:e[-+]\d+)?")
CJK = re.compile(r"[\u4e00-\u9fff]")
HAS_FATE = (SOURCE_DIR / "analysis" / "fate.py").is_file()

# Tier schemes with fixed and with tournament leaders. "fixed-steep" differs from "fixed" only
# in the tiers, which act on people only through the leaders' effort: with every behaviour
# model fixed nothing but the allowance can differ. "tournament-steep" differs from
# "tournament" in the same key, but those leaders respond.
RESPONSES_INI = """[sweep]
name = responses
base = default
replications = 3
seed = 5

[policy.fixed]
label = 种子方案
district.scale = 0.1

[policy.fixed-steep]
label = 拉大档差
district.scale = 0.1
tiers.amounts_yuan = 2400, 1200, 600, 300

[policy.tournament]
district.scale = 0.1
behaviour.leader = tournament

[policy.tournament-steep]
label = 锦标赛·拉大档差
district.scale = 0.1
behaviour.leader = tournament
tiers.amounts_yuan = 2400, 1200, 600, 300
"""

# Two years per run: the counts in the table are per year.
TWO_YEARS_INI = """[sweep]
name = two-years
base = default
replications = 3
seed = 9

[policy.seed-rule]
district.scale = 0.1
run.years = 2

[policy.lower-threshold]
district.scale = 0.1
run.years = 2
incubation.threshold = 0.7
"""

# An overloaded district committee, cheaply. At scale 0.2 the committee has one member
# (round(4 x 0.2), docs/MODEL.md §2.1) for about 200 special needs a year, each searched for
# (24 h on average) and then handed to an organization. Protective organizations near the line
# decline the orders expected to hurt their rates (§13.2) and the handed-over special needs are
# those: they have already waited through the search. At threshold 0.85 nearly every
# organization is within the protective margin, so most special needs come back to the one
# member, who serves them himself (72 h each on average): about 200 x (24 + 72) h of work in a
# year of 8,760 h, twice what one person can do, whatever the seed. The queue grows all year,
# so more than a tenth of the committee's orders are still open at the run's end in every
# replication (warnings.backlog_share = 0.1). At threshold 0.75 few organizations are near the
# line; whether its queue warns depends on the replication, and the test does not assume it.
OVERLOAD_INI = """[sweep]
name = overload
base = default
replications = 3
seed = 7

[policy.protective-0.75]
district.scale = 0.2
behaviour.organization = protective
incubation.threshold = 0.75

[policy.protective-0.85]
label = 保护性·门槛85%
district.scale = 0.2
behaviour.organization = protective
incubation.threshold = 0.85
"""

TMP = None
FOLDERS = {}


def sweep(ini, folder):
    return orgsim("sweep", ini, "-o", folder, "--jobs", 2, timeout=120)


def setUpModule():
    global TMP
    if not os.access(BINARY, os.X_OK):
        raise RuntimeError(f"orgsim binary not found: {BINARY} (set ORGSIM_BINARY)")
    TMP = Path(tempfile.mkdtemp(prefix="orgsim-compare-test-"))
    jobs = {"smoke": SMOKE}
    for name, text in (("responses", RESPONSES_INI), ("two-years", TWO_YEARS_INI),
                       ("overload", OVERLOAD_INI)):
        path = TMP / f"{name}.ini"
        path.write_text(text, encoding="utf-8")
        jobs[name] = path
    with ThreadPoolExecutor(2) as pool:
        done = dict(zip(jobs, pool.map(lambda item: sweep(item[1], TMP / item[0]),
                                       jobs.items())))
    for name, d in done.items():
        if d.returncode != 0:
            raise AssertionError(f"orgsim sweep {name} exited {d.returncode}: {d.stderr}")
        FOLDERS[name] = TMP / name


def tearDownModule():
    if TMP is not None:
        shutil.rmtree(TMP, ignore_errors=True)


def run_compare(*args):
    return subprocess.run([sys.executable, str(COMPARE), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def numbers(line, *labels):
    """The numbers of a plain-language line in their order, without those of the labels."""
    for label in sorted(labels, key=len, reverse=True):
        line = line.replace(label, " ")
    return NUMBER.findall(line)


def share(part, whole):
    return part / whole if whole else 0.0


def indicators_from_summary(summary):
    """The headline indicators of one run in the table's units (shares in %, counts of the
    run per year), from its JSON summary alone."""
    inc = summary["incubation"]
    orders = summary["orders"]
    years = summary["years"]
    decisions = inc["incubated"] + inc["denied"] + inc["not_enough_data"]
    own = inc["own_rule"]
    efforts = [e for e in summary["behaviour"]["leader_effort_mean"] if e is not None]
    activities = summary["activities"]
    return {
        "incubated": inc["incubated"] / years,
        "denied": inc["denied"] / years,
        "incubation_rate": 100 * inc["incubated"] / summary["organizations"]["count"] / years,
        "good_denied": inc["good_denied"] / years,
        "good_denied_share": 100 * inc["good_denied_share"],
        "below_standard_incubated": inc["below_standard_incubated"] / years,
        "below_standard_incubated_share": 100 * inc["below_standard_incubated_share"],
        "not_enough_data": inc["not_enough_data"] / years,
        "good_not_enough_data": inc["good_not_enough_data"] / years,
        "own_rule_wrongly_denied_share": 100 * share(own["wrongly_denied"], own["good"]),
        "own_rule_wrongly_incubated_share": 100 * share(own["wrongly_incubated"],
                                                        decisions - own["good"]),
        "mean_response_h": orders["response_h"]["mean"],
        "mean_wait_incl_open_h": orders["wait_incl_open_h"]["mean"],
        # stocks at the run's end: not divided by the years
        "still_waiting_at_end": orders["wait_incl_open_h"]["still_waiting_at_end"],
        "backlog_total": orders["by_state"].get("open_at_year_end", 0),
        "backlog_committee": orders["queues"]["district_committee"]["open_at_end"],
        "escalated": orders["escalated"] / years,
        "answered_on_time_share": 100 * orders["answered_on_time_share"],
        "satisfaction_rate": 100 * orders["satisfaction_rate"],
        "declined_orders": summary["behaviour"]["declined_orders"] / years,
        "special_left_to_committee_share": 100 * share(orders["special_left_to_committee"],
                                                       orders["by_kind"]["special"]),
        "activities_held": activities["held"] / years,
        "activities_cancelled": (activities["cancelled_no_venue"]
                                 + activities["cancelled_no_money"]) / years,
        "youth_contacts": activities["youth_contacts"] / years,
        "leaders_gave_up": share(sum(summary["behaviour"]["leaders_at_floor"]), len(efforts)),
        "leader_effort_mean": share(sum(efforts), len(efforts)),
        "tier_noise_share": 100 * summary["tier_noise"]["changed_share"],
        "allowance_total_yuan": summary["allowance_total_yuan"] / years,
        "official_duty_h_mean": summary["duty"]["official_hours"]["mean"] / years,
        "warnings": len(summary["warnings"]),
    }


def summaries(folder):
    """Each run's indicators from its JSON summary, by (policy, replication); the index is
    read with h5py directly (not through compare) for the run ids."""
    values = {}
    with h5py.File(folder / "sweep.h5", "r") as f:
        for row in f["runs"][()]:
            summary = json.loads((folder / "runs" / f"{row['run_id'].decode()}.json")
                                 .read_text())
            values[row["policy"].decode(), int(row["replication"])] = \
                indicators_from_summary(summary)
    return values


class SmokeTest(unittest.TestCase):
    """The smoke sweep: the table against the JSON summaries, the command line."""

    @classmethod
    def setUpClass(cls):
        cls.folder = FOLDERS["smoke"]
        cls.values = summaries(cls.folder)
        cls.index = compare.load_index(cls.folder)
        cls.table = compare.paired_comparison(cls.index, BASELINE)
        cls.csv = TMP / "smoke-table.csv"
        cls.cli = run_compare(cls.folder, "--baseline", BASELINE, "--csv", cls.csv)

    def differences(self, indicator):
        """policy - baseline per replication, from the JSON summaries."""
        replications = sorted(r for p, r in self.values if p == POLICY)
        return np.array([self.values[POLICY, r][indicator] - self.values[BASELINE, r][indicator]
                         for r in replications], dtype=float)

    def row(self, indicator):
        rows = self.table[(self.table["point"] == POLICY) & (self.table["indicator"] == indicator)]
        self.assertEqual(len(rows), 1, indicator)
        return rows.iloc[0]

    def test_indicators_directions_and_units(self):
        for name in ("incubated", "denied", "incubation_rate", "allowance_total_yuan",
                     "official_duty_h_mean"):
            self.assertEqual(compare.INDICATORS[name], "n/a", name)  # a trade-off or a choice
        for name in ("good_denied", "good_denied_share", "below_standard_incubated",
                     "below_standard_incubated_share", "own_rule_wrongly_denied_share",
                     "own_rule_wrongly_incubated_share", "mean_wait_incl_open_h",
                     "backlog_total", "backlog_committee", "escalated", "activities_cancelled",
                     "leaders_gave_up", "declined_orders", "tier_noise_share",
                     "special_left_to_committee_share", "warnings"):
            self.assertEqual(compare.INDICATORS[name], "lower", name)
        for name in ("activities_held", "youth_contacts", "leader_effort_mean",
                     "satisfaction_rate", "answered_on_time_share"):
            self.assertEqual(compare.INDICATORS[name], "higher", name)
        for gone in ("wrongly_denied_share", "wrongly_incubated_share"):
            self.assertNotIn(gone, compare.INDICATORS)
        # every indicator is a column of the index, has a unit and (but the rate) a phrase
        for name in compare.INDICATORS:
            self.assertIn(name, self.index.runs.columns)
            self.assertIn(name, compare.UNITS)
            if name != "incubation_rate":
                self.assertIn(name, compare._PHRASES)
        # the own-rule shares say so
        for name in ("own_rule_wrongly_denied_share", "own_rule_wrongly_incubated_share"):
            self.assertIn("by its own rule", compare.indicator_name(name))
            self.assertIn("按自身规则", compare.indicator_name(name, "zh"))
        self.assertEqual(compare.UNITS["good_denied_share"], "%")
        self.assertEqual(compare.UNITS["good_denied"], "per year")
        self.assertEqual(compare.UNITS["backlog_committee"], "at the run's end")

    def test_table_has_one_row_per_indicator_and_the_required_columns(self):
        for column in ["point", "policy", "label", "indicator", "unit", "per_year", "better",
                       "policy_mean", "baseline_mean", "mean_difference", "ci_low", "ci_high",
                       "n", "p_better", "p_worse", "identical", "significant"]:
            self.assertIn(column, self.table.columns)
        self.assertEqual(set(self.table["point"]), {POLICY})  # the baseline is not a point
        self.assertEqual(list(self.table["indicator"]), list(compare.INDICATORS))
        self.assertTrue((self.table["n"] == 3).all())

    def test_means_and_paired_differences_match_the_json_summaries(self):
        t = stats.t.ppf(0.975, 2)  # 3 replications: 2 degrees of freedom
        for indicator in compare.INDICATORS:
            with self.subTest(indicator=indicator):
                d = self.differences(indicator)
                self.assertEqual(len(d), 3)
                row = self.row(indicator)
                scale = max(1.0, abs(row["baseline_mean"]))
                self.assertAlmostEqual(row["policy_mean"], np.mean(
                    [self.values[POLICY, r][indicator] for r in range(3)]), delta=1e-9 * scale)
                self.assertAlmostEqual(row["baseline_mean"], np.mean(
                    [self.values[BASELINE, r][indicator] for r in range(3)]),
                    delta=1e-9 * scale)
                self.assertAlmostEqual(row["mean_difference"], d.mean(), delta=1e-9 * scale)
                if np.all(d == 0):
                    self.assertTrue(row["identical"])
                    self.assertEqual((row["ci_low"], row["ci_high"]), (0.0, 0.0))
                else:
                    half = t * d.std(ddof=1) / math.sqrt(3)
                    self.assertFalse(row["identical"])
                    self.assertAlmostEqual(row["ci_low"], d.mean() - half, delta=1e-9 * scale)
                    self.assertAlmostEqual(row["ci_high"], d.mean() + half, delta=1e-9 * scale)
                    self.assertEqual(row["significant"],
                                     row["ci_low"] > 0 or row["ci_high"] < 0)

    def test_p_better_is_the_share_of_replications_in_which_the_policy_is_better(self):
        for indicator, better in compare.INDICATORS.items():
            with self.subTest(indicator=indicator):
                d = self.differences(indicator)
                row = self.row(indicator)
                if better == "higher":
                    self.assertAlmostEqual(row["p_better"], np.mean(d > 0))
                    self.assertAlmostEqual(row["p_worse"], np.mean(d < 0))
                elif better == "lower":
                    self.assertAlmostEqual(row["p_better"], np.mean(d < 0))
                    self.assertAlmostEqual(row["p_worse"], np.mean(d > 0))
                else:
                    self.assertTrue(math.isnan(row["p_better"]))
                    self.assertTrue(math.isnan(row["p_worse"]))

    def test_a_lower_threshold_never_incubates_fewer(self):
        d = self.differences("incubated")
        self.assertTrue((d >= 0).all(), d)  # in every replication
        self.assertGreaterEqual(self.row("incubated")["mean_difference"], 0)

    def test_the_table_lists_what_differs_and_collapses_the_rest(self):
        self.assertEqual(self.cli.returncode, 0, self.cli.stderr)
        out = self.cli.stdout
        block = out.split(f"{POLICY} vs {BASELINE} (3 paired replications)", 1)[1]
        block = block.split("\n\n", 1)[0]
        unchanged = block.split("unchanged (identical in every replication): ", 1)[1]
        unchanged = [w.strip() for w in " ".join(unchanged.split()).split(",")]
        identical = list(self.table.loc[self.table["identical"], "indicator"])
        self.assertEqual(unchanged, identical)
        for indicator in self.table.loc[~self.table["identical"], "indicator"]:
            self.assertRegex(block, rf"\n  {indicator} ")
        for indicator in identical:
            self.assertNotRegex(block, rf"\n  {indicator} ")

    def test_conclusions_come_before_the_table(self):
        out = self.cli.stdout
        plain = out.index("In plain language:")
        table = out.index(f"{POLICY} vs {BASELINE} (3 paired replications)")
        self.assertLess(plain, table)
        # the smoke policies differ only in the threshold, every behaviour model fixed
        first = out.index("Read first:")
        self.assertLess(first, plain)
        note = out[first:plain]
        self.assertIn("nobody responds to the incubation rule", note)
        self.assertIn("incubation.threshold", note)
        self.assertIn("[behaviour]", note)
        lines = out[plain:table].strip().splitlines()
        self.assertTrue(lines[1].startswith("Every policy is judged against one fixed standard"),
                        lines[1])
        self.assertIn("80%", lines[1])
        self.assertTrue(lines[2].startswith(f"{POLICY} against {BASELINE} (3 paired "
                                            f"replications): "), lines[2])

    def test_cli_writes_the_csv_with_units(self):
        with open(self.csv, newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), len(compare.INDICATORS))  # one point x every indicator
        by_indicator = {row["indicator"]: row for row in rows}
        for column in ("unit", "per_year", "identical", "significant", "label"):
            self.assertIn(column, rows[0])
        self.assertEqual(by_indicator["allowance_total_yuan"]["p_better"], "n/a")
        self.assertEqual(by_indicator["incubated"]["p_better"], "n/a")
        self.assertEqual(by_indicator["incubated"]["per_year"], "True")
        self.assertEqual(by_indicator["satisfaction_rate"]["unit"], "%")
        self.assertAlmostEqual(float(by_indicator["incubated"]["mean_difference"]),
                               self.differences("incubated").mean())

    def test_cli_writes_the_forest_and_the_other_plots(self):
        self.assertEqual(self.cli.returncode, 0, self.cli.stderr)
        plots = self.folder / "plots"
        for name in ["forest.png", "organization_rates.png", "tier_stability.png"]:
            path = plots / name
            self.assertIn(str(path), self.cli.stdout)  # the paths are printed
            self.assertTrue(path.is_file(), path)
            self.assertGreater(path.stat().st_size, 1000, path)
            self.assertEqual(path.read_bytes()[:8], PNG_MAGIC, path)
        self.assertFalse((plots / "indicators.png").exists())

    def test_organization_rates_carry_the_rule_and_the_standard(self):
        rates = compare.organization_rates(self.index)
        self.assertEqual(set(rates["threshold"]), {0.8, 0.75})
        self.assertEqual(set(rates["truth_threshold"]), {0.8})  # one standard for all
        self.assertEqual(set(rates["truth_combine"]), {"both"})

    def test_tier_stability_is_a_share_per_run(self):
        stability = compare.tier_stability(self.index)
        self.assertEqual(len(stability), 6)
        self.assertTrue(((stability["tier_change_share"] >= 0)
                         & (stability["tier_change_share"] <= 1)).all())

    def test_failed_runs_are_left_out_and_unpaired_replications_dropped(self):
        folder = TMP / "with-failure"
        shutil.copytree(self.folder, folder, ignore=shutil.ignore_patterns("plots"))
        with h5py.File(folder / "sweep.h5", "r+") as f:
            runs = f["runs"][()]
            victim = next(i for i, row in enumerate(runs)
                          if row["policy"].decode() == POLICY and row["replication"] == 1)
            runs["status"][victim] = 1  # failed
            runs["error"][victim] = b"test: a failed run"
            f["runs"][...] = runs
        index = compare.load_index(folder)
        self.assertEqual(len(index.failed), 1)
        table = compare.paired_comparison(index, BASELINE)
        self.assertTrue((table["n"] == 2).all())
        d = self.differences("incubated")[[0, 2]]
        row = table[table["indicator"] == "incubated"].iloc[0]
        self.assertAlmostEqual(row["mean_difference"], d.mean())
        done = run_compare(folder, "--baseline", BASELINE, "--no-plots")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("left out 1 failed run", done.stdout)
        self.assertFalse((folder / "plots").exists())

    def test_a_wrong_baseline_exits_2_and_lists_the_policies(self):
        done = run_compare(self.folder, "--baseline", "no-such-policy", "--no-plots")
        self.assertEqual(done.returncode, 2)
        for word in ("no-such-policy", BASELINE, POLICY):
            self.assertIn(word, done.stderr)
        self.assertEqual(run_compare(self.folder, "--baseline", BASELINE, "--no-plots",
                                     "--lang", "fr").returncode, 2)

    def test_a_folder_that_is_not_a_sweep_of_schema_3_is_refused(self):
        with self.assertRaises(FileNotFoundError):
            compare.load_index(TMP / "nowhere")
        not_sweep = TMP / "not-a-sweep"
        not_sweep.mkdir()
        run_file = next((self.folder / "runs").glob("*.h5"))
        shutil.copy(run_file, not_sweep / "sweep.h5")  # an orgsim *run* file
        with self.assertRaisesRegex(compare.CompareError, "orgsim-sweep"):
            compare.load_index(not_sweep)
        done = run_compare(not_sweep, "--baseline", BASELINE, "--no-plots")
        self.assertEqual(done.returncode, 2)
        self.assertIn("not an orgsim sweep", done.stderr)
        old = TMP / "old-sweep"
        shutil.copytree(self.folder, old, ignore=shutil.ignore_patterns("plots"))
        with h5py.File(old / "sweep.h5", "r+") as f:
            f.attrs["schema_version"] = 2  # the index before the reference standard
        with self.assertRaisesRegex(compare.CompareError, "schema_version 2"):
            compare.load_index(old)
        done = run_compare(old, "--baseline", BASELINE, "--no-plots")
        self.assertEqual(done.returncode, 2)
        self.assertIn("schema_version", done.stderr)

    def test_a_run_file_that_is_another_run_is_refused(self):
        swapped = TMP / "swapped"
        shutil.copytree(self.folder, swapped, ignore=shutil.ignore_patterns("plots"))
        first, second = sorted((swapped / "runs").glob("*.h5"))[:2]
        shutil.copy(second, first)  # the index says `first`; the file is another run's
        done = run_compare(swapped, "--baseline", BASELINE, "--no-plots")
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn(f"{first.stem} that", done.stderr)
        self.assertIn("run the sweep again", done.stderr)


class PlainLanguageTest(unittest.TestCase):
    """The plain-language lines, on tables built from the smoke sweep's."""

    @classmethod
    def setUpClass(cls):
        cls.index = compare.load_index(FOLDERS["smoke"])
        cls.table = compare.paired_comparison(cls.index, BASELINE)

    def with_differences(self, point, differences, n=None):
        """The smoke table's rows as those of ``point``, with (mean_difference, ci_low,
        ci_high) set per indicator from ``differences``."""
        rows = self.table.copy()
        rows["point"] = point
        rows["policy"] = point
        rows["label"] = point
        for indicator, values in differences.items():
            at = rows["indicator"] == indicator
            mean, low, high = values
            rows.loc[at, ["mean_difference", "ci_low", "ci_high"]] = [mean, low, high]
            rows.loc[at, "identical"] = mean == low == high == 0
            rows.loc[at, "significant"] = not (math.isnan(low) or low <= 0 <= high)
            rows.loc[at, "sd_difference"] = 0.0 if low == high else 1.0
        if n is not None:
            rows["n"] = n
        return rows

    def points_of_every_kind(self):
        phrased = [i for i in compare.INDICATORS if i != "incubation_rate"]
        stated = {}
        for k, indicator in enumerate(phrased):
            amount = (-1) ** k * (1234.5 if indicator == "allowance_total_yuan"
                                  else 0.037 * (k + 1))
            stated[indicator] = [amount] + sorted([amount * 0.5, amount * 1.5])
        kinds = [[0.0, 0.0, 0.0], [0.2, -0.1, 0.5], [0.3, np.nan, np.nan], [-2.5, -4.0, -1.0]]
        mixed = {indicator: kinds[k % 4] for k, indicator in enumerate(phrased)}
        table = pd.concat([self.with_differences("every-indicator", stated),
                           self.with_differences("every-kind", mixed),
                           self.with_differences("nothing-paired", {}, n=0)],
                          ignore_index=True)
        return table

    def test_chinese_has_the_numbers_of_the_english_for_every_point(self):
        table = self.points_of_every_kind()
        english = compare.plain_language(table, BASELINE).splitlines()
        chinese = compare.plain_language(table, BASELINE, language="zh").splitlines()
        points = list(dict.fromkeys(table["point"]))
        self.assertEqual(len(english), len(points))
        self.assertEqual(len(chinese), len(points))
        for point, en, zh in zip(points, english, chinese):
            with self.subTest(point=point):
                self.assertTrue(en.startswith(point + " against ") or
                                en.startswith(point + ":"), en)
                self.assertTrue(zh.startswith(point + "与") or zh.startswith(point + "："), zh)
                self.assertEqual(numbers(zh, point, BASELINE), numbers(en, point, BASELINE))
                rest = NUMBER.sub(" ", zh.replace(point, " ").replace(BASELINE, " "))
                self.assertIsNone(re.search(r"[A-Za-z]", rest), zh)
                self.assertTrue(CJK.search(zh), zh)
        every, kinds = chinese[0], chinese[1]
        # the project's glossary (shared/DOMAIN.md)
        for term in ("孵化", "群众满意率", "按时回音", "团区委", "特殊需求", "社会组织", "补贴",
                     "兼职村社团组织负责人", "督查考核", "团干部", "个百分点", "95% 置信区间",
                     "联系青年", "活动", "达标"):
            self.assertIn(term, every)
        self.assertRegex(every, "每年[多少]发放工作补贴 1,234 元")  # the yuan with separators
        self.assertIn("每年多孵化 0.037 个社会组织", every)
        # each finding its own clause: joined with "；", never one comparison "和" another
        body = every.split("：", 1)[1]
        self.assertGreaterEqual(body.count("；"), len(compare._PHRASES) - 3)
        for line in chinese:
            self.assertNotIn("和", line)
            self.assertNotIn("没有可检测的差异", line)
        self.assertIn("差异不显著", kinds)
        self.assertIn("在每次重复中都完全相同", kinds)
        self.assertIn("重复次数太少，无法判断", kinds)
        self.assertTrue(kinds.endswith("。"), kinds)
        self.assertEqual(chinese[2], f"nothing-paired：没有它与{BASELINE}都成功运行的重复，无从比较。")

    def test_the_new_indicators_read_as_findings(self):
        table = self.with_differences(POLICY, {
            "good_denied": [-3.1, -3.8, -2.4],
            "below_standard_incubated": [8.4, 7.3, 9.6],
            "activities_held": [-2036.0, -2067.0, -2005.0],
            "youth_contacts": [674.2, 450.2, 898.2],
            "leaders_gave_up": [156.9, 155.8, 158.0],
            "mean_wait_incl_open_h": [63.2, 47.8, 78.6],
        })
        line = compare.plain_language(table, BASELINE)
        self.assertIn("denies 3.1 fewer organizations a year that meet the standard", line)
        self.assertIn("incubates 8.4 more organizations a year that fall below the standard",
                      line)
        self.assertIn("has the branches hold 2,036 fewer activities a year", line)
        self.assertIn("makes 674.2 more contacts with young people a year", line)
        self.assertIn("branch leaders giving up", line)
        self.assertIn("still waiting counted until the run's end (censored)", line)
        # both errors against the standard moved, in opposite directions: a trade-off
        self.assertIn("trade-off", line)
        zh = compare.plain_language(table, BASELINE, "zh")
        self.assertIn("此消彼长", zh)
        same_way = self.with_differences(POLICY, {"good_denied": [-3.1, -3.8, -2.4],
                                                  "below_standard_incubated": [-1.0, -1.5, -0.5]})
        self.assertNotIn("trade-off", compare.plain_language(same_way, BASELINE))

    def test_the_standard_is_said_first(self):
        standard = compare.reference_standard(self.index)
        self.assertEqual(standard, {"threshold": 0.8, "combine": "both",
                                    "attraction_weight": 0.5, "waits": "excluded"})
        lines = compare.plain_language(self.table, BASELINE, standard=standard).splitlines()
        self.assertIn("both true qualities", lines[0])
        self.assertIn("80%", lines[0])
        zh = compare.plain_language(self.table, BASELINE, "zh", standard=standard)
        self.assertIn("固定标准", zh.splitlines()[0])

    def test_plain_language_refuses_an_unknown_language(self):
        with self.assertRaisesRegex(ValueError, "fr"):
            compare.plain_language(self.table, BASELINE, language="fr")
        self.assertEqual(set(compare.LANGUAGES), {"en", "zh"})
        for indicator, phrases in compare._PHRASES.items():
            self.assertEqual(set(phrases), set(compare.LANGUAGES), indicator)


class FloatNoiseTest(unittest.TestCase):
    """A difference within floating-point rounding is "identical", with no CI; one just above
    the documented tolerance (relative 1e-9 of the values' magnitude) is not."""

    @classmethod
    def setUpClass(cls):
        cls.index = compare.load_index(FOLDERS["smoke"])

    def index_with(self, column, relative):
        """The smoke index with the policy's ``column`` set to the baseline's value in the
        same replication times (1 + relative)."""
        runs = self.index.runs.copy()
        base = runs[runs["policy"] == BASELINE].set_index("replication")[column]
        at = runs["policy"] == POLICY
        values = base.loc[runs.loc[at, "replication"]].to_numpy(dtype=float)
        runs.loc[at, column] = values * (1 + relative)
        return dataclasses.replace(self.index, runs=runs)

    def row(self, index, indicator):
        table = compare.paired_comparison(index, BASELINE)
        return table, table[table["indicator"] == indicator].iloc[0]

    def test_a_difference_of_rounding_is_identical(self):
        index = self.index_with("satisfaction_rate", 4e-16)
        runs = index.runs
        paired = runs[runs["policy"] == POLICY].merge(runs[runs["policy"] == BASELINE],
                                                      on="replication")
        self.assertTrue((paired["satisfaction_rate_x"] != paired["satisfaction_rate_y"]).all(),
                        "the constructed values must differ as floats")
        table, row = self.row(index, "satisfaction_rate")
        self.assertTrue(row["identical"])
        self.assertEqual((row["mean_difference"], row["ci_low"], row["ci_high"]),
                         (0.0, 0.0, 0.0))
        self.assertEqual((row["p_better"], row["p_worse"]), (0.0, 0.0))  # ties
        self.assertFalse(row["significant"])
        plain = compare.plain_language(table, BASELINE)
        self.assertNotIn("satisfaction rate 0", plain)
        self.assertNotRegex(plain, r"has a satisfaction rate")
        text = compare.format_table(table, BASELINE)
        unchanged = " ".join(text.split("unchanged (identical in every replication):")[1]
                             .split())
        self.assertIn("satisfaction_rate", unchanged)

    def test_the_tolerance_is_relative_to_the_values(self):
        # 1e-10 relative: noise, whatever the magnitude (allowances are about 1e5 yuan)
        for column in ("satisfaction_rate", "allowance_total_yuan"):
            _, row = self.row(self.index_with(column, 1e-10), column)
            self.assertTrue(row["identical"], column)
        # 1e-8 relative: above the tolerance, a (tiny) finding with a CI
        for column in ("satisfaction_rate", "allowance_total_yuan"):
            _, row = self.row(self.index_with(column, 1e-8), column)
            self.assertFalse(row["identical"], column)
            self.assertGreater(row["mean_difference"], 0)
        self.assertEqual(compare.REL_TOL, 1e-9)
        d = compare.paired_differences([1e6 + 1e-4, 1.0 + 2e-9, 0.0], [1e6, 1.0, 0.0])
        self.assertEqual(d[0], 0.0)      # 1e-10 relative
        self.assertGreater(d[1], 0.0)    # 2e-9 relative
        self.assertEqual(d[2], 0.0)


class TwoYearsTest(unittest.TestCase):
    """run.years = 2: counts are per year, shares and stocks at the end are not divided."""

    @classmethod
    def setUpClass(cls):
        cls.folder = FOLDERS["two-years"]
        cls.values = summaries(cls.folder)
        cls.index = compare.load_index(cls.folder)
        cls.table = compare.paired_comparison(cls.index, BASELINE)

    def test_the_index_holds_two_years(self):
        self.assertTrue((self.index.runs["years"] == 2).all())

    def test_counts_are_divided_by_the_years(self):
        rows = self.table.set_index("indicator")
        for indicator in compare.INDICATORS:
            with self.subTest(indicator=indicator):
                expected = np.mean([self.values[POLICY, r][indicator] for r in range(3)])
                self.assertAlmostEqual(rows.loc[indicator, "policy_mean"], expected,
                                       delta=1e-9 * max(1.0, abs(expected)))
        raw = self.index.ok[self.index.ok["policy"] == POLICY]
        self.assertAlmostEqual(rows.loc["incubated", "policy_mean"], raw["incubated"].mean() / 2)
        self.assertAlmostEqual(rows.loc["allowance_total_yuan", "policy_mean"],
                               raw["allowance_total_yuan"].mean() / 2)
        self.assertAlmostEqual(rows.loc["backlog_total", "policy_mean"],
                               raw["backlog_total"].mean())  # a stock at the end
        self.assertTrue(rows.loc["incubated", "per_year"])
        self.assertFalse(rows.loc["backlog_total", "per_year"])
        self.assertLessEqual(rows.loc["incubation_rate", "policy_mean"], 100.0)

    def test_incubation_then_acts_on_the_rest_of_the_run(self):
        # with run.years > 1 a denial costs support the next year: no "nobody responds" note
        notes = compare.response_notes(self.index, BASELINE)
        self.assertEqual(len(notes), 1)
        self.assertIsNone(notes[0]["kinds"])
        self.assertEqual(compare.response_lines(notes), [])


class ResponsesTest(unittest.TestCase):
    """Tier schemes under fixed and under tournament leaders, with labels."""

    @classmethod
    def setUpClass(cls):
        cls.folder = FOLDERS["responses"]
        cls.index = compare.load_index(cls.folder)
        cls.fixed = run_compare(cls.folder, "--baseline", "fixed", "--no-plots")
        cls.fixed_zh = run_compare(cls.folder, "--baseline", "fixed", "--no-plots",
                                   "--lang", "zh")
        cls.tournament = run_compare(cls.folder, "--baseline", "tournament", "--no-plots")

    def read_first(self, out, heading="Read first:", end="In plain language:"):
        if heading not in out:
            return ""
        return out.split(heading, 1)[1].split(end, 1)[0]

    def test_labels_are_read_and_shown(self):
        self.assertEqual(self.index.labels, {"fixed": "种子方案", "fixed-steep": "拉大档差",
                                             "tournament": "tournament",
                                             "tournament-steep": "锦标赛·拉大档差"})
        out = self.fixed.stdout
        self.assertIn("拉大档差 (fixed-steep) against 种子方案 (fixed)", out)
        self.assertIn("拉大档差 (fixed-steep) vs 种子方案 (fixed)", out)
        self.assertIn("tournament against 种子方案 (fixed)", out)  # no label: the name alone
        # Chinese lines name a labelled policy by its label alone: no English names there.
        self.assertIn("拉大档差与种子方案相比", self.fixed_zh.stdout)
        self.assertNotIn("fixed-steep）", self.fixed_zh.stdout)
        table = compare.paired_comparison(self.index, "fixed")
        self.assertEqual(set(table["label"]), {"拉大档差", "tournament", "锦标赛·拉大档差"})

    def test_nobody_responds_to_the_tiers_when_leaders_are_fixed(self):
        self.assertEqual(self.fixed.returncode, 0, self.fixed.stderr)
        note = [line for line in self.read_first(self.fixed.stdout).split("\n- ")
                if "nobody responds" in line]
        self.assertEqual(len(note), 1, self.fixed.stdout)
        note = " ".join(note[0].split())
        self.assertTrue(note.lstrip("- ").startswith("拉大档差 (fixed-steep):"), note)
        self.assertIn("under these assumptions nobody responds to the tiers; results differ "
                      "only in money paid", note)
        self.assertIn("tiers.amounts_yuan", note)
        self.assertIn("behaviour.leader = fixed", note)
        self.assertIn("[behaviour]", note)
        self.assertIn("Confirmed by the data", note)
        zh = self.read_first(self.fixed_zh.stdout, "先读这里：", "通俗说明：")
        self.assertIn("没有人对补贴档次作出反应；结果只在发放的补贴上不同", zh)
        # the data agree: every indicator but the allowance and the tiers' noise is the same in
        # every replication (from the index itself)
        runs = self.index.ok.set_index(["policy", "replication"])
        for indicator in compare.INDICATORS:
            if indicator in ("allowance_total_yuan", "tier_noise_share"):
                continue
            a = runs.loc["fixed-steep"][indicator].sort_index().to_numpy()
            b = runs.loc["fixed"][indicator].sort_index().to_numpy()
            np.testing.assert_array_equal(a, b, indicator)

    def test_no_such_note_when_leaders_respond(self):
        self.assertEqual(self.tournament.returncode, 0, self.tournament.stderr)
        self.assertNotIn("nobody responds", self.tournament.stdout)
        notes = {n["policy"]: n for n in compare.response_notes(self.index, "tournament")}
        self.assertIsNone(notes["tournament-steep"]["kinds"])  # the tiers, leaders respond
        self.assertEqual([k for k, _, _ in notes["tournament-steep"]["keys"]],
                         ["tiers.amounts_yuan"])
        self.assertIsNone(notes["fixed"]["kinds"])  # behaviour.leader itself differs
        # against the fixed baseline, a tournament policy differs in behaviour.leader: no note
        notes = {n["policy"]: n for n in compare.response_notes(self.index, "fixed")}
        self.assertEqual(notes["fixed-steep"]["kinds"], {"tiers"})
        self.assertIsNone(notes["fixed-steep"]["others_identical"])  # no table given
        self.assertIsNone(notes["tournament"]["kinds"])

    def test_keys_are_classified_by_how_they_act(self):
        self.assertEqual(compare.classify_key("tiers.shares"), "tiers")
        self.assertEqual(compare.classify_key("inspection.visit_noise_sd"), "tiers")
        self.assertEqual(compare.classify_key("incubation.threshold"), "incubation")
        self.assertEqual(compare.classify_key("behaviour.protect_margin"),
                         ("model", "organization"))
        self.assertEqual(compare.classify_key("succession.denied_exit_prob"), "succession")
        self.assertEqual(compare.classify_key("dispatch.rule"), "direct")
        self.assertEqual(compare.classify_key("behaviour.leader"), "direct")


class OverloadTest(unittest.TestCase):
    """The queue warnings of an overloaded configuration are repeated up front."""

    @classmethod
    def setUpClass(cls):
        cls.folder = FOLDERS["overload"]
        cls.index = compare.load_index(cls.folder)
        cls.en = run_compare(cls.folder, "--baseline", "protective-0.75", "--no-plots")
        cls.zh = run_compare(cls.folder, "--baseline", "protective-0.75", "--no-plots",
                             "--lang", "zh")
        # the run files' own warning tables, read here with h5py
        cls.committee = {}
        for _, run in cls.index.ok.iterrows():
            with h5py.File(cls.index.run_path(run), "r") as f:
                table = f["summary/warnings"][()]
                names = {v: k for k, v in
                         h5py.check_enum_dtype(f["summary/warnings"].dtype["assignee"]).items()}
                rows = [r for r in table if names[int(r["assignee"])] == "district_committee"]
                cls.committee[run["policy"], int(run["replication"])] = rows
                assert int(run["warnings"]) == len(table), "the index counts the table's rows"

    def test_the_committee_queue_warns_in_every_replication(self):
        warned = [bool(self.committee["protective-0.85", r]) for r in range(3)]
        self.assertEqual(warned, [True] * 3)

    def test_the_warning_is_repeated_up_front(self):
        self.assertEqual(self.en.returncode, 0, self.en.stderr)
        out = self.en.stdout
        first = out.split("Read first:", 1)[1].split("In plain language:", 1)[0]
        first = " ".join(first.split())
        self.assertIn("保护性·门槛85% (protective-0.85): in 3 of 3 replications the district "
                      "committee's queue does not settle", first)
        self.assertIn("depend on how long the run is", first)
        # the mean share still open at the end, as the run files give it
        rows = [r for rep in range(3) for r in self.committee["protective-0.85", rep]
                if r["backlog"]]
        share = np.mean([r["open_at_end"] / r["orders"] for r in rows]) * 100
        self.assertIn(f"on average {share:.0f}% of its", first)
        # the baseline's line is there exactly when one of its replications warns
        base_warned = sum(bool(self.committee["protective-0.75", r]) for r in range(3))
        self.assertEqual(f"in {base_warned} of 3 replications the district committee's"
                         in first.split("保护性·门槛85%")[0], base_warned > 0)
        zh = self.zh.stdout.split("先读这里：", 1)[1].split("通俗说明：", 1)[0]
        self.assertIn("保护性·门槛85%：团区委的队列在 3 次重复中有 3 次没有稳定下来", zh)
        self.assertIn("取决于运行时长", zh)

    def test_queue_warnings_has_the_run_files_rows(self):
        warnings = compare.queue_warnings(self.index)
        committee = warnings[warnings["assignee"] == "district_committee"]
        expected = sum(len(v) for v in self.committee.values())
        self.assertEqual(len(committee), expected)
        self.assertTrue(all(m.startswith("the district committee's queue does not settle")
                            for m in committee["message"]))


class FateTest(unittest.TestCase):
    """Who changes fate: fate.py's sections after the table when it is there, and compare.py
    without it."""

    @unittest.skipUnless(HAS_FATE, "analysis/fate.py is not there yet")
    def test_the_fate_sections_are_printed(self):
        import fate
        index = compare.load_index(FOLDERS["smoke"])
        done = run_compare(FOLDERS["smoke"], "--baseline", BASELINE, "--no-plots")
        self.assertEqual(done.returncode, 0, done.stderr)
        text = fate.format_fate(index, BASELINE)
        self.assertTrue(text.strip())
        self.assertIn(text.strip().splitlines()[0], done.stdout)
        self.assertGreater(done.stdout.index(text.strip().splitlines()[0]),
                           done.stdout.index(f"{POLICY} vs {BASELINE}"))
        zh = run_compare(FOLDERS["smoke"], "--baseline", BASELINE, "--no-plots", "--lang", "zh")
        self.assertIn(fate.format_fate(index, BASELINE, language="zh").strip().splitlines()[0],
                      zh.stdout)

    def test_compare_works_without_fate(self):
        alone = TMP / "without-fate"
        alone.mkdir(exist_ok=True)
        # exactly the modules compare.py needs: without fate.py (and fate_text.py); the run
        # file reader's declared layout (run_file_schema.json) and the import check go with it
        for name in ("compare.py", "compare_plots.py", "indicators.py", "orgsim_results.py",
                     "run_file_schema.json", "paired_stats.py", "plain_language.py",
                     "sweep_index.py", "sweep_notes.py", "python_deps.py"):
            shutil.copy(SOURCE_DIR / "analysis" / name, alone / name)
        env = dict(os.environ, PYTHONPATH="")
        done = subprocess.run([sys.executable, str(alone / "compare.py"), str(FOLDERS["smoke"]),
                               "--baseline", BASELINE, "--no-plots"], capture_output=True,
                              text=True, timeout=120, env=env)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("In plain language:", done.stdout)
        self.assertNotIn("Who changes fate", done.stdout)
        self.assertEqual(done.stderr, "")


if __name__ == "__main__":
    unittest.main()
