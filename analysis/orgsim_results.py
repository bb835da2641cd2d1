"""Read an orgsim run file (HDF5, layout in docs/RESULTS.md) into pandas.

Every function takes the path of a file written by ``orgsim run ... -o FILE.h5`` and returns a
pandas DataFrame (``meta`` returns a dict). Units follow the file: times in **hours** since
the start of the run (day 0 is a Monday, 00:00), money in **yuan**, NaN for a time that never
happened. Ids are 0-based rows of the agent tables, so the agent DataFrames are indexed by id
(index name ``id``) and ``orders(p).join(branches(p), on="branch", rsuffix="_branch")`` works.

HDF5 enum columns come back as pandas Categoricals whose categories are the enum's labels in
code order; 0/1 flags come back as bool; names come back as Python ``str``.

This module reads schema_version 3 only; a file of another version (an older orgsim's version
2 among them) raises ValueError saying so.

Needs h5py and pandas: on Debian use ``/usr/bin/python3`` (python3-h5py, python3-pandas).
"""

import os

import h5py
import numpy as np
import pandas as pd

SCHEMA = "orgsim-run"
SCHEMA_VERSION = 3

__all__ = [
    "orders", "branches", "quarterly", "organizations", "incubations", "declines",
    "branch_activities", "duty_shifts", "weekly", "officials", "service_points",
    "partner_units", "towns", "warnings", "meta", "SCHEMA", "SCHEMA_VERSION",
]


# --- helpers --------------------------------------------------------------------------------

class _RunFile:
    """Context manager: opens ``path`` read-only and checks that it is an orgsim run file of
    the schema version this module reads; raises ValueError (naming the path) otherwise."""

    def __init__(self, path):
        self.path = os.fspath(path)
        self.file = None

    def __enter__(self):
        if os.path.isfile(self.path) and not h5py.is_hdf5(self.path):
            raise ValueError(f"{self.path}: not an orgsim run file (not an HDF5 file)")
        self.file = h5py.File(self.path, "r")  # a missing file raises FileNotFoundError
        try:
            _check_schema(self.path, self.file)
        except BaseException:
            self.file.close()
            raise
        return self.file

    def __exit__(self, exc_type, exc, tb):
        self.file.close()
        if exc_type is KeyError:  # h5py: a group or dataset that is not in the file
            what = exc.args[0] if exc.args else exc
            raise ValueError(f"{self.path}: {what} (a table or dataset is missing: the file "
                             f"is damaged or was not written by this orgsim)") from None
        return False


def _check_schema(path, f):
    if "schema" not in f.attrs:
        raise ValueError(f"{path}: not an orgsim run file (no root attribute 'schema')")
    schema = _py(f.attrs["schema"])
    if schema != SCHEMA:
        raise ValueError(f"{path}: not an orgsim run file "
                         f"(root attribute 'schema' is {schema!r}, expected {SCHEMA!r})")
    version = _py(f.attrs.get("schema_version"))
    if version != SCHEMA_VERSION:
        older = (f"; a file of version {version} was written by an older orgsim and lacks "
                 f"what version {SCHEMA_VERSION} added (docs/RESULTS.md): run its scenario "
                 f"again with the current orgsim (the file's /config/ini reproduces it)"
                 if isinstance(version, int) and version < SCHEMA_VERSION else "")
        raise ValueError(f"{path}: unsupported orgsim run file schema_version {version!r} "
                         f"(this reader knows version {SCHEMA_VERSION}){older}")


