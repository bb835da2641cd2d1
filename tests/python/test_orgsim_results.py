"""Tests of analysis/orgsim_results.py against a real run (stdlib unittest).

Runs the orgsim binary on a small district (once with the defaults, once for two years with
every behaviour switched on) and checks what the reader returns against the run's own JSON
summary, recomputing every number here from the DataFrames.

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

import orgsim_results as r  # noqa: E402

BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def truly_good(decisions, params):
    """Whether the run's incubation rule passes each decision's true (hidden) qualities."""
    a = decisions["true_attraction_quality"]
    s = decisions["true_satisfaction_quality"]
    threshold = params["incubation.threshold"]
    combine = params["incubation.combine"]
    if combine == "both":
        combined = np.minimum(a, s)
    elif combine == "mean":
        combined = (a + s) / 2
    else:
        w = params["incubation.attraction_weight"]
        combined = w * a + (1 - w) * s
    return combined >= threshold - 1e-12  # the rule's slack for decimal rounding


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
        cls.runs = {"defaults": (cls.path, cls.summary),
                    "behaviour": (cls.behaviour_path, cls.behaviour_summary)}

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
                good = truly_good(decisions, params)
                incubated = decisions["decision"] == "incubated"
                denied = decisions["decision"] == "denied"
                by_year = summary["incubation"]["by_year"]
                self.assertEqual([entry["year"] for entry in by_year],
                                 list(range(1, summary["years"] + 1)))
                self.assertTrue(decisions["year"].between(1, summary["years"]).all())
                for entry in by_year:
                    year = decisions["year"] == entry["year"]
                    expected = {
                        "year": entry["year"],
                        "incubated": int((year & incubated).sum()),
                        "denied": int((year & denied).sum()),
                        "not_enough_data": int(
                            (year & (decisions["decision"] == "not_enough_data")).sum()),
                        "truly_good": int((year & good).sum()),
                        "wrongly_denied": int((year & denied & good).sum()),
                        "wrongly_incubated": int((year & incubated & ~good).sum()),
                        "exited": int((year & (decisions["support"] == "exited")).sum()),
                        "shrunk": int((year & (decisions["support"] == "shrunk")).sum()),
                    }
                    self.assertEqual(expected, entry)
                # The top-level counts are the totals over the years.
                for key in by_year[0]:
                    if key != "year":
                        self.assertEqual(summary["incubation"][key],
                                         sum(entry[key] for entry in by_year), key)
                # /agents/social_orgs holds each organization's last decision.
                orgs = r.organizations(path)
                last = decisions.groupby("org").tail(1).set_index("org")
                self.assertEqual(list(orgs.loc[last.index, "decision"].astype(str)),
                                 list(last["decision"].astype(str)))
                self.assertEqual(list(orgs.loc[last.index, "evaluations"]),
                                 list(last["evaluations"]))
                self.assertTrue(orgs["active_from_year"].between(1, summary["years"]).all())

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
                         ["quarter", "year", "branch", "orders", "answered", "activities",
                          "contacts", "duty", "satisfaction", "score", "rank", "tier",
                          "allowance_yuan", "effort", "noise_points", "tier_without_noise",
                          "allowance_without_noise_yuan"])
        self.assertEqual(sorted(q["quarter"].unique()), [1, 2, 3, 4])
        self.assertEqual(sorted(q["year"].unique()), [1])
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
        self.assertEqual(m["schema_version"], 2)
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
