"""analysis/export.py (tidy CSV and xlsx tables) and the readers' types and sweep folders
(issue 18), against values read here independently from the files with h5py.

One small sweep is run once (2 policies, one with a Chinese label, x a grid of two visit-noise
values x 2 replications of eight weeks of a tenth of the district: 8 runs, a few seconds). Its
export, and that of one of its run files, is checked cell by cell against the run files'
datasets: every order's id, times, enum labels and branch name; every (quarter, branch) of the
quarterly panels; every (year, organization) decision; every week; the index's runs with their
grid values as numbers. Then the BOM, the xlsx workbook (read back with openpyxl), the exit
statuses, and the message a Python without h5py gives.

Environment: ORGSIM_BINARY, ORGSIM_SOURCE_DIR (set by ctest, which puts analysis/ on
PYTHONPATH). Run with Debian's /usr/bin/python3 (h5py, pandas, openpyxl):
    cd build && ctest -R python_export --output-on-failure
"""

import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np
import pandas as pd

from orgsim_run import SMALL_SWEEP as SWEEP, SOURCE_DIR, run_sweep

import orgsim_results as r
import sweep_index

EXPORT = str(SOURCE_DIR / "analysis" / "export.py")

TABLES = ("runs", "orders", "quarterly", "organizations", "weekly")


def export(*args, python=sys.executable):
    return subprocess.run([python, EXPORT, *args], capture_output=True, text=True)


