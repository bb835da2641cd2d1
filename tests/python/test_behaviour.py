"""Evidence for the behaviour models and the multi-year option (docs/MODEL.md §13).

Each test runs the orgsim binary on the default Ouhai year (about 0.3 s a run) with a few
--set overrides and checks a claim of issue 5 on the run's JSON summary or its run file:
- with every behaviour model fixed, a different tier scheme leaves every order untouched;
- adaptive leaders respond to the allowance's level and not to its spread, tournament leaders
  to its spread and not to its level (schemes compared at the same total, issue 13), and
  tournament leaders far below every cut-off give up;
- protective organizations decline more, and leave more special needs to the district
  committee, when the threshold is higher;
- the public's trust moves demand, and the published ranking steers online orders;
- tired rota members miss more shifts, and colleagues cover some;
- a second year leaves the first year's decisions as they were and applies succession.

Every directional claim ("more", "fewer", "responds") is checked on PAIRED_SEEDS: 5 paired
replications, replication r of each arm with run.seed r, so both arms see the same district,
demand and noise (common random numbers) and the difference within a pair is the policy's.
The direction must hold in every pair, not only on average: each effect here is many times
the spread between pairs (the leaders' and the protective organizations' are on the same side
in every one of docs/MODEL.md §13.6's 20 pairs; trust, the ranking's pull and fatigue move
their counts by thousands of orders or shifts in each pair, the differences varying by a few
hundred), so one pair the other way would be a finding. Claims of "the same" are checked
exactly in every pair.

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest). Run with /usr/bin/python3.
"""

import functools
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from orgsim_run import run_json  # first: it puts analysis/ on the path

import orgsim_results as r  # noqa: E402

SEED_TIERS = "1500,1200,900,600"
STEEP_TIERS = "2100,1600,1100,600"  # the same bottom, every gap between tiers larger
# With the seed's rank shares (0.2, 0.3, 0.3, 0.2) every scheme below pays a mean of 1050 yuan a
# branch-quarter except LEVEL_TIERS: the same gaps, 300 yuan more in every tier.
LEVEL_TIERS = "1800,1500,1200,900"
SPREAD_TIERS = "1725,1275,825,375"  # the same total, every gap 1.5 times the seed's

PAIRED_SEEDS = range(1, 6)
ADAPTIVE = ("behaviour.leader=adaptive",)
TOURNAMENT = ("behaviour.leader=tournament",)
PROTECTIVE = ("behaviour.organization=protective",)
TRUST = ("behaviour.public=trust",)


def mean_effort_after_first_quarter(summary):
    # Quarter 1 is everybody's starting effort; the models act from quarter 2 on.
    return float(np.mean(summary["behaviour"]["leader_effort_mean"][1:]))


@functools.lru_cache(maxsize=None)
def seeded_run(settings, seed):
    """The summary of one run; arms shared between tests (the default year) run once."""
    return run_json(*settings, f"run.seed={seed}")


def paired(*arms):
    """[(seed, (summary of each arm))] for each of PAIRED_SEEDS; an arm is a tuple of --set
    settings. The runs go two at a time (the machine's two cores)."""
    jobs = [(arm, seed) for seed in PAIRED_SEEDS for arm in arms]
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(lambda job: seeded_run(*job), jobs))
    return [(seed, tuple(done[i * len(arms):(i + 1) * len(arms)]))
            for i, seed in enumerate(PAIRED_SEEDS)]


def effort_means(summary):
    return np.array(summary["behaviour"]["leader_effort_mean"])


