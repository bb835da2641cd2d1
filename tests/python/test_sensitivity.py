"""analysis/sensitivity.py (issue 11): the estimators against functions whose indices are known,
and the command line on small sobol and morris sweeps of orgsim.

Pure functions (designs built here, laid out as sweep.h5 /design is: for every base sample j
the cells A_j, B_j, AB_j^(0..k-1); Morris trajectories of k + 1 steps): the Sobol indices of
the Ishigami function and of linear models, the 90% bootstrap intervals' coverage, the noise
share with a known additive noise, Morris effects of a function with known mu*, mu, sigma.
Tolerances come from the bootstrap interval or the known sampling distribution, never from an
observed run: |estimate - truth| <= 4 standard errors, with the standard error itself small
enough that a wrong estimator fails.

orgsim (scale 0.1, --keep summary, a few seconds): what the model's structure says must come
out. With every behaviour model fixed, the inspectors' visit noise can change tiers but not
incubation, and the incubation threshold can change the year-end decisions but not tiers
(docs/MODEL.md section 13; compare.py's "nobody responds" note). So in tier_noise_share the
visit noise must come first, clearly above the others, and the threshold's indices must be
exactly 0; in incubated the reverse. Plus the command line's output, plots and errors.
"""

import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np
from scipy import stats

import sensitivity as sa
from sensitivity_estimators import A, AB, B, TRAJECTORY

