"""Reading an orgsim sweep folder: its index (FOLDER/sweep.h5) as a SweepIndex, its points and
how people read their names, and what its run files say about the whole sweep (parameters, the
reference standard).

FOLDER is what ``orgsim sweep SWEEP.ini -o FOLDER`` wrote (docs/SWEEPS.md): ``sweep.h5``, the
index with one row per run (schema_version 3), and ``runs/<run_id>.h5``, the run files
(docs/RESULTS.md). A *point* is a policy at one cell of the sweep's grid (the ``[vary]`` keys;
without a grid a point is just a policy): its id is ``policy [key=value, ...]``
(point_label), shown to people as ``label (name) [key=value, ...]`` (display_name).

Importable (compare.py re-exports the public names): ``CompareError``, ``SweepIndex``,
``load_index(folder)``, ``as_index(index_or_folder)``, ``check_baseline(index, baseline)``,
``point_label(policy, grid_values)``, ``display_name(policy, labels, grid_values, language)``,
``points_in_order(index)``, ``grid_cell(index, runs)``, ``baseline_runs(ok, baseline, keys,
cell)``, ``run_params(index, run)``, ``reference_standard(index)``.

Use Debian's /usr/bin/python3 (h5py, pandas).
"""

import os
import unicodedata
from dataclasses import dataclass, field

import h5py
import pandas as pd

import orgsim_results  # the run-file reader, next to this file

SCHEMA = "orgsim-sweep"
SCHEMA_VERSION = 3
# The /runs columns orgsim declares (orgsim_results.DECLARED, from run_file_schema.json): every
# index read is checked to hold them.
DECLARED_RUNS = orgsim_results.DECLARED["sweep_index"]["runs"]


class CompareError(ValueError):
    """The folder is not a usable orgsim sweep, or the baseline is not one of its policies."""


@dataclass
class SweepIndex:
    """A sweep's index (FOLDER/sweep.h5).

    ``runs``: one row per run (every run, ok or failed) with run_id, policy, file (relative to
    the folder), fingerprint, error, one column per grid key (int64 or float64 when its values
    are numbers, else str: grid_values), replication, seed, the headline indicators as the
    index holds them (float64: counts over the whole run, shares as fractions, times in hours),
    years, status (Categorical: "ok" or "failed") and point (the policy with its grid values,
    e.g. ``three-tiers [inspection.visit_noise_sd=3]``). ``labels``: each policy's label
    (``/policy_labels``; the policy's name when it has none).
    """
    folder: str
    name: str
    grid_keys: list
    policies: list
    runs: pd.DataFrame
    attrs: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)

    @property
    def ok(self):
        """The runs that succeeded."""
        return self.runs[self.runs["status"] == "ok"]

    @property
    def failed(self):
        """The runs that failed (left out of every comparison)."""
        return self.runs[self.runs["status"] != "ok"]

    def run_path(self, row):
        """The path of a run's file (``row`` is a row of ``runs``)."""
        return os.path.join(self.folder, row["file"])

    def label(self, policy):
        """The policy's label, or its name when it has none."""
        return self.labels.get(policy) or policy

    def display(self, point, language="en"):
        """A point as people read it: ``label (name) [grid]`` (see display_name)."""
        runs = self.runs[self.runs["point"] == point]
        if not len(runs):
            return point
        first = runs.iloc[0]
        return display_name(first["policy"], self.labels,
                            [(k, first[k]) for k in self.grid_keys], language)


# An HDF5 value as plain Python (str, int, float, list): the run-file reader's helper.
_py = orgsim_results._py


def point_label(policy, grid_values):
    """``policy`` or ``policy [key=value, ...]`` for a sweep with a grid (the point's id)."""
    if not grid_values:
        return policy
    return policy + " [" + ", ".join(f"{k}={v}" for k, v in grid_values) + "]"


