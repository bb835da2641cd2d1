"""Tests of analysis/compare.py (paired comparison of a sweep's policies) on a real sweep.

Runs `orgsim sweep scenarios/sweeps/smoke.ini` once (two policies that differ only in the
incubation threshold, 3 replications of a tenth of the district) and checks compare's table
against numbers computed here, independently, from the runs' own JSON summaries
(FOLDER/runs/<run_id>.json): paired differences, their mean, sd, Student-t interval and the
share of replications in which the policy is better. Then the command line: the table and the
plain-language line, the CSV, the plots, and exit 2 for a wrong baseline or a folder that is
not a sweep.

Environment: ORGSIM_BINARY (the orgsim executable) and ORGSIM_SOURCE_DIR (the source tree),
both set by ctest, which also puts analysis/ on PYTHONPATH. Run with Debian's
/usr/bin/python3 (h5py, pandas, scipy, matplotlib):
    cd build && ctest -R python_compare --output-on-failure
"""

import json
import math
import os
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
