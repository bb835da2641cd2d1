"""analysis/calibrate.py with orgsim: recovery of a hidden setting, an unknown no target touches,
an unreachable target (exit 6), the outputs, and stopping and resuming.

Recovery: the observations are made by orgsim itself at a hidden setting (campaigns 40 a
year, offline share 0.5, a tenth of the district) with a seed the calibration never uses
(``run --seed``; the calibration's runs take seeds derived from its own sweep seeds); the
calibration must put both hidden values inside its posterior and leave service.quality_sd,
which neither target depends on, close to its prior.

The targets' discrepancy allowances are about the simulator's own spread at the hidden
setting (campaigns: Poisson(40), sd 6.3; the offline share over about 2,000 public orders:
sd 0.011). The hidden seed's campaign count (28, 1.9 sd below 40) is a hard case on purpose:
the exact posterior for it (log-uniform prior on [10, 100], a run's count ~ N(lambda, lambda)
plus the discrepancy's N(0, 6^2)) has its 5th, 95th and 99th percentiles at 14.8, 40.6 and
47.5, so the hidden 40 lies at the edge of the exact 90% interval and a sampled posterior may
put it on either side. For that target the check is the central 98% (weighted 1st to 99th
percentiles of posterior-sample.csv), which a correct method covers and one that is off by a
couple of sds does not; the offline share, at no edge, is checked at 90%. The test is
deterministic; how often the 90% intervals cover hidden settings with the allowances a user
would give is measured over many settings by bench/calibration_coverage.sh."""

import csv
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

BINARY = os.environ["ORGSIM_BINARY"]
SOURCE = os.environ["ORGSIM_SOURCE_DIR"]
CALIBRATE = os.path.join(SOURCE, "analysis", "calibrate.py")
BASE = os.path.join(SOURCE, "scenarios", "ouhai.ini")
HIDDEN = {"demand.campaigns_per_year": 40.0, "demand.offline_share": 0.5}
HIDDEN_SEED = 424242