BINARY = os.environ.get("ORGSIM_BINARY")
SOURCE = os.environ.get("ORGSIM_SOURCE_DIR",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(SOURCE, "analysis", "sensitivity.py")
Z90 = stats.norm.ppf(0.95)  # half-width of a 90% interval in standard errors


def saltelli_design(n, k, rng):
    """A Saltelli design as sweep.h5 /design holds it: role, sample, key, unit (cells x k)."""
    a, b = rng.random((n, k)), rng.random((n, k))
    role, sample, key, unit = [], [], [], []
    for j in range(n):
        role += [A, B]
        sample += [j, j]
        key += [-1, -1]
        unit += [a[j], b[j]]
        for i in range(k):
            x = a[j].copy()
            x[i] = b[j, i]
            role.append(AB)
            sample.append(j)
            key.append(i)
            unit.append(x)
    return np.array(role), np.array(sample), np.array(key), np.array(unit)


def morris_design(r, k, levels, rng):
    """r Morris trajectories on a grid of ``levels`` levels: a base point on the levels that
    leave room for delta, each coordinate moved once (up from its base, or down from base +
    delta), in a random order. Returns role, sample, step, key, unit."""
    delta = levels / (2 * (levels - 1))
    bases = np.arange(levels) / (levels - 1)
    bases = bases[bases <= 1 - delta + 1e-12]
    role, sample, step, key, unit = [], [], [], [], []
    for t in range(r):
        x = rng.choice(bases, k)
        up = rng.random(k) < 0.5
        point = np.where(up, x, x + delta)
        role.append(TRAJECTORY)
        sample.append(t)
        step.append(0)
        key.append(-1)
        unit.append(point.copy())
        for s, i in enumerate(rng.permutation(k), 1):
            point[i] += delta if up[i] else -delta
            role.append(TRAJECTORY)
            sample.append(t)
            step.append(s)
            key.append(i)
            unit.append(point.copy())
    return (np.array(role), np.array(sample), np.array(step), np.array(key), np.array(unit),
            delta)


def ishigami(unit, a=7.0, b=0.1):
    x = -math.pi + 2 * math.pi * unit
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


# Ishigami (a = 7, b = 0.1), analytically: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2,
# V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V13 = b^2 pi^8 (1/18 - 1/50).
def ishigami_indices(a=7.0, b=0.1):
    pi = math.pi
    v = a ** 2 / 8 + b * pi ** 4 / 5 + b ** 2 * pi ** 8 / 18 + 0.5
    v1 = (1 + b * pi ** 4 / 5) ** 2 / 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * pi ** 8 * (1 / 18 - 1 / 50)
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def standard_error(low, high):
    """The standard error behind a 90% bootstrap interval."""
    return (np.asarray(high) - np.asarray(low)) / (2 * Z90)


class SobolEstimatorTest(unittest.TestCase):
    def indices(self, n, k, func, seed, **kw):
        role, sample, key, unit = saltelli_design(n, k, np.random.default_rng(seed))
        f_a, f_b, f_ab, kept = sa.sobol_from_cells(role, sample, key, func(unit), k)
        self.assertEqual(len(kept), n)
        return sa.sobol_indices(f_a, f_b, f_ab, **kw)

    def assert_close(self, table, s1, st):
        se1 = standard_error(table["S1_low"], table["S1_high"])
        set_ = standard_error(table["ST_low"], table["ST_high"])
        # the test must be able to fail: an error of 0.1 is at least 5 standard errors
        self.assertTrue(np.all(se1 < 0.02) and np.all(set_ < 0.02), (se1, set_))
        np.testing.assert_array_less(np.abs(table["S1"].to_numpy() - s1), 4 * se1 + 1e-12)
        np.testing.assert_array_less(np.abs(table["ST"].to_numpy() - st), 4 * set_ + 1e-12)

    def test_ishigami(self):
        s1, st = ishigami_indices()
        np.testing.assert_allclose(s1, [0.314, 0.442, 0.0], atol=6e-4)
        np.testing.assert_allclose(st, [0.558, 0.442, 0.244], atol=6e-4)
        table = self.indices(20000, 3, ishigami, seed=1)
        self.assertEqual(table.attrs["n"], 20000)
        self.assert_close(table, s1, st)

    def test_ishigami_intervals_are_90_percent_intervals(self):
        # 200 independent designs of N = 1000: each interval should cover the truth about 90%
        # of the time, and be as wide as 2 x 1.645 sd of the estimates across the designs
        s1, st = ishigami_indices()
        truth = np.concatenate([s1, st])
        trials = 200
        estimates, lows, highs = [], [], []
        for seed in range(trials):
            t = self.indices(1000, 3, ishigami, seed=1000 + seed, resamples=300)
            estimates.append(np.concatenate([t["S1"], t["ST"]]))
            lows.append(np.concatenate([t["S1_low"], t["ST_low"]]))
            highs.append(np.concatenate([t["S1_high"], t["ST_high"]]))
        estimates, lows, highs = np.array(estimates), np.array(lows), np.array(highs)
        covered = ((lows <= truth) & (truth <= highs)).sum(axis=0)
        # a binomial(200, 0.9) count lies outside [low, high] with probability < 2e-4 each side
        low = stats.binom.ppf(2e-4, trials, 0.90)
        high = stats.binom.isf(2e-4, trials, 0.90)
        self.assertTrue(np.all((covered >= low) & (covered <= high)),
                        f"coverage {covered.tolist()} of {trials}, allowed {low:g}..{high:g}")
        # the width: a sample sd of 200 estimates is within 3 x 1/sqrt(2 x 199) = 15% of the
        # true sd (a 95% interval would be 19% too wide, an 80% one 22% too narrow)
        ratio = (highs - lows).mean(axis=0) / (2 * Z90 * estimates.std(axis=0, ddof=1))
        tolerance = 3 / math.sqrt(2 * (trials - 1))
        self.assertTrue(np.all(np.abs(ratio - 1) < tolerance),
                        f"interval width / (2 x 1.645 sd) = {np.round(ratio, 3).tolist()}")

    def test_linear_model(self):
        # y = sum c_i x_i, x_i uniform on [low_i, high_i]: S_i = ST_i = c_i^2 var_i / sum
        c = np.array([3.0, -2.0, 1.0, 0.0])
        low, high = np.array([0.0, 1.0, -5.0, 0.0]), np.array([1.0, 3.0, -3.5, 9.0])
        var = c ** 2 * (high - low) ** 2 / 12
        truth = var / var.sum()

        def linear(unit):
            return (low + unit * (high - low)) @ c

        table = self.indices(8000, 4, linear, seed=2)
        self.assert_close(table, truth, truth)
        # a key without effect: f_ABi = f_A exactly, so both indices and their intervals are 0
        for col in ("S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"):
            self.assertEqual(table.loc[3, col], 0.0, col)

    def test_constant_output_has_no_indices(self):
        table = self.indices(50, 2, lambda u: np.full(len(u), 4.0), seed=3)
        self.assertTrue(table[["S1", "ST"]].isna().all().all())
        self.assertEqual(table.attrs["variance"], 0.0)

    def test_a_base_sample_with_a_missing_value_is_left_out_whole(self):
        role, sample, key, unit = saltelli_design(30, 2, np.random.default_rng(4))
        y = unit.sum(axis=1)
        y[(sample == 7) & (role == AB) & (key == 1)] = np.nan
        f_a, f_b, f_ab, kept = sa.sobol_from_cells(role, sample, key, y, 2)
        self.assertEqual(len(kept), 29)
        self.assertNotIn(7, kept)

    def test_an_inconsistent_design_is_refused(self):
        role, sample, key, unit = saltelli_design(5, 2, np.random.default_rng(5))
        role[role == B] = A  # every base sample now has two A cells and no B
        with self.assertRaisesRegex(sa.SensitivityError, "base sample 0 has 2 A cell"):
            sa.sobol_from_cells(role, sample, key, unit.sum(axis=1), 2)


class NoiseTest(unittest.TestCase):
    def test_known_additive_noise(self):
        # y = 2 x0 + 1 x1 + 0 x2 + sigma e, three replications per cell, e independent:
        # share = sigma^2 / (var f + sigma^2); of the means of 3: sigma^2/3 / (var f + sigma^2/3)
        n, k, reps, sigma = 3000, 3, 3, 0.6
        role, sample, key, unit = saltelli_design(n, k, np.random.default_rng(6))
        f = unit @ np.array([2.0, 1.0, 0.0])
        var_f = (4 + 1) / 12
        rng = np.random.default_rng(7)
        cells = np.repeat(np.arange(len(role)), reps)
        values = f[cells] + sigma * rng.standard_normal(len(cells))
        noise = sa.noise_share(values, cells, sample)
        share = sigma ** 2 / (var_f + sigma ** 2)
        share_means = sigma ** 2 / reps / (var_f + sigma ** 2 / reps)
        self.assertEqual(noise["replications"], reps)
        se = standard_error(noise["share_low"], noise["share_high"])
        self.assertLess(se, 0.02)
        self.assertLess(abs(noise["share"] - share), 4 * se)
        self.assertAlmostEqual(noise["within"], sigma ** 2, delta=4 * sigma ** 2 *
                               math.sqrt(2 / (len(role) * (reps - 1))))
        self.assertAlmostEqual(noise["share_of_means"], share_means, delta=0.02)

        # the indices of the cell means: noise adds about share_of_means to every total index
        # (Jansen: E (e_A - e_ABi)^2 / 2V) and nothing to a first-order one in expectation
        y = np.bincount(cells, values) / reps
        f_a, f_b, f_ab, _ = sa.sobol_from_cells(role, sample, key, y, k)
        table = sa.sobol_indices(f_a, f_b, f_ab)
        se_t = standard_error(table.loc[2, "ST_low"], table.loc[2, "ST_high"])
        se_1 = standard_error(table.loc[2, "S1_low"], table.loc[2, "S1_high"])
        self.assertLess(abs(table.loc[2, "ST"] - share_means), 4 * se_t)
        self.assertLess(abs(table.loc[2, "S1"]), 4 * se_1)

    def test_one_run_per_cell_cannot_estimate_the_noise(self):
        noise = sa.noise_share([1.0, 2.0, 3.0, 5.0], [0, 1, 2, 3], [0, 0, 1, 1])
        self.assertEqual(noise["replications"], 1)
        self.assertTrue(math.isnan(noise["share"]))


class MorrisEstimatorTest(unittest.TestCase):
    def test_known_effects_and_ranking(self):
        # y = 10 x0 + 5 x1 + 0 x2 + 6 x3 (x4 - 1/2) on the unit cube, 4 levels: at a step of x3,
        # x4 is uniform on {0, 1/3, 2/3, 1}, so EE3 = 6 (x4 - 1/2): mu = 0, mu* = 6 E|x4 - 1/2|
        # = 2, sigma = 6 sd(x4) = sqrt(5); EE4 = 6 x3: mu = mu* = 3, sigma = sqrt(5).
        r, k = 1500, 5
        role, sample, step, key, unit, delta = morris_design(r, k, 4, np.random.default_rng(8))
        self.assertAlmostEqual(delta, 2 / 3)
        y = 10 * unit[:, 0] + 5 * unit[:, 1] + 6 * unit[:, 3] * (unit[:, 4] - 0.5)
        effects = sa.elementary_effects(role, sample, step, key, unit, y, k)
        self.assertEqual(len(effects), r * k)
        self.assertTrue(set(np.round(np.abs(effects["delta"]), 12)) == {round(delta, 12)})
        table = sa.morris_effects(effects, [f"x{i}" for i in range(k)])
        for name, value in (("x0", 10.0), ("x1", 5.0), ("x2", 0.0)):
            self.assertAlmostEqual(table.loc[name, "mu_star"], value, places=9)
            self.assertAlmostEqual(table.loc[name, "mu"], value, places=9)
            self.assertAlmostEqual(table.loc[name, "sigma"], 0.0, places=9)
        # the sampling distribution of the sample sd of 6 * (uniform on 4 levels)
        levels = np.arange(4) / 3
        m4 = np.mean((levels - 0.5) ** 4) * 6 ** 4
        var = np.var(levels) * 36
        se_sigma = math.sqrt((m4 - var ** 2) / r) / (2 * math.sqrt(var))
        for name, mu_star, mu in (("x3", 2.0, 0.0), ("x4", 3.0, 3.0)):
            row = table.loc[name]
            se = standard_error(row["mu_star_low"], row["mu_star_high"])
            self.assertLess(se, 0.1)
            self.assertLess(abs(row["mu_star"] - mu_star), 4 * se)
            self.assertLess(abs(row["mu"] - mu), 4 * math.sqrt(5 / r))
            self.assertLess(abs(row["sigma"] - math.sqrt(5)), 4 * se_sigma)
            self.assertEqual(row["n"], r)
        ranked = list(table.sort_values("mu_star", ascending=False).index)
        self.assertEqual(ranked, ["x0", "x1", "x4", "x3", "x2"])

    def test_a_step_that_changes_two_keys_is_refused(self):
        role, sample, step, key, unit, _ = morris_design(3, 3, 4, np.random.default_rng(9))
        unit = unit.copy()
        unit[2, :] = unit[1, :] + 0.1  # step 1 of trajectory 0 moves every key
        with self.assertRaisesRegex(sa.SensitivityError, "trajectory 0 step"):
            sa.elementary_effects(role, sample, step, key, unit, unit.sum(axis=1), 3)


class WordsTest(unittest.TestCase):
    def result(self, kind="sobol", replications=3, share_of_means=0.05):
        import pandas as pd
        if kind == "sobol":
            table = pd.DataFrame(
                {"S1": [0.65, 0.12, 0.01], "S1_low": [0.55, 0.05, -0.02],
                 "S1_high": [0.74, 0.2, 0.03], "ST": [0.71, 0.2, -0.01],
                 "ST_low": [0.62, 0.15, -0.03], "ST_high": [0.80, 0.26, 0.02]},
                index=pd.Index(["inspection.visit_noise_sd", "service.vote_share",
                                "service.quality_sd"], name="key"))
        else:
            table = pd.DataFrame(
                {"mu_star": [4.0, 1.0, 0.01], "mu_star_low": [3.6, 0.8, 0.0],
                 "mu_star_high": [4.4, 1.2, 0.02], "mu": [0.2, 1.0, 0.0],
                 "sigma": [3.0, 0.1, 0.01], "n": [10, 10, 10]},
                index=pd.Index(["a", "b", "c"], name="key"))
        noise = dict(share=0.3, share_low=0.25, share_high=0.35, share_of_means=share_of_means,
                     within=1.0, total=3.0, replications=replications, mean_inverse_n=1 / 3,
                     noise_floor=0.001)
        if replications < 2:
            noise.update(share=math.nan, share_low=math.nan, share_high=math.nan,
                         share_of_means=math.nan)
        return sa.Result(kind=kind, output="tier_noise_share", policy="base", table=table,
                         noise=noise, keys=list(table.index), used=64, planned=64, runs=100,
                         runs_total=100, replications=replications, constant=False,
                         unit="percentage points")

    def test_sobol_sentences(self):
        en = " ".join(sa.plain_language(self.result(), "en"))
        self.assertIn("driven mostly by inspection.visit_noise_sd (total index 0.71, 90% CI "
                      "0.62 to 0.80), then by service.vote_share", en)
        self.assertIn("service.quality_sd hardly matters (total index 0.00)", en)
        self.assertIn("sampling error", en)  # ST -0.01 is read as 0
        self.assertIn("A total index up to about 0.05 can come from noise alone", en)
        zh = " ".join(sa.plain_language(self.result(), "zh"))
        self.assertIn("补贴档次因督查考核误差而改变的比例主要取决于参数 inspection.visit_noise_sd", zh)
        self.assertIn("几乎没有影响", zh)
        table = sa.format_result(self.result())
        self.assertIn("-0.01!", table)

    def test_noise_words(self):
        en = sa.plain_language(self.result(share_of_means=0.6), "en")[-1]
        self.assertIn("30% of the variance of single runs", en)
        self.assertIn("Noise dominates: run more replications", en)
        self.assertIn("随机波动占主导", sa.plain_language(self.result(share_of_means=0.6), "zh")[-1])
        one = sa.plain_language(self.result(replications=1), "en")[-1]
        self.assertIn("cannot be estimated", one)
        self.assertIn("无法估计", sa.plain_language(self.result(replications=1), "zh")[-1])

    def test_morris_sentences(self):
        en = " ".join(sa.plain_language(self.result("morris"), "en"))
        self.assertIn("driven mostly by a (mu* 4 percentage points, 90% CI 3.6 to 4.4", en)
        self.assertIn("c hardly matters", en)
        self.assertIn("a's effect varies with the other keys or along its range (sigma 3 "
                      "against mu* 4), and changes sign", en)


def run_sweep(ini_text, folder, tmp):
    path = os.path.join(tmp, os.path.basename(folder) + ".ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(ini_text)
    result = subprocess.run([BINARY, "sweep", path, "-o", folder, "--keep", "summary",
                             "--jobs", "2"], capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"orgsim sweep {path}: exit {result.returncode}\n{result.stderr}")


def script(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)


SOBOL_SWEEP = """[sweep]
name = sens-test
replications = 2
seed = 11

[policy.small]
district.scale = 0.1

[vary]
design = sobol
samples = 24
inspection.visit_noise_sd = 0..6
incubation.threshold = 0.70..0.90
service.quality_sd = 0.03..0.12
"""

MORRIS_SWEEP = """[sweep]
name = sens-morris
replications = 2
seed = 12

[policy.small]
district.scale = 0.1

[vary]
design = morris
trajectories = 8
inspection.visit_noise_sd = 0..6
incubation.threshold = 0.70..0.90
"""


@unittest.skipUnless(BINARY, "ORGSIM_BINARY not set (ctest sets it)")
class OrgsimSweepTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-sensitivity-test-")
        cls.sobol = os.path.join(cls.tmp, "sobol")
        cls.morris = os.path.join(cls.tmp, "morris")
        run_sweep(SOBOL_SWEEP, cls.sobol, cls.tmp)
        run_sweep(MORRIS_SWEEP, cls.morris, cls.tmp)
        cls.design = sa.load_design(cls.sobol)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_the_design_as_the_contract_says(self):
        d = self.design
        keys = ["inspection.visit_noise_sd", "incubation.threshold", "service.quality_sd"]
        self.assertEqual((d.kind, d.keys, d.samples, d.replications), ("sobol", keys, 24, 2))
        self.assertEqual(d.cells, 24 * (3 + 2))
        runs = d.index.runs
        self.assertEqual(len(runs), d.cells * 2)
        self.assertTrue((runs["file"] == "").all())  # --keep summary
        # every run's values are its cell's unit coordinates on the key's range
        for _, run in runs.iterrows():
            u = d.unit[run["cell"]]
            for i, key in enumerate(keys):
                expected = d.low[i] + u[i] * (d.high[i] - d.low[i])
                self.assertAlmostEqual(float(run[key]), expected, places=9)
        # replication r of every cell has the same seed (common random numbers)
        self.assertEqual(runs.groupby("replication")["seed"].nunique().max(), 1)

    def test_tier_noise_is_driven_by_the_visit_noise_and_not_by_the_threshold(self):
        result = sa.analyse(self.design, "tier_noise_share", "small")
        table = result.table
        self.assertEqual(result.used, 24)
        self.assertEqual(table.index[0], "inspection.visit_noise_sd")
        first = table.loc["inspection.visit_noise_sd"]
        for key in ("incubation.threshold", "service.quality_sd"):
            self.assertGreater(first["ST_low"], table.loc[key, "ST_high"], key)
        # the threshold cannot touch a tier: same seed, same tiers, exactly
        for col in ("S1", "ST", "ST_low", "ST_high"):
            self.assertEqual(table.loc["incubation.threshold", col], 0.0, col)
        self.assertEqual(result.noise["replications"], 2)
        self.assertTrue(0 < result.noise["share"] < 1)

    def test_incubation_is_driven_by_the_threshold_and_not_by_the_visit_noise(self):
        table = sa.analyse(self.design, "incubated", "small").table
        self.assertEqual(table.index[0], "incubation.threshold")
        for col in ("S1", "ST", "ST_low", "ST_high"):
            self.assertEqual(table.loc["inspection.visit_noise_sd", col], 0.0, col)

    def test_a_summary_key_gives_the_same_indices_as_its_index_column(self):
        # tier_noise_share is tier_noise.changed_share in %; indices do not see the scale
        column = sa.analyse(self.design, "tier_noise_share", "small").table
        summary = sa.analyse(self.design, "tier_noise.changed_share", "small").table
        np.testing.assert_allclose(summary.loc[column.index, ["S1", "ST"]].to_numpy(),
                                   column[["S1", "ST"]].to_numpy(), rtol=1e-9, atol=1e-12)

    def test_morris(self):
        design = sa.load_design(self.morris)
        self.assertEqual((design.kind, design.trajectories, design.levels), ("morris", 8, 4))
        table = sa.analyse(design, "tier_noise_share", "small").table
        self.assertEqual(table.index[0], "inspection.visit_noise_sd")
        self.assertGreater(table.loc["inspection.visit_noise_sd", "mu_star_low"], 0)
        self.assertEqual(table.loc["incubation.threshold", "mu_star"], 0.0)
        self.assertEqual(table.loc["incubation.threshold", "sigma"], 0.0)

    def test_command_line(self):
        csv = os.path.join(self.tmp, "sens.csv")
        out = script(self.sobol, "--output", "tier_noise_share", "--output",
                     "orders.wait_incl_open_h.mean", "--csv", csv)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("The share of tiers set by the inspectors' noise is driven mostly by "
                      "inspection.visit_noise_sd (total index", out.stdout)
        self.assertIn("90% bootstrap percentile intervals", out.stdout)
        self.assertIn("of the variance of single runs", out.stdout)
        for name in ("sensitivity_tier_noise_share.png",
                     "sensitivity_orders.wait_incl_open_h.mean.png"):
            with open(os.path.join(self.sobol, "plots", name), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        with open(csv, encoding="utf-8") as f:
            self.assertEqual(len(f.read().strip().splitlines()), 1 + 2 * 3)
        zh = script(self.sobol, "--output", "tier_noise_share", "--lang", "zh", "--no-plots")
        self.assertEqual(zh.returncode, 0, zh.stderr)
        self.assertIn("补贴档次因督查考核误差而改变的比例主要取决于参数 inspection.visit_noise_sd",
                      zh.stdout)
        self.assertIn("运行间随机波动", zh.stdout)

    def test_errors_exit_2_and_write_nothing(self):
        copy = os.path.join(self.tmp, "copy")
        shutil.copytree(self.sobol, copy, ignore=shutil.ignore_patterns("plots"))
        csv = os.path.join(self.tmp, "never.csv")
        out = script(copy, "--output", "tier_noise_shar", "--output", "incubation.nope",
                     "--output", "incubation", "--policy", "nobody", "--csv", csv)
        self.assertEqual(out.returncode, 2)
        self.assertIn("--output tier_noise_shar: unknown key", out.stderr)
        self.assertIn("did you mean tier_noise_share", out.stderr)
        self.assertIn("--output incubation.nope: unknown key", out.stderr)
        self.assertIn("--output incubation: not a number there but dict", out.stderr)
        self.assertIn("--policy nobody: not a policy", out.stderr)
        self.assertIn("4 problems", out.stderr)
        self.assertFalse(os.path.exists(os.path.join(copy, "plots")))
        self.assertFalse(os.path.exists(csv))

        empty = os.path.join(self.tmp, "empty")
        os.makedirs(empty)
        out = script(empty)
        self.assertEqual(out.returncode, 2)
        self.assertIn("no sweep index", out.stderr)
        self.assertEqual(os.listdir(empty), [])

        # a grid sweep (scenarios/sweeps/smoke.ini) is not a sensitivity design
        grid = os.path.join(self.tmp, "grid")
        done = subprocess.run([BINARY, "sweep", os.path.join(SOURCE, "scenarios", "sweeps",
                                                             "smoke.ini"),
                               "-o", grid, "--keep", "summary", "--jobs", "2"],
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        out = script(grid)
        self.assertEqual(out.returncode, 2)
        self.assertIn("design is 'grid'; sensitivity.py reads only 'design = sobol' or "
                      "'design = morris'", out.stderr)
        self.assertFalse(os.path.exists(os.path.join(grid, "plots")))


if __name__ == "__main__":
    unittest.main()
