"""The keys of a run's JSON summary (``orgsim run --json``, a sweep's ``runs/<id>.json``) as
orgsim declares them.

The declaration is sim/results/summary_schema.cpp; ``orgsim describe --run-file-schema`` lists
it as ``json_summary`` in ``run_file_schema.json`` beside this file (scripts/gen-run-file-schema).
Each key there is a dotted path; ``[]`` stands for each element of an array
(``orders.by_month[].source.public``, ``behaviour.leader_effort_mean[]``) and ``*`` for each
member of a map (``orders.by_category.*``, keyed by the scenario's categories).

A Python reader of a summary names every key it reads through ``key("dotted.path")`` (at
import, so a key orgsim does not write fails when the module is imported, not in the middle of
a long sweep); tests/python/test_summary_keys.py checks every such name in analysis/, and every
key the repository's targets files, sweep files and golden runs read.

Importable: ``DECLARED`` ({path: {"key", "type", "unit", "doc"}}), ``pattern(key)`` (the
declared form of a key as a summary expression writes it: ``orders.by_month[0].channel.offline``,
``orders.by_month[0:4]``, ``orders.by_month.0`` and ``orders.by_category.volunteer`` become
``orders.by_month[].channel.offline``, ``orders.by_month[]``, ``orders.by_month[]`` and
``orders.by_category.*``), ``is_declared(key)``, ``key(dotted)``, ``problem(key)``,
``numbers(summary)`` (every number of a summary with its path).
"""

import json
import os
import re

from suggestions import did_you_mean

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "run_file_schema.json"),
          encoding="utf-8") as _declared:
    DECLARED = {k["key"]: k for k in json.load(_declared)["json_summary"]["keys"]}

_PART = re.compile(r"([^\[\]]*)((?:\[[^\]]*\])*)")
_INDEX = re.compile(r"-?\d+")


def pattern(key):
    """``key`` (a dotted path, maybe with indices or slices) in the declared form."""
    out = ""
    for part in str(key).strip().split("."):
        m = _PART.fullmatch(part)
        if m is None:
            return str(key)
        name, brackets = m.group(1), m.group(2)
        if out and _INDEX.fullmatch(name):
            out += "[]"  # orders.by_month.0: an element, as sensitivity.py's outputs name it
        elif out and f"{out}.*" in DECLARED:
            out += ".*"
        else:
            out = f"{out}.{name}" if out else name
        out += "[]" * brackets.count("[")
    return out


def is_declared(key):
    return pattern(key) in DECLARED


def problem(key):
    """Why ``key`` is not a key of the summary, with the nearest declared ones; "" when it is."""
    if is_declared(key):
        return ""
    near = did_you_mean(pattern(key), DECLARED)
    return (f"{key}: not a key of the run's JSON summary (docs/RESULTS.md)"
            + (f"; {near}" if near else ""))


def key(dotted):
    """``dotted`` itself when the summary declares it; ValueError otherwise."""
    if not is_declared(dotted):
        raise ValueError(problem(dotted) + " (analysis/run_file_schema.json, json_summary)")
    return dotted


def numbers(summary, prefix=""):
    """Every number of a summary (booleans excluded) as (path, value), list elements as
    ``.i`` (``orders.by_month.0.month``), in the summary's order."""
    if isinstance(summary, dict):
        for k, v in summary.items():
            yield from numbers(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(summary, list):
        for i, v in enumerate(summary):
            yield from numbers(v, f"{prefix}.{i}")
    elif isinstance(summary, (int, float)) and not isinstance(summary, bool):
        yield prefix, summary
