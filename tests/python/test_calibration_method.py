"""The calibration's method on toy models with known answers, no orgsim: the expression
grammar, the implausibility of each kind of target, history matching where the
non-implausible region is known analytically, ABC against a conjugate (normal) posterior, an
unknown no target touches, targets that cannot be met together, and the scenario text
editing behind calibrated.ini. Tolerances follow from the number of draws kept."""

import math
import unittest

import numpy as np

import abc_posterior
import calibration_pipeline as cp
import history_matching as hm
import prior_box
import scenario_text
import summary_expression as se
import targets_file as tf
from regression_emulator import QuadraticEmulator


def target(name, kind, value=math.nan, low=math.nan, high=math.nan, sd=0.0, discrepancy=0.0,
           role="fit", expression=None):
    return tf.Target(name=name, expression=se.parse(expression or name), kind=kind,
                     value=value, low=low, high=high, sd=sd, discrepancy=discrepancy,
                     source="toy", role=role)


def settings(**kw):
    s = tf.Settings(name="toy", predictive_outputs=())
    for k, v in kw.items():
        setattr(s, k, v)
    return s


def toy(functions, noise_sd):
    """A simulator: output o = functions[o](values) + N(0, noise_sd[o]^2), seeded per call."""
    def simulate(stage, values, replications, seed):
        rng = np.random.default_rng(seed)
        n = len(values)
        out = np.empty((n, replications, len(functions)))
        for o, (f, sd) in enumerate(zip(functions, noise_sd)):
            out[:, :, o] = f(values)[:, None] + sd * rng.standard_normal((n, replications))
        return out, {}
    return simulate


def quiet(_):
    pass


class ExpressionTest(unittest.TestCase):
    SUMMARY = {"years": 2, "orders": {"total": 120, "by_source": {"public": 90, "party_gov": 30},
                                      "by_month": [{"channel": {"offline": m}} for m in
                                                   range(1, 13)],
                                      "wait_h": {"mean": None}}}

    def test_values(self):
        cases = [("orders.total", 120), ("orders.total / years", 60),
                 ("orders.by_source.public + orders.by_source.party_gov * 2", 150),
                 ("(orders.by_source.public + orders.by_source.party_gov) * 2", 240),
                 ("-orders.total + 0.5e1", -115), ("orders.by_month[0].channel.offline", 1),
                 ("orders.by_month[-1].channel.offline", 12),
                 ("sum(orders.by_month[0:4].channel.offline)", 10),
                 ("mean(orders.by_month[:].channel.offline)", 6.5),
                 ("count(orders.by_month[2:].channel.offline)", 10),
                 ("max(orders.by_month[0:3].channel.offline) - min(orders.by_month[0:3]."
                  "channel.offline)", 2)]
        for text, want in cases:
            with self.subTest(text=text):
                self.assertAlmostEqual(se.parse(text).evaluate(self.SUMMARY), want)

    def test_nan(self):
        self.assertTrue(math.isnan(se.parse("orders.wait_h.mean").evaluate(self.SUMMARY)))
        self.assertTrue(math.isnan(se.parse("orders.total / (years - 2)").evaluate(
            self.SUMMARY)))

    def test_errors(self):
        syntax = [("orders.total +", "expected a key"), ("orders..total", "after '.'"),
                  ("exp(orders.total)", "unknown function"), ("orders.total $ 2", "'$'"),
                  ("", "empty"), ("(orders.total", "expected ')'"),
                  ("orders.by_month[x]", "whole number")]
        for text, words in syntax:
            with self.subTest(text=text):
                with self.assertRaises(se.ExpressionError) as err:
                    se.parse(text)
                self.assertIn(words, str(err.exception))
        evaluation = [("orders.totl", "did you mean total"),
                      ("orders.total[0]", "not a list"),
                      ("orders.by_month[0:2].channel.offline", "take sum"),
                      ("orders.by_month[12].channel.offline", "out of range"),
                      ("orders.by_source", "an object, not a number")]
        for text, words in evaluation:
            with self.subTest(text=text):
                with self.assertRaises(se.ExpressionError) as err:
                    se.parse(text).evaluate(self.SUMMARY)
                self.assertIn(words, str(err.exception))

    def test_keys(self):
        self.assertEqual(se.parse("sum(orders.by_month[0:4].channel.offline) / years").keys,
                         ["orders.by_month[0:4].channel.offline", "years"])


