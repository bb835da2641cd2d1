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


def orgsim(*args, timeout=300, **kwargs):
    """`orgsim ARGS...` with its output captured as text: the CompletedProcess. Keyword
    arguments go to subprocess.run (env, ...)."""
    return subprocess.run([BINARY, *[str(a) for a in args]], capture_output=True, text=True,
                          timeout=timeout, **kwargs)


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
    done = orgsim(*cmd[1:], timeout=timeout)
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


def run_sweep(tmp, text, name="sweep", jobs=2):
    """Writes the sweep file ``text`` as TMP/NAME.ini and runs `orgsim sweep` on it into the
    folder TMP/NAME, which it returns. A sweep that fails raises AssertionError with its error
    output."""
    sweep_file = os.path.join(tmp, f"{name}.ini")
    with open(sweep_file, "w", encoding="utf-8") as f:
        f.write(text)
    folder = os.path.join(tmp, name)
    done = orgsim("sweep", sweep_file, "-o", folder, "--jobs", jobs)
    if done.returncode != 0:
        raise AssertionError(f"orgsim sweep {sweep_file} exited {done.returncode}: {done.stderr}")
    return folder


# A small sweep for the tests of the readers, the export and the notebook: two policies (the
# second with a Chinese label) x a grid of two visit-noise values x 2 replications of eight
# weeks of a tenth of the district: 8 runs, a few seconds.
SMALL_SWEEP = """[sweep]
name = small-test
base = default
replications = 2
seed = 5

[policy.seed-rule]
district.scale = 0.1
run.days = 56

[policy.lower]
label = 门槛75%
district.scale = 0.1
run.days = 56
incubation.threshold = 0.75

[vary]
inspection.visit_noise_sd = 0 | 3
"""