def truth_summary():
    args = [BINARY, "run", BASE, "--set", "district.scale=0.1", "--seed", str(HIDDEN_SEED),
            "--json", "--quiet"]
    for key, value in HIDDEN.items():
        args += ["--set", f"{key}={value}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def recovery_targets(summary):
    orders = summary["orders"]
    offline = orders["by_channel"]["offline"] / orders["by_source"]["public"]
    return f"""
[calibration]
name = recovery
base = {BASE}
replications = 3
waves = 3
points_per_wave = 30
seed = 7
abc_points = 100
abc_accept = 0.25
posterior_draws = 30
predictive_outputs = orders.total, orders.satisfaction_rate

[fixed]
district.scale = 0.1

[unknown.demand.campaigns_per_year]
low = 10
high = 100
scale = log

[unknown.demand.offline_share]
low = 0.1
high = 0.8

# no target depends on it
[unknown.service.quality_sd]
low = 0.02
high = 0.12

[target.campaigns]
expression = orders.campaigns_started
kind = point
value = {orders["campaigns_started"]}
discrepancy = 6
source = orgsim at the hidden setting, seed {HIDDEN_SEED}

[target.offline]
expression = orders.by_channel.offline / orders.by_source.public
kind = point
value = {offline:.5f}
discrepancy = 0.012
source = orgsim at the hidden setting, seed {HIDDEN_SEED}

[target.public]
expression = orders.by_source.public
kind = interval
low = {orders["by_source"]["public"] - 150}
high = {orders["by_source"]["public"] + 150}
discrepancy = 20
role = check
source = orgsim at the hidden setting, seed {HIDDEN_SEED}
"""


def calibrate(targets, out, *extra, **kw):
    return subprocess.run(["/usr/bin/python3", CALIBRATE, targets, "-o", out, "--jobs", "2",
                           *extra], capture_output=True, text=True, **kw)


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


class RecoveryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-calibration-test-")
        cls.targets = os.path.join(cls.tmp, "recovery.ini")
        with open(cls.targets, "w", encoding="utf-8") as f:
            f.write(recovery_targets(truth_summary()))
        cls.out = os.path.join(cls.tmp, "calib")
        # stopped once in the middle (like Ctrl-C: SIGINT to the process group), then resumed
        proc = subprocess.Popen(["/usr/bin/python3", CALIBRATE, cls.targets, "-o", cls.out,
                                 "--jobs", "2"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline and not os.path.isdir(os.path.join(cls.out, "wave-2")):
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGINT)
        _, cls.interrupted_stderr = proc.communicate()
        cls.interrupted_code = proc.returncode
        start = time.time()
        cls.result = calibrate(cls.targets, cls.out)
        cls.seconds = time.time() - start

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def posterior(self):
        return {row["key"]: row for row in read_csv(os.path.join(self.out, "posterior.csv"))}

    def test_stopped_then_resumed(self):
        self.assertEqual(self.interrupted_code, 130, self.interrupted_stderr)
        self.assertIn("run the same command again", self.interrupted_stderr)
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertIn("(resuming)", self.result.stderr)

    def weighted_quantiles(self, key, probabilities):
        rows = read_csv(os.path.join(self.out, "posterior-sample.csv"))
        pairs = sorted((float(r[key]), float(r["weight"])) for r in rows)
        total = sum(w for _, w in pairs)
        out, cumulative, i = [], 0.0, 0
        for p in probabilities:
            while i < len(pairs) - 1 and cumulative + pairs[i][1] < p * total:
                cumulative += pairs[i][1]
                i += 1
            out.append(pairs[i][0])
        return out

    def test_hidden_values_inside_the_posterior(self):
        post = self.posterior()
        for key, value in HIDDEN.items():
            with self.subTest(key=key):
                row = post[key]
                self.assertEqual(row["close_to_prior"], "False", row)
        row = post["demand.offline_share"]
        self.assertLessEqual(float(row["q05"]), HIDDEN["demand.offline_share"], row)
        self.assertGreaterEqual(float(row["q95"]), HIDDEN["demand.offline_share"], row)
        # the hard case: the central 98% (see the module's docstring)
        low, high = self.weighted_quantiles("demand.campaigns_per_year", (0.01, 0.99))
        self.assertLessEqual(low, HIDDEN["demand.campaigns_per_year"])
        self.assertGreaterEqual(high, HIDDEN["demand.campaigns_per_year"])
        # ... and not so wide that anything would pass: the prior's central 98% is 10.2 to 97.7
        self.assertLess(high, 70.0)
        # offline share is pinned down well (the target has about 2000 orders behind it)
        row = post["demand.offline_share"]
        self.assertLess(float(row["q95"]) - float(row["q05"]), 0.2)

    def test_untouched_unknown_stays_at_its_prior(self):
        row = self.posterior()["service.quality_sd"]
        self.assertEqual(row["close_to_prior"], "True", row)
        self.assertGreater(float(row["q95"]) - float(row["q05"]), 0.75 * 0.09)

    def test_outputs(self):
        for name in ("points.csv", "runs.csv", "waves.csv", "posterior.csv",
                     "posterior-sample.csv", "calibrated.ini", "posterior-draws.ini",
                     "posterior-draws.csv", "predictive.csv", "report.md", "calibration.json",
                     "plots/region.png", "plots/posterior.png", "plots/predictive.png"):
            self.assertTrue(os.path.isfile(os.path.join(self.out, name)), name)
        runs = read_csv(os.path.join(self.out, "runs.csv"))
        self.assertIn("I campaigns", runs[0])
        self.assertIn("I offline", runs[0])
        self.assertTrue(all(row["run_id"] for row in runs))
        summary = json.loads(read_text(os.path.join(self.out, "calibration.json")))
        self.assertEqual(summary["status"], "ok")
        self.assertEqual(summary["runs"], len(runs))
        # the sources are kept
        self.assertIn(f"seed {HIDDEN_SEED}", read_text(os.path.join(self.out, "report.md")))
        # calibrated.ini: a valid scenario with the posterior means and the fixed keys
        calibrated = os.path.join(self.out, "calibrated.ini")
        check = subprocess.run([BINARY, "validate", calibrated], capture_output=True,
                               text=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        text = read_text(calibrated)
        self.assertIn("# calibrated (recovery): posterior mean, 90% interval", text)
        self.assertIn("# calibrated: from the targets campaigns", text)
        self.assertIn("# calibrated (recovery): NOT identified by the targets campaigns", text)
        mean = float(self.posterior()["demand.offline_share"]["mean"])
        self.assertIn(f"offline_share = {mean:.6g}", text)
        self.assertIn("scale = 0.1", text)
        # the sweep of posterior draws: one cell per draw
        dry = subprocess.run([BINARY, "sweep", os.path.join(self.out, "posterior-draws.ini"),
                              "--dry-run"], capture_output=True, text=True)
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertIn("30 points x 3 replications", dry.stdout)
        # the predictive check has the check target
        pred = {row["output"]: row for row in read_csv(os.path.join(self.out, "predictive.csv"))}
        self.assertEqual(pred["public"]["role"], "check")
        self.assertEqual(pred["public"]["consistent"], "True")

    def test_policies_across_the_posterior_draws(self):
        sweep = os.path.join(self.tmp, "draws.ini")
        with open(os.path.join(self.out, "posterior-draws.ini"), encoding="utf-8") as f:
            text = f.read()
        text = text.replace("base = calibrated.ini",
                            f"base = {os.path.join(self.out, 'calibrated.ini')}")
        text = text.replace("file = posterior-draws.csv",
                            f"file = {os.path.join(self.out, 'posterior-draws.csv')}")
        with open(sweep, "w", encoding="utf-8") as f:
            f.write(text + "\n[policy.seed-rule]\n\n[policy.lower]\nincubation.threshold = 0.7\n")
        folder = os.path.join(self.tmp, "draws")
        run = subprocess.run([BINARY, "sweep", sweep, "-o", folder, "--keep", "summary",
                              "--jobs", "2"], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        out = os.path.join(self.tmp, "draws.csv")
        proc = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "analysis",
                                                                "compare_draws.py"), folder,
                               "--baseline", "seed-rule", "--csv", out],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("lower: incubated +", proc.stdout)
        self.assertIn("posterior draws", proc.stdout)
        row = [r for r in read_csv(out) if r["indicator"] == "incubated"][0]
        self.assertEqual(int(row["draws"]), 30)
        # the mean paired difference, recomputed from the runs' summaries
        import h5py
        with h5py.File(os.path.join(folder, "sweep.h5"), "r") as f:
            runs = f["runs"][()]
        values = {}
        for r in runs:
            summary = json.loads(read_text(os.path.join(
                folder, "runs", r["run_id"].decode() + ".json")))
            values[(r["policy"].decode(), int(r["cell"]), int(r["replication"]))] = \
                summary["incubation"]["incubated"] / summary["years"]
        diffs = [values[("lower", c, k)] - v for (p, c, k), v in values.items()
                 if p == "seed-rule"]
        self.assertAlmostEqual(float(row["mean"]), sum(diffs) / len(diffs))

    def test_run_again_reads_everything(self):
        before = read_text(os.path.join(self.out, "posterior.csv"))
        again = calibrate(self.targets, self.out)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertNotIn("runs ...", again.stderr)  # no sweep ran
        self.assertEqual(read_text(os.path.join(self.out, "posterior.csv")), before)

    def test_another_targets_file_is_refused(self):
        other = os.path.join(self.tmp, "other.ini")
        with open(self.targets, encoding="utf-8") as f:
            text = f.read().replace("seed = 7", "seed = 8")
        with open(other, "w", encoding="utf-8") as f:
            f.write(text)
        proc = calibrate(other, self.out)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("holds a calibration of another targets file", proc.stderr)


class UnreachableTest(unittest.TestCase):
    def test_exit_6_names_the_target(self):
        tmp = tempfile.mkdtemp(prefix="orgsim-calibration-test-")
        try:
            targets = os.path.join(tmp, "unreachable.ini")
            with open(targets, "w", encoding="utf-8") as f:
                f.write(f"""
[calibration]
base = {BASE}
replications = 2
waves = 2
points_per_wave = 10

[fixed]
district.scale = 0.1

[unknown.demand.campaigns_per_year]
low = 10
high = 60

[target.too_many_campaigns]
expression = orders.campaigns_started
kind = lower_bound
value = 500
discrepancy = 5
source = more campaigns than the prior allows

[target.orders]
expression = orders.total
kind = lower_bound
value = 100
discrepancy = 10
source = easily met
""")
            out = os.path.join(tmp, "calib")
            proc = calibrate(targets, out)
            self.assertEqual(proc.returncode, 6, proc.stderr)
            self.assertIn("no setting reproduces the targets", proc.stderr)
            self.assertIn("too_many_campaigns cannot be met", proc.stderr)
            self.assertNotIn("orders cannot", proc.stderr)
            report = read_text(os.path.join(out, "report.md"))
            self.assertIn("No setting reproduces the targets", report)
            self.assertIn("too_many_campaigns", report)
            self.assertFalse(os.path.exists(os.path.join(out, "calibrated.ini")))
            summary = json.loads(read_text(os.path.join(out, "calibration.json")))
            self.assertEqual(summary["status"], "unreachable")
            self.assertEqual(summary["conflicts"][0]["targets"], ["too_many_campaigns"])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