class ImplausibilityTest(unittest.TestCase):
    def test_each_kind(self):
        # mean 10, simulator variance 4 with R = 4 (4 * 1.25 = 5), sd 1, discrepancy 2 -> 10
        cases = [(target("p", "point", value=13, sd=1, discrepancy=2), 3 / math.sqrt(10)),
                 (target("p", "point", value=7, sd=1, discrepancy=2), 3 / math.sqrt(10)),
                 (target("i", "interval", low=8, high=12, sd=1, discrepancy=2), 0.0),
                 (target("i", "interval", low=12, high=20, sd=1, discrepancy=2),
                  2 / math.sqrt(10)),
                 (target("l", "lower_bound", value=9, sd=1, discrepancy=2), 0.0),
                 (target("l", "lower_bound", value=16, sd=1, discrepancy=2), 6 / math.sqrt(10)),
                 (target("u", "upper_bound", value=11, sd=1, discrepancy=2), 0.0),
                 (target("u", "upper_bound", value=4, sd=1, discrepancy=2), 6 / math.sqrt(10))]
        for t, want in cases:
            with self.subTest(kind=t.kind, observed=t.observed):
                got = hm.implausibility([t], [[10.0]], [[4.0]], 4)[0, 0]
                self.assertAlmostEqual(got, want)

    def test_more_replications_do_not_rule_out_the_truth(self):
        # the observed figure is one realisation: I stays about the same as R grows
        t = target("p", "point", value=12, discrepancy=0.1)
        small = hm.implausibility([t], [[10.0]], [[4.0]], 2)[0, 0]
        large = hm.implausibility([t], [[10.0]], [[4.0]], 1000)[0, 0]
        self.assertLess(small, large)
        self.assertLess(large, 1.01)

    def test_non_implausible_uses_the_largest(self):
        I = np.array([[1.0, 2.9], [3.0, 0.0], [np.nan, 0.0]])
        self.assertEqual(list(hm.non_implausible(I, 3.0)), [True, False, False])

    def test_pooled_variance(self):
        unit = np.array([[0.0], [0.1], [0.2], [0.9]])
        var = np.array([[1.0], [3.0], [5.0], [100.0]])
        pooled = hm.pooled_variance(unit, var, neighbours=3)
        self.assertAlmostEqual(pooled[0, 0], 3.0)
        self.assertAlmostEqual(pooled[3, 0], (100 + 5 + 3) / 3)


class HistoryMatchingTest(unittest.TestCase):
    """f(a, b) = a + b with no noise, observed 1 with discrepancy 0.1: the non-implausible
    region is the band |a + b - 1| < 0.3 of the unit square, area 1 - 0.7^2 = 0.51."""

    @classmethod
    def setUpClass(cls):
        cls.unknowns = [prior_box.Unknown("a", 0, 1), prior_box.Unknown("b", 0, 1)]
        cls.targets = [target("s", "point", value=1.0, discrepancy=0.1)]
        cls.result = cp.calibrate(
            cls.unknowns, cls.targets, [], settings(waves=3, points_per_wave=40, abc_points=100,
                                                    posterior_draws=20, replications=2),
            toy([lambda v: v[:, 0] + v[:, 1]], [0.0]), log=quiet)

    def test_every_point_classified_as_the_analytic_region(self):
        pts = self.result.points
        inside = np.abs(pts["a"] + pts["b"] - 1) < 0.3
        self.assertTrue((pts["non_implausible"] == inside).all())

    def test_later_waves_sample_the_region(self):
        pts = self.result.points
        later = pts[pts["stage"].isin(["wave-2", "wave-3"])]
        self.assertGreater(len(later), 0)
        inside = np.abs(later["a"] + later["b"] - 1) < 0.3
        self.assertGreater(inside.mean(), 0.6)

    def test_region_keeps_all_of_the_band(self):
        pts = self.result.points
        waves = pts[pts["stage"].str.startswith("wave-")]
        unit = waves[["a", "b"]].to_numpy()
        keep = waves["non_implausible"].to_numpy()
        sampler = hm.RegionSampler(unit, keep)
        rng = np.random.default_rng(3)
        u = rng.random((20000, 2))
        band = np.abs(u.sum(axis=1) - 1) < 0.3
        self.assertGreater(sampler.contains(u[band]).mean(), 0.97)
        volume = self.result.waves["region_volume"].iloc[-1]
        self.assertGreater(volume, 0.45)
        self.assertLess(volume, 0.8)

    def test_emulator_is_exact_on_a_quadratic(self):
        rng = np.random.default_rng(1)
        unit = rng.random((40, 2))
        means = (unit[:, 0] ** 2 + 2 * unit[:, 0] * unit[:, 1])[:, None]
        t = target("q", "point", value=0.5, discrepancy=0.01)
        em = QuadraticEmulator(unit, means, np.zeros_like(means), [t], 4)
        self.assertTrue(em.quadratic)
        x = rng.random((500, 2))
        truth = np.abs(x[:, 0] ** 2 + 2 * x[:, 0] * x[:, 1] - 0.5) / 0.01
        np.testing.assert_allclose(em.implausibility(x)[:, 0], truth, rtol=1e-6, atol=1e-6)

    def test_activity_finds_the_unknowns_a_target_depends_on(self):
        # y = 3 a^2 + b (c does nothing): the gradient's root mean square over uniform points
        rng = np.random.default_rng(2)
        unit = rng.random((200, 3))
        means = (3 * unit[:, 0] ** 2 + unit[:, 1])[:, None]
        t = target("y", "point", value=1.0, discrepancy=0.5)
        em = QuadraticEmulator(unit, means, np.zeros_like(means), [t], 4)
        activity = em.activity(unit, np.full((200, 1), 0.5))
        # d/da = 6a: rms 6 / sqrt(3) = 3.46, / 0.5 = 6.9; d/db = 1, / 0.5 = 2; d/dc = 0
        self.assertAlmostEqual(activity[0], np.sqrt(np.mean((6 * unit[:, 0]) ** 2)) / 0.5,
                               places=6)
        self.assertAlmostEqual(activity[1], 2.0, places=6)
        self.assertLess(activity[2], 1e-6)


