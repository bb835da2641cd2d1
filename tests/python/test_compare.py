"""Tests of analysis/compare.py (paired comparison of a sweep's policies) on a real sweep.

Runs `orgsim sweep scenarios/sweeps/smoke.ini` once (two policies that differ only in the
incubation threshold, 3 replications of a tenth of the district) and checks compare's table
against numbers computed here, independently, from the runs' own JSON summaries
(FOLDER/runs/<run_id>.json): paired differences, their mean, sd, Student-t interval and the
share of replications in which the policy is better. The plain-language lines in Chinese
(--lang zh) hold the same numbers as the English ones, for every point. Then the command line:
the table and the plain-language line (English by default, Chinese with --lang zh), the CSV,
the plots, and exit 2 for a wrong baseline or a folder that is not a sweep.

Environment: ORGSIM_BINARY (the orgsim executable) and ORGSIM_SOURCE_DIR (the source tree),
both set by ctest, which also puts analysis/ on PYTHONPATH. Run with Debian's
/usr/bin/python3 (h5py, pandas, scipy, matplotlib):
    cd build && ctest -R python_compare --output-on-failure
"""

import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("ORGSIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "analysis"))

import h5py  # noqa: E402
import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

import compare  # noqa: E402

BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))
SMOKE = SOURCE_DIR / "scenarios" / "sweeps" / "smoke.ini"
COMPARE = SOURCE_DIR / "analysis" / "compare.py"
BASELINE = "seed-rule"
POLICY = "lower-threshold"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:e[-+]\d+)?")
CJK = re.compile(r"[\u4e00-\u9fff]")
GRID_KEY = "inspection.visit_noise_sd"


def numbers(line, *labels):
    """The numbers of a plain-language line in their order, without those of the labels
    (the point and the baseline may hold numbers, and the two languages put the baseline at
    different places)."""
    for label in labels:
        line = line.replace(label, " ")
    return NUMBER.findall(line)


def share(part, whole):
    return part / whole if whole else 0.0


def indicators_from_summary(summary):
    """The headline indicators of one run, from its JSON summary alone."""
    inc = summary["incubation"]
    orgs = summary["population"]["social_orgs"]
    decisions = inc["incubated"] + inc["denied"] + inc["not_enough_data"]
    efforts = [e for e in summary["behaviour"]["leader_effort_mean"] if e is not None]
    return {
        "incubated": inc["incubated"],
        "incubation_rate": inc["incubated"] / orgs,
        "wrongly_denied_share": share(inc["wrongly_denied"], inc["truly_good"]),
        "wrongly_incubated_share": share(inc["wrongly_incubated"],
                                         decisions - inc["truly_good"]),
        "not_enough_data": inc["not_enough_data"],
        "satisfaction_rate": summary["orders"]["satisfaction_rate"],
        "answered_on_time_share": summary["orders"]["answered_on_time_share"],
        "mean_response_h": summary["orders"]["response_h"]["mean"],
        "declined_orders": summary["behaviour"]["declined_orders"],
        "special_left_to_committee_share": share(summary["orders"]["special_left_to_committee"],
                                                 summary["orders"]["by_kind"]["special"]),
        "tier_noise_share": summary["tier_noise"]["changed_share"],
        "leader_effort_mean": share(sum(efforts), len(efforts)),
        "allowance_total_yuan": summary["allowance_total_yuan"],
        "official_duty_h_mean": summary["duty"]["official_hours"]["mean"],
    }


