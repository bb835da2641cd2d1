"""Validating a calibration targets file (analysis/targets_file.py): a table of bad files and
the message each gives, every problem listed at once, exit 2 and nothing written by
analysis/calibrate.py; and the seed's own targets files load."""

import os
import shutil
import subprocess
import tempfile
import textwrap
import unittest

import targets_file

BINARY = os.environ["ORGSIM_BINARY"]
SOURCE = os.environ["ORGSIM_SOURCE_DIR"]
CALIBRATE = os.path.join(SOURCE, "analysis", "calibrate.py")
BASE = os.path.join(SOURCE, "scenarios", "ouhai.ini")

GOOD = f"""
[calibration]
base = {BASE}
replications = 2

[fixed]
district.scale = 0.1

[unknown.demand.campaigns_per_year]
low = 10
high = 80
scale = log

[target.campaigns]
expression = orders.campaigns_started
kind = lower_bound
value = 33
discrepancy = 3
source = 今年以来，已连续开展33场
"""

# (what is wrong, text replaced in GOOD -> replacement or extra text, words of the message)
CASES = [
    ("no [calibration]", ("[calibration]", "[calibrate]"),
     ["calibration: (missing): no [calibration] section",
      "[calibrate]: : unknown section; allowed: did you mean calibration?"]),
    ("base file missing", (f"base = {BASE}", "base = nope.ini"),
     ["calibration.base: nope.ini: no such file"]),
    ("one replication", ("replications = 2", "replications = 1"),
     ["calibration.replications: 1: not valid; allowed: a whole number from 2 to 1000"]),
    ("misspelt setting", ("replications = 2", "replications = 2\nwavez = 3"),
     ["calibration.wavez: 3: unknown key; allowed: did you mean waves?"]),
    ("cut-off not a number", ("replications = 2", "replications = 2\ncutoff = three"),
     ["calibration.cutoff: three: not valid; allowed: a number from 0.5 to 100"]),
    # A number is the whole of its text, here as in orgsim's own files (3abc is not 3).
    ("replications with trailing junk", ("replications = 2", "replications = 3abc"),
     ["calibration.replications: 3abc: not valid; allowed: a whole number from 2 to 1000"]),
    ("a bound with trailing junk", ("low = 10", "low = 10x"),
     ["unknown.demand.campaigns_per_year.low: 10x:"]),
    ("a target value with trailing junk", ("value = 33", "value = 0.8x"),
     ["target.campaigns.value: 0.8x:"]),
    ("unknown not a scenario key", ("[unknown.demand.campaigns_per_year]",
                                    "[unknown.demand.campaign_per_year]"),
     ["unknown.demand.campaign_per_year: : not a scenario key; allowed: did you mean "
      "demand.campaigns_per_year?"]),
    ("choice parameter", None,
     ["unknown.dispatch.rule: : a choice parameter cannot be an unknown"],
     "[unknown.dispatch.rule]\nlow = 0\nhigh = 1\n"),
    ("outside the allowed range", None,
     ["unknown.demand.offline_share.high: 1.5: outside the parameter's allowed range; "
      "allowed: [0, 1]"], "[unknown.demand.offline_share]\nlow = 0.2\nhigh = 1.5\n"),
    ("log scale from 0", None,
     ["unknown.inspection.visit_noise_sd.low: 0: not positive on a log scale"],
     "[unknown.inspection.visit_noise_sd]\nlow = 0\nhigh = 6\nscale = log\n"),
    ("low above high", ("low = 10\nhigh = 80", "low = 80\nhigh = 10"),
     ["unknown.demand.campaigns_per_year.low: 80: not below high (10)"]),
    ("bad scale", ("scale = log", "scale = logarithmic"),
     ["unknown.demand.campaigns_per_year.scale: logarithmic: not a valid scale; allowed: "
      "uniform, log"]),
    ("the reference standard", None,
     ["unknown.truth.threshold: : cannot be an unknown"],
     "[unknown.truth.threshold]\nlow = 0.7\nhigh = 0.9\n"),
    ("fractional int", None,
     ["unknown.district.social_orgs.low: 3.5: not a whole number"],
     "[unknown.district.social_orgs]\nlow = 3.5\nhigh = 80\n"),
    ("fixed and unknown", None,
     ["unknown.district.scale: : also set under [fixed]"],
     "[unknown.district.scale]\nlow = 0.1\nhigh = 0.2\n"),
    ("misspelt fixed key", ("district.scale = 0.1", "district.scal = 0.1"),
     ["fixed.district.scal: 0.1: not a scenario key; allowed: did you mean district.scale?"]),
    ("run.seed fixed", ("district.scale = 0.1", "district.scale = 0.1\nrun.seed = 4"),
     ["fixed.run.seed: 4: cannot be set here"]),
    ("expression syntax", ("expression = orders.campaigns_started",
                           "expression = orders.campaigns_started +"),
     ["target.campaigns.expression: orders.campaigns_started +: expected a key, a number or "
      "'(' at position 27, found the end"]),
    ("expression key", ("expression = orders.campaigns_started",
                        "expression = orders.campaign_started / years"),
     ["target.campaigns.expression: orders.campaign_started / years: orders.campaign_started: "
      "not a key of the run's JSON summary (docs/RESULTS.md); did you mean "
      "orders.campaigns_started?"]),
    ("kind", ("kind = lower_bound", "kind = at_least"),
     ["target.campaigns.kind: at_least: not a valid kind; allowed: point, interval, "
      "lower_bound, upper_bound"]),
    ("interval without high", ("kind = lower_bound\nvalue = 33", "kind = interval\nlow = 30"),
     ["target.campaigns.high: (missing): not a number; allowed: kind = interval needs low "
      "and high"]),
    ("interval with a value", ("kind = lower_bound\nvalue = 33",
                               "kind = interval\nlow = 30\nhigh = 40\nvalue = 33"),
     ["target.campaigns.value: 33: not used by kind = interval"]),
    ("exact point", ("kind = lower_bound\nvalue = 33\ndiscrepancy = 3",
                     "kind = point\nvalue = 33\ndiscrepancy = 0"),
     ["target.campaigns.discrepancy: 0: sd and discrepancy are both 0; allowed: a point "
      "target needs sd > 0 or discrepancy > 0"]),
    ("no discrepancy", ("discrepancy = 3\n", ""),
     ["target.campaigns.discrepancy: (missing): no model-discrepancy allowance"]),
    ("negative sd", ("discrepancy = 3", "discrepancy = 3\nsd = -1"),
     ["target.campaigns.sd: -1: not valid; allowed: a number >= 0 (an sd)"]),
    ("no source", ("source = 今年以来，已连续开展33场", ""),
     ["target.campaigns.source: (missing): no source"]),
    ("role", ("discrepancy = 3", "discrepancy = 3\nrole = fitted"),
     ["target.campaigns.role: fitted: not a valid role; allowed: fit, check"]),
    ("nothing to fit", ("discrepancy = 3", "discrepancy = 3\nrole = check"),
     ["target: (none with role = fit): nothing to fit"]),
    ("misspelt target key", ("discrepancy = 3", "discrepancy = 3\nsorce = x"),
     ["target.campaigns.sorce: x: unknown key; allowed: did you mean source?"]),
    ("a line that is not INI", ("replications = 2", "replications = 2\nwaves 3"),
     ["line 5: waves 3: not a [section] line nor key = value"]),
    ("a key twice", ("replications = 2", "replications = 2\nreplications = 3"),
     ["line 5: replications = 3: 'replications' is given twice in [calibration]"]),
    ("fixed value the scenario refuses", ("district.scale = 0.1", "district.scale = -1"),
     ["calibration.base (with [fixed]): ouhai.ini:", "district.scale", "out of range"]),
    ("no target, no unknown", None,
     ["unknown: (none): no unknown", "target: (none): no target"], None, True),
]


class TargetsFileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-targets-test-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def write(self, text, name="t.ini"):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text))
        return path

    def test_good_file(self):
        tf = targets_file.load(self.write(GOOD), BINARY)
        self.assertEqual(tf.settings.replications, 2)
        self.assertEqual(tf.settings.name, "t")
        self.assertEqual([u.key for u in tf.unknowns], ["demand.campaigns_per_year"])
        self.assertEqual(tf.unknowns[0].scale, "log")
        self.assertEqual(tf.fixed, {"district.scale": "0.1"})
        t = tf.targets[0]
        self.assertEqual((t.kind, t.value, t.discrepancy, t.role), ("lower_bound", 33, 3, "fit"))
        self.assertEqual(t.source, "今年以来，已连续开展33场")
        self.assertEqual(tf.base_values, {"demand.campaigns_per_year": 33.0})

    def test_bad_files(self):
        for case in CASES:
            what, change, words = case[0], case[1], case[2]
            extra = case[3] if len(case) > 3 else None
            replace_all = len(case) > 4
            with self.subTest(what=what):
                text = GOOD
                if change:
                    self.assertIn(change[0], text)
                    text = text.replace(change[0], change[1])
                if replace_all:
                    text = text[:text.index("[unknown.")]
                if extra:
                    text += "\n" + extra
                path = self.write(text, "bad.ini")
                with self.assertRaises(targets_file.TargetsError) as err:
                    targets_file.load(path, BINARY)
                message = "\n".join(err.exception.problems)
                for w in words:
                    self.assertIn(w, message)
                for line in err.exception.problems:
                    self.assertTrue(line.startswith("bad.ini: ") or
                                    line.startswith(path + ": "), line)

    def test_every_problem_at_once_exit_2_nothing_written(self):
        text = (GOOD.replace("replications = 2", "replications = 1")
                .replace("kind = lower_bound", "kind = at_least")
                .replace("district.scale = 0.1", "district.scal = 0.1"))
        path = self.write(text, "three.ini")
        out = os.path.join(self.tmp, "out-three")
        proc = subprocess.run(["/usr/bin/python3", CALIBRATE, path, "-o", out],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("calibration.replications: 1", proc.stderr)
        self.assertIn("target.campaigns.kind: at_least", proc.stderr)
        self.assertIn("fixed.district.scal: 0.1", proc.stderr)
        self.assertIn("calibrate.py: 3 problems; nothing was run or written", proc.stderr)
        self.assertFalse(os.path.exists(out))

    def test_folder_of_something_else(self):
        path = self.write(GOOD, "good.ini")
        out = os.path.join(self.tmp, "busy")
        os.makedirs(out)
        with open(os.path.join(out, "notes.txt"), "w") as f:
            f.write("mine\n")
        proc = subprocess.run(["/usr/bin/python3", CALIBRATE, path, "-o", out],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("not empty and not a calibration's folder", proc.stderr)
        self.assertEqual(os.listdir(out), ["notes.txt"])

    def test_seed_targets_files_load(self):
        folder = os.path.join(SOURCE, "scenarios", "targets")
        for name in sorted(os.listdir(folder)):
            if name.endswith(".ini"):
                with self.subTest(file=name):
                    tf = targets_file.load(os.path.join(folder, name), BINARY)
                    self.assertTrue(tf.fit)
                    for t in tf.targets:
                        self.assertTrue(t.source)


if __name__ == "__main__":
    unittest.main()
