#!/usr/bin/python3
"""Which assumptions drive an outcome: Sobol indices or Morris elementary effects of a
``design = sobol`` or ``design = morris`` sweep, with bootstrap intervals, the simulator's own
run-to-run noise as its own share, plain-language lines and bar plots.

    /usr/bin/python3 analysis/sensitivity.py FOLDER [--output KEY ...] [--policy NAME]
                                             [--lang en|zh] [--no-plots] [--csv FILE]

FOLDER is what ``orgsim sweep SWEEP.ini -o FOLDER`` wrote (docs/SWEEPS.md); ``--keep summary``
sweeps (no run files, only ``runs/<id>.json``) are enough. The cell structure is read from
``sweep.h5`` ``/design`` (``role``, ``sample``, ``step``, ``key``, ``unit`` per cell) and each run's
cell from ``/runs.cell``, never from the order of rows.

Outputs (``--output``, repeatable; default DEFAULT_OUTPUTS, the incubation and tier outcomes):
a numeric column of ``/runs`` (the headline indicators of docs/SWEEPS.md, in compare.py's units:
shares in %, counts per year) or a dotted path to a number in the run's JSON summary
``runs/<id>.json`` (``incubation.good_denied_share``, ``tier_noise.changed_share``,
``orders.wait_incl_open_h.mean``; a list element by its index, ``behaviour.leader_effort_mean.0``).

The numbers, per policy of the sweep (every policy is run at every cell) and output:

- The cell's value is the mean over its successful replications. Replication r of every cell
  has the same seed (common random numbers), so the indices describe that mean.
- **Sobol** (Saltelli sampling, N base samples, k keys, cells A_j, B_j, AB_j^(i)): first-order
  S1_i = mean_j(f_B (f_ABi - f_A)) / V (Saltelli et al. 2010; f_B centred on the pooled mean,
  which keeps the expectation and removes the variance a large mean adds) and total ST_i =
  mean_j((f_A - f_ABi)^2) / (2 V) (Jansen 1999), V the variance of the pooled A and B values.
  A base sample with a cell without a value (every run failed, or the JSON value is null) is
  left out whole.
- **Morris** (r trajectories of k + 1 steps on a p-level grid): the elementary effect of the
  key a step changes is EE = (y(x') - y(x)) / (x'_i - x_i), the change taken from ``/design
  unit`` (+-delta in the unit scale [0, 1] of the key's range; so an EE is the change in the
  output per whole range of the key). mu* = mean |EE|, mu = mean EE, sigma = sd EE (n - 1).
- **Intervals**: 90% (CONFIDENCE) bootstrap percentile intervals, 1000 (RESAMPLES) resamples
  with replacement of the base samples (Sobol) or trajectories (Morris), from a fixed seed
  (BOOTSTRAP_SEED): the same numbers every time.
- **Noise**: with R > 1 replications, noise share = the mean within-cell variance of single
  runs (n - 1) over the variance of all single runs: the share of an output's variance that
  is the simulator's own run-to-run noise, with its bootstrap interval (resampling the same
  groups). Its share of the cell means = (within-cell variance x mean 1/n) over the variance
  of the cell means: what noise alone can put into a total index (a key without any effect
  gets about that much when the noise is independent between cells; with common random
  numbers part of it is shared, so it is an upper bound). For Morris the noise floor is the
  mean |EE| noise alone gives. With R = 1 the noise cannot be estimated and the text says so.

Printed per output: the ranked table (key, S1 and ST with intervals; or mu*, its interval, mu,
sigma), then plain-language lines (``--lang en|zh``, sensitivity_text.py) such as "The share
of tiers set by the inspectors' noise is driven mostly by inspection.visit_noise_sd (total
index 0.71, 90% CI 0.62 to 0.80); service.quality_sd hardly matters (total index 0.02)", and
the noise ("The run-to-run noise ... is 60% of the variance of single runs ...; Noise
dominates: run more replications before reading these indices"). Estimates below 0 or above
1 (sampling error) are printed as they are, marked '!', and read as 0 or 1 in the sentences.
Plots (unless ``--no-plots``; sensitivity_plots.py): FOLDER/plots/sensitivity_<output>.png
(``_<policy>`` added with several policies), S1 and ST bars with their intervals (Sobol) or
mu* against sigma (Morris). ``--csv FILE``: every ranked table, one row per output and key.

Errors (exit 2, nothing written; every problem listed): the folder is not an orgsim sweep, its
design is not sobol or morris (or /design is inconsistent), an unknown ``--output`` or
``--policy``. A plot or CSV that cannot be written: exit 4.

The parts, one job each: sensitivity_estimators.py (the estimators, pure functions of arrays),
sensitivity_text.py (the table and the sentences), sensitivity_plots.py (the PNG); this file
reads the sweep folder, puts the parts together and is the command line. Importable (the
estimators re-exported): ``load_design(folder)`` -> SensitivityDesign, ``check_outputs(design,
outputs)`` -> problems, ``output_values(design, output, runs)``, ``analyse(design, output,
policy)`` -> Result, ``sobol_indices(f_a, f_b, f_ab)``, ``sobol_from_cells(role, sample, key, y,
k)``, ``elementary_effects(role, sample, step, key, unit, y, k)``, ``morris_effects(effects)``,
``noise_share(values, cells, groups)``, ``format_result(result)``, ``plain_language(result,
language)``, ``write_plot(result, out_dir)``, ``SensitivityError``.

Use Debian's /usr/bin/python3 (numpy, pandas, h5py, matplotlib).
"""

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python_deps  # noqa: E402  (which Python: before the imports it checks)