class ConjugateAbcTest(unittest.TestCase):
    """y ~ N(theta, 1), prior theta ~ U(-20, 20) (flat where the likelihood is), observed
    y0 = 1.5 with sd 0.5 and discrepancy 0.3: the posterior is N(1.5, 1 + 0.25 + 0.09)."""

    MEAN, SD = 1.5, math.sqrt(1.34)

    def check(self, mean, sd, n_eff, what):
        # the tolerances follow from the effective number of draws kept (4 standard errors),
        # plus a little for the ABC tolerance's own bias
        se_mean = self.SD / math.sqrt(n_eff)
        se_sd = self.SD / math.sqrt(2 * n_eff)
        self.assertLess(abs(mean - self.MEAN), 4 * se_mean + 0.03, what)
        self.assertLess(abs(sd - self.SD), 4 * se_sd + 0.05 * self.SD, what)

    def test_rejection_with_regression_adjustment(self):
        rng = np.random.default_rng(7)
        unknowns = [prior_box.Unknown("theta", -20, 20)]
        n = 60000
        unit = rng.random((n, 1))
        theta = prior_box.to_values(unknowns, unit)[:, 0]
        y = theta + rng.standard_normal(n)
        t = target("y", "point", value=1.5, sd=0.5, discrepancy=0.3)
        scales = abc_posterior.distance_scales([t], np.ones((1, 1)))
        post = abc_posterior.rejection_abc(unit, y[:, None], [t], scales, 0.03, rng)
        self.assertTrue(post.adjusted)
        row = abc_posterior.summaries(unknowns, post)[0]
        self.check(row["mean"], row["sd"], post.n_eff, "ABC with regression adjustment")
        self.assertFalse(row["close_to_prior"])
        # the 90% interval of N(1.5, 1.34)
        self.assertAlmostEqual(row["q05"], self.MEAN - 1.645 * self.SD, delta=0.25)
        self.assertAlmostEqual(row["q95"], self.MEAN + 1.645 * self.SD, delta=0.25)

    def test_whole_pipeline(self):
        unknowns = [prior_box.Unknown("theta", -20, 20)]
        t = target("y", "point", value=1.5, sd=0.5, discrepancy=0.3)
        result = cp.calibrate(unknowns, [t], [], settings(
            waves=2, points_per_wave=40, abc_points=3000, abc_accept=0.1, replications=4,
            posterior_draws=200, points_per_sweep=500), toy([lambda v: v[:, 0]], [1.0]),
            log=quiet)
        self.assertEqual(result.status, "ok")
        row = result.posterior_table[0]
        self.check(row["mean"], row["sd"], result.posterior.n_eff_settings, "pipeline")
        # the check: the observation is typical of the posterior predictive runs
        self.assertGreater(result.predictive.iloc[0]["probability"], 0.3)