class FixedBehaviourTest(unittest.TestCase):
    """Common random numbers make a pure scoring change exact when nobody responds."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orgsim_behaviour_")
        cls.dir = Path(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_tier_scheme_leaves_orders_untouched_when_behaviour_is_fixed(self):
        a = run_json(out=self.dir / "seed.h5")
        b = run_json("tiers.scheme=score_cutoff", "tiers.score_cutoffs=75,60,45",
                     "tiers.amounts_yuan=" + STEEP_TIERS, out=self.dir / "cutoffs.h5")
        self.assertNotEqual(a["allowance_total_yuan"], b["allowance_total_yuan"])
        for part in ("orders", "activities", "duty", "organizations", "incubation"):
            self.assertEqual(a[part], b[part], part)
        pd.testing.assert_frame_equal(r.orders(self.dir / "seed.h5"),
                                      r.orders(self.dir / "cutoffs.h5"))

    def test_the_same_change_moves_the_work_of_responding_leaders(self):
        # The check above could not pass by accident: with adaptive leaders the same change
        # changes what branches do.
        a = run_json("behaviour.leader=adaptive")
        b = run_json("behaviour.leader=adaptive", "tiers.amounts_yuan=" + STEEP_TIERS)
        self.assertNotEqual(a["activities"]["held"], b["activities"]["held"])


class LeaderEffortTest(unittest.TestCase):

    def test_adaptive_leaders_respond_to_the_level_of_the_allowance(self):
        # e' = e + rate (A / A_ref - e): the mean effort follows the mean allowance, which the
        # rank shares fix, so 300 yuan more in every tier raises it in every quarter after the
        # first, by the same amount in every pair.
        pairs = paired(ADAPTIVE + ("tiers.amounts_yuan=" + SEED_TIERS,),
                       ADAPTIVE + ("tiers.amounts_yuan=" + LEVEL_TIERS,))
        first_rise = None
        for seed, (base, level) in pairs:
            with self.subTest(seed=seed):
                rise = effort_means(level) - effort_means(base)
                self.assertEqual(rise[0], 0.0)  # quarter 1: everybody's starting effort
                for q in range(1, 4):
                    self.assertGreater(rise[q], 0.0, f"quarter {q + 1}")
                if first_rise is None:
                    first_rise = rise
                np.testing.assert_allclose(rise, first_rise, rtol=0, atol=1e-9)

    def test_adaptive_leaders_do_not_respond_to_the_spread_at_the_same_total(self):
        # The same mean allowance, spread 1.5 times as wide (no effort reaches a bound): the
        # mean effort is the same in every quarter; only who works how much changes.
        pairs = paired(ADAPTIVE + ("tiers.amounts_yuan=" + SEED_TIERS,),
                       ADAPTIVE + ("tiers.amounts_yuan=" + SPREAD_TIERS,))
        for seed, (base, spread) in pairs:
            with self.subTest(seed=seed):
                self.assertEqual(base["allowance_total_yuan"], spread["allowance_total_yuan"])
                np.testing.assert_allclose(effort_means(spread), effort_means(base), rtol=0,
                                           atol=1e-9)
        # Who works how much did change (a count could coincide in one pair by chance).
        self.assertTrue(any(base["activities"]["held"] != spread["activities"]["held"]
                            for _, (base, spread) in pairs))

    def test_tournament_leaders_do_not_respond_to_the_level(self):
        # E[A | e] gains the same constant in every tier: the best effort is the same, so the
        # year is the same but for the allowances.
        pairs = paired(TOURNAMENT + ("tiers.amounts_yuan=" + SEED_TIERS,),
                       TOURNAMENT + ("tiers.amounts_yuan=" + LEVEL_TIERS,))
        for seed, (base, level) in pairs:
            with self.subTest(seed=seed):
                self.assertEqual(base["behaviour"]["leader_effort_mean"],
                                 level["behaviour"]["leader_effort_mean"])
                self.assertEqual(base["activities"], level["activities"])
                self.assertGreater(level["allowance_total_yuan"], base["allowance_total_yuan"])

    def test_tournament_leaders_respond_to_the_spread_at_the_same_total(self):
        # Each cut-off is worth more: effort rises.
        pairs = paired(TOURNAMENT + ("tiers.amounts_yuan=" + SEED_TIERS,),
                       TOURNAMENT + ("tiers.amounts_yuan=" + SPREAD_TIERS,))
        for seed, (base, spread) in pairs:
            with self.subTest(seed=seed):
                self.assertEqual(base["allowance_total_yuan"], spread["allowance_total_yuan"])
                self.assertGreater(mean_effort_after_first_quarter(spread),
                                   mean_effort_after_first_quarter(base))

    def test_tournament_leaders_expect_what_the_inspection_pays_for_effort(self):
        # effort_points = derived reads k off the weights of activities and contacts: with
        # those weights at 0 effort earns nothing, every leader gives up after quarter 1 ...
        unpaid = TOURNAMENT + ("inspection.weight_activities=0", "inspection.weight_contacts=0",
                               "inspection.weight_orders=0.3", "inspection.weight_answered=0.4")
        pairs = paired(unpaid, unpaid + ("behaviour.effort_points=fixed",))
        for seed, (derived, fixed_belief) in pairs:
            with self.subTest(seed=seed):
                for mean in derived["behaviour"]["leader_effort_mean"][1:]:
                    self.assertAlmostEqual(mean, derived["behaviour"]["effort_floor"], places=9)
                # ... while a fixed belief of 15 points keeps them working for nothing.
                self.assertGreater(mean_effort_after_first_quarter(fixed_belief),
                                   mean_effort_after_first_quarter(derived))

    def test_fixed_leaders_keep_their_effort(self):
        s = run_json("branch.leader_effort=1.3")
        means = s["behaviour"]["leader_effort_mean"]
        self.assertEqual(len(means), 4)
        for m in means:
            self.assertAlmostEqual(m, 1.3, places=12)

    def test_tournament_leaders_far_below_every_cut_off_give_up(self):
        # Score cut-offs above most scores (about 75 +- 7 points), a narrow forecast and a small
        # effect of effort make "out of reach" common, and leave some leaders near the lowest
        # cut-off.
        sd, per_effort, e_min, e_max, lowest_cut = 2.0, 5.0, 0.2, 2.0, 85.0
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "tournament.h5"
            run_json("behaviour.leader=tournament", f"behaviour.score_uncertainty={sd}",
                     "behaviour.effort_points=fixed", f"behaviour.points_per_effort={per_effort}",
                     f"behaviour.effort_min={e_min}", f"behaviour.effort_max={e_max}",
                     "tiers.scheme=score_cutoff", f"tiers.score_cutoffs=95,90,{lowest_cut}",
                     out=path)
            q = r.quarterly(path)
        far, near = [], []
        for quarter in (1, 2, 3):
            now = q[q["quarter"] == quarter].set_index("branch")
            after = q[q["quarter"] == quarter + 1].set_index("branch")
            best_reach = now["score"] + per_effort * (e_max - now["effort"])
            out_of_reach = best_reach < lowest_cut - 4 * sd
            near_cut = (now["score"] - lowest_cut).abs() < sd / 2
            far.append(after.loc[out_of_reach[out_of_reach].index, "effort"])
            near.append(after.loc[near_cut[near_cut].index, "effort"])
        far, near = pd.concat(far), pd.concat(near)
        self.assertGreaterEqual(len(far), 5, "the scenario has too few leaders out of reach")
        self.assertGreaterEqual(len(near), 5, "the scenario has too few leaders near a cut-off")
        self.assertTrue(np.allclose(far, e_min), far.describe())
        self.assertGreater(near.mean(), e_min + 0.1)  # those within reach do not give up


class ProtectiveOrganizationsTest(unittest.TestCase):

    def test_fixed_organizations_decline_nothing(self):
        s = run_json("incubation.threshold=0.85")
        self.assertEqual(s["behaviour"]["declines"], 0)
        self.assertEqual(s["behaviour"]["declined_orders"], 0)

    def test_higher_threshold_more_declines_and_more_special_needs_left_to_committee(self):
        def left_share(s):
            return s["orders"]["special_left_to_committee"] / s["orders"]["by_kind"]["special"]

        pairs = paired(PROTECTIVE + ("incubation.threshold=0.75",),
                       PROTECTIVE + ("incubation.threshold=0.85",))
        for seed, (low, high) in pairs:
            with self.subTest(seed=seed):
                self.assertGreater(high["behaviour"]["declines"], low["behaviour"]["declines"])
                self.assertGreater(left_share(high), left_share(low))
                # Declines happen and every declined order still ends in exactly one state.
                self.assertGreater(high["behaviour"]["declined_orders"], 0)
                self.assertEqual(sum(high["orders"]["by_state"].values()),
                                 high["orders"]["total"])


class PublicTrustTest(unittest.TestCase):

    def test_trust_moves_demand_with_the_service(self):
        # Service satisfaction is about 0.85: a reference below it makes the public trust more
        # (more orders), a reference above it less.
        pairs = paired((), TRUST + ("behaviour.trust_reference=0.5",),
                       TRUST + ("behaviour.trust_reference=0.97",))
        for seed, (fixed, trusting, wary) in pairs:
            with self.subTest(seed=seed):
                self.assertGreater(trusting["orders"]["total"], fixed["orders"]["total"])
                self.assertLess(wary["orders"]["total"], fixed["orders"]["total"])

    def test_published_ranking_steers_online_orders(self):
        pairs = paired((), TRUST + ("behaviour.ranking_pull=0",),
                       TRUST + ("behaviour.ranking_pull=0.8",))
        for seed, (fixed, none, most) in pairs:
            with self.subTest(seed=seed):
                self.assertEqual(fixed["behaviour"]["steered_orders"], 0)
                self.assertEqual(none["behaviour"]["steered_orders"], 0)
                self.assertGreater(most["behaviour"]["steered_orders"], 0)


class RosterFatigueTest(unittest.TestCase):

    def test_tired_members_miss_more_and_colleagues_cover_some(self):
        pairs = paired((), ("behaviour.roster=fatigue", "behaviour.fatigue_hours=8",
                            "behaviour.swap_share=1"))
        for seed, (fixed, tired) in pairs:
            with self.subTest(seed=seed):
                self.assertEqual(tired["duty"]["shifts"], fixed["duty"]["shifts"])
                self.assertGreater(tired["duty"]["shifts_missed"], fixed["duty"]["shifts_missed"])
                self.assertGreater(tired["behaviour"]["shifts_covered"], 0)
                self.assertEqual(fixed["behaviour"]["shifts_covered"], 0)


class MultiYearTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.one = run_json()
        cls.two = run_json("run.years=2", "succession.denied_exit_prob=1",
                           "succession.entrants_per_exit=1")

    def test_the_first_year_is_the_one_year_run(self):
        first = self.two["incubation"]["by_year"][0]
        one = self.one["incubation"]
        for key in ("incubated", "denied", "not_enough_data", "meets_standard", "good_denied",
                    "good_denied_share", "good_not_enough_data", "below_standard",
                    "below_standard_incubated", "below_standard_incubated_share", "own_rule"):
            self.assertEqual(first[key], one[key], key)
        self.assertEqual(self.two["tiers"][:4], self.one["tiers"])

    def test_denied_organizations_leave_and_entrants_replace_them(self):
        first, second = self.two["incubation"]["by_year"]
        self.assertGreater(first["denied"], 0)
        self.assertEqual(first["exited"], first["denied"])
        self.assertEqual(first["shrunk"], 0)
        self.assertEqual(second["exited"], 0, "the last year has no consequences")
        decided = lambda y: y["incubated"] + y["denied"] + y["not_enough_data"]  # noqa: E731
        self.assertEqual(decided(second), decided(first))  # one entrant for each that left
        self.assertEqual(len(self.two["tiers"]), 8)
        self.assertEqual(len(self.two["behaviour"]["leader_effort_mean"]), 8)

    def test_denied_organizations_that_stay_shrink(self):
        s = run_json("run.years=2", "succession.denied_exit_prob=0",
                     "succession.denied_staff_share=0.01")
        first = s["incubation"]["by_year"][0]
        self.assertEqual(first["exited"], 0)
        self.assertGreater(first["shrunk"], 0)
        self.assertLessEqual(first["shrunk"], first["denied"])


if __name__ == "__main__":
    unittest.main()