python_deps.require("h5py", "numpy", "pandas", "scipy", "matplotlib", tool="sensitivity.py")

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from indicators import PERCENT_INDICATORS, UNITS, indicator_values
from sensitivity_estimators import (A, AB, B, BOOTSTRAP_SEED, CONFIDENCE, RESAMPLES,
                                    TRAJECTORY, SensitivityError, elementary_effects,
                                    morris_effects, morris_noise_floor, noise_share,
                                    sobol_from_cells, sobol_indices)
from sensitivity_plots import write_plot
from sensitivity_text import LANGUAGES, format_result, plain_language, subject
import summary_keys
from suggestions import did_you_mean
from sweep_index import CompareError, load_index

__all__ = ["DEFAULT_OUTPUTS", "SensitivityError", "SensitivityDesign", "Result", "load_design",
           "check_outputs", "output_values", "analyse", "sobol_indices", "sobol_from_cells",
           "elementary_effects", "morris_effects", "noise_share", "plain_language",
           "format_result", "write_plot", "main"]

DESIGNS = ("sobol", "morris")

# The outcomes the issue asks about: incubation and tiers, and two of the mechanisms between.
DEFAULT_OUTPUTS = ["good_denied_share", "below_standard_incubated_share", "incubated",
                   "tier_noise_share", "satisfaction_rate", "mean_wait_incl_open_h"]

# /runs columns that are not outputs.
_STRUCTURAL = {"replication", "seed", "cell", "status"}


@dataclass
class SensitivityDesign:
    """A sobol or morris sweep: its index (sweep_index.SweepIndex) and /design."""
    folder: str
    index: object
    kind: str
    keys: list
    low: np.ndarray
    high: np.ndarray
    role: np.ndarray
    sample: np.ndarray
    step: np.ndarray
    key: np.ndarray
    unit: np.ndarray
    samples: int = 0
    trajectories: int = 0
    levels: int = 0
    replications: int = 1
    _json: dict = field(default_factory=dict, repr=False)

    @property
    def cells(self):
        return len(self.role)


def _attr(attrs, name, default=None):
    value = attrs.get(name, default)
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    return value


