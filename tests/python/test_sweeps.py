"""orgsim sweep: the runs of a sweep, their ids and seeds, common random numbers, the index
(schema 3: the headline numbers against the one reference standard, labels), resuming, and
refusing a changed sweep or one whose policies would change the reference standard. Runs
scenarios/sweeps/smoke.ini (6 small years) and a few one-replication sweeps."""

import glob
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import h5py
import numpy as np

import orgsim_results as r

from orgsim_run import BINARY, orgsim  # noqa: E402
SOURCE = os.environ["ORGSIM_SOURCE_DIR"]
SMOKE = os.path.join(SOURCE, "scenarios", "sweeps", "smoke.ini")


def sweep(*args):
    return orgsim("sweep", *args)


def index_rows(folder):
    with h5py.File(os.path.join(folder, "sweep.h5"), "r") as f:
        runs = f["runs"][()]
        status = h5py.check_enum_dtype(f["runs"].dtype["status"])
        rows = []
        for row in runs:
            rows.append({name: (row[name].decode() if isinstance(row[name], bytes) else row[name])
                         for name in runs.dtype.names})
        return rows, {v: k for k, v in status.items()}


class SweepTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-sweep-test-")
        cls.one = os.path.join(cls.tmp, "jobs1")
        cls.two = os.path.join(cls.tmp, "jobs2")
        cls.result1 = sweep(SMOKE, "-o", cls.one, "--jobs", "1")
        cls.result2 = sweep(SMOKE, "-o", cls.two, "--jobs", "2")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_every_run_succeeds_and_is_indexed(self):
        self.assertEqual(self.result2.returncode, 0, self.result2.stderr)
        rows, status = index_rows(self.two)
        self.assertEqual(len(rows), 2 * 3)  # 2 policies x 3 replications
        self.assertEqual({row["policy"] for row in rows}, {"seed-rule", "lower-threshold"})
        self.assertTrue(all(status[row["status"]] == "ok" for row in rows))
        self.assertIn("6/6 runs done", self.result2.stderr)
        for row in rows:
            summary = json.load(open(os.path.join(self.two, "runs", row["run_id"] + ".json")))
            self.assertEqual(row["fingerprint"], summary["fingerprint"])
            self.assertEqual(row["orders_total"], summary["orders"]["total"])
            self.assertEqual(row["incubated"], summary["incubation"]["incubated"])
            self.assertEqual(row["not_enough_data"], summary["incubation"]["not_enough_data"])
            inc = summary["incubation"]
            # against the one reference standard of the sweep ([truth])
            for key in ("good_denied", "good_denied_share", "below_standard_incubated",
                        "below_standard_incubated_share", "good_not_enough_data", "denied"):
                self.assertAlmostEqual(row[key], inc[key], msg=key)
            # each policy's own rule (the old truly_good / wrongly_* of schema 2)
            own = inc["own_rule"]
            not_good = inc["incubated"] + inc["denied"] + inc["not_enough_data"] - own["good"]
            self.assertAlmostEqual(row["own_rule_wrongly_denied_share"],
                                   own["wrongly_denied"] / own["good"] if own["good"] else 0.0)
            self.assertAlmostEqual(row["own_rule_wrongly_incubated_share"],
                                   own["wrongly_incubated"] / not_good if not_good else 0.0)
            for gone in ("wrongly_denied_share", "wrongly_incubated_share"):
                self.assertNotIn(gone, row)
            orders = summary["orders"]
            self.assertAlmostEqual(row["mean_wait_incl_open_h"],
                                   orders["wait_incl_open_h"]["mean"])
            self.assertEqual(row["still_waiting_at_end"],
                             orders["wait_incl_open_h"]["still_waiting_at_end"])
            self.assertEqual(row["backlog_total"], orders["by_state"].get("open_at_year_end", 0))
            self.assertEqual(row["backlog_committee"],
                             orders["queues"]["district_committee"]["open_at_end"])
            self.assertEqual(row["escalated"], orders["escalated"])
            activities = summary["activities"]
            self.assertEqual(row["activities_held"], activities["held"])
            self.assertEqual(row["activities_cancelled"], activities["cancelled_no_venue"]
                             + activities["cancelled_no_money"])
            self.assertEqual(row["youth_contacts"], activities["youth_contacts"])
            self.assertEqual(row["declined_orders"], summary["behaviour"]["declined_orders"])
            efforts = [e for e in summary["behaviour"]["leader_effort_mean"] if e is not None]
            self.assertAlmostEqual(row["leader_effort_mean"], sum(efforts) / len(efforts))
            self.assertAlmostEqual(row["leaders_gave_up"],
                                   sum(summary["behaviour"]["leaders_at_floor"]) / len(efforts))
            self.assertEqual(row["tier_noise_share"], summary["tier_noise"]["changed_share"])
            special = orders["by_kind"]["special"]
            self.assertAlmostEqual(row["special_left_to_committee_share"],
                                   orders["special_left_to_committee"] / special
                                   if special else 0.0)
            self.assertEqual(row["warnings"], len(summary["warnings"]))
            self.assertEqual(row["years"], summary["years"])
            # The external link opens the run file.
            with h5py.File(os.path.join(self.two, "sweep.h5"), "r") as f:
                self.assertEqual(f["run_files"][row["run_id"]].attrs["fingerprint"],
                                 summary["fingerprint"])

    def test_jobs_do_not_change_any_run(self):
        self.assertEqual(self.result1.returncode, 0, self.result1.stderr)
        one, _ = index_rows(self.one)
        two, _ = index_rows(self.two)
        key = lambda row: row["run_id"]
        self.assertEqual([(x["run_id"], x["seed"], x["fingerprint"]) for x in sorted(one, key=key)],
                         [(x["run_id"], x["seed"], x["fingerprint"]) for x in sorted(two, key=key)])

    def test_replication_r_of_every_policy_has_the_same_seed_and_the_same_arrivals(self):
        rows, _ = index_rows(self.two)
        by_replication = {}
        for row in rows:
            by_replication.setdefault(row["replication"], []).append(row)
        self.assertEqual(len(by_replication), 3)
        seeds = set()
        for replication, pair in by_replication.items():
            self.assertEqual(len(pair), 2)
            self.assertEqual(pair[0]["seed"], pair[1]["seed"])
            seeds.add(pair[0]["seed"])
            a = r.orders(os.path.join(self.two, pair[0]["file"])).sort_values("id")
            b = r.orders(os.path.join(self.two, pair[1]["file"])).sort_values("id")
            # Identical arrivals: the same orders, created at the same times, from the same
            # branches, with the same kind and category.
            for column in ["id", "created_h", "branch", "source", "channel", "kind", "category"]:
                np.testing.assert_array_equal(a[column].to_numpy(), b[column].to_numpy(), column)
            # ... and the threshold changes only the decision: never fewer incubated at 0.75.
            low = next(x for x in pair if x["policy"] == "lower-threshold")
            high = next(x for x in pair if x["policy"] == "seed-rule")
            self.assertGreaterEqual(low["incubated"], high["incubated"])
        self.assertEqual(len(seeds), 3)  # replications differ from each other

    def test_dry_run_lists_the_runs_with_stable_ids(self):
        listed = sweep(SMOKE, "--dry-run")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        rows, _ = index_rows(self.two)
        for row in rows:
            self.assertIn(row["run_id"], listed.stdout)

    def test_every_shipped_sweep_file_is_valid(self):
        # Each point's scenario is loaded and checked by --dry-run; nothing runs.
        folder = os.path.join(SOURCE, "scenarios", "sweeps")
        files = sorted(glob.glob(os.path.join(folder, "*.ini")))
        self.assertIn(os.path.join(folder, "behaviour.ini"), files)
        for path in files:
            with self.subTest(sweep=os.path.basename(path)):
                listed = sweep(path, "--dry-run")
                self.assertEqual(listed.returncode, 0, listed.stderr)

    def test_resume_runs_only_what_is_missing_and_refuses_a_changed_sweep(self):
        folder = os.path.join(self.tmp, "resume")
        shutil.copytree(self.two, folder)
        os.remove(os.path.join(folder, "sweep.h5"))
        rows, _ = index_rows(self.two)
        missing = rows[0]["run_id"]
        os.remove(os.path.join(folder, "runs", missing + ".h5"))
        resumed = sweep(SMOKE, "-o", folder, "--resume", "--jobs", "1")
        self.assertEqual(resumed.returncode, 0, resumed.stderr)
        self.assertIn("5 already done", resumed.stderr)
        again, _ = index_rows(folder)
        self.assertEqual(sorted(x["fingerprint"] for x in again),
                         sorted(x["fingerprint"] for x in rows))
        # Without --resume the folder is refused.
        refused = sweep(SMOKE, "-o", folder)
        self.assertEqual(refused.returncode, 2)
        self.assertIn("--resume", refused.stderr)
        # A sweep file changed so that existing runs would differ is refused: a new sweep
        # seed keeps every run id (ids come from the point and the replication) but changes
        # every run's seed, so the runs on disk no longer match.
        changed = os.path.join(self.tmp, "smoke-new-seed.ini")
        open(changed, "w").write(open(SMOKE).read().replace("seed = 11", "seed = 12"))
        os.remove(os.path.join(folder, "sweep.h5"))
        refused = sweep(changed, "-o", folder, "--resume")
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("another version of this sweep", refused.stderr)

    def test_resume_says_it_runs_a_damaged_run_file_again(self):
        # A run file that cannot be read used to be run again without a word (a catch-all).
        folder = os.path.join(self.tmp, "resume-damaged")
        shutil.copytree(self.two, folder)
        os.remove(os.path.join(folder, "sweep.h5"))
        rows, _ = index_rows(self.two)
        damaged = os.path.join(folder, "runs", rows[0]["run_id"] + ".h5")
        with open(damaged, "r+b") as f:
            f.truncate(os.path.getsize(damaged) // 2)
        resumed = sweep(SMOKE, "-o", folder, "--resume", "--jobs", "1")
        self.assertEqual(resumed.returncode, 0, resumed.stderr)
        self.assertIn(f"{damaged}: ", resumed.stderr)
        self.assertIn("(the file is damaged or was not written by orgsim); it is run again",
                      resumed.stderr)
        self.assertIn("5 already done", resumed.stderr)
        again, _ = index_rows(folder)
        self.assertEqual(sorted(x["fingerprint"] for x in again),
                         sorted(x["fingerprint"] for x in rows))

    def test_policies_without_overrides_and_with_dots_in_their_names(self):
        path = os.path.join(self.tmp, "names.ini")
        open(path, "w").write("[sweep]\nreplications = 2\n"
                              "[policy.seed-rule]\n# the seed's rule, unchanged\n"
                              "[policy.threshold-0.75]\nincubation.threshold = 0.75\n")
        listed = sweep(path, "--dry-run")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn("2 points x 2 replications = 4 runs", listed.stdout)
        self.assertEqual(listed.stdout.count("seed-rule"), 2)
        self.assertEqual(listed.stdout.count("threshold-0.75"), 2)

    def test_ctrl_c_keeps_finished_runs_and_resume_finishes(self):
        path = os.path.join(self.tmp, "long.ini")
        open(path, "w").write("[sweep]\nreplications = 12\nseed = 3\n"
                              "[policy.seed-rule]\ndistrict.scale = 0.3\n")
        folder = os.path.join(self.tmp, "interrupted")
        child = subprocess.Popen([BINARY, "sweep", path, "-o", folder, "--jobs", "1"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        runs = os.path.join(folder, "runs")
        deadline = time.time() + 20
        while time.time() < deadline and len(glob.glob(os.path.join(runs, "*.h5"))) < 2:
            time.sleep(0.02)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
        self.assertEqual(child.returncode, 130, err)
        self.assertIn("--resume", err)
        self.assertFalse(os.path.exists(os.path.join(folder, "sweep.h5")))
        self.assertEqual(glob.glob(os.path.join(runs, "*.partial")), [])
        # A finished run has its file and its whole summary: a run stopped between renaming
        # its file and printing its summary is not finished, and --resume runs it again.
        def finished(h5):
            try:
                json.load(open(h5[:-3] + ".json"))
                return True
            except (OSError, ValueError):
                return False
        kept = sum(finished(h5) for h5 in glob.glob(os.path.join(runs, "*.h5")))
        self.assertGreaterEqual(kept, 1)
        self.assertLess(kept, 12)
        resumed = sweep(path, "-o", folder, "--resume", "--jobs", "2")
        self.assertEqual(resumed.returncode, 0, resumed.stderr)
        self.assertIn(f"{kept} already done", resumed.stderr)
        rows, status = index_rows(folder)
        self.assertEqual(len(rows), 12)
        self.assertTrue(all(status[row["status"]] == "ok" for row in rows))

    def test_the_index_is_schema_3_with_a_label_per_policy(self):
        with h5py.File(os.path.join(self.two, "sweep.h5"), "r") as f:
            self.assertEqual(f.attrs["schema_version"], 3)
            policies = [p.decode() for p in f["policies"][()]]
            labels = [x.decode() for x in f["policy_labels"][()]]
        self.assertEqual(policies, ["seed-rule", "lower-threshold"])
        self.assertEqual(labels, ["", ""])  # smoke.ini gives none
        path = os.path.join(self.tmp, "labels.ini")
        open(path, "w", encoding="utf-8").write(
            "[sweep]\nreplications = 1\nseed = 4\n"
            "[policy.seed-rule]\nlabel = 种子规则（两率均≥80%）\ndistrict.scale = 0.1\n"
            "[policy.threshold-0.75]\nlabel = 门槛75%\ndistrict.scale = 0.1\n"
            "incubation.threshold = 0.75\n[policy.unlabelled]\ndistrict.scale = 0.1\n")
        folder = os.path.join(self.tmp, "labels")
        done = sweep(path, "-o", folder, "--jobs", "2")
        self.assertEqual(done.returncode, 0, done.stderr)
        with h5py.File(os.path.join(folder, "sweep.h5"), "r") as f:
            labels = [x.decode("utf-8") for x in f["policy_labels"][()]]
            runs = f["runs"][()]
        self.assertEqual(labels, ["种子规则（两率均≥80%）", "门槛75%", ""])
        # a label names a policy; it is no scenario key and changes no run: the labelled
        # seed-rule and the unlabelled policy with the same overrides run the same year
        fingerprint = {row["policy"].decode(): row["fingerprint"].decode() for row in runs}
        self.assertEqual(fingerprint["seed-rule"], fingerprint["unlabelled"])

    def test_a_policy_or_grid_may_not_change_the_reference_standard(self):
        # Every policy of a sweep is judged against the same standard ([truth] of the base
        # scenario): a truth.* override is refused before anything runs.
        for name, text, key in (
                ("truth-policy", "[policy.a]\ndistrict.scale = 0.1\ntruth.threshold = 0.7\n"
                                 "[policy.b]\ndistrict.scale = 0.1\n", "truth.threshold"),
                ("truth-vary", "[policy.a]\ndistrict.scale = 0.1\n[vary]\n"
                               "truth.combine = both | mean\n", "truth.combine")):
            with self.subTest(name=name):
                path = os.path.join(self.tmp, name + ".ini")
                open(path, "w").write("[sweep]\nreplications = 1\n" + text)
                out = os.path.join(self.tmp, name + "-out")
                result = sweep(path, "-o", out)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(key, result.stderr)
                self.assertIn("reference standard", result.stderr)
                self.assertFalse(os.path.exists(out))
                listed = sweep(path, "--dry-run")
                self.assertEqual(listed.returncode, 2)
                self.assertIn(key, listed.stderr)

    def test_a_bad_sweep_file_lists_every_problem(self):
        bad = os.path.join(self.tmp, "bad.ini")
        open(bad, "w").write("[sweep]\nreplications = 0\nbase = nowhere.ini\n"
                             "[policy.a]\nincubation.treshold = 0.7\n[colour]\nx = 1\n")
        result = sweep(bad, "-o", os.path.join(self.tmp, "bad-out"))
        self.assertEqual(result.returncode, 2)
        for expected in ["sweep.replications", "nowhere.ini", "incubation.threshold", "colour"]:
            self.assertIn(expected, result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "bad-out")))

    def test_numbers_with_trailing_junk_are_refused(self):
        bad = os.path.join(self.tmp, "junk.ini")
        open(bad, "w").write("[sweep]\nreplications = 3abc\n[policy.a]\ndistrict.scale = 0.1\n"
                             "[vary]\nincubation.threshold = 0.8x | 0.9\n")
        result = sweep(bad, "-o", os.path.join(self.tmp, "junk-out"))
        self.assertEqual(result.returncode, 2, result.stderr)
        for expected in ['junk.ini: sweep.replications: 3abc: not an integer (trailing junk "abc")'
                         '; allowed: an integer in [1, 100000]',
                         'incubation.threshold: 0.8x: not a number (trailing junk "x"); allowed: '
                         'a number in [0, 1]']:
            self.assertIn(expected, result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "junk-out")))


