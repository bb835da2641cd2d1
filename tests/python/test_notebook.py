"""analysis/examples/sweep_to_figure.ipynb executed on a small sweep (issue 18), so the
example never rots: every cell runs without error in Debian's Jupyter kernel (python3-nbclient,
python3-ipykernel), the two figures are written, and the paired table it writes holds the
differences computed here independently from the sweep's index with h5py.

The sweep: orgsim_run.SMALL_SWEEP, the seed's rule against a 0.75 threshold crossed with two
visit-noise values, 2 replications (8 small runs). Skipped only when nbclient or ipykernel is not installed
(scripts/install-deps installs them).
    cd build && ctest -R python_notebook --output-on-failure
"""

import csv
import importlib.util
import os
import shutil
import tempfile
import unittest

import h5py
import numpy as np

from orgsim_run import SMALL_SWEEP, SOURCE_DIR, run_sweep

NOTEBOOK = SOURCE_DIR / "analysis" / "examples" / "sweep_to_figure.ipynb"
HAVE_JUPYTER = all(importlib.util.find_spec(m) for m in ("nbclient", "nbformat", "ipykernel"))

@unittest.skipUnless(HAVE_JUPYTER, "nbclient, nbformat or ipykernel not installed")
class NotebookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import nbclient
        import nbformat
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-notebook-test-")
        cls.sweep = run_sweep(cls.tmp, SMALL_SWEEP)
        cls.figures = os.path.join(cls.tmp, "figures")
        os.makedirs(cls.figures)
        os.environ.update(ORGSIM_SOURCE_DIR=str(SOURCE_DIR), ORGSIM_SWEEP=cls.sweep,
                          ORGSIM_BASELINE="seed-rule", ORGSIM_FIGURES=cls.figures)
        cls.notebook = nbformat.read(str(NOTEBOOK), as_version=4)
        nbclient.NotebookClient(cls.notebook, timeout=240, kernel_name="python3",
                                resources={"metadata": {"path": cls.tmp}}).execute()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_every_cell_ran_without_error(self):
        code = [c for c in self.notebook.cells if c.cell_type == "code"]
        self.assertGreaterEqual(len(code), 5)
        for cell in code:
            self.assertIsNotNone(cell.execution_count)
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            self.assertEqual(errors, [], cell.source[:80])

    def test_the_figures_are_written(self):
        for name in ("rates_vs_threshold.png", "incubated_by_town.png"):
            path = os.path.join(self.figures, name)
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n", name)

    def test_the_paired_table_against_the_index(self):
        with h5py.File(os.path.join(self.sweep, "sweep.h5"), "r") as f:
            runs = f["runs"][()]
        key = "inspection.visit_noise_sd"
        value = {(row["policy"].decode(), float(row[key].decode()), int(row["replication"])): row
                 for row in runs}
        with open(os.path.join(self.figures, "paired.csv"), encoding="utf-8") as f:
            table = list(csv.DictReader(f))
        for noise in (0.0, 3.0):
            rows = {row["indicator"]: row for row in table if row["point"] ==
                    f"lower [{key}={noise:g}]"}
            for indicator, scale in (("good_denied_share", 100.0), ("mean_response_h", 1.0)):
                differences = [scale * (float(value[("lower", noise, r)][indicator])
                                        - float(value[("seed-rule", noise, r)][indicator]))
                               for r in range(2)]
                self.assertTrue(np.isclose(float(rows[indicator]["mean_difference"]),
                                           np.mean(differences), rtol=1e-9, atol=1e-12),
                                (noise, indicator))
                self.assertEqual(int(rows[indicator]["n"]), 2)

if __name__ == "__main__":
    unittest.main()