def load_design(folder):
    """Reads FOLDER/sweep.h5 (index and /design) into a SensitivityDesign. Raises
    FileNotFoundError (no folder, no index) or SensitivityError (not an orgsim sweep index of
    schema 3, a design that is not sobol or morris, no /design or no /runs.cell, or a /design
    that is inconsistent; every problem found is listed)."""
    folder = os.fspath(folder)
    try:
        index = load_index(folder)
    except CompareError as error:
        raise SensitivityError(str(error)) from None
    path = os.path.join(folder, "sweep.h5")
    kind = _attr(index.attrs, "design")
    if kind is None:
        raise SensitivityError(f"{path}: root attribute 'design' missing: a sweep made before "
                               f"'design = sobol | morris' existed; sensitivity.py reads only "
                               f"those (make the sweep again with the current orgsim)")
    if kind not in DESIGNS:
        raise SensitivityError(f"{path}: design is {kind!r}; sensitivity.py reads only "
                               f"'design = sobol' or 'design = morris' sweeps (for a grid or "
                               f"policies use compare.py)")
    problems = []
    with h5py.File(path, "r") as f:
        if "design" not in f:
            raise SensitivityError(f"{path}: no /design group (needed for design = {kind})")
        g = f["design"]
        dattrs = dict(g.attrs)
        keys = _attr(dattrs, "keys") or []
        keys = [keys] if isinstance(keys, str) else [k.decode() if isinstance(k, bytes) else
                                                       str(k) for k in keys]
        data = {}
        for name in ("role", "sample", "step", "key", "unit"):
            if name not in g:
                problems.append(f"{path}: /design/{name} missing")
            else:
                data[name] = g[name][()]
        low = np.asarray(_attr(dattrs, "low", []), dtype=float).reshape(-1)
        high = np.asarray(_attr(dattrs, "high", []), dtype=float).reshape(-1)
    if problems:
        raise SensitivityError("\n".join(problems))
    k = len(keys)
    cells = len(data["role"])
    unit = np.asarray(data["unit"], dtype=float).reshape(cells, -1) if cells else \
        np.zeros((0, k))
    if not k:
        problems.append(f"{path}: /design has no keys")
    if unit.shape[1] != k:
        problems.append(f"{path}: /design/unit has {unit.shape[1]} columns for {k} keys")
    for name in ("sample", "step", "key"):
        if len(data[name]) != cells:
            problems.append(f"{path}: /design/{name} has {len(data[name])} rows, /design/role "
                            f"{cells}")
    if len(low) != k or len(high) != k:
        problems.append(f"{path}: /design low/high have {len(low)}/{len(high)} values for "
                        f"{k} keys")
    runs = index.runs
    if "cell" not in runs.columns:
        problems.append(f"{path}: /runs has no 'cell' column")
    elif len(runs) and (runs["cell"].min() < 0 or runs["cell"].max() >= cells):
        problems.append(f"{path}: /runs.cell outside 0..{cells - 1}")
    role = np.asarray(data["role"]).astype(int)
    wanted = (A, B, AB) if kind == "sobol" else (TRAJECTORY,)
    if cells and not np.isin(role, wanted).all():
        problems.append(f"{path}: /design/role has codes {sorted(set(role.tolist()))}; a "
                        f"{kind} design has only {list(wanted)}")
    if not cells:
        problems.append(f"{path}: /design has no cells")
    if problems:
        raise SensitivityError("\n".join(problems))
    replications = int(_attr(index.attrs, "replications", 1) or 1)
    design = SensitivityDesign(
        folder=folder, index=index, kind=kind, keys=keys, low=low, high=high, role=role,
        sample=np.asarray(data["sample"]).astype(int), step=np.asarray(data["step"]).astype(int),
        key=np.asarray(data["key"]).astype(int), unit=unit,
        samples=int(_attr(dattrs, "samples", 0) or 0),
        trajectories=int(_attr(dattrs, "trajectories", 0) or 0),
        levels=int(_attr(dattrs, "levels", 0) or 0), replications=replications)
    # the structure itself (raises with the first inconsistency)
    zeros = np.zeros(cells)
    try:
        if kind == "sobol":
            sobol_from_cells(design.role, design.sample, design.key, zeros, k)
        else:
            elementary_effects(design.role, design.sample, design.step, design.key, unit,
                               zeros, k)
    except SensitivityError as error:
        raise SensitivityError(f"{path}: /design: {error}") from None
    return design


def _numeric_columns(design):
    """The /runs columns that can be outputs: numbers, not the run's bookkeeping."""
    runs = design.index.runs
    return [c for c in runs.columns if c not in _STRUCTURAL and c not in design.index.grid_keys
            and pd.api.types.is_numeric_dtype(runs[c]) and not pd.api.types.is_bool_dtype(
                runs[c])]


