"""scenarios/ouhai-tight.ini: a district where every resource rule binds (issue 13).

In the default year no queue forms at a social organization and the venues, the budget, its
growth and the provident fund never bind: changing them leaves the run identical, so nothing
shows their rules acting. ouhai-tight.ini (two staff in every organization, two venues and
80,000 yuan a town, two years) is built so that each binds; each test below recomputes the
rule's consequence from the run file or from the rule's own arithmetic:

- queues at organizations: immediate items wait in an organization's queue, and only when
  every staff member of that organization is busy;
- venues: activities wait for a venue, and some are cancelled after venue_wait_h;
- the budget runs out in each year: the two years' spending equals the two grants, the second
  grown by budget_growth, to within one activity's cost per town and year;
- the provident fund pays for activities once the budget is gone, never more than the
  branches' payouts.

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest). Run with /usr/bin/python3.
"""

import tempfile
import unittest
from pathlib import Path

import h5py
import numpy as np

from orgsim_run import SOURCE_DIR, run_json  # first: it puts analysis/ on the path

import orgsim_results as r  # noqa: E402

TIGHT = SOURCE_DIR / "scenarios" / "ouhai-tight.ini"


def run(*settings, path=None):
    """ouhai-tight.ini with `--set S ...` (and -o PATH): its parsed summary."""
    return run_json(*settings, scenario=TIGHT, out=path)


class TightScenarioTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = Path(cls.tmp.name) / "tight.h5"
        cls.summary = run(path=cls.path)
        cls.no_growth = run("resources.budget_growth=0")
        cls.orders = r.orders(cls.path)
        cls.activities = r.branch_activities(cls.path)
        cls.branches = r.branches(cls.path)
        with h5py.File(cls.path, "r") as f:
            params = f["config/params"].attrs
            cls.param = {k: params[k] for k in params}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def p(self, key):
        value = self.param[key]
        return value.decode() if isinstance(value, bytes) else value

    def test_immediate_items_queue_at_organizations_only_when_every_staff_member_is_busy(self):
        o = self.orders
        # Immediate items reach the organization when placed (dispatched_h); special needs
        # reach it only after the committee's search, so they are left out.
        at_orgs = o[(o["assignee_kind"] == "social_org") & (o["kind"] == "immediate") &
                    ~o["needs_venue"] & o["started_h"].notna()]
        queued = at_orgs[at_orgs["started_h"] > at_orgs["dispatched_h"] + 1e-9]
        self.assertGreater(len(queued), 0, "no immediate item ever waited at an organization")
        # The queue is FIFO behind busy staff: at the moment a queued order was dispatched,
        # all the staff its organization had that year were serving (started <= t < finished;
        # a denied organization that stays keeps fewer staff the next year, succession.*).
        inc = r.incubations(self.path)
        staff = {(int(row.org), int(row.year)): int(row.staff) for row in inc.itertuples()}
        year_h = float(self.p("run.days")) * 24.0
        served = o[(o["assignee_kind"] == "social_org") & o["started_h"].notna()]
        by_org = {org: g for org, g in served.groupby("assignee")}
        sample = queued.sample(n=min(300, len(queued)), random_state=1)
        for _, q in sample.iterrows():
            g = by_org[q["assignee"]]
            t = q["dispatched_h"]
            finished = g["finished_h"].fillna(np.inf)
            busy = ((g["started_h"] <= t) & (finished > t)).sum()
            hands = staff[(int(q["assignee"]), int(t // year_h) + 1)]
            self.assertGreaterEqual(busy, hands, f"order {q['id']} queued with a free hand")

    def test_activities_wait_for_venues_and_some_are_cancelled(self):
        a = self.activities
        held = a[a["outcome"] == "held"]
        self.assertGreater((held["time_h"] > held["planned_h"] + 1e-9).sum(), 0,
                           "no branch activity waited for a venue")
        self.assertGreater(self.summary["activities"]["cancelled_no_venue"], 0)
        self.assertGreater(self.summary["orders"]["by_state"]["cancelled_no_venue"], 0)
        # A cancelled branch activity gave up after looking every hour for venue_wait_h.
        cancelled = a[a["outcome"] == "cancelled_no_venue"]
        waited = cancelled["time_h"] - cancelled["planned_h"]
        wait_h = float(self.p("resources.venue_wait_h"))
        self.assertTrue((waited >= wait_h - 1.0 - 1e-9).all(), waited.describe())

    def budget_bounds(self, growth):
        towns = self.summary["population"]["towns"]
        budget = float(self.p("resources.budget_yuan"))
        years = int(self.p("run.years"))
        granted = sum(towns * budget * (1.0 + growth) ** y for y in range(years))
        # What is left in a town at a year's end is less than one activity's highest cost
        # (the mean +50%), or that activity would have been paid from it.
        slack = towns * years * 1.5 * float(self.p("resources.activity_cost_mean_yuan"))
        return granted - slack, granted

    def test_the_budget_runs_out_in_both_years_and_grows_in_the_second(self):
        growth = float(self.p("resources.budget_growth"))
        self.assertGreater(growth, 0)
        low, high = self.budget_bounds(growth)
        spent = self.summary["activities"]["budget_spent_yuan"]
        self.assertGreaterEqual(spent, low)
        self.assertLessEqual(spent, high + 1e-6)
        # Without growth the second year's grant is the first's: the same rule, less money.
        low0, high0 = self.budget_bounds(0.0)
        spent0 = self.no_growth["activities"]["budget_spent_yuan"]
        self.assertGreaterEqual(spent0, low0)
        self.assertLessEqual(spent0, high0 + 1e-6)
        self.assertLess(high0, low, "the bounds must separate the two for the test to mean much")

    def test_the_provident_fund_pays_once_the_budget_is_gone_within_the_payouts(self):
        fund = self.summary["activities"]["fund_spent_yuan"]
        self.assertGreater(fund, 0)
        deposit = float(self.p("resources.fund_deposit_yuan"))
        years = int(self.p("run.years"))
        payouts = deposit * self.branches["fund_payout_ratio"].sum() * years
        self.assertLessEqual(fund, payouts + 1e-6)
        # Money runs short for some: activities cancelled for want of money.
        self.assertGreater(self.summary["activities"]["cancelled_no_money"], 0)

    def test_changing_each_scarce_resource_changes_the_run(self):
        # In the default year these settings leave the run identical; here each binds.
        base = self.summary["fingerprint"]
        self.assertNotEqual(self.no_growth["fingerprint"], base)
        for setting in ("resources.venues_per_street=3", "resources.fund_deposit_yuan=1000",
                        "service.org_staff_mean=3"):
            with self.subTest(setting=setting):
                self.assertNotEqual(run(setting)["fingerprint"], base)


if __name__ == "__main__":
    unittest.main()
