"""Damaged and crafted run files (issue 12): every index read from a file is checked against
the sizes the file itself declares, so `orgsim summary`, `orgsim explain` and
analysis/report.py answer a bad file with a clear error naming the file and the table (exit
2), never a crash, a hang or a wrong answer. The files are made here, with h5py, from a small
run: nothing damaged is committed.

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest). Run with /usr/bin/python3.
"""

import os
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

from orgsim_run import SmallRunFileTest  # noqa: E402

BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))
REPORT = str(SOURCE_DIR / "analysis" / "report.py")
TIMEOUT_S = 60  # a hang fails the test instead of blocking CI


def orgsim(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=TIMEOUT_S)


def set_cell(path, dataset, index, value):
    with h5py.File(path, "r+") as f:
        data = f[dataset][()]
        if data.dtype.names:  # a compound table: (row, field)
            row, field = index
            data[row][field] = value
        else:
            data[index] = value
        f[dataset][...] = data


def replace_strings(path, dataset, values):
    with h5py.File(path, "r+") as f:
        del f[dataset]
        f.create_dataset(dataset, data=np.array(values, dtype=h5py.string_dtype()))


class DamagedRunFileTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-damaged-")
        cls.good = os.path.join(cls.tmp, "good.h5")
        made = orgsim("run", "--quiet", "--json", "--set", "district.scale=0.1", "-o", cls.good)
        assert made.returncode == 0, made.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def damaged(self, name, damage):
        path = os.path.join(self.tmp, name + ".h5")
        shutil.copy(self.good, path)
        damage(path)
        return path

    def refused(self, path, where, *verbs):
        """Every verb answers exit 2 with a message naming the file and `where`."""
        for verb in verbs or (["summary"], ["summary", "--json"], ["explain", "--branch", "0"],
                              ["explain", "--org", "0"]):
            with self.subTest(verb=verb):
                done = orgsim(verb[0], path, *verb[1:])
                self.assertEqual(done.returncode, 2, done.stderr)
                self.assertIn(path, done.stderr)
                self.assertIn(where, done.stderr)

    def test_the_good_file_reads(self):
        self.assertEqual(orgsim("summary", self.good).returncode, 0)

    def test_a_tier_outside_the_scheme(self):
        path = self.damaged("tier", lambda p: set_cell(p, "quarterly/tier", (1, 2), 2000000000))
        self.refused(path, "/quarterly quarter 2 branch 2: tier 2000000000 is outside 0..3")
        report = subprocess.run(["/usr/bin/python3", REPORT, path, "-o", path + ".html"],
                                capture_output=True, text=True, timeout=TIMEOUT_S)
        self.assertEqual(report.returncode, 2, report.stderr)
        self.assertIn("/quarterly/tier quarter 2 branch 2", report.stderr)
        self.assertFalse(os.path.exists(path + ".html"))

    def test_a_shift_of_nobody(self):
        path = self.damaged("person", lambda p: set_cell(p, "events/duty_shifts",
                                                         (3, "person"), -1))
        self.refused(path, "/events/duty_shifts row 3: person -1 is outside")

    def test_an_order_of_an_unknown_category_and_an_unknown_state(self):
        category = self.damaged("category", lambda p: set_cell(p, "orders", (0, "category"), 99))
        self.refused(category, "/orders row 0: category 99 is outside 0..7")
        state = self.damaged("state", lambda p: set_cell(p, "orders", (5, "state"), 4))
        self.assertEqual(orgsim("summary", state).returncode, 0)  # 4 is open_at_year_end: valid

    def test_a_decision_about_an_organization_that_is_not_there(self):
        path = self.damaged("org", lambda p: set_cell(p, "events/incubations", (0, "org"), 10**6))
        self.refused(path, "/events/incubations row 0: org 1000000 is outside")

    def test_a_stored_scenario_of_more_years_than_the_panels(self):
        def two_years(p):
            with h5py.File(p, "r") as f:
                ini = f["config/ini"].asstr()[()]
            replace_strings_scalar(p, "config/ini", ini.replace("years = 1", "years = 2"))
        path = self.damaged("years", two_years)
        self.refused(path, "values where the file's sizes call for", ["summary"])

    def test_fewer_names_than_organizations(self):
        def fewer(p):
            with h5py.File(p, "r") as f:
                names = list(f["agents/social_orgs_names"].asstr()[()])
            replace_strings(p, "agents/social_orgs_names", names[:-1])
        path = self.damaged("names", fewer)
        self.refused(path, "/agents/social_orgs_names has", ["explain", "--org", "0"])

    def test_a_missing_table_is_named_by_the_python_reader(self):
        import orgsim_results as r

        def drop(p):
            with h5py.File(p, "r+") as f:
                del f["events/declines"]
        path = self.damaged("missing", drop)
        with self.assertRaises(ValueError) as caught:
            r.declines(path)
        self.assertIn(path, str(caught.exception))
        self.assertIn("declines", str(caught.exception))