def _summary(design, run_id):
    """runs/<run_id>.json of the sweep (cached)."""
    if run_id not in design._json:
        path = os.path.join(design.folder, "runs", f"{run_id}.json")
        with open(path, encoding="utf-8") as f:
            design._json[run_id] = json.load(f)
    return design._json[run_id]


_MISSING = object()


def _lookup(summary, dotted):
    """The value at a dotted path (list elements by index), or _MISSING."""
    node = summary
    for part in dotted.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and re.fullmatch(r"\d+", part) and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def check_outputs(design, outputs):
    """The problems with ``outputs`` (a list of messages, empty when every one is a numeric
    /runs column or a dotted path to a number (or null) in the runs' JSON summaries)."""
    problems = []
    columns = _numeric_columns(design)
    ok = design.index.ok
    summary = None
    if len(ok):
        try:
            summary = _summary(design, ok.iloc[0]["run_id"])
        except (OSError, ValueError) as error:
            summary = error
    for output in outputs:
        if output in columns:
            continue
        if isinstance(summary, Exception):
            problems.append(f"--output {output}: not a /runs column, and the runs' JSON "
                            f"summary cannot be read ({summary})")
            continue
        if summary is None:
            problems.append(f"--output {output}: not a /runs column, and the sweep has no "
                            f"successful run whose JSON summary could hold it")
            continue
        value = _lookup(summary, output)
        if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            continue
        candidates = columns + [path for path, _ in summary_keys.numbers(summary)]
        near = did_you_mean(output, candidates, n=3)
        what = ("not a number there but " + type(value).__name__
                if value is not _MISSING else "unknown key")
        problems.append(f"--output {output}: {what}; allowed: a numeric /runs column "
                        f"(docs/SWEEPS.md, e.g. tier_noise_share) or a dotted path to a "
                        f"number in runs/<id>.json (e.g. incubation.good_denied_share)"
                        + (f"; {near}" if near else ""))
    return problems


def output_values(design, output, runs):
    """``output`` of each of ``runs`` (rows of the index): a /runs column in compare.py's units
    (shares in %, counts per year: indicators.indicator_values), else the number at the dotted
    path of each run's JSON summary (NaN when null or absent)."""
    if output in design.index.runs.columns:
        if output in UNITS:
            return indicator_values(runs)[output].to_numpy(dtype=float)
        return runs[output].to_numpy(dtype=float)
    values = []
    for run_id in runs["run_id"]:
        value = _lookup(_summary(design, run_id), output)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        values.append(float(value) if ok else np.nan)
    return np.asarray(values, dtype=float)


def output_unit(output):
    """The unit of an output's values, for Morris effects and plots."""
    if output in PERCENT_INDICATORS:
        return "percentage points"
    return UNITS.get(output, "")


# ---------------------------------------------------------------------------------------------
# Analysis of one output

@dataclass
class Result:
    """The sensitivity of one output of one policy: ``table`` (sobol_indices' or
    morris_effects', ranked: ST or mu* first), ``noise`` (noise_share's dict, plus
    ``noise_floor`` for Morris), and the counts behind them."""
    kind: str
    output: str
    policy: str
    table: pd.DataFrame
    noise: dict
    keys: list
    used: int           # base samples / trajectories used
    planned: int        # base samples / trajectories in the design
    runs: int           # successful runs with a value
    runs_total: int     # runs of the policy
    replications: int
    constant: bool
    unit: str = ""


