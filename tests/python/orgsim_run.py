"""Running the orgsim binary from the Python tests: where it is, one year's JSON summary, and
a test class with one small run file.

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest; otherwise build/orgsim in
this checkout). Importing this module also puts analysis/ on the path, for orgsim_results.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("ORGSIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BINARY = os.environ.get("ORGSIM_BINARY", str(SOURCE_DIR / "build" / "orgsim"))
sys.path.insert(0, str(SOURCE_DIR / "analysis"))


def run_json(*settings, scenario=None, out=None, timeout=300):
    """`orgsim run [SCENARIO] --set S ... --json --quiet [-o OUT]`; the parsed summary. A run
    that fails raises AssertionError with its command and error output."""
    cmd = [BINARY, "run", "--quiet", "--json"]
    if scenario is not None:
        cmd.append(str(scenario))
    if out is not None:
        cmd += ["-o", str(out)]
    for s in settings:
        cmd += ["--set", s]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"{cmd} exited {done.returncode}: {done.stderr}")
    return json.loads(done.stdout)


class SmallRunFileTest(unittest.TestCase):
    """Tests of one small run file (a tenth of the default district), made once for the class
    in a temporary folder: ``cls.tmp`` and ``cls.run_file``."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-test-")
        cls.run_file = os.path.join(cls.tmp, "run.h5")
        run_json("district.scale=0.1", out=cls.run_file)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