def _py(value):
    """An HDF5 attribute value as plain Python: str, int, float, bool or a list of those."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [_py(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _categorical(codes, mapping, what):
    """Integer enum codes -> Categorical whose categories are the labels in code order."""
    by_code = sorted(mapping.items(), key=lambda kv: kv[1])
    labels = [label for label, _ in by_code]
    known = np.array([code for _, code in by_code])
    index = np.searchsorted(known, codes)
    index_clipped = np.minimum(index, len(known) - 1)
    bad = known[index_clipped] != codes
    if bad.any():
        raise ValueError(f"{what}: enum code {codes[bad][0]} has no label in {mapping}")
    return pd.Categorical.from_codes(index_clipped, categories=labels)


def _table(f, name, flags=()):
    """A 1-D compound dataset as a DataFrame: one column per field in field order, enum
    fields as Categoricals, the fields named in ``flags`` (uint8 0/1) as bool."""
    ds = f[name]
    data = ds[()]
    columns = {}
    for field in ds.dtype.names:
        values = data[field]
        mapping = h5py.check_enum_dtype(ds.dtype[field])
        if mapping is not None:
            columns[field] = _categorical(values, mapping, f"{name}.{field}")
        elif field in flags:
            columns[field] = values.astype(bool)
        else:
            columns[field] = values
    return pd.DataFrame(columns, index=pd.RangeIndex(len(data), name="id"))


def _strings(f, name):
    """A 1-D UTF-8 string dataset as a list of str."""
    return list(f[name].asstr()[()])


def _events(path, table, flags=()):
    """/events/<table>, rows in emission order (a plain RangeIndex: rows are not ids)."""
    with _RunFile(path) as f:
        df = _table(f, f"events/{table}", flags)
    df.index.name = None
    return df


def _agents(path, table, flags=()):
    """/agents/<table> with its ``name`` column (row = id)."""
    with _RunFile(path) as f:
        df = _table(f, f"agents/{table}", flags)
        df["name"] = _strings(f, f"agents/{table}_names")
    return df


# --- public API -----------------------------------------------------------------------------

def orders(path):
    """One row per order (/orders), in the order the orders were closed (sort by ``id`` for
    creation order).

    Columns: id; source, channel, kind, assignee_kind, state (Categoricals with the enum labels
    in code order); category, branch, town, assignee (int ids, assignee -1 for none);
    needs_venue, escalated, steered (bool: an online order that asked for the top-ranked
    organization); declines (int: organizations that turned it down); created_h,
    dispatched_h, started_h, finished_h, closed_h (hours since the start of the run, NaN when
    it never happened); cost_yuan (yuan); targeted, attended (people); votes, satisfied
    (votes); plus category_name (Categorical of the /lookup/categories names, code =
    category).
    """
    with _RunFile(path) as f:
        df = _table(f, "orders", flags=("needs_venue", "escalated", "steered"))
        categories = _strings(f, "lookup/categories")
    df.index.name = None  # rows are not ids here: the id is the ``id`` column
    df["category_name"] = pd.Categorical.from_codes(df["category"].to_numpy(),
                                                    categories=categories)
    return df


def branches(path):
    """/agents/branches (index = branch id): town, area, fund_payout_ratio; plus name, leader
    (the part-time leader's name) and town_name (str)."""
    with _RunFile(path) as f:
        df = _table(f, "agents/branches")
        df["name"] = _strings(f, "agents/branches_names")
        df["leader"] = _strings(f, "agents/branches_leaders")
        town_names = np.array(_strings(f, "agents/towns_names"), dtype=object)
    df["town_name"] = town_names[df["town"].to_numpy()]
    return df


def quarterly(path):
    """The quarterly inspections in long format: one row per (quarter, branch).

    Columns: quarter (1, 2, ...: numbered over the whole run, 4 a year), year (1-based: the
    year the quarter is in), branch (id); the six normalised components (orders, answered,
    activities, contacts, duty, satisfaction: names from the /quarterly/component scale);
    score (points), rank (1 = best, ties share), tier (0 = top tier), allowance_yuan (the
    branch leader's allowance for the quarter, yuan); effort (the leader's effort in the
    quarter); noise_points (the inspectors' bias plus the visit's noise, points);
    tier_without_noise, allowance_without_noise_yuan (what the branch would have had had
    every score been free of noise); youth_contacts (youths the branch contacted in the
    quarter: the raw count behind the contacts component, 1+100 联系青年).

    Where a quarter was not inspected the float columns are NaN and tier, rank,
    tier_without_noise and youth_contacts are -1.
    """
    with _RunFile(path) as f:
        q = f["quarterly"]
        quarters = q["quarter"][()]
        years = q["year"][()]
        branch_ids = q["branch"][()]
        component_names = list(q["component"].asstr()[()])
        components = q["components"][()]
        panels = {name: q[name][()] for name in _PANELS}
        tiers = len(np.atleast_1d(f["config/params"].attrs["tiers.amounts_yuan"]))
    n_q, n_b = len(quarters), len(branch_ids)
    # A damaged file must not send its readers past their arrays (a tier of 2e9 made the
    # report loop for ever): shapes and codes are checked against the file's own sizes.
    for name, panel in list(panels.items()) + [("components", components)]:
        if panel.shape[:2] != (n_q, n_b):
            raise ValueError(f"{path}: /quarterly/{name} has shape {panel.shape}, expected "
                             f"({n_q}, {n_b}, ...) quarters x branches (the file is damaged)")
    for name in ("tier", "tier_without_noise"):
        bad = (panels[name] < -1) | (panels[name] >= tiers)
        if bad.any():
            quarter, branch = np.argwhere(bad)[0]
            raise ValueError(f"{path}: /quarterly/{name} quarter {quarter + 1} branch {branch}: "
                             f"{panels[name][quarter, branch]} is not a tier (-1..{tiers - 1}; "
                             f"the file is damaged or was not written by orgsim)")
    columns = {"quarter": np.repeat(quarters, n_b), "year": np.repeat(years, n_b),
               "branch": np.tile(branch_ids, n_q)}
    for i, name in enumerate(component_names):
        columns[name] = components[:, :, i].reshape(-1)
    for name, panel in panels.items():
        columns[name] = panel.reshape(-1)
    return pd.DataFrame(columns)


# The [quarter][branch] panels of /quarterly, in the order quarterly() returns them.
_PANELS = ("score", "rank", "tier", "allowance_yuan", "effort", "noise_points",
           "tier_without_noise", "allowance_without_noise_yuan", "youth_contacts")


def organizations(path):
    """/agents/social_orgs (index = org id) plus name.

    Columns: town, alliance, staff (its staff in the run's last year; each year's is in
    incubations()); true_attraction_quality, true_satisfaction_quality (hidden from the
    incubation rule); evaluations, targeted, attended (people), votes, satisfied (the tally of
    the organization's last decided year); attraction_rate, satisfaction_rate (NaN: no rate);
    attraction_event_sum, satisfaction_event_sum, events_with_votes (what per-event pooling
    averages); decision (Categorical: incubated, denied, not_enough_data; its last decision);
    active_from_year (1-based: 1 for an organization there from the start, later for an
    entrant); name (str). Every year's decision is in incubations().
    """
    return _agents(path, "social_orgs")


def incubations(path):
    """/events/incubations: one row per (year, organization) decision, in the order they were
    made (year by year, organization by organization).

    Columns, in the file's order: year (1-based), org (id); evaluations, targeted, attended
    (people), votes, satisfied (the year's tally); attraction_rate, satisfaction_rate (NaN: no
    rate); attraction_event_sum, satisfaction_event_sum, events_with_votes (what per-event
    pooling averages); decision (Categorical: incubated, denied, not_enough_data);
    true_attraction_quality, true_satisfaction_quality (hidden from the rule);
    experienced_attraction, experienced_satisfaction (the true qualities as the public
    experienced them that year: each times the mean wait decay of its services, attraction
    weighted by people targeted, satisfaction by votes; NaN when it gave no service with a
    vote); staff (its staff during the year judged); support (Categorical: kept, shrunk,
    exited: what the decision did to the organization for the next year); staff_after (its
    staff for the next year, 0 once exited).

    Whether a decision was right is judged against the reference standard in
    ``meta(path)["params"]`` (truth.threshold, truth.combine, truth.attraction_weight,
    truth.waits: the experienced qualities when truth.waits = included and they are not NaN,
    the true ones otherwise), the same for every policy of a sweep.
    """
    return _events(path, "incubations")


def branch_activities(path):
    """/events/branch_activities: one row per activity a branch planned, in the order they
    ended (held, or given up).

    Columns: branch (id); time_h (hours: when it was held, or given up when cancelled; an
    activity that waited for a venue is held later than planned); planned_h (hours: when the
    branch's leader planned it); outcome (Categorical: held, cancelled_no_venue,
    cancelled_no_money); cost_yuan (yuan).
    """
    return _events(path, "branch_activities")


def declines(path):
    """/events/declines: one row per time an organization turned an order down
    (behaviour.organization = protective), in the order they happened.

    Columns: order_id (the ``id`` of orders()), org (id), time_h (hours), standing (the
    organization's combined running rate when it declined), expected_rate (what it expected
    the service to score).
    """
    return _events(path, "declines")


def duty_shifts(path):
    """/events/duty_shifts: one row per duty shift, in the order they were recorded.

    Columns: role (Categorical: official, org_member); person (row of officials() or of
    /agents/org_members, by role); point (service point id); start_h (hours); hours (on duty,
    0 when missed); attended (bool); covered_for (the rota member, of the same role, whose
    shift the person covered in a swap; -1 for the person's own shift).
    """
    return _events(path, "duty_shifts", flags=("attended",))


def weekly(path):
    """/weekly, one row per week of the run: week (0-based), start_h (hours), placed, answered,
    open (orders), mean_wait_h (hours, NaN: nothing started), satisfaction (rate, NaN: no
    vote)."""
    with _RunFile(path) as f:
        return _table(f, "weekly").reset_index(drop=True)


def officials(path):
    """/agents/officials (index = official id): town, shifts (assigned), shifts_missed,
    duty_h (hours on duty); plus name (str)."""
    return _agents(path, "officials")


def service_points(path):
    """/agents/service_points (index = point id): town, hours_staffed (hours), orders_taken
    (offline orders placed there); plus name (str)."""
    return _agents(path, "service_points")


def partner_units(path):
    """/agents/partner_units (index = unit id): town, alliance, staff,
    true_attraction_quality, true_satisfaction_quality; plus name (str)."""
    return _agents(path, "partner_units")


def towns(path):
    """/agents/towns (index = town id): alliance, branches, service_points (counts); plus
    name (str)."""
    return _agents(path, "towns")


def warnings(path):
    """/summary/warnings: one row per assignee kind whose queue does not settle (an empty
    DataFrame, with the same columns, when every queue settles), in the order of the kinds.

    Columns: assignee (Categorical: none, social_org, partner_unit, district_committee);
    orders (orders that ended with that kind); open_at_end (of them, still open at the run's
    end); first_half_wait_h, second_half_wait_h (hours: mean waits in the run's two halves,
    NaN when none); backlog, wait_growth (bool: which test failed: more than
    warnings.backlog_share of the orders open at the end; the second half's mean wait above
    warnings.wait_growth_ratio times the first half's); message (str: the warning as the
    summary prints it, from /summary/warning_messages, same rows).
    """
    with _RunFile(path) as f:
        df = _table(f, "summary/warnings", flags=("backlog", "wait_growth"))
        messages = _strings(f, "summary/warning_messages")
    if len(messages) != len(df):
        raise ValueError(f"{os.fspath(path)}: /summary/warning_messages has {len(messages)} "
                         f"rows, /summary/warnings {len(df)}")
    df.index.name = None
    df["message"] = pd.Series(messages, index=df.index, dtype=object)
    return df


def meta(path):
    """The run's provenance as a dict: every root attribute (schema, schema_version,
    software_version, git_commit, created_utc, seed, years, scenario_name, scenario_source,
    fingerprint, simgrid_version, hdf5_version, wall_seconds [seconds]) as str/int/float,
    plus ``params`` (dict key -> value of /config/params; lists for arrays: among them the
    reference standard truth.threshold, truth.combine, truth.attraction_weight, truth.waits,
    the warnings' thresholds warnings.*, and demand.category_labels_zh, the categories'
    Chinese labels in category order, empty when the scenario gives none) and ``ini`` (the
    effective scenario as INI text, str: ``orgsim run`` on it reproduces the run)."""
    with _RunFile(path) as f:
        result = {key: _py(value) for key, value in f.attrs.items()}
        result["params"] = {key: _py(value) for key, value in f["config/params"].attrs.items()}
        result["ini"] = f["config/ini"].asstr()[()]
    return result
