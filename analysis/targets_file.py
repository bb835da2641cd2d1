"""Reading and validating a calibration targets file (docs/CALIBRATION.md, "The targets file").

A targets file is an INI file in orgsim's format (``#`` starts a comment; ``;`` does not)::

    [calibration]
    name = ouhai-seed              # default: the file's name
    base = ../ouhai.ini            # the base scenario, relative to this file (required)
    replications = 4               # runs per point, >= 2 (the simulator's spread at each point)
    waves = 3                      # history-matching waves at most
    points_per_wave = 60
    cutoff = 3                     # implausibility cut-off
    seed = 1                       # the calibration's seed (its sweeps' seeds derive from it)
    abc_points = 200               # settings run for the ABC step
    abc_accept = 0.2               # share of the ABC runs kept
    posterior_draws = 100          # settings drawn from the posterior (sweep file, check)
    points_per_sweep = 1           # ABC and check settings per sweep (each sweep its own seeds)
    neighbours = 4                 # points pooled for each point's simulator variance
    margin = 0.1                   # widening of the region's box for the next wave (unit scale)
    predictive_outputs = orders.total, orders.satisfaction_rate   # reported, not fitted

    [fixed]                        # scenario keys set for every run (optional)
    district.scale = 0.1

    [unknown.demand.campaigns_per_year]   # an unknown: a real or int scenario key
    low = 20
    high = 100
    scale = log                    # uniform (default) or log (log-uniform)

    [target.campaigns]
    expression = orders.campaigns_started   # summary_expression.py: a key or arithmetic of keys
    kind = lower_bound             # point | interval | lower_bound | upper_bound
    value = 33                     # point, lower_bound, upper_bound; an interval has low, high
    sd = 0                         # the figure's own error (sd; default 0)
    discrepancy = 2                # model discrepancy allowance (sd; required)
    source = 今年以来，已连续开展33场…集中志愿服务行动 (Part 1 §4.1)
    role = fit                     # fit (default) or check: not fitted, the predictive check

Every problem is collected (``file: key: value: problem; allowed: ...``), the first three
checks need no simulation: the file's structure and values (every key an expression reads
against the summary's declared keys, summary_keys.py); the unknowns against orgsim's
parameter catalogue (``orgsim describe --markdown``: real or int keys, the prior range inside
the parameter's allowed range); then, only when those pass, the base scenario with the
``[fixed]`` keys and each unknown at its low and high end (``orgsim validate``) and every
expression on the summary of one short run of the base (``orgsim run --json`` with
``run.days = 30``), so a misspelt key is named with the nearest existing ones.

Importable: ``TargetsError`` (``.problems``), ``Settings``, ``Target``, ``TargetsFile``,
``catalogue(binary)``, ``load(path, binary) -> TargetsFile``.
"""

import json
import math
import os
import re
import subprocess
from dataclasses import dataclass, field

import prior_box
import scenario_text
import summary_expression
import summary_keys
from suggestions import did_you_mean

KINDS = ("point", "interval", "lower_bound", "upper_bound")
ROLES = ("fit", "check")
SCALES = ("uniform", "log")
NAME = re.compile(r"^[A-Za-z0-9_-]+$")
DEFAULT_PREDICTIVE = tuple(summary_keys.key(k) for k in (
    "orders.total", "orders.satisfaction_rate", "orders.wait_incl_open_h.mean",
    "incubation.incubated", "incubation.good_denied", "activities.held"))
SOFTWARE_VERSION = summary_keys.key("software_version")
MAX_SEED = 2 ** 62