class HDF5ErrorsAreNotAbsenceTest(SmallRunFileTest):
    """A file HDF5 cannot make sense of is refused as damaged (exit 2, naming the file and what
    failed), never read as a file that lacks the object, nor reported as a disk's failure."""

    def bytes_changed(self, name, offset_of, change, source=None):
        """A copy of the run file (or of `source`) with the bytes at offset_of(its bytes)
        changed."""
        data = bytearray(Path(source or self.run_file).read_bytes())
        change(data, offset_of(data))
        path = os.path.join(self.tmp, name + ".h5")
        Path(path).write_bytes(bytes(data))
        return path

    def test_an_attribute_hdf5_cannot_decode_is_not_taken_for_a_missing_one(self):
        # The root attribute `schema`: its name, then its datatype, whose class is made unknown.
        def unknown_class(data, at):
            data[at + 8] = 0x1F
        path = self.bytes_changed("attribute", lambda d: d.index(b"schema\0\0"), unknown_class)
        done = orgsim("summary", path)
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn(f"{path}: look up attribute schema: unknown datatype class", done.stderr)
        self.assertNotIn("has no 'schema' attribute", done.stderr)
        import orgsim_results as r
        with self.assertRaises(ValueError) as caught:
            r.meta(path)
        self.assertIn(f"{path}: HDF5 cannot read it", str(caught.exception))

    def test_a_chunk_that_does_not_decompress_is_a_damaged_file(self):
        # Only a compressed table can fail to decompress (an uncompressed chunk has no check).
        compressed = os.path.join(self.tmp, "compressed.h5")
        made = orgsim("run", "--quiet", "--set", "district.scale=0.1", "-o", compressed,
                      "--compress")
        self.assertEqual(made.returncode, 0, made.stderr)
        with h5py.File(compressed, "r") as f:
            self.assertEqual(f["orders"].compression, "gzip")
            chunk = f["orders"].id.get_chunk_info(0).byte_offset

        def garbage(data, at):
            data[at + 100:at + 400] = b"\x55" * 300
        path = self.bytes_changed("chunk", lambda d: chunk, garbage, source=compressed)
        for verb in (["summary"], ["explain", "--branch", "0"]):
            with self.subTest(verb=verb):
                done = orgsim(verb[0], path, *verb[1:])
                self.assertEqual(done.returncode, 2, done.stderr)  # not 4: the disk is fine
                self.assertIn(f"{path}: read rows of /orders", done.stderr)
                self.assertIn("the file is damaged", done.stderr)

    def test_a_missing_table_is_named_by_orgsim(self):
        path = os.path.join(self.tmp, "no_declines.h5")
        shutil.copy(self.run_file, path)
        with h5py.File(path, "r+") as f:
            del f["events/declines"]
        done = orgsim("summary", path)
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn(f"{path}: /events/declines is missing", done.stderr)


def replace_strings_scalar(path, dataset, text):
    with h5py.File(path, "r+") as f:
        del f[dataset]
        f.create_dataset(dataset, data=text, dtype=h5py.string_dtype())


if __name__ == "__main__":
    unittest.main()
