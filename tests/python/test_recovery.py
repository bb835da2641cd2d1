"""Recovery tests: each input share of the scenario shows up in the outputs (issue 14).

In the style of OpenABM-Covid19's disease-dynamics tests. For each input share, a small
configuration in which docs/MODEL.md says exactly what a measured quantity is in expectation;
REPLICATIONS runs of it (run.seed 1, 2, ...), one estimate per run; and a tolerance from the
replications' own spread, never a bound copied from an observed run:

    |mean of the estimates - expected| <= T_CRITICAL * SE,   SE = sd of the estimates / sqrt(R)

docs/MODEL.md §14.5 lists, for each input, what a run measures and why nothing biases it:
offline_share, immediate_share and special_share as shares of the public's orders;
activity_share among the immediate orders of each source; absence_prob as the share of shifts
missed; vote_share as votes per attendee and people_targeted_mean as the mean targeted, over
served orders; each kind's mean service duration over the services a desk started in the
run's first half (all of which end inside the run); campaign_branch_share as orders per branch
of the campaigns that lie wholly inside the run.

Each share is recovered at a value that is not its default (a code path that read a constant
instead of the key would fail), the service durations under both duration models, and
vote_share and people_targeted_mean both where the binomial and Poisson draws are direct sums
or inversions (people_targeted_mean = 12) and where they take the other algorithms (150; core/
random_stream.cpp). At the parameters' bounds (0 or 1) every run must give the share exactly.

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest). Run with /usr/bin/python3.
"""

import math
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from scipy import stats

from orgsim_run import run_json  # first: it puts analysis/ on the path

import orgsim_results as r  # noqa: E402

REPLICATIONS = 20
# The estimate of a run is a share or a mean of hundreds of draws, close to normal, so
# (mean - expected) / SE follows Student's t with R - 1 degrees of freedom when the model is
# right. Its two-sided quantile at 1e-4 is 4.90 for R = 20. A normal z = 4 would be wrong here:
# with the SE itself estimated from few runs, |t| > 4 has probability 0.07% at R = 20 and 1.6%
# at R = 5. At 1e-4 per check, the file's 18 checks fail by chance together with probability
# at most 18 * 1e-4 = 0.2% (Bonferroni), so a failure is a finding, not bad luck.
FALSE_FAILURE_PER_CHECK = 1e-4
T_CRITICAL = float(stats.t.ppf(1 - FALSE_FAILURE_PER_CHECK / 2, REPLICATIONS - 1))

SMALL_DISTRICT = [
    "district.scale=0.2",  # 3 towns, 50 branches, 12 organizations, 5 partner units
    "run.days=120",
    # Staff enough that the committee's and the partner units' queues settle: a queue does not
    # bias what is measured, but one that grows all run leaves fewer orders to measure.
    "district.committee_staff=20", "service.partner_staff=4",
]

# The values to recover (none of them the default).
SHARES = {
    "demand.offline_share": 0.35,
    "demand.immediate_share": 0.55,
    "demand.special_share": 0.15,
    "resources.activity_share": 0.3,
    "roster.absence_prob": 0.12,
    "service.vote_share": 0.45,
    "service.people_targeted_mean": 12.0,
    "service.immediate_mean_h": 10.0,
    "service.non_immediate_mean_h": 30.0,
    "service.special_mean_h": 50.0,
    "demand.campaign_branch_share": 0.4,
}
# More orders, campaigns and shifts per run than the default district has, so that one run's
# estimate rests on a thousand or more draws (every share) and on hundreds (durations).
SHARES_VOLUME = [
    "demand.public_orders_per_branch_week=3", "demand.menu_orders_per_branch_week=1",
    "demand.campaigns_per_year=150", "demand.campaign_spread_days=2",
    # points open around the clock in one-hour shifts: 8,640 shifts a run
    "roster.open_weekdays=mon,tue,wed,thu,fri,sat,sun", "roster.open_hour=0",
    "roster.close_hour=24", "roster.shift_h=1",
]
# Large services (the PTRS Poisson draw, Knuth's splitting for the binomials) and exponential
# durations; more special and non-immediate needs than by default, to time enough of them.
LARGE = {
    "demand.immediate_share": 0.55,
    "demand.special_share": 0.2,
    "service.people_targeted_mean": 150.0,
    "service.vote_share": 0.7,
    "service.duration_model": "exponential",
    "service.immediate_mean_h": 6.0,
    "service.non_immediate_mean_h": 20.0,
    "service.special_mean_h": 40.0,
}
DURATION_KEYS = {"immediate": "service.immediate_mean_h",
                 "non_immediate": "service.non_immediate_mean_h",
                 "special": "service.special_mean_h"}


def settings_of(values):
    return [f"{key}={value}" for key, value in values.items()]


class Run:
    """One replication: its orders and duty shifts from the run file, its number of branches,
    when it ended and how long a campaign's orders are spread over (hours)."""

    def __init__(self, path, summary):
        self.orders = r.orders(path)
        self.shifts = r.duty_shifts(path)
        self.branches = summary["population"]["branches"]
        params = r.meta(path)["params"]
        self.end_h = 24.0 * params["run.days"] * params["run.years"]
        self.spread_h = 24.0 * params["demand.campaign_spread_days"]

    def public(self):
        return self.orders[self.orders["source"] == "public"]

    def served(self):
        return self.orders[self.orders["state"] == "served"]