class IdentificationTest(unittest.TestCase):
    """Only a enters the target: b stays at its prior, a does not."""

    def test_untouched_unknown_stays_at_its_prior(self):
        unknowns = [prior_box.Unknown("a", 0, 1), prior_box.Unknown("b", 1, 100, "log")]
        t = target("y", "point", value=0.3, discrepancy=0.02)
        result = cp.calibrate(unknowns, [t], [], settings(
            waves=3, points_per_wave=40, abc_points=600, abc_accept=0.2, replications=4,
            posterior_draws=50), toy([lambda v: v[:, 0]], [0.05]), log=quiet)
        a, b = result.posterior_table
        self.assertFalse(a["close_to_prior"])
        self.assertLess(a["q95"] - a["q05"], 0.35)
        self.assertTrue(b["close_to_prior"], b)
        # its 90% interval covers most of the prior's (on its log scale)
        width = (math.log(b["q95"]) - math.log(b["q05"])) / math.log(100)
        self.assertGreater(width, 0.75)


class UnreachableTest(unittest.TestCase):
    def test_conflicting_targets_are_named(self):
        unknowns = [prior_box.Unknown("a", 0, 1)]
        targets = [target("high", "lower_bound", value=0.8, discrepancy=0.02, expression="x"),
                   target("low", "upper_bound", value=0.2, discrepancy=0.02, expression="x"),
                   target("far", "point", value=5.0, discrepancy=0.1, expression="x"),
                   target("fine", "interval", low=0.0, high=1.0, discrepancy=0.1,
                          expression="x")]
        f = [lambda v: v[:, 0]] * 4
        result = cp.calibrate(unknowns, targets, [], settings(
            waves=2, points_per_wave=20, replications=2), toy(f, [0.0] * 4), log=quiet)
        self.assertEqual(result.status, "unreachable")
        named = sorted(sorted(names) for names, _ in result.conflicts)
        self.assertEqual(named, [["far"], ["high", "low"]])

    def test_conflicting_targets_function(self):
        # a and b are each met somewhere, never together; c is met with either
        I = np.array([[0.5, 4.0, 1.0], [4.0, 0.5, 1.0], [1.0, 5.0, 9.0]])
        found = hm.conflicting_targets(I, ["a", "b", "c"], 3.0)
        self.assertEqual(found, [(["a", "b"], 4.0)])
        # with every pair met but never all three, the three are named
        I = np.array([[0.5, 0.5, 4.0], [4.0, 0.5, 0.5], [0.5, 4.0, 0.5]])
        self.assertEqual([n for n, _ in hm.conflicting_targets(I, ["a", "b", "c"], 3.0)],
                         [["a", "b", "c"]])


class ScenarioTextTest(unittest.TestCase):
    TEXT = ("# head\n[run]\nseed = 1   # a comment\n\n[demand]\noffline_share = 0.4\n"
            "menu_items = 26\n\n[service]\nquality_sd = 0.06\n")

    def test_set_in_place_and_added(self):
        out = scenario_text.set_keys(self.TEXT, {"demand.offline_share": "0.55",
                                                 "demand.campaigns_per_year": "40",
                                                 "branch.leader_effort": "1.2"},
                                     {"demand.offline_share": "calibrated: mean"})
        entries, problems = scenario_text.read_ini(out)
        self.assertEqual(problems, [])
        got = {f"{e.section}.{e.key}": e.value for e in entries}
        self.assertEqual(got["demand.offline_share"], "0.55")
        self.assertEqual(got["demand.campaigns_per_year"], "40")
        self.assertEqual(got["branch.leader_effort"], "1.2")
        self.assertEqual(got["service.quality_sd"], "0.06")
        self.assertIn("# calibrated: mean\noffline_share = 0.55", out)
        # the added key sits in its own section, before the next one
        self.assertLess(out.index("campaigns_per_year"), out.index("[service]"))

    def test_duplicates_are_problems(self):
        _, problems = scenario_text.read_ini("[a]\nx = 1\nx = 2\nnonsense\n")
        self.assertEqual(len(problems), 2)


if __name__ == "__main__":
    unittest.main()