def analyse(design, output, policy, resamples=RESAMPLES, confidence=CONFIDENCE,
            seed=BOOTSTRAP_SEED):
    """The sensitivity of ``output`` for ``policy``: a Result."""
    runs = design.index.runs
    runs = runs[runs["policy"] == policy]
    ok = runs[runs["status"] == "ok"]
    values = output_values(design, output, ok) if len(ok) else np.zeros(0)
    cell = ok["cell"].to_numpy(dtype=int)
    finite = np.isfinite(values)
    y = np.full(design.cells, np.nan)
    if finite.any():
        means = pd.Series(values[finite]).groupby(cell[finite]).mean()
        y[means.index.to_numpy()] = means.to_numpy()
    k = len(design.keys)
    groups = design.sample
    noise = noise_share(values, cell, groups, resamples, confidence, seed)
    if design.kind == "sobol":
        planned = int(design.sample[np.isin(design.role, (A, B, AB))].max()) + 1
        f_a, f_b, f_ab, kept = sobol_from_cells(design.role, design.sample, design.key, y, k)
        if len(kept) >= 2:
            table = sobol_indices(f_a, f_b, f_ab, design.keys, resamples, confidence, seed)
        else:
            table = pd.DataFrame({c: np.full(k, np.nan) for c in
                                  ("S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high",
                                   "interaction", "interaction_low", "interaction_high")},
                                 index=pd.Index(design.keys, name="key"))
            table.attrs.update(variance=np.nan, n=len(kept), confidence=confidence,
                               resamples=resamples)
        constant = not (table.attrs["variance"] > 0)
        table = table.sort_values("ST", ascending=False, na_position="last", kind="stable")
        used = len(kept)
    else:
        planned = len(np.unique(design.sample[design.role == TRAJECTORY]))
        effects = elementary_effects(design.role, design.sample, design.step, design.key,
                                     design.unit, y, k)
        table = morris_effects(effects, design.keys, resamples, confidence, seed)
        used = int(effects.dropna(subset=["ee"]).groupby("trajectory").size().eq(k).sum())
        constant = bool(np.nanmax(np.abs(effects["ee"].to_numpy()), initial=0.0) == 0.0) \
            or not np.isfinite(effects["ee"]).any()
        table = table.sort_values("mu_star", ascending=False, na_position="last", kind="stable")
        noise["noise_floor"] = morris_noise_floor(noise["within"], noise["mean_inverse_n"],
                                                  table.attrs.get("delta", np.nan))
    return Result(kind=design.kind, output=output, policy=policy, table=table, noise=noise,
                  keys=design.keys, used=used, planned=planned, runs=int(finite.sum()),
                  runs_total=len(runs), replications=design.replications,
                  constant=constant, unit=output_unit(output))


def _header(design, result):
    """What a result is computed from: base samples or trajectories used, runs with a value."""
    n_runs = f"{result.runs} of {result.runs_total} runs with a value"
    if design.kind == "sobol":
        base = (f"{result.used} of {result.planned} base samples used (a base sample with a "
                f"cell without a value is left out whole)")
    else:
        base = f"{result.used} of {result.planned} trajectories complete"
    return f"{base}; {n_runs}"