def display_width(text):
    """Columns a text takes in a terminal (CJK characters take two), to align tables."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def display_name(policy, labels=None, grid_values=(), language="en"):
    """How a policy (at a grid cell) is shown: when the sweep file gave it a label, in English
    the label followed by its name in brackets (``门槛75% (threshold-0.75)``), in Chinese the
    label alone (``门槛75%``: Chinese lines carry no English policy names); else its name; then
    the grid values, as in the point's id."""
    label = (labels or {}).get(policy) or policy
    if label == policy or language == "zh":
        name = label
    else:
        name = f"{label} ({policy})"
    return point_label(name, list(grid_values))


def load_index(folder):
    """Reads FOLDER/sweep.h5 into a SweepIndex (strings decoded to str, grid values as numbers
    where they are numbers, status a Categorical of "ok" and
    "failed"). Raises FileNotFoundError when the folder or the index is missing and
    CompareError when the file is not an orgsim sweep index of schema version 3."""
    folder = os.fspath(folder)
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"{folder}: no such folder (expected the -o folder of "
                                f"'orgsim sweep')")
    path = os.path.join(folder, "sweep.h5")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no sweep index in this folder (is it the -o folder "
                                f"of 'orgsim sweep', and did the sweep finish?)")
    if not h5py.is_hdf5(path):
        raise CompareError(f"{path}: not an orgsim sweep index (not an HDF5 file)")
    with h5py.File(path, "r") as f:
        attrs = {key: _py(value) for key, value in f.attrs.items()}
        schema = attrs.get("schema")
        if schema != SCHEMA:
            raise CompareError(f"{path}: not an orgsim sweep index (root attribute 'schema' is "
                               f"{schema!r}, expected {SCHEMA!r})")
        version = attrs.get("schema_version")
        if version != SCHEMA_VERSION:
            raise CompareError(f"{path}: unsupported orgsim sweep schema_version {version!r} "
                               f"(this script reads version {SCHEMA_VERSION}; re-make the "
                               f"sweep with the current orgsim)")
        if "runs" not in f:
            raise CompareError(f"{path}: no /runs table")
        ds = f["runs"]
        data = ds[()]
        status_map = h5py.check_enum_dtype(ds.dtype["status"]) or {"ok": 0, "failed": 1}
        status_label = {code: label for label, code in status_map.items()}
        columns = {}
        for name in ds.dtype.names:
            values = data[name]
            if name == "status":
                labels_ = [status_label.get(int(v), f"code {int(v)}") for v in values]
                known = [status_label[code] for code in sorted(status_label)]
                columns[name] = pd.Categorical(
                    labels_, categories=known + sorted(set(labels_) - set(known)))
            elif values.dtype.kind in "OSU":
                columns[name] = [_py(v) for v in values]
            else:
                columns[name] = values
        runs = pd.DataFrame(columns)
        if "policies" in f:
            policies = [_py(p) for p in f["policies"][()]]
        else:
            policies = list(dict.fromkeys(runs["policy"]))
        labels = {}
        if "policy_labels" in f:
            for policy, label in zip(policies, [_py(x) for x in f["policy_labels"][()]]):
                labels[policy] = label or policy
    declared = DECLARED_RUNS["text_columns"] + DECLARED_RUNS["integer_columns"] + \
        [c["name"] for c in DECLARED_RUNS["indicators"]] + [DECLARED_RUNS["status"]["name"]]
    missing = [name for name in declared if name not in runs.columns]
    if missing:
        raise CompareError(f"{path}: column(s) {missing} missing from /runs (the index is "
                           f"damaged or was not written by this orgsim)")
    grid_keys = attrs.get("grid_keys") or []
    if isinstance(grid_keys, str):
        grid_keys = [grid_keys]
    missing = [k for k in grid_keys if k not in runs.columns]
    if missing:
        raise CompareError(f"{path}: grid key column(s) {missing} missing from /runs")
    for key in grid_keys:
        runs[key] = grid_values(runs[key])
    runs["point"] = [point_label(row["policy"], [(k, row[k]) for k in grid_keys])
                     for _, row in runs.iterrows()]
    labels = {p: labels.get(p) or p for p in policies}
    return SweepIndex(folder=folder, name=str(attrs.get("name", "")), grid_keys=list(grid_keys),
                      policies=policies, runs=runs, attrs=attrs, labels=labels)