if __name__ == "__main__":
    unittest.main()


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class DesignsAndSummaryOnlyTest(unittest.TestCase):
    """design = sobol | morris | file and --keep summary (issue 11): the structure written to
    sweep.h5 /design is the one the sweep ran, cell by cell, and a summary-only sweep keeps no
    run file but resumes and indexes like any other."""

    HEADER = ("[sweep]\nname = designs\nreplications = 1\nseed = 3\n"
              "[policy.small]\ndistrict.scale = 0.1\n")

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-designs-test-")
        cls.sobol_file = write(cls.tmp, "sobol.ini", cls.HEADER + (
            "[vary]\ndesign = sobol\nsamples = 2\ninspection.visit_noise_sd = 0..6\n"
            "district.committee_staff = 1..4\n"))
        cls.sobol = os.path.join(cls.tmp, "sobol")
        cls.sobol_result = sweep(cls.sobol_file, "-o", cls.sobol, "--keep", "summary",
                                 "--jobs", "2")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_a_summary_only_sweep_keeps_summaries_and_no_run_file(self):
        self.assertEqual(self.sobol_result.returncode, 0, self.sobol_result.stderr)
        runs = os.path.join(self.sobol, "runs")
        self.assertEqual(glob.glob(os.path.join(runs, "*.h5")), [])
        rows, status = index_rows(self.sobol)
        self.assertEqual(len(rows), 2 * (2 + 2))  # N (k + 2) cells, one replication
        for row in rows:
            self.assertEqual(status[row["status"]], "ok")
            self.assertEqual(row["file"], "")
            summary = json.load(open(os.path.join(runs, row["run_id"] + ".json")))
            self.assertEqual(row["fingerprint"], summary["fingerprint"])
        with h5py.File(os.path.join(self.sobol, "sweep.h5"), "r") as f:
            self.assertEqual(f.attrs["keep"], "summary")
            self.assertEqual(len(f["run_files"]), 0)
        # A resume finds every run done; compare.py, which reads run files, refuses the folder.
        again = sweep(self.sobol_file, "-o", self.sobol, "--keep", "summary", "--resume")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("(8 already done)", again.stderr)
        compare = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "analysis",
                                                                     "compare.py"),
                                  self.sobol, "--baseline", "small"],
                                 capture_output=True, text=True)
        self.assertEqual(compare.returncode, 2)
        self.assertIn("--keep all", compare.stderr)

    def test_compress_reaches_every_run_file_and_needs_run_files(self):
        sweep_file = write(self.tmp, "compressed.ini", self.HEADER)
        folder = os.path.join(self.tmp, "compressed")
        done = sweep(sweep_file, "-o", folder, "--compress", "--jobs", "1")
        self.assertEqual(done.returncode, 0, done.stderr)
        files = glob.glob(os.path.join(folder, "runs", "*.h5"))
        self.assertEqual(len(files), 1)
        with h5py.File(files[0], "r") as f:
            for table in ("orders", "events/duty_shifts", "events/branch_activities"):
                self.assertEqual((f[table].compression, f[table].shuffle), ("gzip", True), table)
        refused = sweep(sweep_file, "-o", os.path.join(self.tmp, "refused"), "--compress",
                        "--keep", "summary")
        self.assertEqual(refused.returncode, 2)
        self.assertIn("--compress with --keep summary: no run file to compress", refused.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "refused")))

    def test_the_sobol_cells_in_the_index_are_the_runs_values(self):
        rows, _ = index_rows(self.sobol)
        with h5py.File(os.path.join(self.sobol, "sweep.h5"), "r") as f:
            design = f["design"]
            self.assertEqual(design.attrs["kind"], "sobol")
            keys = [k.decode() if isinstance(k, bytes) else k for k in design.attrs["keys"]]
            low, high = design.attrs["low"], design.attrs["high"]
            roles = {v: k for k, v in h5py.check_enum_dtype(design["role"].dtype).items()}
            role = [roles[c] for c in design["role"][()]]
            unit, key, sample = design["unit"][()], design["key"][()], design["sample"][()]
        self.assertEqual(role, ["A", "B", "AB", "AB"] * 2)
        self.assertEqual(list(sample), [0, 0, 0, 0, 1, 1, 1, 1])
        self.assertEqual(list(key), [-1, -1, 0, 1] * 2)
        for j in range(2):
            a, b = unit[4 * j], unit[4 * j + 1]
            np.testing.assert_array_equal(unit[4 * j + 2], [b[0], a[1]])  # AB^(0)
            np.testing.assert_array_equal(unit[4 * j + 3], [a[0], b[1]])  # AB^(1)
        for row in rows:  # each run's values are its cell's coordinates on the ranges
            u = unit[row["cell"]]
            self.assertAlmostEqual(float(row[keys[0]]), low[0] + u[0] * (high[0] - low[0]))
            self.assertEqual(int(row[keys[1]]), round(low[1] + u[1] * (high[1] - low[1])))

    def test_a_points_file_is_run_row_by_row_even_when_rows_repeat(self):
        write(self.tmp, "points.csv", 'incubation.threshold,tiers.amounts_yuan\n'
                                      '0.7,"1500,1200,900,600"\n0.8,"900,900,900,900"\n'
                                      '0.8,"900,900,900,900"\n')
        sweep_file = write(self.tmp, "file.ini", self.HEADER +
                           "[vary]\ndesign = file\nfile = points.csv\n")
        folder = os.path.join(self.tmp, "file")
        result = sweep(sweep_file, "-o", folder, "--keep", "summary")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows, _ = index_rows(folder)
        self.assertEqual(sorted(row["cell"] for row in rows), [0, 1, 2])
        self.assertEqual(len({row["run_id"] for row in rows}), 3)  # equal rows, distinct runs
        by_cell = {row["cell"]: row for row in rows}
        self.assertEqual(by_cell[0]["tiers.amounts_yuan"], "1500,1200,900,600")
        self.assertEqual(by_cell[1]["incubation.threshold"], "0.8")
        # The same point and seed give the same run.
        self.assertEqual(by_cell[1]["fingerprint"], by_cell[2]["fingerprint"])

    def test_bad_designs_list_every_problem(self):
        write(self.tmp, "bad.csv", "incubation.threshold,no.such_key\n0.7\n")
        bad = write(self.tmp, "bad.ini", self.HEADER + (
            "[vary]\ndesign = file\nfile = bad.csv\nsamples = 4\n"))
        result = sweep(bad, "--dry-run")
        self.assertEqual(result.returncode, 2)
        for text in ("vary.samples: 4: not a setting of design = file",
                     "row 2 has 1 values for 2 keys",
                     "the header's no.such_key is not a scenario key"):
            self.assertIn(text, result.stderr)
        morris = write(self.tmp, "morris.ini", self.HEADER + (
            "[vary]\ndesign = morris\nlevels = 1\ninspection.visit_noise_sd = 6..0\n"))
        result = sweep(morris, "--dry-run")
        self.assertEqual(result.returncode, 2)
        for text in ("vary.trajectories: : missing", "vary.levels: 1: out of range",
                     "vary.inspection.visit_noise_sd: 6..0: not a range"):
            self.assertIn(text, result.stderr)