class TargetsError(ValueError):
    """A targets file with problems; ``problems`` lists every one."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Settings:
    name: str = ""
    replications: int = 4
    waves: int = 3
    points_per_wave: int = 60
    cutoff: float = 3.0
    seed: int = 1
    abc_points: int = 200
    abc_accept: float = 0.2
    posterior_draws: int = 100
    points_per_sweep: int = 1
    neighbours: int = 4
    margin: float = 0.1
    predictive_outputs: tuple = DEFAULT_PREDICTIVE


# key -> (type, default, low, high, what is allowed)
SETTING_KEYS = {
    "replications": (int, 4, 2, 1000, "a whole number from 2 to 1000"),
    "waves": (int, 3, 1, 20, "a whole number from 1 to 20"),
    "points_per_wave": (int, 60, 5, 100000, "a whole number from 5 to 100000"),
    "cutoff": (float, 3.0, 0.5, 100, "a number from 0.5 to 100"),
    "seed": (int, 1, 0, MAX_SEED, f"a whole number from 0 to {MAX_SEED}"),
    "abc_points": (int, 200, 10, 100000, "a whole number from 10 to 100000"),
    "abc_accept": (float, 0.2, 0.001, 1, "a share in [0.001, 1]"),
    "posterior_draws": (int, 100, 1, 100000, "a whole number from 1 to 100000"),
    "points_per_sweep": (int, 1, 1, 100000, "a whole number from 1 to 100000"),
    "neighbours": (int, 4, 1, 100, "a whole number from 1 to 100"),
    "margin": (float, 0.1, 0.0, 1.0, "a number in [0, 1] (unit coordinates)"),
}
OTHER_SETTINGS = ("name", "base", "predictive_outputs")
TARGET_KEYS = ("expression", "kind", "value", "low", "high", "sd", "discrepancy", "source",
               "role")
UNKNOWN_KEYS = ("low", "high", "scale")


@dataclass
class Target:
    name: str
    expression: object            # summary_expression.Expression
    kind: str
    value: float = math.nan       # point, lower_bound, upper_bound
    low: float = math.nan         # interval
    high: float = math.nan
    sd: float = 0.0
    discrepancy: float = 0.0
    source: str = ""
    role: str = "fit"

    @property
    def observed(self):
        """The observation as text: 33, [20, 90], >= 33, <= 5."""
        if self.kind == "point":
            return f"{_fmt(self.value)} (sd {_fmt(self.sd)})" if self.sd else _fmt(self.value)
        if self.kind == "interval":
            return f"[{_fmt(self.low)}, {_fmt(self.high)}]"
        if self.kind == "lower_bound":
            return f">= {_fmt(self.value)}"
        return f"<= {_fmt(self.value)}"


def _fmt(x):
    return f"{x:g}"


@dataclass
class TargetsFile:
    path: str
    base: str                      # absolute path of the base scenario
    settings: Settings
    fixed: dict                    # scenario key -> value text
    unknowns: list                 # prior_box.Unknown
    targets: list                  # Target, fit and check, in file order
    predictive: list               # (name, Expression): outputs reported, not fitted
    text: str = ""
    base_values: dict = field(default_factory=dict)  # unknown key -> value in the base
    software_version: str = ""

    @property
    def fit(self):
        return [t for t in self.targets if t.role == "fit"]

    @property
    def check(self):
        return [t for t in self.targets if t.role == "check"]


_RANGE = re.compile(r"^([\[(])\s*(-?[0-9.eE+]+)\s*,\s*(-?[0-9.eE+]+)\s*([\])])$")
_BOUND = re.compile(r"^(>=|>|<=|<)\s*(-?[0-9.eE+]+)$")


def _parse_range(text):
    """(low, low_closed, high, high_closed) from "[0, 1]", "(0, 8760]", ">= 1"; None else."""
    text = text.strip()
    m = _RANGE.match(text)
    if m:
        return float(m.group(2)), m.group(1) == "[", float(m.group(3)), m.group(4) == "]"
    m = _BOUND.match(text)
    if m:
        op, x = m.group(1), float(m.group(2))
        if op.startswith(">"):
            return x, op == ">=", math.inf, False
        return -math.inf, False, x, op == "<="
    return None


def catalogue(binary):
    """orgsim's parameters: key -> dict(type, default, unit, range (as parsed or None),
    allowed (the text)), from ``orgsim describe --markdown``."""
    out = subprocess.run([binary, "describe", "--markdown"], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{binary} describe --markdown failed: {out.stderr.strip()}")
    params = {}
    for line in out.stdout.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6 or cells[0] in ("key", "---") or "." not in cells[0]:
            continue
        key, kind, default, unit, allowed = cells[:5]
        params[key] = {"type": kind, "default": default, "unit": unit,
                       "range": _parse_range(allowed), "allowed": allowed}
    if not params:
        raise RuntimeError(f"{binary} describe --markdown listed no parameters")
    return params


def _number(text):
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def load(path, binary):
    """Reads and validates the targets file; raises TargetsError with every problem (or
    FileNotFoundError when it does not exist)."""
    path = os.path.abspath(path)
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    with open(path, encoding="utf-8") as f:
        text = f.read()
    problems = []

    def problem(key, value, what, allowed=""):
        line = f"{shown}: {key}: {value}: {what}"
        problems.append(line + (f"; allowed: {allowed}" if allowed else ""))

    entries, syntax = scenario_text.read_ini(text)
    for n, raw, what in syntax:
        problem(f"line {n}", raw, what, "[section], key = value, # comment")
    sections = {}
    for e in entries:
        sections.setdefault(e.section, {})[e.key] = e.value
    params = catalogue(binary)

    # [calibration]
    calib = sections.get("calibration")
    settings = Settings(name=os.path.splitext(os.path.basename(path))[0])
    base = None
    if calib is None:
        problem("calibration", "(missing)", "no [calibration] section",
                "a [calibration] section with at least base = SCENARIO.ini")
        calib = {}
    for key, value in calib.items():
        if key in SETTING_KEYS:
            kind, _, lo, hi, allowed = SETTING_KEYS[key]
            x = _number(value)
            if x is None or (kind is int and x != int(x)) or not lo <= x <= hi:
                problem(f"calibration.{key}", value, "not valid", allowed)
            else:
                setattr(settings, key, kind(x))
        elif key == "name":
            if not NAME.match(value):
                problem("calibration.name", value, "not a valid name",
                        "letters, digits, - and _")
            else:
                settings.name = value
        elif key == "base":
            base = os.path.normpath(os.path.join(os.path.dirname(path), value))
            if not os.path.isfile(base):
                problem("calibration.base", value, f"no such file ({base})",
                        "a scenario file, relative to the targets file")
                base = None
        elif key == "predictive_outputs":
            pass  # below, with the other expressions
        else:
            hint = did_you_mean(key, list(SETTING_KEYS) + list(OTHER_SETTINGS))
            problem(f"calibration.{key}", value, "unknown key",
                    hint or ", ".join(list(OTHER_SETTINGS) + list(SETTING_KEYS)))
    if calib and "base" not in calib:
        problem("calibration.base", "(missing)", "no base scenario",
                "base = a scenario file, relative to the targets file")

    # [fixed]
    fixed = {}
    for key, value in sections.get("fixed", {}).items():
        if key not in params:
            problem(f"fixed.{key}", value, "not a scenario key",
                    did_you_mean(key, params) or "a key of `orgsim describe`")
        elif key.startswith("truth.") or key == "run.seed":
            problem(f"fixed.{key}", value, "cannot be set here",
                    "a scenario key other than truth.* (set in the base scenario: the one "
                    "reference standard) and run.seed (the calibration's seed sets it)")
        else:
            fixed[key] = value

    # [unknown.KEY]
    unknowns = []
    known_sections = {"calibration", "fixed"}
    for sec, keys in sections.items():
        if not sec.startswith("unknown."):
            continue
        known_sections.add(sec)
        pkey = sec[len("unknown."):]
        where = f"unknown.{pkey}"
        info = params.get(pkey)
        if info is None:
            problem(where, "", "not a scenario key",
                    did_you_mean(pkey, params) or "a real or int key of `orgsim describe`")
            continue
        if info["type"] not in ("real", "int"):
            problem(where, "", f"a {info['type']} parameter cannot be an unknown",
                    "a real or int scenario key")
            continue
        if pkey.startswith("truth.") or pkey == "run.seed":
            problem(where, "", "cannot be an unknown",
                    "not truth.* (the reference standard) nor run.seed")
            continue
        if pkey in fixed:
            problem(where, "", "also set under [fixed]", "a key is either fixed or unknown")
        for key, value in keys.items():
            if key not in UNKNOWN_KEYS:
                problem(f"{where}.{key}", value, "unknown key",
                        did_you_mean(key, UNKNOWN_KEYS) or ", ".join(UNKNOWN_KEYS))
        low, high = _number(keys.get("low", "")), _number(keys.get("high", ""))
        scale = keys.get("scale", "uniform")
        good = True
        for name, x in (("low", low), ("high", high)):
            if x is None:
                problem(f"{where}.{name}", keys.get(name, "(missing)"), "not a number",
                        "the prior range's ends, low < high")
                good = False
            elif info["type"] == "int" and x != int(x):
                problem(f"{where}.{name}", keys[name], "not a whole number",
                        "a whole number (the parameter is an int)")
                good = False
        if scale not in SCALES:
            problem(f"{where}.scale", scale, "not a valid scale", ", ".join(SCALES))
            good = False
        if not good:
            continue
        if not low < high:
            problem(f"{where}.low", keys["low"], f"not below high ({keys['high']})",
                    "low < high")
            continue
        rng = info["range"]
        if rng is not None:
            lo, lo_closed, hi, hi_closed = rng
            for name, x in (("low", low), ("high", high)):
                inside = (x > lo or (lo_closed and x == lo)) and \
                    (x < hi or (hi_closed and x == hi))
                if not inside:
                    problem(f"{where}.{name}", keys[name],
                            "outside the parameter's allowed range",
                            f"{info['allowed']} (unit: {info['unit']})")
                    good = False
        if scale == "log" and low <= 0:
            problem(f"{where}.low", keys["low"], "not positive on a log scale",
                    "low > 0 with scale = log")
            good = False
        if good:
            unknowns.append(prior_box.Unknown(pkey, low, high, scale, info["type"] == "int"))
    if not any(s.startswith("unknown.") for s in sections):
        problem("unknown", "(none)", "no unknown", "at least one [unknown.KEY] section")

    # [target.NAME]
    targets = []
    for sec, keys in sections.items():
        if not sec.startswith("target."):
            continue
        known_sections.add(sec)
        name = sec[len("target."):]
        where = f"target.{name}"
        if not NAME.match(name):
            problem(where, name, "not a valid target name", "letters, digits, - and _")
        for key, value in keys.items():
            if key not in TARGET_KEYS:
                problem(f"{where}.{key}", value, "unknown key",
                        did_you_mean(key, TARGET_KEYS) or ", ".join(TARGET_KEYS))
        t = Target(name=name, expression=None, kind=keys.get("kind", ""))
        good = True
        expr_text = keys.get("expression")
        if expr_text is None:
            problem(f"{where}.expression", "(missing)", "no expression",
                    "a summary key or arithmetic of keys (docs/CALIBRATION.md)")
            good = False
        else:
            try:
                t.expression = summary_expression.parse(expr_text)
            except summary_expression.ExpressionError as err:
                problem(f"{where}.expression", expr_text, str(err),
                        "a summary key or arithmetic of keys (docs/CALIBRATION.md)")
                good = False
            else:
                for why in undeclared_keys(t.expression):
                    problem(f"{where}.expression", expr_text, why)
                    good = False
        if t.kind not in KINDS:
            problem(f"{where}.kind", keys.get("kind", "(missing)"), "not a valid kind",
                    ", ".join(KINDS))
            good = False
        needs = {"point": ("value",), "lower_bound": ("value",), "upper_bound": ("value",),
                 "interval": ("low", "high")}.get(t.kind, ())
        wrong = {"point": ("low", "high"), "lower_bound": ("low", "high"),
                 "upper_bound": ("low", "high"), "interval": ("value",)}.get(t.kind, ())
        for key in needs:
            x = _number(keys.get(key, ""))
            if x is None:
                problem(f"{where}.{key}", keys.get(key, "(missing)"), "not a number",
                        f"kind = {t.kind} needs {' and '.join(needs)}")
                good = False
            else:
                setattr(t, key, x)
        for key in wrong:
            if key in keys:
                problem(f"{where}.{key}", keys[key], f"not used by kind = {t.kind}",
                        f"kind = {t.kind} takes {' and '.join(needs)}")
                good = False
        if t.kind == "interval" and good and not t.low < t.high:
            problem(f"{where}.low", keys["low"], f"not below high ({keys['high']})",
                    "low < high")
            good = False
        for key, required in (("sd", False), ("discrepancy", True)):
            if key not in keys:
                if required:
                    problem(f"{where}.{key}", "(missing)", "no model-discrepancy allowance",
                            "an sd >= 0 in the target's unit: how far the model may be from "
                            "the world at its best setting")
                    good = False
                continue
            x = _number(keys[key])
            if x is None or x < 0:
                problem(f"{where}.{key}", keys[key], "not valid", "a number >= 0 (an sd)")
                good = False
            else:
                setattr(t, key, x)
        if good and t.sd == 0 and t.discrepancy == 0 and t.kind == "point":
            problem(f"{where}.discrepancy", keys.get("discrepancy"),
                    "sd and discrepancy are both 0",
                    "a point target needs sd > 0 or discrepancy > 0 (no figure is exact)")
            good = False
        source = keys.get("source", "").strip()
        if not source:
            problem(f"{where}.source", "(missing)", "no source",
                    "free text: where the figure comes from (kept in every output)")
            good = False
        t.source = source
        t.role = keys.get("role", "fit")
        if t.role not in ROLES:
            problem(f"{where}.role", t.role, "not a valid role", ", ".join(ROLES))
            good = False
        if good:
            targets.append(t)
    if not any(s.startswith("target.") for s in sections):
        problem("target", "(none)", "no target", "at least one [target.NAME] section")
    elif len(targets) == sum(s.startswith("target.") for s in sections) and \
            not any(t.role == "fit" for t in targets):
        problem("target", "(none with role = fit)", "nothing to fit",
                "at least one target with role = fit")

    for sec in sections:
        if sec not in known_sections and sec not in ("calibration", "fixed"):
            hint = did_you_mean(sec, ["calibration", "fixed", "unknown.KEY", "target.NAME"])
            problem(f"[{sec}]" if sec else "(before any section)", "", "unknown section",
                    hint or "[calibration], [fixed], [unknown.KEY], [target.NAME]")

    predictive = []
    pred_text = calib.get("predictive_outputs")
    pred_items = [x.strip() for x in pred_text.split(",")] if pred_text is not None \
        else list(DEFAULT_PREDICTIVE)
    for item in pred_items:
        if not item:
            continue
        try:
            expression = summary_expression.parse(item)
        except summary_expression.ExpressionError as err:
            problem("calibration.predictive_outputs", item, str(err),
                    "comma-separated summary keys or expressions")
            continue
        for why in undeclared_keys(expression):
            problem("calibration.predictive_outputs", item, why)
        predictive.append((item, expression))
    settings.predictive_outputs = tuple(name for name, _ in predictive)

    if settings.points_per_wave < 2 * len(unknowns) + 1:
        problem("calibration.points_per_wave", settings.points_per_wave,
                "too few for the unknowns", f"at least 2 k + 1 = {2 * len(unknowns) + 1}")

    if problems:
        raise TargetsError(problems)

    result = TargetsFile(path=path, base=base, settings=settings, fixed=fixed,
                         unknowns=unknowns, targets=targets, predictive=predictive, text=text)
    _check_with_orgsim(result, binary, params, problem)
    if problems:
        raise TargetsError(problems)
    return result


def undeclared_keys(expression):
    """Why each key ``expression`` reads is not a key of the run's JSON summary as orgsim
    declares it (summary_keys.py), with the nearest declared ones: no run needed."""
    return [why for why in map(summary_keys.problem, expression.keys) if why]


def _check_with_orgsim(tf, binary, params, problem):
    """The base scenario with the fixed keys and each unknown at its ends (orgsim validate);
    every expression on one short run's summary. Fills tf.base_values."""
    fixed_args = [a for k, v in tf.fixed.items() for a in ("--set", f"{k}={v}")]
    out = subprocess.run([binary, "validate", tf.base, *fixed_args], capture_output=True,
                         text=True)
    if out.returncode != 0:
        for line in (out.stdout + out.stderr).strip().splitlines():
            if line.strip() and not line.startswith("orgsim:"):
                problem("calibration.base (with [fixed])", os.path.basename(tf.base),
                        line.strip())
        return
    for u in tf.unknowns:
        for end in ("low", "high"):
            value = getattr(u, end)
            text = str(int(value)) if u.integer else repr(value)
            out = subprocess.run([binary, "validate", tf.base, *fixed_args, "--set",
                                  f"{u.key}={text}"], capture_output=True, text=True)
            if out.returncode != 0:
                msg = " / ".join(x.strip() for x in (out.stdout + out.stderr).splitlines()
                                 if x.strip() and not x.startswith("orgsim:"))
                problem(f"unknown.{u.key}.{end}", text, f"the base scenario refuses it: {msg}")
    with open(tf.base, encoding="utf-8") as f:
        base_text = f.read()
    for u in tf.unknowns:
        value = scenario_text.value_of(base_text, u.key) or params[u.key]["default"]
        x = _number(value)
        if x is not None:
            tf.base_values[u.key] = x
    out = subprocess.run([binary, "run", tf.base, *fixed_args, "--set", "run.days=30",
                          "--json", "--quiet"], capture_output=True, text=True)
    if out.returncode != 0:
        problem("calibration.base", os.path.basename(tf.base),
                f"a short run of the base scenario failed: {out.stderr.strip()[-300:]}")
        return
    summary = json.loads(out.stdout)
    tf.software_version = str(summary.get(SOFTWARE_VERSION, ""))
    for t in tf.targets:
        try:
            t.expression.evaluate(summary)
        except summary_expression.ExpressionError as err:
            problem(f"target.{t.name}.expression", t.expression.text, str(err),
                    "keys of the run's JSON summary (README.md, `orgsim run --json`)")
    for name, expr in tf.predictive:
        try:
            expr.evaluate(summary)
        except summary_expression.ExpressionError as err:
            problem("calibration.predictive_outputs", name, str(err),
                    "keys of the run's JSON summary (README.md, `orgsim run --json`)")
