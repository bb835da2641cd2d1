"""The headline indicators a sweep's policies are compared on: each one's better direction and
unit, in the order they are reported; their values in those units (indicator_values); and the
columns of the comparison table that holds them (compare.paired_comparison), with how to read
a table's grid keys and labels back.

The units (shares in %, counts per year, stocks at the run's end) are explained under
"Units" in compare.py's docstring, with the directions and the errors against the standard.

Use Debian's /usr/bin/python3 (pandas).
"""

import pandas as pd

# Units of the table (the ``unit`` column).
PER_YEAR, PERCENT, HOURS, AT_END = "per year", "%", "h", "at the run's end"
YUAN_PER_YEAR, HOURS_PER_YEAR = "yuan per year", "h per official per year"
LEADERS, EFFORT, PER_RUN = "leaders per quarter", "effort (1 = normal)", "per run"

# The headline indicators of the index, in the order they are reported: (column, better
# direction, unit). Directions: "higher", "lower", or "n/a" (no better direction).
_SPEC = [
    # the year-end decisions: more or fewer is a trade-off, not an improvement
    ("incubated", "n/a", PER_YEAR),
    ("denied", "n/a", PER_YEAR),
    ("incubation_rate", "n/a", PERCENT),
    # against the one fixed reference standard of the sweep ([truth])
    ("good_denied", "lower", PER_YEAR),
    ("good_denied_share", "lower", PERCENT),
    ("below_standard_incubated", "lower", PER_YEAR),
    ("below_standard_incubated_share", "lower", PERCENT),
    ("not_enough_data", "lower", PER_YEAR),
    ("good_not_enough_data", "lower", PER_YEAR),
    # against each policy's own rule
    ("own_rule_wrongly_denied_share", "lower", PERCENT),
    ("own_rule_wrongly_incubated_share", "lower", PERCENT),
    # orders and queues
    ("mean_response_h", "lower", HOURS),
    ("mean_wait_incl_open_h", "lower", HOURS),
    ("still_waiting_at_end", "lower", AT_END),
    ("backlog_total", "lower", AT_END),
    ("backlog_committee", "lower", AT_END),
    ("escalated", "lower", PER_YEAR),
    ("answered_on_time_share", "higher", PERCENT),
    ("satisfaction_rate", "higher", PERCENT),
    ("declined_orders", "lower", PER_YEAR),
    ("special_left_to_committee_share", "lower", PERCENT),
    # branches and their leaders
    ("activities_held", "higher", PER_YEAR),
    ("activities_cancelled", "lower", PER_YEAR),
    ("youth_contacts", "higher", PER_YEAR),
    ("leaders_gave_up", "lower", LEADERS),
    ("leader_effort_mean", "higher", EFFORT),
    ("tier_noise_share", "lower", PERCENT),
    # money and time: choices, not improvements
    ("allowance_total_yuan", "n/a", YUAN_PER_YEAR),
    ("official_duty_h_mean", "n/a", HOURS_PER_YEAR),
    ("warnings", "lower", PER_RUN),
]
INDICATORS = {name: better for name, better, _ in _SPEC}
# The index's other numbers of a run, read as context and never compared: the run's years (the
# per-year indicators are divided by them), its orders, and its wall-clock time.
CONTEXT_COLUMNS = ("years", "orders_total", "wall_seconds")
UNITS = {name: unit for name, _, unit in _SPEC}
# Divided by the run's years; shares are multiplied by 100.
PER_YEAR_INDICATORS = frozenset(n for n, _, u in _SPEC if u in (PER_YEAR, YUAN_PER_YEAR,
                                                                  HOURS_PER_YEAR))
PERCENT_INDICATORS = frozenset(n for n, _, u in _SPEC if u == PERCENT)

# The columns of the comparison table, one row per point and indicator (paired_comparison);
# the grid keys, one column each, come after "label".
COLUMNS = ["point", "policy", "label", "indicator", "unit", "per_year", "better",
           "policy_mean", "baseline_mean", "mean_difference", "sd_difference", "ci_low",
           "ci_high", "n", "p_better", "p_worse", "identical", "significant"]


def indicator_values(runs):
    """The indicators of ``runs`` (rows of SweepIndex.runs) in the table's units: counts of the
    whole run divided by the run's ``years`` (PER_YEAR_INDICATORS), shares times 100
    (PERCENT_INDICATORS), the others as they are. incubation_rate (the index's incubated over
    the run divided by the organizations) is divided by the years too: the share of the
    organizations incubated in a year."""
    out = runs.copy()
    years = out["years"].astype(float) if "years" in out else pd.Series(1.0, index=out.index)
    years = years.where(years > 0, 1.0)
    for name in INDICATORS:
        values = out[name].astype(float)
        if name in PER_YEAR_INDICATORS or name == "incubation_rate":
            values = values / years
        if name in PERCENT_INDICATORS:
            values = values * 100.0
        out[name] = values
    return out


def table_grid_keys(table):
    """The grid keys of a comparison table: its columns that are not COLUMNS."""
    return [c for c in table.columns if c not in COLUMNS]


def table_labels(table, labels):
    """policy -> label: ``labels`` when given, else the table's (its attrs, its label column)."""
    if labels is not None:
        return labels
    found = dict(table.attrs.get("labels", {}))
    if "label" in table.columns:
        for policy, label in zip(table["policy"], table["label"]):
            found.setdefault(policy, label)
    return found
