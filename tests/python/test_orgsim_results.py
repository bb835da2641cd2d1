"""Tests of analysis/orgsim_results.py against a real run (stdlib unittest).

Runs the orgsim binary on a small district (once with the defaults, once for two years with
every behaviour switched on, and once more the defaults' year judged against another reference
standard, with the waits included and a threshold between one organization's true and
experienced qualities, warning at any backlog) and checks what the reader returns against the
run's own JSON summary, recomputing every number here from the DataFrames: the incubation
counts against the reference standard (truth.*) and the run's own rule, the experienced
qualities from the served orders' waits, each year's staff, youth contacts, leaders at the
effort floor, the waits with the orders still waiting counted to the run's end, each assignee
kind's queue and warnings, the branch activities; and that a schema-2 file is refused.

Environment: ORGSIM_BINARY (the orgsim executable) and ORGSIM_SOURCE_DIR (the source tree),
both set by ctest. Run with Debian's /usr/bin/python3 (the one with h5py and pandas):
    cd build && ctest -R python --output-on-failure
"""

import json
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
import pandas as pd  # noqa: E402

import orgsim_results as r  # noqa: E402

BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))
# How the warnings' sentences name each assignee kind's queue (results/queue_health.cpp).
QUEUE_NAMES = {"social_org": "social organizations' queue",
               "partner_unit": "partner units' queue",
               "district_committee": "district committee's queue"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def combined(a, s, combine, weight):
    """The number a rule (or the reference standard) compares with its threshold."""
    if combine == "both":
        return np.minimum(a, s)
    if combine == "mean":
        return (a + s) / 2
    return weight * a + (1 - weight) * s


def own_rule_good(decisions, params):
    """Whether the run's own incubation rule passes each decision's true (hidden) qualities."""
    return combined(decisions["true_attraction_quality"], decisions["true_satisfaction_quality"],
                    params["incubation.combine"], params["incubation.attraction_weight"]) \
        >= params["incubation.threshold"] - 1e-12  # the rule's slack for decimal rounding


def meets_standard(decisions, params):
    """Whether each decision's organization is good by the reference standard (truth.*): its
    true qualities, or with truth.waits = included the qualities its public experienced
    (when it had any: NaN means no service with a vote, and the true ones are judged)."""
    a = decisions["true_attraction_quality"].to_numpy(float)
    s = decisions["true_satisfaction_quality"].to_numpy(float)
    if params["truth.waits"] == "included":
        ea = decisions["experienced_attraction"].to_numpy(float)
        es = decisions["experienced_satisfaction"].to_numpy(float)
        felt = ~np.isnan(ea) & ~np.isnan(es)
        a, s = np.where(felt, ea, a), np.where(felt, es, s)
    good = combined(a, s, params["truth.combine"], params["truth.attraction_weight"]) \
        >= params["truth.threshold"] - 1e-12
    return pd.Series(good, index=decisions.index)


def share(part, whole):
    return part / whole if whole > 0 else 0.0


def incubation_counts(d, params):
    """The summary's incubation counts (incubation.by_year's entries without `year`) of the
    decisions ``d``, recomputed from the run file."""
    good, own = meets_standard(d, params), own_rule_good(d, params)
    incubated, denied = d["decision"] == "incubated", d["decision"] == "denied"
    undecided = d["decision"] == "not_enough_data"
    below = int((~good).sum())
    return {
        "incubated": int(incubated.sum()), "denied": int(denied.sum()),
        "not_enough_data": int(undecided.sum()),
        "meets_standard": int(good.sum()),
        "good_denied": int((good & denied).sum()),
        "good_denied_share": share(int((good & denied).sum()), int(good.sum())),
        "good_not_enough_data": int((good & undecided).sum()),
        "below_standard": below,
        "below_standard_incubated": int((~good & incubated).sum()),
        "below_standard_incubated_share": share(int((~good & incubated).sum()), below),
        "own_rule": {"good": int(own.sum()), "wrongly_denied": int((own & denied).sum()),
                     "wrongly_incubated": int((~own & incubated).sum())},
        "exited": int((d["support"] == "exited").sum()),
        "shrunk": int((d["support"] == "shrunk").sum()),
    }


def queue_of(orders, kind, horizon_h):
    """orders.queues.KIND of the summary recomputed from /orders: the kind's orders, those
    open at the run's end, and the mean wait (start - creation) of the orders it started in
    each half of the run, by start time (None: none started in that half)."""
    mine = orders[orders["assignee_kind"] == kind]
    started = mine[mine["started_h"].notna()]
    wait = started["started_h"] - started["created_h"]
    first = started["started_h"] < horizon_h / 2
    mean = lambda w: float(w.mean()) if len(w) else None  # noqa: E731
    return {"orders": len(mine), "open_at_end": int((mine["state"] == "open_at_year_end").sum()),
            "wait_first_half_h": mean(wait[first]), "wait_second_half_h": mean(wait[~first])}


def run_orgsim(out, *args):
    """Runs `orgsim run ARGS --quiet --json -o OUT` and returns its parsed JSON summary."""
    cmd = [BINARY, "run", *args, "--quiet", "--json", "-o", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise AssertionError(f"{cmd} exited {done.returncode}: {done.stderr}")
    return json.loads(done.stdout)


class OrgsimResultsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.access(BINARY, os.X_OK):
            raise RuntimeError(f"orgsim binary not found: {BINARY} (set ORGSIM_BINARY)")
        cls.tmp = tempfile.TemporaryDirectory(prefix="orgsim_results_test_")
        cls.dir = Path(cls.tmp.name)
        cls.path = cls.dir / "run.h5"
        cls.summary = run_orgsim(cls.path, "--set", "district.scale=0.2")
        cls.orders = r.orders(cls.path)
        # Two years, every behaviour on: declines, swaps, effort, entrants and exits.
        cls.behaviour_path = cls.dir / "behaviour.h5"
        cls.behaviour_summary = run_orgsim(
            cls.behaviour_path, "--set", "district.scale=0.2", "--set", "run.years=2",
            "--set", "behaviour.leader=adaptive", "--set", "behaviour.organization=protective",
            "--set", "behaviour.public=trust", "--set", "behaviour.roster=fatigue")
        # The defaults' year again, judged against another reference standard (weighted, the
        # waits included) with a threshold between one organization's true and experienced
        # qualities, and warnings whenever a queue has any order open at the end: reporting
        # only, so the same events (the same fingerprint) with other verdicts.
        cls.standard_path = cls.dir / "standard.h5"
        decisions = r.incubations(cls.path)
        gap = (combined(decisions["true_attraction_quality"],
                        decisions["true_satisfaction_quality"], "weighted", 0.3)
               - combined(decisions["experienced_attraction"],
                          decisions["experienced_satisfaction"], "weighted", 0.3))
        cls.judged_by_waits = int(gap.idxmax())  # NaN gaps (no service with a vote) skipped
        true_q = decisions.loc[cls.judged_by_waits, ["true_attraction_quality",
                                                      "true_satisfaction_quality"]]
        threshold = combined(true_q.iloc[0], true_q.iloc[1], "weighted", 0.3) - gap.max() / 2
        cls.standard_summary = run_orgsim(
            cls.standard_path, "--set", "district.scale=0.2", "--set", "truth.waits=included",
            "--set", "truth.combine=weighted", "--set", "truth.attraction_weight=0.3",
            "--set", f"truth.threshold={threshold!r}", "--set", "warnings.backlog_share=0.0001",
            "--set", "warnings.min_orders=1")
        cls.runs = {"defaults": (cls.path, cls.summary),
                    "behaviour": (cls.behaviour_path, cls.behaviour_summary),
                    "standard": (cls.standard_path, cls.standard_summary)}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    # --- orders -----------------------------------------------------------------------------

    def test_orders_total(self):
        self.assertEqual(len(self.orders), self.summary["orders"]["total"])
        self.assertEqual(sorted(self.orders["id"]), list(range(len(self.orders))))

    def test_orders_counts_by_enum(self):
        for column, key in (("state", "by_state"), ("source", "by_source"),
                            ("channel", "by_channel"), ("kind", "by_kind")):
            with self.subTest(column=column):
                expected = self.summary["orders"][key]
                counts = self.orders[column].value_counts()
                self.assertEqual({label: int(counts[label]) for label in counts.index}, expected)

    def test_orders_escalated(self):
        self.assertEqual(self.orders["escalated"].dtype, bool)
        self.assertEqual(self.orders["needs_venue"].dtype, bool)
        self.assertEqual(int(self.orders["escalated"].sum()), self.summary["orders"]["escalated"])

    def test_orders_rates_of_served(self):
        served = self.orders[self.orders["state"] == "served"]
        self.assertGreater(len(served), 0)
        attraction = served["attended"].sum() / served["targeted"].sum()
        satisfaction = served["satisfied"].sum() / served["votes"].sum()
        self.assertAlmostEqual(attraction, self.summary["orders"]["attraction_rate"], delta=1e-12)
        self.assertAlmostEqual(satisfaction, self.summary["orders"]["satisfaction_rate"],
                               delta=1e-12)

    def test_orders_mean_wait(self):
        started = self.orders[self.orders["started_h"].notna()]
        wait = started["started_h"] - started["created_h"]
        self.assertEqual(len(wait), self.summary["orders"]["wait_h"]["count"])
        self.assertAlmostEqual(wait.mean(), self.summary["orders"]["wait_h"]["mean"], delta=1e-9)

    def test_orders_categoricals(self):
        expected = {
            "source": ["party_gov", "public", "league_menu"],
            "channel": ["assigned", "online", "offline"],
            "kind": ["immediate", "non_immediate", "special"],
            "assignee_kind": ["none", "social_org", "partner_unit", "district_committee"],
            "state": ["served", "gave_up", "cancelled_no_venue", "cancelled_no_money",
                      "open_at_year_end"],
        }
        for column, labels in expected.items():
            with self.subTest(column=column):
                self.assertEqual(self.orders[column].dtype.name, "category")
                self.assertEqual(list(self.orders[column].cat.categories), labels)
        categories = r.meta(self.path)["params"]["demand.categories"]
        names = self.orders["category_name"]
        self.assertEqual(list(names.cat.categories), categories)
        self.assertTrue((names.cat.codes.to_numpy() == self.orders["category"].to_numpy()).all())
        self.assertTrue(all(type(c) is str for c in names.cat.categories))
        # The raw codes agree with the categorical: an independent read of one enum column.
        with h5py.File(self.path, "r") as f:
            raw = f["orders"]["state"]
        self.assertTrue((self.orders["state"].cat.codes.to_numpy() == raw).all())

    def test_each_order_is_in_its_branchs_town(self):
        # A town's sources hand the order its town with the branch they drew from the town's
        # own (the engine does not look it up for them): check it against /branches.
        for run, (path, _) in self.runs.items():
            with self.subTest(run=run):
                orders = r.orders(path)
                branch_town = r.branches(path)["town"].to_numpy()
                self.assertTrue(
                    (orders["town"].to_numpy() == branch_town[orders["branch"].to_numpy()]).all())

    # --- organizations, quarterly, weekly ---------------------------------------------------

    def test_orders_by_assignee_steered_and_special(self):
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                orders = r.orders(path)
                counts = orders["assignee_kind"].value_counts()
                self.assertEqual({label: int(counts[label]) for label in counts.index},
                                 summary["orders"]["by_assignee"])
                committee = orders["assignee_kind"] == "district_committee"
                self.assertEqual(int(((orders["kind"] == "special") & committee).sum()),
                                 summary["orders"]["special_left_to_committee"])
                self.assertEqual(orders["steered"].dtype, bool)
                self.assertEqual(int(orders["steered"].sum()),
                                 summary["behaviour"]["steered_orders"])

    def test_organizations_decisions(self):
        # One year: each organization's (last) decision is its only one.
        orgs = r.organizations(self.path)
        self.assertEqual(list(orgs["decision"].cat.categories),
                         ["incubated", "denied", "not_enough_data"])
        counts = orgs["decision"].value_counts()
        for label, key in (("incubated", "incubated"), ("denied", "denied"),
                           ("not_enough_data", "not_enough_data")):
            with self.subTest(decision=label):
                self.assertEqual(int(counts.get(label, 0)), self.summary["incubation"][key])
        self.assertEqual(len(orgs), self.summary["population"]["social_orgs"])
        self.assertTrue((orgs["active_from_year"] == 1).all())

    def test_incubations_keep_the_per_event_sums_of_the_served_orders(self):
        # One year: every organization's served orders are its evaluations of that year.
        decisions = r.incubations(self.path).set_index("org")
        o = self.orders
        served = o[(o["state"] == "served") & (o["assignee_kind"] == "social_org")]
        voted = served[served["votes"] > 0]
        attraction = (served["attended"] / served["targeted"]).groupby(served["assignee"]).sum()
        satisfaction = (voted["satisfied"] / voted["votes"]).groupby(voted["assignee"]).sum()
        with_votes = voted.groupby("assignee").size()
        for org, row in decisions.iterrows():
            with self.subTest(org=org):
                self.assertAlmostEqual(row["attraction_event_sum"], attraction.get(org, 0.0),
                                       places=9)
                self.assertAlmostEqual(row["satisfaction_event_sum"],
                                       satisfaction.get(org, 0.0), places=9)
                self.assertEqual(row["events_with_votes"], with_votes.get(org, 0))

    def test_incubations_year_by_year(self):
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                decisions = r.incubations(path)
                params = r.meta(path)["params"]
                self.assertEqual(list(decisions["support"].cat.categories),
                                 ["kept", "shrunk", "exited"])
                by_year = summary["incubation"]["by_year"]
                self.assertEqual([entry["year"] for entry in by_year],
                                 list(range(1, summary["years"] + 1)))
                self.assertTrue(decisions["year"].between(1, summary["years"]).all())
                for entry in by_year:
                    year = decisions[decisions["year"] == entry["year"]]
                    self.assertEqual({"year": entry["year"], **incubation_counts(year, params)},
                                     entry)
                # The top-level counts are the totals over the years (the shares, of them).
                total = summary["incubation"]
                self.assertEqual(incubation_counts(decisions, params),
                                 {key: total[key] for key in by_year[0] if key != "year"})
                for key, value in by_year[0].items():
                    if key == "own_rule":
                        for k in value:
                            self.assertEqual(total[key][k], sum(e[key][k] for e in by_year))
                    elif key != "year" and not key.endswith("_share"):
                        self.assertEqual(total[key], sum(entry[key] for entry in by_year), key)
                self.assertEqual(total["standard"],
                                 {"threshold": params["truth.threshold"],
                                  "combine": params["truth.combine"],
                                  "attraction_weight": params["truth.attraction_weight"],
                                  "waits": params["truth.waits"]})
                # /agents/social_orgs holds each organization's last decision.
                orgs = r.organizations(path)
                last = decisions.groupby("org").tail(1).set_index("org")
                self.assertEqual(list(orgs.loc[last.index, "decision"].astype(str)),
                                 list(last["decision"].astype(str)))
                self.assertEqual(list(orgs.loc[last.index, "evaluations"]),
                                 list(last["evaluations"]))
                self.assertTrue(orgs["active_from_year"].between(1, summary["years"]).all())

    def test_the_standard_is_a_yardstick_not_a_force(self):
        # Judged by another standard, the same year: the same events, other verdicts.
        self.assertEqual(self.standard_summary["fingerprint"], self.summary["fingerprint"])
        decisions = r.incubations(self.standard_path)
        params = r.meta(self.standard_path)["params"]
        self.assertEqual(params["truth.waits"], "included")
        # The organization chosen for it is good on its true qualities, below the standard as
        # its public experienced them: the verdict follows truth.waits.
        org = self.judged_by_waits
        row = decisions.loc[[org]]
        self.assertFalse(meets_standard(row, params).iloc[0])
        self.assertTrue(meets_standard(row, {**params, "truth.waits": "excluded"}).iloc[0])
        inc = self.standard_summary["incubation"]
        self.assertEqual(inc["meets_standard"], int(meets_standard(decisions, params).sum()))
        self.assertNotEqual(inc["meets_standard"],
                            int(meets_standard(decisions,
                                               {**params, "truth.waits": "excluded"}).sum()))
        # The run's own rule is not the standard: its counts are the defaults' run's.
        self.assertEqual(inc["own_rule"], self.summary["incubation"]["own_rule"])

    def test_incubations_staff_and_experienced_qualities(self):
        tolerance = r.meta(self.path)["params"]["service.wait_tolerance_h"]
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                decisions = r.incubations(path)
                orgs = r.organizations(path)
                self.assertTrue((decisions["staff"] >= 1).all())
                # Staff in a year is the staff the previous year's decision left it.
                for year in range(2, summary["years"] + 1):
                    before = decisions[decisions["year"] == year - 1].set_index("org")
                    now = decisions[decisions["year"] == year].set_index("org")
                    stayed = now.index.intersection(before.index)
                    self.assertEqual(list(now.loc[stayed, "staff"]),
                                     list(before.loc[stayed, "staff_after"]))
                last = decisions.groupby("org").tail(1).set_index("org")
                self.assertEqual(list(orgs.loc[last.index, "staff"]), list(last["staff"]))
                # Waits only lower what people experience (decay exp(-wait / tolerance) <= 1).
                for quality in ("attraction", "satisfaction"):
                    felt = decisions[f"experienced_{quality}"]
                    true_q = decisions[f"true_{quality}_quality"]
                    self.assertTrue((felt.dropna() <= true_q[felt.notna()] + 1e-12).all())
                    self.assertTrue((felt.isna() == decisions["experienced_attraction"].isna())
                                    .all())
                if summary["years"] != 1:
                    continue
                # One year: recomputed from the organization's served orders and their waits.
                o = r.orders(path)
                served = o[(o["state"] == "served") & (o["assignee_kind"] == "social_org")]
                decay = np.exp(-(served["started_h"] - served["created_h"]).clip(lower=0)
                               / tolerance)
                by_org = pd.DataFrame({
                    "targeted": served["targeted"], "votes": served["votes"],
                    "t_decay": served["targeted"] * decay, "v_decay": served["votes"] * decay,
                    "org": served["assignee"]}).groupby("org").sum()
                for _, d in decisions.iterrows():
                    org = int(d["org"])
                    if org not in by_org.index or by_org.at[org, "votes"] == 0:
                        self.assertTrue(np.isnan(d["experienced_attraction"]), org)
                        self.assertTrue(np.isnan(d["experienced_satisfaction"]), org)
                        continue
                    g = by_org.loc[org]
                    self.assertAlmostEqual(d["experienced_attraction"], d["true_attraction_quality"]
                                           * g["t_decay"] / g["targeted"], delta=1e-12)
                    self.assertAlmostEqual(d["experienced_satisfaction"],
                                           d["true_satisfaction_quality"] * g["v_decay"]
                                           / g["votes"], delta=1e-12)

    def test_declines_agree_with_the_orders_and_the_summary(self):
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                declines = r.declines(path)
                orders = r.orders(path)
                behaviour = summary["behaviour"]
                self.assertEqual(list(declines.columns),
                                 ["order_id", "org", "time_h", "standing", "expected_rate"])
                self.assertEqual(len(declines), behaviour["declines"])
                declined = orders[orders["declines"] > 0]
                self.assertEqual(len(declined), behaviour["declined_orders"])
                self.assertEqual(int((declined["assignee_kind"] == "district_committee").sum()),
                                 behaviour["declined_to_committee"])
                # Each decline row belongs to an order counted as declined that many times.
                per_order = declines["order_id"].value_counts().sort_index()
                counted = declined.set_index("id")["declines"].sort_index()
                self.assertEqual(per_order.to_dict(), counted.astype(int).to_dict())

    def test_duty_shifts_and_swaps(self):
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                shifts = r.duty_shifts(path)
                self.assertEqual(len(shifts), summary["duty"]["shifts"])
                self.assertEqual(int((~shifts["attended"]).sum()),
                                 summary["duty"]["shifts_missed"])
                self.assertEqual(int((shifts["covered_for"] >= 0).sum()),
                                 summary["behaviour"]["shifts_covered"])

    def test_quarterly_tiers_and_allowance(self):
        q = r.quarterly(self.path)
        n_branches = self.summary["population"]["branches"]
        self.assertEqual(len(q), 4 * n_branches)
        self.assertEqual(list(q.columns),
                         ["quarter", "year", "quarter_of_year", "branch", "orders",
                          "answered", "activities",
                          "contacts", "duty", "satisfaction", "score", "rank", "tier",
                          "allowance_yuan", "effort", "noise_points", "tier_without_noise",
                          "allowance_without_noise_yuan", "youth_contacts"])
        self.assertEqual(sorted(q["quarter"].unique()), [1, 2, 3, 4])
        self.assertEqual(sorted(q["year"].unique()), [1])
        self.assertEqual(list(q["quarter_of_year"]), list(q["quarter"]))
        for entry in self.summary["tiers"]:
            with self.subTest(quarter=entry["quarter"]):
                rows = q[q["quarter"] == entry["quarter"]]
                self.assertEqual(sorted(rows["branch"]), list(range(n_branches)))
                per_tier = rows["tier"].value_counts()
                counts = [int(per_tier.get(t, 0)) for t in range(len(entry["branches_per_tier"]))]
                self.assertEqual(counts, entry["branches_per_tier"])
                self.assertAlmostEqual(rows["allowance_yuan"].sum(), entry["allowance_yuan"],
                                       delta=1e-6)
        self.assertAlmostEqual(q["allowance_yuan"].sum(), self.summary["allowance_total_yuan"],
                               delta=1e-6)

    def test_tier_noise_and_effort_from_the_inspections(self):
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                q = r.quarterly(path)
                years = summary["years"]
                self.assertEqual(r.meta(path)["years"], years)
                self.assertEqual(sorted(q["quarter"].unique()), list(range(1, 4 * years + 1)))
                self.assertTrue((q["year"] == (q["quarter"] - 1) // 4 + 1).all())
                inspected = q[q["tier"] >= 0]
                changed = inspected["tier"] != inspected["tier_without_noise"]
                moved = (inspected["allowance_yuan"]
                         - inspected["allowance_without_noise_yuan"]).clip(lower=0).sum()
                noise = summary["tier_noise"]
                self.assertEqual(noise["branch_quarters"], len(inspected))
                self.assertEqual(noise["changed"], int(changed.sum()))
                self.assertAlmostEqual(noise["changed_share"],
                                       changed.mean() if len(inspected) else 0.0, delta=1e-12)
                self.assertAlmostEqual(noise["allowance_moved_yuan"], moved, delta=1e-6)
                efforts = summary["behaviour"]["leader_effort_mean"]
                self.assertEqual(len(summary["tiers"]), 4 * years)
                self.assertEqual(len(efforts), 4 * years)
                for entry, effort in zip(summary["tiers"], efforts):
                    rows = inspected[inspected["quarter"] == entry["quarter"]]
                    self.assertEqual(entry["year"], (entry["quarter"] - 1) // 4 + 1)
                    self.assertEqual(entry["changed_by_noise"],
                                     int((rows["tier"] != rows["tier_without_noise"]).sum()))
                    if len(rows):
                        self.assertAlmostEqual(effort, rows["effort"].mean(), delta=1e-12)
                    else:
                        self.assertIsNone(effort)

    def test_youth_contacts_and_leaders_at_the_effort_floor(self):
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                q = r.quarterly(path)
                params = r.meta(path)["params"]
                inspected = q["tier"] >= 0
                self.assertEqual(q["youth_contacts"].dtype.kind, "i")
                self.assertTrue((q.loc[~inspected, "youth_contacts"] == -1).all())
                self.assertTrue((q.loc[inspected, "youth_contacts"] >= 0).all())
                self.assertEqual(int(q.loc[inspected, "youth_contacts"].sum()),
                                 summary["activities"]["youth_contacts"])
                behaviour = summary["behaviour"]
                floor = params["behaviour.effort_min"]
                self.assertEqual(behaviour["effort_floor"], floor)
                responds = params["behaviour.leader"] != "fixed"
                at_floor = [int(((q["quarter"] == quarter) & inspected
                                 & (q["effort"] <= floor + 1e-9)).sum()) if responds else 0
                            for quarter in range(1, 4 * summary["years"] + 1)]
                self.assertEqual(behaviour["leaders_at_floor"], at_floor)

    def test_branch_activities(self):
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                a = r.branch_activities(path)
                self.assertEqual(list(a.columns),
                                 ["branch", "time_h", "planned_h", "outcome", "cost_yuan"])
                self.assertEqual(list(a["outcome"].cat.categories),
                                 ["held", "cancelled_no_venue", "cancelled_no_money"])
                counts = a["outcome"].value_counts()
                for outcome in a["outcome"].cat.categories:
                    self.assertEqual(int(counts[outcome]), summary["activities"][outcome])
                # Held when it took its venue, or given up: never before it was planned.
                self.assertTrue((a["time_h"] >= a["planned_h"]).all())
                self.assertTrue(a["branch"].between(0, summary["population"]["branches"] - 1)
                                .all())

    def test_waits_with_the_orders_still_waiting_and_the_queues(self):
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                o = r.orders(path)
                params = r.meta(path)["params"]
                horizon_h = params["run.days"] * params["run.years"] * 24.0
                started = o["started_h"].notna()
                waiting = ~started & (o["state"] == "open_at_year_end")
                waits = pd.concat([(o["started_h"] - o["created_h"])[started],
                                   horizon_h - o.loc[waiting, "created_h"]])
                expected = summary["orders"]["wait_incl_open_h"]
                self.assertEqual(expected["count"], len(waits))
                self.assertEqual(expected["still_waiting_at_end"], int(waiting.sum()))
                self.assertAlmostEqual(expected["mean"], waits.mean(), delta=1e-9)
                queues = summary["orders"]["queues"]
                self.assertEqual(list(queues),
                                 ["social_org", "partner_unit", "district_committee"])
                for kind, q in queues.items():
                    mine = queue_of(o, kind, horizon_h)
                    self.assertEqual((q["orders"], q["open_at_end"]),
                                     (mine["orders"], mine["open_at_end"]), kind)
                    for half in ("wait_first_half_h", "wait_second_half_h"):
                        if mine[half] is None:
                            self.assertIsNone(q[half], (kind, half))
                        else:
                            self.assertAlmostEqual(q[half], mine[half], delta=1e-9,
                                                   msg=(kind, half))

    def test_warnings_are_the_queues_that_do_not_settle(self):
        warned = 0
        for run, (path, summary) in self.runs.items():
            with self.subTest(run=run):
                w = r.warnings(path)
                params = r.meta(path)["params"]
                self.assertEqual(list(w.columns),
                                 ["assignee", "orders", "open_at_end", "first_half_wait_h",
                                  "second_half_wait_h", "backlog", "wait_growth", "message"])
                self.assertEqual(list(w["assignee"].cat.categories),
                                 ["none", "social_org", "partner_unit", "district_committee"])
                self.assertEqual(w["backlog"].dtype, bool)
                self.assertEqual(list(w["message"]), summary["warnings"])
                # Recomputed from the orders with the run's warnings.* parameters.
                o = r.orders(path)
                horizon_h = params["run.days"] * params["run.years"] * 24.0
                expected = []
                for kind in ("social_org", "partner_unit", "district_committee"):
                    q = queue_of(o, kind, horizon_h)
                    if q["orders"] < params["warnings.min_orders"] or q["orders"] == 0:
                        continue
                    backlog = q["open_at_end"] > params["warnings.backlog_share"] * q["orders"]
                    first, second = q["wait_first_half_h"], q["wait_second_half_h"]
                    growth = (first is not None and second is not None and
                              second > params["warnings.wait_growth_ratio"] * max(first, 1.0))
                    if backlog or growth:
                        expected.append((kind, q["orders"], q["open_at_end"], backlog, growth))
                self.assertEqual(
                    [(str(x.assignee), x.orders, x.open_at_end, x.backlog, x.wait_growth)
                     for x in w.itertuples()], expected)
                for x in w.itertuples():
                    q = summary["orders"]["queues"][str(x.assignee)]
                    for shown, key in ((x.first_half_wait_h, "wait_first_half_h"),
                                       (x.second_half_wait_h, "wait_second_half_h")):
                        if q[key] is None:  # none started in that half: NaN in the file
                            self.assertTrue(np.isnan(shown), key)
                        else:
                            self.assertAlmostEqual(shown, q[key], delta=1e-9, msg=key)
                    self.assertIn(f"the {QUEUE_NAMES[str(x.assignee)]} does not settle",
                                  x.message)
                warned += len(w)
        self.assertGreater(warned, 0, "no run warned: the warnings were not tested")

    def test_weekly(self):
        w = r.weekly(self.path)
        self.assertGreater(len(w), 0)
        self.assertEqual(list(w["week"]), list(range(len(w))))
        self.assertTrue((w["open"] >= 0).all())
        placed = int(self.orders["dispatched_h"].notna().sum())
        self.assertEqual(int(w["placed"].sum()), placed)

    # --- agents and names -------------------------------------------------------------------

    def test_names_are_chinese_str(self):
        b = r.branches(self.path)
        self.assertEqual(len(b), self.summary["population"]["branches"])
        frames = {
            "branches": (b, ("name", "leader", "town_name")),
            "organizations": (r.organizations(self.path), ("name",)),
            "officials": (r.officials(self.path), ("name",)),
            "service_points": (r.service_points(self.path), ("name",)),
            "partner_units": (r.partner_units(self.path), ("name",)),
            "towns": (r.towns(self.path), ("name",)),
        }
        for table, (df, columns) in frames.items():
            self.assertEqual(len(df), self.summary["population"][table if table != "organizations"
                                                                 else "social_orgs"])
            for column in columns:
                with self.subTest(table=table, column=column):
                    values = list(df[column])
                    self.assertTrue(values)
                    self.assertTrue(all(type(v) is str for v in values), values[:3])
                    self.assertTrue(any(CHINESE.search(v) for v in values), values[:3])
        towns = r.towns(self.path)
        self.assertEqual(list(b["town_name"]), list(towns["name"].to_numpy()[b["town"].to_numpy()]))

    # --- meta -------------------------------------------------------------------------------

    def test_meta(self):
        m = r.meta(self.path)
        self.assertEqual(m["schema"], "orgsim-run")
        self.assertEqual(m["schema_version"], 3)
        self.assertIs(type(m["schema_version"]), int)
        self.assertEqual(m["fingerprint"], self.summary["fingerprint"])
        self.assertEqual(m["seed"], self.summary["seed"])
        self.assertEqual(m["years"], self.summary["years"])
        self.assertIs(type(m["wall_seconds"]), float)
        self.assertEqual(m["params"]["district.scale"], 0.2)
        self.assertIsInstance(m["params"]["tiers.shares"], list)
        self.assertIsInstance(m["ini"], str)
        self.assertIn("[run]", m["ini"])

    def test_ini_reproduces_the_run(self):
        ini = self.dir / "again.ini"
        ini.write_text(r.meta(self.path)["ini"], encoding="utf-8")
        again = run_orgsim(self.dir / "again.h5", str(ini))
        self.assertEqual(again["fingerprint"], self.summary["fingerprint"])
        self.assertEqual(r.meta(self.dir / "again.h5")["fingerprint"], self.summary["fingerprint"])

    # --- refusing other files ---------------------------------------------------------------

    def test_rejects_non_orgsim_hdf5(self):
        other = self.dir / "other.h5"
        with h5py.File(other, "w") as f:
            f["x"] = np.arange(3)
            f.attrs["schema"] = "something-else"
        for reader in (r.orders, r.meta, r.branches):
            with self.subTest(reader=reader.__name__):
                with self.assertRaises(ValueError) as caught:
                    reader(other)
                self.assertIn(str(other), str(caught.exception))
        bare = self.dir / "bare.h5"
        with h5py.File(bare, "w") as f:
            f["x"] = np.arange(3)
        with self.assertRaises(ValueError):
            r.quarterly(bare)

    def test_rejects_non_hdf5_file(self):
        text = self.dir / "notes.txt"
        text.write_text("not hdf5\n")
        with self.assertRaises(ValueError) as caught:
            r.orders(text)
        self.assertIn(str(text), str(caught.exception))

    def test_refuses_a_schema_2_file_saying_why(self):
        v2 = self.dir / "v2.h5"
        shutil.copyfile(self.path, v2)
        with h5py.File(v2, "r+") as f:
            f.attrs["schema_version"] = np.int64(2)
        for reader in (r.incubations, r.quarterly, r.warnings, r.meta):
            with self.subTest(reader=reader.__name__):
                with self.assertRaises(ValueError) as caught:
                    reader(v2)
                message = str(caught.exception)
                self.assertIn(str(v2), message)
                self.assertIn("schema_version 2", message)
                self.assertIn("knows version 3", message)
                self.assertIn("run its scenario again", message)

    def test_rejects_an_unknown_schema_version(self):
        v2 = self.dir / "v99.h5"
        shutil.copyfile(self.path, v2)
        with h5py.File(v2, "r+") as f:
            f.attrs["schema_version"] = np.int64(99)
        for reader in (r.orders, r.meta, r.weekly):
            with self.subTest(reader=reader.__name__):
                with self.assertRaises(ValueError) as caught:
                    reader(v2)
                self.assertIn(str(v2), str(caught.exception))
                self.assertIn("schema_version", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