def run_compare(*args):
    return subprocess.run([sys.executable, str(COMPARE), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


class CompareTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.access(BINARY, os.X_OK):
            raise RuntimeError(f"orgsim binary not found: {BINARY} (set ORGSIM_BINARY)")
        cls.tmp = Path(tempfile.mkdtemp(prefix="orgsim-compare-test-"))
        cls.folder = cls.tmp / "smoke"
        done = subprocess.run([BINARY, "sweep", str(SMOKE), "-o", str(cls.folder),
                               "--jobs", "2"], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise AssertionError(f"orgsim sweep exited {done.returncode}: {done.stderr}")

        # Each run's indicators from its own JSON summary, by (policy, replication): the
        # index is read with h5py directly (not through compare) for the run ids.
        cls.values = {}
        with h5py.File(cls.folder / "sweep.h5", "r") as f:
            for row in f["runs"][()]:
                policy = row["policy"].decode()
                run_id = row["run_id"].decode()
                summary = json.loads((cls.folder / "runs" / f"{run_id}.json").read_text())
                cls.values[policy, int(row["replication"])] = indicators_from_summary(summary)

        cls.table = compare.paired_comparison(compare.load_index(cls.folder), BASELINE)
        cls.csv = cls.tmp / "table.csv"
        cls.cli = run_compare(cls.folder, "--baseline", BASELINE, "--csv", cls.csv)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def differences(self, indicator):
        """policy - baseline per replication, from the JSON summaries."""
        replications = sorted(r for p, r in self.values if p == POLICY)
        return np.array([self.values[POLICY, r][indicator] - self.values[BASELINE, r][indicator]
                         for r in replications], dtype=float)

    def row(self, indicator):
        rows = self.table[(self.table["point"] == POLICY) & (self.table["indicator"] == indicator)]
        self.assertEqual(len(rows), 1, indicator)
        return rows.iloc[0]

    def test_indicators_and_their_directions(self):
        self.assertEqual(compare.INDICATORS["wrongly_denied_share"], "lower")
        self.assertEqual(compare.INDICATORS["wrongly_incubated_share"], "lower")
        self.assertEqual(compare.INDICATORS["not_enough_data"], "lower")
        self.assertEqual(compare.INDICATORS["declined_orders"], "lower")
        self.assertEqual(compare.INDICATORS["tier_noise_share"], "lower")
        self.assertEqual(compare.INDICATORS["special_left_to_committee_share"], "lower")
        self.assertEqual(compare.INDICATORS["leader_effort_mean"], "higher")
        self.assertNotIn("good_denied_share", compare.INDICATORS)
        # Every indicator with a better direction has a plain-language phrase, except the
        # incubation rate (said through the count of organizations incubated).
        for indicator, better in compare.INDICATORS.items():
            if indicator != "incubation_rate":
                self.assertIn(indicator, compare._PHRASES)

    def test_plain_language_names_the_new_indicators(self):
        table = self.table.copy()
        for indicator, amount in (("wrongly_incubated_share", 0.05),
                                  ("declined_orders", -12.0),
                                  ("leader_effort_mean", 0.25),
                                  ("tier_noise_share", -0.1)):
            row = (table["point"] == POLICY) & (table["indicator"] == indicator)
            low, high = sorted((amount * 0.5, amount * 1.5))
            table.loc[row, ["mean_difference", "ci_low", "ci_high"]] = [amount, low, high]
        line = compare.plain_language(table, BASELINE)
        self.assertIn("incubates 5.0 percentage points more of the organizations that are not "
                      "truly good", line)
        self.assertIn("has 12.0 fewer orders turned down by organizations", line)
        self.assertIn("gets 0.25 more effort from branch leaders on average", line)
        self.assertIn("has 10.0 percentage points fewer of the branches' tiers set by the "
                      "inspectors' noise", line)

    def with_differences(self, table, point, differences):
        """``table``'s rows of POLICY as those of ``point``, with (mean_difference, ci_low,
        ci_high) set per indicator from ``differences``."""
        rows = table[table["point"] == POLICY].copy()
        rows["point"] = point
        for indicator, values in differences.items():
            rows.loc[rows["indicator"] == indicator,
                     ["mean_difference", "ci_low", "ci_high"]] = values
        return rows

    def points_of_every_kind(self):
        """A table of four points at one grid cell: every indicator stated (half of them
        negative, the yuan in thousands, the effort and tiny shares below the rounding),
        every kind of part (stated, no detectable difference, identical, too few
        replications), the smoke sweep's own numbers, and no paired replication."""
        import pandas as pd
        base = self.table.copy()
        base[GRID_KEY] = "3"
        phrased = [i for i in compare.INDICATORS if i != "incubation_rate"]
        stated = {}
        for k, indicator in enumerate(phrased):
            amount = (-1) ** k * (0.0004 if indicator.endswith("share") and k % 3 == 0
                                  else 1234.5 if indicator == "allowance_total_yuan"
                                  else 0.037 * (k + 1))
            stated[indicator] = [amount] + sorted([amount * 0.5, amount * 1.5])
        kinds = [[0.0, 0.0, 0.0], [0.2, -0.1, 0.5], [0.3, np.nan, np.nan], [-2.5, -4.0, -1.0]]
        mixed = {indicator: kinds[k % 4] for k, indicator in enumerate(phrased)}
        label = f" [{GRID_KEY}=3]"
        empty = self.with_differences(base, "nothing-paired" + label, {})
        empty["n"] = 0
        table = pd.concat([self.with_differences(base, "every-indicator" + label, stated),
                           self.with_differences(base, "every-kind" + label, mixed),
                           self.with_differences(base, POLICY + label, {}), empty],
                          ignore_index=True)
        return table, BASELINE + label

    def test_plain_language_in_chinese_has_the_numbers_of_the_english_for_every_point(self):
        table, base_label = self.points_of_every_kind()
        english = compare.plain_language(table, BASELINE).splitlines()
        chinese = compare.plain_language(table, BASELINE, language="zh").splitlines()
        self.assertEqual(english, compare.plain_language(table, BASELINE, "en").splitlines())
        points = list(dict.fromkeys(table["point"]))
        self.assertEqual(len(english), len(points))
        self.assertEqual(len(chinese), len(points))
        for point, en, zh in zip(points, english, chinese):
            with self.subTest(point=point):
                self.assertTrue(en.startswith(point + " ") or en.startswith(point + ":"), en)
                self.assertTrue(zh.startswith(point + "（") or zh.startswith(point + "："), zh)
                self.assertEqual(en.count(base_label), zh.count(base_label))
                self.assertEqual(numbers(zh, point, base_label),
                                 numbers(en, point, base_label))
                self.assertTrue(NUMBER.search(en))
                # Chinese words only, but for the labels and the numbers
                rest = NUMBER.sub(" ", zh.replace(point, " ").replace(base_label, " "))
                self.assertIsNone(re.search(r"[A-Za-z]", rest), zh)
                self.assertTrue(CJK.search(zh), zh)
        every = chinese[0]
        self.assertTrue(every.startswith(f"every-indicator{' [' + GRID_KEY}=3]（3 次配对重复）："
                                         f"比 {base_label} "), every)
        # the project's glossary (shared/DOMAIN.md)
        for term in ("孵化", "群众满意率", "按时回音", "团区委", "特殊需求", "社会组织", "补贴",
                     "兼职村社团组织负责人", "督查考核", "团干部", "个百分点", "95% 置信区间"):
            self.assertIn(term, every)
        self.assertIn("少发放工作补贴 1,234 元", every)  # the yuan with separators
        self.assertIn("多孵化 0.037 个社会组织", every)
        self.assertIn("在每次重复中都完全相同", chinese[1])
        self.assertIn(f"与 {base_label} 相比，", chinese[1])
        self.assertIn("没有可检测的差异", chinese[1])
        self.assertIn("重复次数太少，无法判断", chinese[1])
        self.assertIn("、", chinese[1])
        self.assertIn("和", chinese[1])
        self.assertEqual(chinese[3], f"nothing-paired [{GRID_KEY}=3]：没有它与 {base_label} "
                                     f"都成功运行的重复，无从比较。")

    def test_plain_language_refuses_an_unknown_language(self):
        with self.assertRaisesRegex(ValueError, "fr"):
            compare.plain_language(self.table, BASELINE, language="fr")
        self.assertEqual(set(compare.LANGUAGES), {"en", "zh"})
        for indicator, (scale, phrases) in compare._PHRASES.items():
            self.assertEqual(set(phrases), set(compare.LANGUAGES), indicator)

    def test_table_has_one_row_per_indicator_and_the_required_columns(self):
        for column in ["point", "indicator", "policy_mean", "baseline_mean", "mean_difference",
                       "ci_low", "ci_high", "n", "p_better"]:
            self.assertIn(column, self.table.columns)
        self.assertEqual(set(self.table["point"]), {POLICY})  # the baseline is not a point
        self.assertEqual(list(self.table["indicator"]), list(compare.INDICATORS))
        self.assertTrue((self.table["n"] == 3).all())

    def test_paired_differences_and_confidence_intervals_match_the_json_summaries(self):
        t = stats.t.ppf(0.975, 2)  # 3 replications: 2 degrees of freedom
        for indicator in compare.INDICATORS:
            with self.subTest(indicator=indicator):
                d = self.differences(indicator)
                self.assertEqual(len(d), 3)
                row = self.row(indicator)
                self.assertEqual(row["n"], 3)
                replications = range(3)
                self.assertAlmostEqual(row["policy_mean"], np.mean(
                    [self.values[POLICY, r][indicator] for r in replications]), places=6)
                self.assertAlmostEqual(row["baseline_mean"], np.mean(
                    [self.values[BASELINE, r][indicator] for r in replications]), places=6)
                mean = d.mean()
                half = t * d.std(ddof=1) / math.sqrt(3)
                self.assertAlmostEqual(row["mean_difference"], mean, places=6)
                if np.all(d == 0):
                    self.assertEqual((row["ci_low"], row["ci_high"]), (0.0, 0.0))
                else:
                    self.assertAlmostEqual(row["ci_low"], mean - half, places=6)
                    self.assertAlmostEqual(row["ci_high"], mean + half, places=6)

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
                else:  # allowance, duty hours: no better direction
                    self.assertTrue(math.isnan(row["p_better"]))

    def test_a_lower_threshold_never_incubates_fewer(self):
        d = self.differences("incubated")
        self.assertTrue((d >= 0).all(), d)  # in every replication
        row = self.row("incubated")
        self.assertEqual(row["p_worse"], 0.0)
        # Every replication is either better or tied: p_better is 1.0 unless some
        # replication has a difference of 0 (both rules incubate the same organizations).
        self.assertTrue(row["p_better"] == 1.0 or (d == 0).any(), (row["p_better"], d))
        self.assertGreaterEqual(row["ci_high"], row["mean_difference"])
        self.assertGreaterEqual(row["mean_difference"], 0)

    def test_failed_runs_are_left_out_and_unpaired_replications_dropped(self):
        folder = self.tmp / "with-failure"
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

    def test_cli_prints_the_table_and_a_plain_language_line(self):
        self.assertEqual(self.cli.returncode, 0, self.cli.stderr)
        out = self.cli.stdout
        self.assertIn(f"{POLICY} vs {BASELINE} (3 paired replications)", out)
        self.assertIn("In plain language:", out)
        plain = out.split("In plain language:", 1)[1].strip().splitlines()[0]
        self.assertTrue(plain.startswith(f"{POLICY} (3 paired replications): "), plain)
        self.assertIn(BASELINE, plain)
        # Honest wording: an indicator whose CI contains 0 is "no detectable difference",
        # one that is identical in every replication is said so.
        row = self.row("incubated")
        if row["ci_low"] <= 0 <= row["ci_high"] and not (row["ci_low"] == row["ci_high"] == 0):
            self.assertIn("no detectable difference", plain)
        else:
            self.assertIn("incubates", plain)

    def test_cli_speaks_chinese_with_lang_zh(self):
        done = run_compare(self.folder, "--baseline", BASELINE, "--no-plots", "--lang", "zh")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("通俗说明：", done.stdout)
        self.assertNotIn("In plain language:", done.stdout)
        plain = done.stdout.split("通俗说明：", 1)[1].strip().splitlines()
        self.assertEqual(plain, compare.plain_language(self.table, BASELINE, "zh").splitlines())
        self.assertTrue(plain[0].startswith(f"{POLICY}（3 次配对重复）："), plain[0])
        # the table before it is the same as without --lang
        table_part = done.stdout.split("通俗说明：", 1)[0]
        self.assertIn(f"{POLICY} vs {BASELINE} (3 paired replications)", table_part)
        english = self.cli.stdout.split("In plain language:", 1)[1].strip().splitlines()
        self.assertEqual(english[0], compare.plain_language(self.table, BASELINE).splitlines()[0])
        self.assertEqual(run_compare(self.folder, "--baseline", BASELINE, "--no-plots",
                                     "--lang", "fr").returncode, 2)

    def test_cli_writes_the_csv(self):
        self.assertEqual(self.cli.returncode, 0, self.cli.stderr)
        import csv
        with open(self.csv, newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), len(compare.INDICATORS))  # one point x every indicator
        by_indicator = {row["indicator"]: row for row in rows}
        self.assertEqual(by_indicator["allowance_total_yuan"]["p_better"], "n/a")
        self.assertAlmostEqual(float(by_indicator["incubated"]["mean_difference"]),
                               self.differences("incubated").mean())

    def test_cli_writes_non_empty_png_plots(self):
        self.assertEqual(self.cli.returncode, 0, self.cli.stderr)
        plots = self.folder / "plots"
        for name in ["indicators.png", "organization_rates.png", "tier_stability.png"]:
            path = plots / name
            self.assertIn(str(path), self.cli.stdout)  # the paths are printed
            self.assertTrue(path.is_file(), path)
            self.assertGreater(path.stat().st_size, 1000, path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), PNG_MAGIC, path)

    def test_tier_stability_is_a_share_per_run(self):
        stability = compare.tier_stability(compare.load_index(self.folder))
        self.assertEqual(len(stability), 6)
        self.assertTrue(((stability["tier_change_share"] >= 0)
                         & (stability["tier_change_share"] <= 1)).all())

    def test_a_wrong_baseline_exits_2_and_lists_the_policies(self):
        done = run_compare(self.folder, "--baseline", "no-such-policy", "--no-plots")
        self.assertEqual(done.returncode, 2)
        self.assertIn("no-such-policy", done.stderr)
        self.assertIn(BASELINE, done.stderr)
        self.assertIn(POLICY, done.stderr)

    def test_a_folder_that_is_not_a_sweep_is_refused(self):
        with self.assertRaises(FileNotFoundError):
            compare.load_index(self.tmp / "nowhere")
        not_sweep = self.tmp / "not-a-sweep"
        not_sweep.mkdir()
        run_file = next((self.folder / "runs").glob("*.h5"))
        shutil.copy(run_file, not_sweep / "sweep.h5")  # an orgsim *run* file
        with self.assertRaisesRegex(compare.CompareError, "orgsim-sweep"):
            compare.load_index(not_sweep)
        done = run_compare(not_sweep, "--baseline", BASELINE, "--no-plots")
        self.assertEqual(done.returncode, 2)
        self.assertIn("not an orgsim sweep", done.stderr)
        with h5py.File(not_sweep / "sweep.h5", "r+") as f:
            f.attrs["schema"] = "orgsim-sweep"
            f.attrs["schema_version"] = 99
        with self.assertRaisesRegex(compare.CompareError, "schema_version"):
            compare.load_index(not_sweep)


if __name__ == "__main__":
    unittest.main()