def replicate(settings, tmp, name, seeds=range(1, REPLICATIONS + 1)):
    """The runs of `settings` with each seed, two at a time (the machine's two cores)."""
    def one(seed):
        path = Path(tmp) / f"{name}-{seed}.h5"
        return Run(path, run_json(*settings, f"run.seed={seed}", out=path))

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, seeds))


# --- what each run measures ------------------------------------------------------------------

def offline_share(run):
    return float((run.public()["channel"] == "offline").mean())


def kind_share(kind):
    return lambda run: float((run.public()["kind"] == kind).mean())


def activity_share(source):
    def share(run):
        o = run.orders
        return float(o.loc[(o["source"] == source) & (o["kind"] == "immediate"),
                           "needs_venue"].mean())
    return share


def absence_share(run):
    return float((~run.shifts["attended"]).mean())


def vote_share(run):
    served = run.served()
    return served["votes"].sum() / served["attended"].sum()


def targeted_mean(run):
    return float(run.served()["targeted"].mean())


def service_durations(run, kind):
    """finished_h - started_h of the orders of `kind` that a desk (an organization or a partner
    unit) started in the run's first half. The committee's own service is left out: it takes
    the special kind's duration whatever the order's kind (§5.4)."""
    o = run.orders
    started = o[(o["kind"] == kind) & (o["started_h"] < run.end_h / 2)
                & o["assignee_kind"].isin(["social_org", "partner_unit"])]
    # Every one has ended: a service of more than half the run (1,440 h here) has probability
    # below 1e-6 at these means (lognormal cv 0.8 or exponential). Were one still running, the
    # mean of those that ended would be biased low; say so rather than measure it.
    unfinished = int(started["finished_h"].isna().sum())
    if unfinished:
        raise AssertionError(f"{unfinished} {kind} services started in the first half never "
                             "ended: the first half is no longer a sample free of the cut-off")
    return (started["finished_h"] - started["started_h"]).to_numpy()


def duration_mean(kind):
    return lambda run: float(service_durations(run, kind).mean())


def campaign_reach_share(run):
    """Orders per branch of the campaigns whose every order falls inside the run.

    A campaign's orders arrive within spread_h of its start, which the file does not record.
    Campaign k certainly started before campaign k + 1's first order; so if that order came
    before end_h - spread_h, none of k's orders was cut off by the run's end (§3.5: orders
    after the end are never created). The choice rests on campaign k + 1 alone, whose start
    and reach are drawn apart from k's, so it does not favour campaigns that reached more
    branches (choosing by a campaign's own first order would: the more orders, the earlier the
    first). A campaign that reached nobody has no orders and counts 0."""
    c = run.orders[run.orders["source"] == "party_gov"]
    orders = c.groupby("campaign").size()
    first_order_h = c.groupby("campaign")["created_h"].min()
    whole = [k for k in range(int(first_order_h.index.max()))
             if first_order_h.get(k + 1, math.inf) < run.end_h - run.spread_h]
    if not whole:
        raise AssertionError("no campaign lies wholly inside the run: lengthen it")
    return sum(int(orders.get(k, 0)) for k in whole) / (len(whole) * run.branches)


class RecoveryTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orgsim_recovery_")
        cls.shares = replicate(SMALL_DISTRICT + SHARES_VOLUME + settings_of(SHARES), cls.tmp.name,
                               "shares")
        cls.large = replicate(SMALL_DISTRICT + SHARES_VOLUME + settings_of(LARGE), cls.tmp.name,
                              "large")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_recovered(self, runs, measure, expected, what):
        """The mean of measure(run) over `runs` is `expected` within T_CRITICAL standard
        errors of the replications."""
        estimates = np.array([measure(run) for run in runs], dtype=float)
        self.assertEqual(len(estimates), REPLICATIONS)
        self.assertFalse(np.isnan(estimates).any(), f"{what}: a run measured nothing")
        mean = float(estimates.mean())
        se = float(estimates.std(ddof=1)) / math.sqrt(len(estimates))
        if se == 0.0:
            # Every run gave the same number: no spread to judge by. Only a share the model
            # makes exact (0 or 1, as in BoundsTest) can do that, so demand it exactly; any
            # other value the same in every run means the runs did not vary (a seed ignored).
            self.assertEqual(mean, expected, f"{what}: the same {mean} in every run")
            return
        self.assertLessEqual(
            abs(mean - expected), T_CRITICAL * se,
            f"{what}: mean {mean:.5g} over {len(estimates)} runs, expected {expected:.5g}; "
            f"SE {se:.3g}, allowed {T_CRITICAL:.2f} SE; estimates {np.round(estimates, 4)}")

    def test_offline_share_of_public_orders(self):
        self.assert_recovered(self.shares, offline_share, SHARES["demand.offline_share"],
                              "offline / public orders")

    def test_kind_shares_of_public_orders(self):
        immediate = SHARES["demand.immediate_share"]
        special = SHARES["demand.special_share"]
        self.assert_recovered(self.shares, kind_share("immediate"), immediate,
                              "immediate / public orders")
        self.assert_recovered(self.shares, kind_share("special"), special,
                              "special / public orders")

    def test_activity_share_of_immediate_orders_from_each_source(self):
        expected = SHARES["resources.activity_share"]
        for source in ("public", "league_menu", "party_gov"):
            with self.subTest(source=source):
                self.assert_recovered(self.shares, activity_share(source), expected,
                                      f"activities / immediate {source} orders")
        # Only immediate items can be activities (§3.3).
        for run in self.shares:
            o = run.orders
            self.assertFalse(o.loc[o["kind"] != "immediate", "needs_venue"].any())

    def test_absence_prob_is_the_share_of_shifts_missed(self):
        for run in self.shares:  # the fixed rota: nobody covers a colleague's shift
            self.assertTrue((run.shifts["covered_for"] == -1).all())
        self.assert_recovered(self.shares, absence_share, SHARES["roster.absence_prob"],
                              "missed / assigned shifts")

    def test_vote_share_is_votes_per_attendee(self):
        self.assert_recovered(self.shares, vote_share, SHARES["service.vote_share"],
                              "votes / attended (small services)")
        self.assert_recovered(self.large, vote_share, LARGE["service.vote_share"],
                              "votes / attended (large services)")

    def test_people_targeted_mean(self):
        self.assert_recovered(self.shares, targeted_mean, SHARES["service.people_targeted_mean"],
                              "mean targeted (small services)")
        self.assert_recovered(self.large, targeted_mean, LARGE["service.people_targeted_mean"],
                              "mean targeted (large services)")

    def test_mean_service_duration_of_each_kind(self):
        for runs, values, model in ((self.shares, SHARES, "lognormal"),
                                    (self.large, LARGE, "exponential")):
            for kind, key in DURATION_KEYS.items():
                with self.subTest(model=model, kind=kind):
                    self.assert_recovered(runs, duration_mean(kind), values[key],
                                          f"{model} {kind} service duration, h")

    def test_campaign_branch_share(self):
        self.assert_recovered(self.shares, campaign_reach_share,
                              SHARES["demand.campaign_branch_share"],
                              "orders per branch of a campaign")


class BoundsTest(unittest.TestCase):
    """At 0 or 1 a share is not a rate but a rule: every run must give it exactly."""

    SEEDS = (1, 2, 3)
    ONES = {
        "demand.offline_share": 1, "demand.immediate_share": 0, "demand.special_share": 1,
        "resources.activity_share": 1, "roster.absence_prob": 1, "service.vote_share": 1,
        "service.people_targeted_mean": 1, "demand.campaign_branch_share": 1,
    }
    ZEROS = {
        "demand.offline_share": 0, "demand.immediate_share": 1, "demand.special_share": 0,
        "resources.activity_share": 0, "roster.absence_prob": 0,
        "demand.campaign_branch_share": 0,
    }

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orgsim_recovery_bounds_")
        cls.ones = replicate(SMALL_DISTRICT + SHARES_VOLUME + settings_of(cls.ONES), cls.tmp.name,
                             "ones", seeds=cls.SEEDS)
        cls.zeros = replicate(SMALL_DISTRICT + SHARES_VOLUME + settings_of(cls.ZEROS),
                              cls.tmp.name, "zeros", seeds=cls.SEEDS)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_every_run(self, runs, measure, expected, what):
        for seed, run in zip(self.SEEDS, runs):
            self.assertEqual(measure(run), expected, f"{what}, seed {seed}")

    def test_shares_at_one(self):
        runs = self.ones
        self.assert_every_run(runs, offline_share, 1.0, "offline / public orders")
        self.assert_every_run(runs, kind_share("special"), 1.0, "special / public orders")
        for source in ("league_menu", "party_gov"):  # the public's orders are all special
            self.assert_every_run(runs, activity_share(source), 1.0,
                                  f"activities / {source} orders")
        self.assert_every_run(runs, absence_share, 1.0, "missed / assigned shifts")
        self.assert_every_run(runs, vote_share, 1.0, "votes / attended")
        self.assert_every_run(runs, targeted_mean, 1.0, "mean targeted")
        self.assert_every_run(runs, campaign_reach_share, 1.0, "orders per branch of a campaign")

    def test_shares_at_zero(self):
        runs = self.zeros
        self.assert_every_run(runs, offline_share, 0.0, "offline / public orders")
        self.assert_every_run(runs, kind_share("immediate"), 1.0, "immediate / public orders")
        self.assert_every_run(runs, lambda run: int(run.orders["needs_venue"].sum()), 0,
                              "activities")
        self.assert_every_run(runs, absence_share, 0.0, "missed / assigned shifts")
        self.assert_every_run(runs, lambda run: int((run.orders["source"] == "party_gov").sum()),
                              0, "campaign orders")


if __name__ == "__main__":
    unittest.main()
