"""Golden runs (tests/golden/*.json): reading a golden file, running its configuration, and
comparing the run with what the file pins. Used by test_golden.py (the check ctest runs) and
by scripts/update-golden (which rewrites the files).

A golden file:
    {
      "about": "what this configuration exercises",
      "scenario": "scenarios/ouhai.ini",    (relative to the checkout; null: the embedded default)
      "seed": 1,
      "settings": ["district.scale=0.1"],   (--set overrides, in order)
      "fingerprint": "...",
      "headline": {"orders.total": 2682, ...}   (dotted keys into the run's JSON summary)
    }
The headline keys are the file's own choice (each a key the summary declares,
analysis/summary_keys.py; load() refuses another); a file without them gets DEFAULT_HEADLINE.
Integers, strings and lists of them compare exactly, floats to a relative 1e-9.
"""

import json
import math
from pathlib import Path

from orgsim_run import SOURCE_DIR, run_json  # first: analysis/ on the path

import summary_keys

GOLDEN_DIR = SOURCE_DIR / "tests" / "golden"
RELATIVE_TOLERANCE = 1e-9

DEFAULT_HEADLINE = [summary_keys.key(k) for k in (
    "orders.total",
    "orders.by_state.served",
    "orders.by_state.open_at_year_end",
    "orders.escalated",
    "orders.satisfaction_rate",
    "incubation.incubated",
    "incubation.denied",
    "allowance_total_yuan",
    "activities.budget_spent_yuan",
)]
FINGERPRINT = summary_keys.key("fingerprint")

HOW_TO_UPDATE = (
    "If the model changed on purpose, run scripts/update-golden {name} (or scripts/update-golden "
    "for every file) and say why in the commit message (CONTRIBUTING.md); a refactoring must "
    "leave the golden files unchanged.")


def golden_files():
    return sorted(GOLDEN_DIR.glob("*.json"))


def load(path):
    with open(path, encoding="utf-8") as f:
        golden = json.load(f)
    for key in ("scenario", "seed", "settings"):
        if key not in golden:
            raise ValueError(f"{relative(path)}: no '{key}'")
    for key in golden.get("headline") or ():
        if not summary_keys.is_declared(key):
            raise ValueError(f"{relative(path)}: headline: {summary_keys.problem(key)}")
    return golden


def save(path, golden):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=False, indent=2)
        f.write("\n")


def relative(path):
    return Path(path).resolve().relative_to(SOURCE_DIR.resolve()).as_posix()


def overrides(golden):
    return [*golden["settings"], f"run.seed={golden['seed']}"]


def command(golden):
    """The command line that reproduces the run, from the checkout's top folder."""
    parts = ["build/orgsim", "run"]
    if golden["scenario"] is not None:
        parts.append(golden["scenario"])
    for s in overrides(golden):
        parts += ["--set", s]
    return " ".join(parts + ["--json"])


def run(golden):
    scenario = None if golden["scenario"] is None else SOURCE_DIR / golden["scenario"]
    return run_json(*overrides(golden), scenario=scenario)


def lookup(summary, key):
    value = summary
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return ABSENT
        value = value[part]
    return value


class _Absent:
    def __repr__(self):
        return "(absent from the run's summary)"


ABSENT = _Absent()


def pinned(golden, summary):
    """The fingerprint and headline numbers of a run, under the golden file's headline keys."""
    keys = list(golden.get("headline") or DEFAULT_HEADLINE)
    return summary[FINGERPRINT], {key: lookup(summary, key) for key in keys}


def differences(field, expected, actual):
    """[(field, expected, actual)] for every value that differs; floats within 1e-9."""
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [d for i, (e, a) in enumerate(zip(expected, actual))
                for d in differences(f"{field}[{i}]", e, a)]
    if isinstance(expected, dict) and isinstance(actual, dict) and expected.keys() == actual.keys():
        return [d for k in expected for d in differences(f"{field}.{k}", expected[k], actual[k])]
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool)
                  for x in (expected, actual))
    if numbers and (isinstance(expected, float) or isinstance(actual, float)):
        same = math.isclose(expected, actual, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)
    else:
        same = type(expected) is type(actual) and expected == actual
    return [] if same else [(field, expected, actual)]


def compare(golden, summary):
    """[(field, expected, actual)]: what the run no longer does as the golden file says."""
    fingerprint, headline = pinned(golden, summary)
    found = differences("fingerprint", golden.get("fingerprint"), fingerprint)
    for key, expected in (golden.get("headline") or {}).items():
        found += differences(key, expected, headline[key])
    return found


def mismatch_message(path, golden, found):
    lines = [f"{relative(path)}: the run no longer matches its golden file",
             f"  command: {command(golden)}"]
    lines += [f"  {field}: expected {expected!r}, actual {actual!r}"
              for field, expected, actual in found]
    return "\n".join(lines + [HOW_TO_UPDATE.format(name=Path(path).stem)])