class ConcurrencyAndLimitsTest(unittest.TestCase):
    """What happens when two orgsims meet, when a sweep is killed, and when a run hangs
    (issue 12): no file damaged, no run left going, no sweep held for ever."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-concurrency-test-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_a_second_run_writing_the_same_file_is_refused_and_the_first_file_is_whole(self):
        out = os.path.join(self.tmp, "same.h5")
        first = subprocess.Popen([BINARY, "run", "--quiet", "--set", "district.scale=2",
                                  "-o", out], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 20
        while time.time() < deadline and not os.path.exists(out + ".partial"):
            time.sleep(0.01)
        second = subprocess.run([BINARY, "run", "--quiet", "-o", out], capture_output=True,
                                text=True, timeout=60)
        _, first_err = first.communicate(timeout=120)
        self.assertEqual(second.returncode, 2, second.stderr)
        self.assertIn("being written by another orgsim", second.stderr)
        self.assertEqual(first.returncode, 0, first_err)
        self.assertEqual(r.meta(out)["params"]["district.scale"], 2.0)  # the first one's, whole
        self.assertFalse(os.path.exists(out + ".partial"))

    def test_a_second_sweep_into_the_same_folder_is_refused(self):
        path = write(self.tmp, "slow.ini", "[sweep]\nreplications = 6\nseed = 5\n"
                                           "[policy.a]\ndistrict.scale = 0.5\n")
        folder = os.path.join(self.tmp, "shared")
        first = subprocess.Popen([BINARY, "sweep", path, "-o", folder, "--jobs", "1"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 20
        while time.time() < deadline and not os.path.isdir(os.path.join(folder, "runs")):
            time.sleep(0.01)
        second = sweep(path, "-o", folder, "--resume", "--jobs", "1")
        _, err = first.communicate(timeout=300)
        self.assertEqual(second.returncode, 2, second.stderr)
        self.assertIn("in use by another sweep", second.stderr)
        self.assertEqual(first.returncode, 0, err)

    def test_the_runs_of_a_killed_sweep_die_with_it(self):
        path = write(self.tmp, "killed.ini", "[sweep]\nreplications = 4\nseed = 6\n"
                                             "[policy.a]\ndistrict.scale = 3\n")
        folder = os.path.join(self.tmp, "killed")
        parent = subprocess.Popen([BINARY, "sweep", path, "-o", folder, "--jobs", "2"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs = os.path.join(folder, "runs")
        deadline = time.time() + 20
        while time.time() < deadline and not glob.glob(os.path.join(runs, "*.partial")):
            time.sleep(0.01)
        children = subprocess.run(["pgrep", "-P", str(parent.pid)], capture_output=True,
                                  text=True).stdout.split()
        self.assertTrue(children, "the sweep had no run going")
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.time() + 10
        alive = children
        while time.time() < deadline and alive:
            alive = [pid for pid in alive if os.path.exists(f"/proc/{pid}")
                     and "Z" not in open(f"/proc/{pid}/stat").read().split()[2]]
            time.sleep(0.05)
        self.assertEqual(alive, [], "runs outlived their sweep")

    def test_a_run_past_the_time_limit_is_stopped_and_recorded(self):
        path = write(self.tmp, "timeout.ini", "[sweep]\nreplications = 2\nseed = 7\n"
                                              "[policy.a]\ndistrict.scale = 1\n")
        folder = os.path.join(self.tmp, "timeout")
        started = time.time()
        result = sweep(path, "-o", folder, "--jobs", "2", "--run-timeout", "0.05")
        self.assertLess(time.time() - started, 60)
        self.assertEqual(result.returncode, 5, result.stderr)
        rows, status = index_rows(folder)
        self.assertEqual(len(rows), 2)
        for row in rows:
            self.assertEqual(status[row["status"]], "failed")
            self.assertIn("--run-timeout 0.05", row["error"])
        self.assertEqual(glob.glob(os.path.join(folder, "runs", "*.partial")), [])

    def test_a_failed_run_is_recorded_with_its_first_problem(self):
        # A point that fails only when its run starts: its output file is not writable.
        path = write(self.tmp, "bad-point.ini", "[sweep]\nreplications = 1\nseed = 8\n"
                                                "[policy.a]\ndistrict.scale = 0.1\n")
        folder = os.path.join(self.tmp, "bad-point")
        plan = sweep(path, "--dry-run")
        run_id = plan.stdout.splitlines()[1].split()[0]
        os.makedirs(os.path.join(folder, "runs", run_id + ".h5"))  # a folder where the file goes
        result = sweep(path, "-o", folder, "--resume")
        self.assertEqual(result.returncode, 5, result.stderr)
        rows, _ = index_rows(folder)
        self.assertIn("is a folder", rows[0]["error"])  # the problem, not "1 problem; ..."
        self.assertNotIn("nothing was run", rows[0]["error"])


class FullDiskTest(unittest.TestCase):
    """A sweep into a disk too small for it (issue 12): on a 700 KiB tmpfs a run used to exit 0
    and rename into place a file whose every string was lost. Now each run's file is whole
    (read back before its rename) or absent, and the sweep ends with a documented status."""

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="orgsim-full-disk-")
        mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs",
                                self.folder], capture_output=True)
        if os.geteuid() != 0 or mount.returncode != 0:
            os.rmdir(self.folder)
            self.skipTest("cannot mount a small tmpfs here")

    def tearDown(self):
        subprocess.run(["umount", self.folder], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_every_run_file_is_whole_or_absent(self):
        out = os.path.join(self.folder, "sweep")
        result = sweep(SMOKE, "-o", out, "--jobs", "2")
        self.assertIn(result.returncode, (0, 4, 5), result.stderr)  # never a crash
        files = glob.glob(os.path.join(out, "runs", "*.h5"))
        self.assertEqual(glob.glob(os.path.join(out, "runs", "*.partial")), [])
        for path in files:
            with self.subTest(file=os.path.basename(path)):
                summary = subprocess.run([BINARY, "summary", path, "--json"],
                                         capture_output=True, text=True)
                self.assertEqual(summary.returncode, 0, summary.stderr)
                stored = json.loads(summary.stdout)
                self.assertEqual(stored["scenario"], "ouhai")  # the strings are there
                self.assertEqual(stored["scale"], 0.1)
                ini = subprocess.run([BINARY, "summary", path, "--ini"], capture_output=True,
                                     text=True).stdout
                self.assertIn("scale = 0.1", ini)