def read_csv(path, bom=False):
    """A CSV file as a list of dicts, with the stdlib (not pandas): what R or Excel sees."""
    with open(path, encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        return list(csv.DictReader(f))


def enum_labels(ds, field):
    return {code: label for label, code in h5py.check_enum_dtype(ds.dtype[field]).items()}


def same_number(text, value):
    """A CSV cell against a number of the file: empty for NaN, else the same float."""
    if isinstance(value, float) and math.isnan(value):
        return text == ""
    return float(text) == float(value)


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-export-test-")
        cls.sweep = run_sweep(cls.tmp, SWEEP)
        with h5py.File(os.path.join(cls.sweep, "sweep.h5"), "r") as f:
            cls.index = f["runs"][()]
        cls.run_ids = [row["run_id"].decode() for row in cls.index]
        cls.csv = os.path.join(cls.tmp, "csv")
        cls.done = export(cls.sweep, "-o", cls.csv, "--bom")
        cls.tables = {name: read_csv(os.path.join(cls.csv, f"{name}.csv"), bom=True)
                      for name in TABLES} if cls.done.returncode == 0 else {}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def run_file(self, run_id):
        return os.path.join(self.sweep, "runs", f"{run_id}.h5")

    def rows_of(self, table, run_id):
        return [row for row in self.tables[table] if row["run_id"] == run_id]

    def test_exit_and_files(self):
        self.assertEqual(self.done.returncode, 0, self.done.stderr)
        self.assertEqual(sorted(os.listdir(self.csv)), sorted(f"{t}.csv" for t in TABLES))

    def test_bom(self):
        for name in TABLES:
            with open(os.path.join(self.csv, f"{name}.csv"), "rb") as f:
                self.assertEqual(f.read(3), b"\xef\xbb\xbf", name)

    def test_runs_table_is_the_index_with_numeric_grid_values(self):
        rows = self.tables["runs"]
        self.assertEqual([row["run_id"] for row in rows], self.run_ids)
        for row, raw in zip(rows, self.index):
            self.assertEqual(row["policy"], raw["policy"].decode())
            self.assertEqual(row["label"], "门槛75%" if raw["policy"] == b"lower" else "seed-rule")
            self.assertEqual(int(row["replication"]), raw["replication"])
            self.assertEqual(int(row["seed"]), raw["seed"])
            self.assertEqual(float(row["inspection.visit_noise_sd"]),
                             float(raw["inspection.visit_noise_sd"].decode()))
            self.assertEqual(row["status"], "ok")
            for name in ("incubation_rate", "mean_response_h", "good_denied_share",
                         "allowance_total_yuan", "orders_total", "youth_contacts"):
                self.assertTrue(same_number(row[name], float(raw[name])), name)

    def test_orders_every_row_against_the_run_files(self):
        for run_id in self.run_ids:
            rows = self.rows_of("orders", run_id)
            with h5py.File(self.run_file(run_id), "r") as f:
                ds = f["orders"]
                raw = ds[()]
                states, kinds = enum_labels(ds, "state"), enum_labels(ds, "kind")
                names = list(f["agents/branches_names"].asstr()[()])
                categories = list(f["lookup/categories"].asstr()[()])
            self.assertEqual(len(rows), len(raw), run_id)
            for row, order in zip(rows, raw):
                self.assertEqual(int(row["id"]), order["id"])
                self.assertEqual(row["state"], states[order["state"]])
                self.assertEqual(row["kind"], kinds[order["kind"]])
                self.assertEqual(row["branch_name"], names[order["branch"]])
                self.assertEqual(row["category_name"], categories[order["category"]])
                for name in ("created_h", "started_h", "closed_h", "cost_yuan"):
                    self.assertTrue(same_number(row[name], float(order[name])), name)
                self.assertEqual(row["needs_venue"], str(bool(order["needs_venue"])))
            self.assertEqual({row["policy"] for row in rows}, {self.policy_of(run_id)})

    def policy_of(self, run_id):
        return self.index[self.run_ids.index(run_id)]["policy"].decode()

    def test_chinese_names_intact(self):
        names = {row["branch_name"] for row in self.tables["orders"]}
        self.assertTrue(any("街道" in name for name in names), sorted(names)[:3])
        self.assertTrue(all(row["town_name"] for row in self.tables["quarterly"]))

    def test_quarterly_long_form_against_the_panels(self):
        for run_id in self.run_ids:
            rows = self.rows_of("quarterly", run_id)
            with h5py.File(self.run_file(run_id), "r") as f:
                q = f["quarterly"]
                score, tier = q["score"][()], q["tier"][()]
                components = q["components"][()]
                quarters, years = q["quarter"][()], q["year"][()]
                component_names = list(q["component"].asstr()[()])
            self.assertEqual(len(rows), score.size)
            for row in rows:
                i = int(row["quarter"]) - 1
                b = int(row["branch"])
                self.assertEqual(int(row["quarter"]), quarters[i])
                self.assertEqual(int(row["year"]), years[i])
                self.assertTrue(same_number(row["score"], float(score[i, b])))
                self.assertEqual(int(row["tier"]), tier[i, b])
                for k, name in enumerate(component_names):
                    self.assertTrue(same_number(row[name], float(components[i, b, k])), name)

    def test_organizations_per_year_against_the_incubations(self):
        for run_id in self.run_ids:
            rows = self.rows_of("organizations", run_id)
            with h5py.File(self.run_file(run_id), "r") as f:
                ds = f["events/incubations"]
                raw = ds[()]
                decisions = enum_labels(ds, "decision")
                names = list(f["agents/social_orgs_names"].asstr()[()])
            self.assertEqual(len(rows), len(raw))
            for row, inc in zip(rows, raw):
                self.assertEqual((int(row["year"]), int(row["org"])), (inc["year"], inc["org"]))
                self.assertEqual(row["org_name"], names[inc["org"]])
                self.assertEqual(row["decision"], decisions[inc["decision"]])
                self.assertTrue(same_number(row["attraction_rate"], float(inc["attraction_rate"])))

    def test_weekly_against_the_file(self):
        for run_id in self.run_ids:
            rows = self.rows_of("weekly", run_id)
            with h5py.File(self.run_file(run_id), "r") as f:
                raw = f["weekly"][()]
            self.assertEqual(len(rows), len(raw))
            for row, week in zip(rows, raw):
                self.assertEqual(int(row["placed"]), week["placed"])
                self.assertTrue(same_number(row["mean_wait_h"], float(week["mean_wait_h"])))

    def test_one_run_file(self):
        run_id = self.run_ids[0]
        out = os.path.join(self.tmp, "one")
        done = export(self.run_file(run_id), "-o", out)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(os.path.join(out, "orders.csv"), "rb") as f:
            self.assertNotEqual(f.read(3), b"\xef\xbb\xbf")  # no BOM unless asked
        runs = read_csv(os.path.join(out, "runs.csv"))
        with h5py.File(self.run_file(run_id), "r") as f:
            fingerprint = f.attrs["fingerprint"]
            orders = len(f["orders"])
            created = int(f["summary"].attrs["orders_created"])
        fingerprint = fingerprint.decode() if isinstance(fingerprint, bytes) else fingerprint
        self.assertEqual([(row["run_id"], row["fingerprint"]) for row in runs],
                         [(run_id, fingerprint)])
        self.assertEqual(int(runs[0]["orders_created"]), created)
        orders_rows = read_csv(os.path.join(out, "orders.csv"))
        self.assertEqual(len(orders_rows), orders)
        self.assertTrue(all(row["run_id"] == run_id for row in orders_rows))

    def test_xlsx_sheets_hold_the_csv_tables(self):
        import openpyxl
        book = os.path.join(self.tmp, "sweep.xlsx")
        done = export(self.sweep, "-o", book, "--format", "xlsx",
                      "--tables", "runs,quarterly,organizations")
        self.assertEqual(done.returncode, 0, done.stderr)
        wb = openpyxl.load_workbook(book, read_only=True)
        self.assertEqual(wb.sheetnames, ["runs", "quarterly", "organizations"])
        for name in wb.sheetnames:
            cells = list(wb[name].iter_rows(values_only=True))
            header, body = cells[0], cells[1:]
            self.assertEqual(list(header), list(self.tables[name][0].keys()), name)
            self.assertEqual(len(body), len(self.tables[name]), name)
            for values, row in zip(body, self.tables[name]):
                for column, value in zip(header, values):
                    text = row[column]
                    if value is None:
                        self.assertEqual(text, "", (name, column))
                    elif isinstance(value, (int, float)) and not isinstance(value, bool):
                        # Excel keeps 15 significant digits; openpyxl writes about 16
                        self.assertTrue(math.isclose(float(text), float(value), rel_tol=1e-14),
                                        (name, column, text, value))
                    else:
                        self.assertEqual(text, str(value), (name, column))

    def test_refusals(self):
        book = os.path.join(self.tmp, "refused")
        for args, expected in (
                ([os.path.join(self.tmp, "nothing.h5"), "-o", book], "no such file or folder"),
                ([os.path.join(self.sweep, "sweep.h5"), "-o", book], "not an orgsim run file"),
                ([self.sweep, "-o", book, "--tables", "orders,bogus"], "allowed:"),
                ([self.sweep, "-o", self.csv], "exists; --force overwrites it"),
                ([self.sweep, "-o", book + ".xlsx", "--format", "xlsx", "--bom"], "--bom")):
            with self.subTest(args=args):
                done = export(*args)
                self.assertEqual(done.returncode, 2, done.stderr)
                self.assertIn(expected, done.stderr)
                self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)

    def test_a_python_without_h5py_is_told_which_python(self):
        # -S: without site-packages, this Python has no h5py, as a pyenv Python would not.
        done = subprocess.run([sys.executable, "-S", EXPORT, self.sweep, "-o", "x"],
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("has no h5py", done.stderr)
        self.assertIn("python3-h5py", done.stderr)
        self.assertNotIn("Traceback", done.stderr)


class ReaderTypesTest(unittest.TestCase):
    """The readers' types and sweep folders (issue 18), on the ExportTest's sweep."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-reader-test-")
        cls.sweep = run_sweep(cls.tmp, SWEEP)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_index_types(self):
        runs = sweep_index.load_index(self.sweep).runs
        self.assertEqual(runs["inspection.visit_noise_sd"].dtype, np.int64)
        self.assertEqual(sorted(set(runs["inspection.visit_noise_sd"])), [0, 3])
        self.assertIsInstance(runs["status"].dtype, pd.CategoricalDtype)
        self.assertEqual(list(runs["status"].cat.categories), ["ok", "failed"])
        for name in ("mean_response_h", "incubation_rate", "replication", "seed"):
            self.assertTrue(pd.api.types.is_numeric_dtype(runs[name]), name)

    def test_grid_values_as_numbers_or_text(self):
        texts = pd.Series(["0.75", "0.8"])
        self.assertEqual(sweep_index.grid_values(texts).dtype, np.float64)
        texts = pd.Series(["0.3, 0.4, 0.3", "0.5, 0.5"])
        self.assertEqual(list(sweep_index.grid_values(texts)), list(texts))

    def test_a_sweep_folder_reads_as_one_table(self):
        orders = r.orders(self.sweep)
        self.assertEqual(list(orders.columns[:4]),
                         ["run_id", "policy", "replication", "inspection.visit_noise_sd"])
        self.assertEqual(orders["inspection.visit_noise_sd"].dtype, np.int64)
        for name in ("state", "kind", "policy", "category_name"):
            self.assertIsInstance(orders[name].dtype, pd.CategoricalDtype, name)
        for name in ("created_h", "started_h", "closed_h"):
            self.assertEqual(orders[name].dtype, np.float64, name)
        self.assertEqual(orders["needs_venue"].dtype, bool)
        with h5py.File(os.path.join(self.sweep, "sweep.h5"), "r") as f:
            ids = [row["run_id"].decode() for row in f["runs"][()]]
        total = 0
        for run_id in ids:
            with h5py.File(os.path.join(self.sweep, "runs", f"{run_id}.h5"), "r") as f:
                raw = f["orders"][()]
            mine = orders[orders["run_id"] == run_id]
            np.testing.assert_array_equal(mine["id"].to_numpy(), raw["id"])
            np.testing.assert_array_equal(mine["created_h"].to_numpy(), raw["created_h"])
            total += len(raw)
        self.assertEqual(len(orders), total)
        branches = r.branches(self.sweep)
        self.assertIn("id", branches.columns)
        self.assertEqual(len(branches), len(ids) * len(r.branches(self.run_file0())))

    def run_file0(self):
        return os.path.join(self.sweep, "runs", os.listdir(os.path.join(self.sweep, "runs"))[0]
                            .split(".")[0] + ".h5")


if __name__ == "__main__":
    unittest.main()