def grid_values(texts):
    """A grid key's column of /runs (the values as text, as the index holds them) as numbers:
    int64 when every value is an integer, float64 when every value is a number, else the text
    unchanged (a list such as ``0.3, 0.4, 0.3``, a choice such as ``mean``)."""
    for kind in (int, float):
        try:
            return pd.Series([kind(v) for v in texts], index=texts.index, name=texts.name)
        except ValueError:
            continue
    return texts


def as_index(index):
    """``index`` as it is when it is a SweepIndex, else the folder's (load_index)."""
    return index if isinstance(index, SweepIndex) else load_index(index)


def require_run_files(index, tool):
    """Raises CompareError unless the sweep kept its run files: a sweep run with
    ``--keep summary`` has only the runs' JSON summaries, and ``tool`` reads run files."""
    if index.attrs.get("keep") == "summary":
        raise CompareError(f"{index.folder}: this sweep kept only the runs' summaries (orgsim "
                           f"sweep --keep summary); {tool} reads the run files: run the sweep "
                           f"again with --keep all (the default)")


def verify_run_files(index):
    """Raises CompareError unless every successful run's file is the run the index recorded:
    its fingerprint and seed must be the index's (a run file copied from another sweep, or
    left by another version of this one, would otherwise be read as this run)."""
    for _, run in index.ok.iterrows():
        path = index.run_path(run)
        try:
            with h5py.File(path, "r") as f:
                fingerprint = _py(f.attrs.get("fingerprint"))
                seed = _py(f.attrs.get("seed"))
        except OSError as error:
            raise CompareError(f"{path}: cannot read the run file of run {run['run_id']}: "
                               f"{error}") from None
        if fingerprint != run["fingerprint"] or seed != int(run["seed"]):
            raise CompareError(f"{path}: not the run {run['run_id']} that {index.folder}/sweep.h5 "
                               f"recorded (fingerprint {fingerprint}, seed {seed}; the index "
                               f"has {run['fingerprint']}, {run['seed']}): run the sweep again")


def check_baseline(index, baseline):
    """Raises CompareError unless ``baseline`` is a policy of the sweep with a successful run."""
    if baseline not in index.policies:
        raise CompareError(f"baseline {baseline!r} is not a policy of sweep {index.name!r}; "
                           f"its policies are: {', '.join(index.policies)}")
    if not (index.ok["policy"] == baseline).any():
        raise CompareError(f"baseline {baseline!r} has no successful run in sweep "
                           f"{index.name!r}: nothing to compare with")


def points_in_order(index):
    """The points that have a successful run, in the sweep's order."""
    return list(dict.fromkeys(index.ok["point"]))


def grid_cell(index, runs):
    """The grid values of ``runs`` (rows of one point): key -> value, empty without a grid."""
    keys = index.grid_keys
    return runs[keys].iloc[0] if keys else pd.Series(dtype=object)


def baseline_runs(ok, baseline, keys, cell):
    """The rows of ``ok`` of the baseline policy at the grid cell ``cell``."""
    base = ok[ok["policy"] == baseline]
    for key in keys:
        base = base[base[key] == cell[key]]
    return base


def run_params(index, run):
    """/config/params of a run (cached on the index)."""
    cache = index.__dict__.setdefault("_params_cache", {})
    path = index.run_path(run)
    if path not in cache:
        cache[path] = orgsim_results.meta(path)["params"]
    return cache[path]


def reference_standard(index):
    """The sweep's reference standard ([truth], the same for every run) from the first
    successful run's /config/params: dict threshold, combine, attraction_weight, waits; None
    when there is no successful run or its file has no truth.* parameters."""
    index = as_index(index)
    for _, run in index.ok.iterrows():
        params = run_params(index, run)
        if "truth.threshold" not in params:
            return None
        return {"threshold": float(params["truth.threshold"]),
                "combine": str(params.get("truth.combine", "both")),
                "attraction_weight": float(params.get("truth.attraction_weight", 0.5)),
                "waits": str(params.get("truth.waits", "excluded"))}
    return None
