"""The keys the Python code reads from a run's JSON summary against the keys orgsim declares
(sim/results/summary_schema.cpp, listed as json_summary in analysis/run_file_schema.json; a C++
unit test keeps that list current and checks that a summary holds exactly those keys).

A reader names the keys it reads through summary_keys.key("dotted.path"); this test fails when
one of those names, or a key read by the repository's calibration targets, golden runs or the
headline indicators, is not declared, or when a reader in analysis/ reads a summary key by a
bare string instead. It also checks one real summary against the list, both ways.

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest). Run with /usr/bin/python3.
"""

import ast
import configparser
import json
import re
import unittest

from orgsim_run import SOURCE_DIR, run_json  # first: analysis/ on the path

import golden
import summary_expression
import summary_keys
import targets_file

ANALYSIS = SOURCE_DIR / "analysis"


def is_key_call(node):
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "key" and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "summary_keys")


def named_keys(tree):
    """The string literals a module passes to summary_keys.key(...): directly, or as the
    elements of the tuple or list a comprehension passes to it (``key(k) for k in (...)``)."""
    found = []
    for node in ast.walk(tree):
        if is_key_call(node) and node.args and isinstance(node.args[0], ast.Constant):
            found.append(node.args[0].value)
        if isinstance(node, (ast.GeneratorExp, ast.ListComp)) and is_key_call(node.elt):
            for generator in node.generators:
                if isinstance(generator.iter, (ast.Tuple, ast.List)):
                    found += [e.value for e in generator.iter.elts
                              if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return found


def flat_keys(node, path=""):
    """Every key of a parsed summary in the declared form ([] for elements, * for a map's
    members)."""
    out = set()
    if isinstance(node, dict):
        for name, child in node.items():
            if path and f"{path}.*" in summary_keys.DECLARED:
                p = f"{path}.*"
            else:
                p = f"{path}.{name}" if path else name
            out |= {p} | flat_keys(child, p)
    elif isinstance(node, list):
        for child in node:
            out |= {f"{path}[]"} | flat_keys(child, f"{path}[]")
    return out


class DeclaredKeysTest(unittest.TestCase):

    def test_the_forms_of_a_key(self):
        for written, declared in [
                ("orders.by_month[0].channel.offline", "orders.by_month[].channel.offline"),
                ("orders.by_month[0:4].source.public", "orders.by_month[].source.public"),
                ("orders.by_month.3.month", "orders.by_month[].month"),
                ("orders.by_category.volunteer", "orders.by_category.*"),
                ("behaviour.leader_effort_mean[-1]", "behaviour.leader_effort_mean[]"),
                ("tiers[0].branches_per_tier[2]", "tiers[].branches_per_tier[]"),
                ("incubation.good_denied_share", "incubation.good_denied_share")]:
            with self.subTest(key=written):
                self.assertEqual(summary_keys.pattern(written), declared)
                self.assertIn(declared, summary_keys.DECLARED)

    def test_a_key_that_is_not_declared_is_refused(self):
        with self.assertRaises(ValueError) as caught:
            summary_keys.key("incubation.good_refused")
        self.assertIn("did you mean incubation.good_denied", str(caught.exception))
        self.assertFalse(summary_keys.is_declared("orders.by_month.source"))
        self.assertFalse(summary_keys.is_declared("orders.by_category.volunteer.count"))
        self.assertEqual(summary_keys.key("orders.total"), "orders.total")

    def test_every_key_a_reader_names_is_declared(self):
        named = {}
        for path in sorted(ANALYSIS.glob("*.py")) + [SOURCE_DIR / "tests/python/golden.py"]:
            for key in named_keys(ast.parse(path.read_text("utf-8"))):
                named.setdefault(key, path.name)
        # The readers that name keys: the classroom, the calibration's targets, golden runs.
        self.assertGreaterEqual(set(named.values()),
                                {"classroom.py", "targets_file.py", "golden.py"})
        for key, where in named.items():
            with self.subTest(key=key, module=where):
                self.assertTrue(summary_keys.is_declared(key), summary_keys.problem(key))

    def test_no_reader_reads_a_key_by_a_bare_string(self):
        # summary["x"], summary.get("x") or record["summary"]["x"] read (not assigned) on
        # something named for a summary.
        bare = re.compile(r"\bsummary\w*(?:[\"']\])?\s*(?:\[\s*|\.get\(\s*)[\"'][^\"']+[\"']"
                          r"\s*[\],)](?!\s*=[^=])")
        for path in sorted(ANALYSIS.glob("*.py")) + [SOURCE_DIR / "tests/python/golden.py"]:
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                with self.subTest(file=path.name, line=n):
                    self.assertIsNone(bare.search(line),
                                      f"{path.name}:{n}: name the key with summary_keys.key()")

    def test_the_targets_files_read_declared_keys(self):
        files = sorted((SOURCE_DIR / "scenarios" / "targets").glob("*.ini"))
        self.assertTrue(files)
        for path in files:
            ini = configparser.ConfigParser(inline_comment_prefixes=("#",), interpolation=None)
            ini.read(path, encoding="utf-8")
            texts = [ini[s]["expression"] for s in ini.sections() if s.startswith("target.")]
            texts += [t.strip() for t in ini["calibration"].get("predictive_outputs", "")
                      .split(",") if t.strip()]
            self.assertTrue(texts, path.name)
            for text in texts:
                with self.subTest(file=path.name, expression=text):
                    self.assertEqual(
                        targets_file.undeclared_keys(summary_expression.parse(text)), [])

    def test_an_expression_with_an_undeclared_key_is_named(self):
        why = targets_file.undeclared_keys(summary_expression.parse(
            "orders.campaign_started / years + sum(orders.by_month[0:3].source.public)"))
        self.assertEqual(len(why), 1)
        self.assertIn("orders.campaign_started: not a key of the run's JSON summary", why[0])
        self.assertIn("did you mean orders.campaigns_started", why[0])

    def test_the_golden_runs_pin_declared_keys(self):
        for path in golden.golden_files():
            with self.subTest(file=path.name):
                for key in golden.load(path).get("headline") or golden.DEFAULT_HEADLINE:
                    self.assertTrue(summary_keys.is_declared(key), summary_keys.problem(key))

    def test_the_indicators_read_declared_keys(self):
        declared = json.loads((ANALYSIS / "run_file_schema.json").read_text("utf-8"))
        for column in declared["sweep_index"]["runs"]["indicators"]:
            if "summary_key" in column:
                with self.subTest(indicator=column["name"]):
                    self.assertIn(column["summary_key"], summary_keys.DECLARED)


def documented_keys():
    """The keys docs/RESULTS.md's table of the JSON summary names, each made whole: a cell
    `orders.total`, `.by_state` names orders.total and orders.by_state; `population.*` names
    everything under population."""
    text = (SOURCE_DIR / "docs" / "RESULTS.md").read_text("utf-8")
    table = text.split("One object; its keys in order", 1)[1].split("\n\n", 2)[1]
    keys = []
    for row in table.splitlines()[2:]:
        base = ""
        for token in re.findall(r"`([^`]+)`", row.split("|")[1]):
            if token.startswith("."):
                token = base + token
            else:
                base = token.split(".", 1)[0]
            keys.append(token.rstrip("*").rstrip("."))
    return keys


class DocumentedKeysTest(unittest.TestCase):
    """docs/RESULTS.md's table of the summary's keys against the declaration, both ways at
    the top level: every key it names is declared (or is a group of declared keys), and every
    declared top-level key is in it."""

    def test_every_documented_key_is_declared(self):
        declared = set(summary_keys.DECLARED)
        for key in documented_keys():
            with self.subTest(key=key):
                self.assertTrue(
                    key in declared or any(d.startswith((key + ".", key + "[")) for d in declared),
                    f"docs/RESULTS.md names `{key}`, which the summary does not declare")

    def test_every_declared_top_level_key_is_documented(self):
        documented = {k.split(".", 1)[0].split("[", 1)[0] for k in documented_keys()}
        for key in sorted({d.split(".", 1)[0].split("[", 1)[0] for d in summary_keys.DECLARED}):
            with self.subTest(key=key):
                self.assertIn(key, documented, f"docs/RESULTS.md does not list `{key}`")


class ARealSummaryTest(unittest.TestCase):
    """One run of two short years with a behaviour model on: its summary's keys are the
    declared ones, both ways."""

    def test_the_summary_holds_the_declared_keys(self):
        summary = run_json("district.scale=0.1", "run.days=28", "run.years=2",
                           "behaviour.leader=tournament")
        written = flat_keys(summary)
        declared = set(summary_keys.DECLARED)
        self.assertEqual(written - declared, set(), "written but not declared")
        # warnings is empty when every queue settles: its elements cannot be seen then.
        unseen = {k for k in declared - written if not (summary["warnings"] == []
                                                         and k == "warnings[]")}
        self.assertEqual(unseen, set(), "declared but not written")
        self.assertEqual(list(summary), [k for k in summary_keys.DECLARED if "." not in k
                                         and "[" not in k], "the top-level keys' order")


if __name__ == "__main__":
    unittest.main()