def _csv_rows(results):
    rows = []
    for r in results:
        for rank, row in enumerate(r.table.reset_index().to_dict("records"), 1):
            rows.append(dict(policy=r.policy, output=r.output, design=r.kind, rank=rank, **row,
                             used=r.used, planned=r.planned, replications=r.replications,
                             noise_share=r.noise["share"],
                             noise_share_low=r.noise["share_low"],
                             noise_share_high=r.noise["share_high"],
                             noise_share_of_means=r.noise["share_of_means"],
                             confidence=CONFIDENCE))
    return pd.DataFrame(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="sensitivity.py",
        description="Sobol indices or Morris effects of a 'design = sobol' or 'design = "
                    "morris' orgsim sweep, with 90% bootstrap intervals and the run-to-run "
                    "noise as its own share.")
    parser.add_argument("folder", help="the -o folder of 'orgsim sweep' (holds sweep.h5)")
    parser.add_argument("--output", action="append", metavar="KEY",
                        help="an output to rank the keys for (repeatable): a /runs column or "
                             "a dotted path in runs/<id>.json; default: "
                             + ", ".join(DEFAULT_OUTPUTS))
    parser.add_argument("--policy", help="the sweep's policy to analyse (default: each)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="the language of the plain-language lines (default en; the "
                             "tables and plots are in English)")
    parser.add_argument("--no-plots", dest="plots", action="store_false",
                        help="write no plots (default: FOLDER/plots/sensitivity_*.png)")
    parser.add_argument("--csv", metavar="FILE", help="write the ranked tables as CSV")
    args = parser.parse_args(argv)
    outputs = list(dict.fromkeys(args.output or DEFAULT_OUTPUTS))

    try:
        design = load_design(args.folder)
    except (SensitivityError, FileNotFoundError, OSError) as error:
        print(f"sensitivity.py: error: {error}", file=sys.stderr)
        return 2
    index = design.index
    problems = check_outputs(design, outputs)
    if args.policy is not None and args.policy not in index.policies:
        problems.append(f"--policy {args.policy}: not a policy of sweep {index.name!r}; "
                        f"allowed: {', '.join(index.policies)}")
    if problems:
        for problem in problems:
            print(f"sensitivity.py: error: {design.folder}: {problem}", file=sys.stderr)
        print(f"sensitivity.py: {len(problems)} problem{'s' if len(problems) != 1 else ''}; "
              f"nothing written", file=sys.stderr)
        return 2
    policies = [args.policy] if args.policy else index.policies
    try:
        results = [analyse(design, output, policy) for policy in policies
                   for output in outputs]
    except (SensitivityError, OSError, ValueError) as error:
        print(f"sensitivity.py: error: {design.folder}: {error}", file=sys.stderr)
        return 2

    k = len(design.keys)
    level = round(100 * CONFIDENCE)
    if design.kind == "sobol":
        size = (f"N = {design.samples or max(r.planned for r in results)} base samples, "
                f"{k} keys: {design.cells} cells")
        method = ("Sobol first-order S1 (Saltelli 2010) and total ST (Jansen) indices of each "
                  f"cell's mean over its replications; {level}% bootstrap percentile intervals "
                  f"over the base samples ({RESAMPLES} resamples, seed {BOOTSTRAP_SEED})")
    else:
        size = (f"r = {design.trajectories or max(r.planned for r in results)} trajectories, "
                f"{design.levels} levels, {k} keys: {design.cells} cells")
        method = ("Morris elementary effects (mu* = mean |EE|, mu, sigma) of each cell's mean "
                  f"over its replications, per whole range of each key; {level}% bootstrap "
                  f"percentile intervals of mu* over the trajectories ({RESAMPLES} resamples, "
                  f"seed {BOOTSTRAP_SEED})")
    print(f"sweep {index.name}: design {design.kind}, {size}, {design.replications} "
          f"replication{'s' if design.replications != 1 else ''} per cell; {len(index.runs)} "
          f"runs, {len(index.ok)} ok")
    print(method)
    if len(index.failed):
        print(f"left out {len(index.failed)} failed run{'s' if len(index.failed) != 1 else ''}"
              f" (a cell's value is the mean of its successful runs)")
    print("keys (range): " + "; ".join(f"{key} {lo:g}..{hi:g}" for key, lo, hi in
                                       zip(design.keys, design.low, design.high)))
    many = len(policies) > 1
    for result in results:
        unit = f" ({UNITS[result.output]})" if result.output in UNITS else ""
        print()
        print(f"== {result.output}{unit}" + (f", policy {result.policy}" if many else "")
              + " ==")
        print(_header(design, result))
        print(format_result(result))
        for line in plain_language(result, args.lang):
            print("- " + line)

    written = []
    try:
        if args.plots:
            out_dir = os.path.join(design.folder, "plots")
            os.makedirs(out_dir, exist_ok=True)
            for result in results:
                name = subject(result.output)
                title = ((f"{name[:1].upper()}{name[1:]} ({result.output})"
                          if name != result.output else result.output)
                         + (f", policy {result.policy}" if many else "")
                         + f"\n{index.name}: {design.kind}, {design.cells} cells x "
                           f"{design.replications} replication"
                           f"{'s' if design.replications != 1 else ''}")
                written.append(write_plot(result, out_dir, title,
                                          "_" + result.policy if many else ""))
        if args.csv:
            _csv_rows(results).to_csv(args.csv, index=False)
            written.append(args.csv)
    except OSError as error:
        print(f"sensitivity.py: error: cannot write {error.filename or ''}: {error}",
              file=sys.stderr)
        return 4
    if written:
        print()
        print("written: " + ", ".join(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())

