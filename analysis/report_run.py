"""The report of one run file: its numbers, plots and sections.

``load(path)`` reads everything the report needs through orgsim_results (so a file that is not
an orgsim run raises ValueError, a missing one FileNotFoundError, an unreadable one OSError);
``figures_of(data)`` computes the key figures (plain numbers, also what the tests check
against ``orgsim summary FILE --json``); ``build(data, t, cjk)`` returns the page's title,
subtitle, sections and the warnings box for the top of the page. Every number and plot comes
from the file.

Incubation decisions are judged against the run's reference standard (/config/params truth.*),
the same for every policy of a sweep, and beside it against the policy's own rule applied to
the true qualities, as the summary does (docs/RESULTS.md).
"""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

import orgsim_results
import report_fonts
import report_html as h
import report_replay
from report_flow import draw_alluvial

HOURS_PER_WEEK = 168.0
ROUNDING_SLACK = 1e-12  # as sim/core/two_rates.cpp: "at least the threshold" passes

SOURCE_COLOURS = ["#c0392b", "#2980b9", "#e67e22"]
ASSIGNEE_COLOURS = ["#95a5a6", "#27ae60", "#8e44ad", "#a0522d"]
STATE_COLOURS = ["#27ae60", "#7f8c8d", "#d35400", "#c0392b", "#2c3e50"]
KIND_COLOURS = ["#16a085", "#f39c12", "#8e44ad"]
DECISION_COLOURS = {"incubated": "#27ae60", "denied": "#c0392b",
                    "not_enough_data": "#7f8c8d"}
ACTIVITY_COLOURS = {"held": "#27ae60", "cancelled_no_venue": "#e67e22",
                    "cancelled_no_money": "#c0392b"}
# The assignee kinds whose queues the summary judges (orders.queues), in its order.
QUEUE_KINDS = ("social_org", "partner_unit", "district_committee")
EFFORT_SLACK = 1e-9  # as sim/results/summary_sink.cpp: a leader at the floor holds effort_min


@dataclass
class RunData:
    path: str
    orders: pd.DataFrame
    weekly: pd.DataFrame
    organizations: pd.DataFrame
    quarterly: pd.DataFrame
    officials: pd.DataFrame
    towns: pd.DataFrame
    meta: dict
    incubations: pd.DataFrame  # every year's decisions
    activities: pd.DataFrame   # the branches' own activities
    warnings: pd.DataFrame     # queues that do not settle (/summary/warnings)

    @property
    def params(self):
        return self.meta["params"]

    def param(self, key, default):
        return self.params.get(key, default)


def load(path):
    """Every table the report uses, from the run file at ``path``."""
    path = str(path)
    meta = orgsim_results.meta(path)  # checks the schema first
    return RunData(path=path, orders=orgsim_results.orders(path),
                   weekly=orgsim_results.weekly(path),
                   organizations=orgsim_results.organizations(path),
                   quarterly=orgsim_results.quarterly(path),
                   officials=orgsim_results.officials(path),
                   towns=orgsim_results.towns(path), meta=meta,
                   incubations=orgsim_results.incubations(path),
                   activities=orgsim_results.branch_activities(path),
                   warnings=orgsim_results.warnings(path))


# --- numbers ---------------------------------------------------------------------------------

def _counts(column):
    """Counts per category, every category of the Categorical in code order (zeros too)."""
    return column.value_counts(sort=False).reindex(column.cat.categories, fill_value=0)


def _describe(values):
    values = np.sort(np.asarray(values, dtype=float))
    if len(values) == 0:
        return {"count": 0, "mean": 0.0, "median": 0.0, "p90": 0.0, "min": 0.0, "max": 0.0}
    return {"count": int(len(values)), "mean": float(values.mean()),
            "median": float(np.quantile(values, 0.5)), "p90": float(np.quantile(values, 0.9)),
            "min": float(values[0]), "max": float(values[-1])}


def combined_rate(attraction, satisfaction, combine, weight):
    """The number the incubation rule compares with the threshold (sim/core/two_rates.hpp):
    both -> the lower rate, mean -> their mean, weighted -> w*a + (1-w)*s."""
    a, s = np.asarray(attraction, dtype=float), np.asarray(satisfaction, dtype=float)
    if combine == "both":
        return np.minimum(a, s)
    if combine == "mean":
        return (a + s) / 2
    return weight * a + (1 - weight) * s


def rule_of(data):
    return {"threshold": float(data.param("incubation.threshold", 0.8)),
            "combine": str(data.param("incubation.combine", "both")),
            "weight": float(data.param("incubation.attraction_weight", 0.5)),
            "min_evaluations": int(data.param("incubation.min_evaluations", 1)),
            "estimator": str(data.param("incubation.estimator", "raw")),
            "pooling": str(data.param("incubation.pooling", "pooled"))}


def standard_of(data):
    """The reference standard ([truth]): the one yardstick every policy's decisions are judged
    against."""
    return {"threshold": float(data.param("truth.threshold", 0.8)),
            "combine": str(data.param("truth.combine", "both")),
            "weight": float(data.param("truth.attraction_weight", 0.5)),
            "waits": str(data.param("truth.waits", "excluded"))}


def meets_standard(data, decisions):
    """Per decision (rows of the incubations table): whether the organization was good by the
    reference standard: its true qualities, or with truth.waits = included those its public
    experienced (when it had any; NaN: no service with a vote, and the true ones count)."""
    standard = standard_of(data)
    a = decisions["true_attraction_quality"].to_numpy(float)
    s = decisions["true_satisfaction_quality"].to_numpy(float)
    if standard["waits"] == "included":
        ea = decisions["experienced_attraction"].to_numpy(float)
        es = decisions["experienced_satisfaction"].to_numpy(float)
        felt = ~np.isnan(ea) & ~np.isnan(es)
        a, s = np.where(felt, ea, a), np.where(felt, es, s)
    combined = combined_rate(a, s, standard["combine"], standard["weight"])
    return pd.Series(combined >= standard["threshold"] - ROUNDING_SLACK, index=decisions.index)


def own_rule_good(data, decisions):
    """Per decision: whether the policy's own rule passes the organization's true qualities
    (moves with the policy: a lower threshold calls more organizations good)."""
    rule = rule_of(data)
    combined = combined_rate(decisions["true_attraction_quality"],
                             decisions["true_satisfaction_quality"], rule["combine"],
                             rule["weight"])
    return pd.Series(combined >= rule["threshold"] - ROUNDING_SLACK, index=decisions.index)


def _share(part, whole):
    return part / whole if whole > 0 else 0.0


def incubation_counts(data):
    """Every year's decisions against the reference standard and the policy's own rule, keyed
    as the summary's incubation object (totals over the years)."""
    d = data.incubations
    decision = d["decision"].astype(str)
    incubated, denied = decision == "incubated", decision == "denied"
    undecided = decision == "not_enough_data"
    good, own = meets_standard(data, d), own_rule_good(data, d)
    meets, below = int(good.sum()), int((~good).sum())
    good_denied, below_incubated = int((good & denied).sum()), int((~good & incubated).sum())
    return {
        "organizations": int(len(data.organizations)),
        "decisions": int(len(d)),
        "incubated": int(incubated.sum()), "denied": int(denied.sum()),
        "not_enough_data": int(undecided.sum()),
        "meets_standard": meets, "good_denied": good_denied,
        "good_denied_share": _share(good_denied, meets),
        "good_not_enough_data": int((good & undecided).sum()),
        "below_standard": below, "below_standard_incubated": below_incubated,
        "below_standard_incubated_share": _share(below_incubated, below),
        "own_rule": {"good": int(own.sum()), "wrongly_denied": int((own & denied).sum()),
                     "wrongly_incubated": int((~own & incubated).sum())},
    }


def horizon_h(data):
    """The run's end: run.days x run.years days, in hours."""
    return float(data.param("run.days", 365)) * int(data.param("run.years", 1)) * 24.0


def queue_of(data, kind):
    """An assignee kind's queue as the summary's orders.queues.KIND: its orders, those still
    open at the run's end, and the mean wait of the orders it started in each half of the run
    (by start time; NaN when none)."""
    o = data.orders
    mine = o[o["assignee_kind"] == kind]
    started = mine[mine["started_h"].notna()]
    wait = started["started_h"] - started["created_h"]
    first = (started["started_h"] < horizon_h(data) / 2).to_numpy()
    mean = lambda w: float(w.mean()) if len(w) else math.nan  # noqa: E731
    return {"orders": int(len(mine)),
            "open_at_end": int((mine["state"] == "open_at_year_end").sum()),
            "wait_first_half_h": mean(wait[first]), "wait_second_half_h": mean(wait[~first])}


def category_labels(data, t):
    """The service categories' names in the report's language, in category order: in Chinese
    their labels (demand.category_labels_zh) when the scenario gives them."""
    names = list(data.orders["category_name"].cat.categories)
    labels = data.param("demand.category_labels_zh", [])
    if isinstance(labels, str):  # a single label is read back as a plain string
        labels = [labels] if labels else []
    if t.lang == "zh" and len(labels) == len(names):
        return [str(label) for label in labels]
    return [name.replace("_", " ") for name in names]


def tier_panel(data):
    """tier as an int array [quarter][branch] (quarters in order) and the quarter numbers."""
    q = data.quarterly
    panel = q.pivot(index="quarter", columns="branch", values="tier").sort_index()
    return panel.to_numpy(dtype=int), [int(x) for x in panel.index]


def n_tiers(data, tiers):
    amounts = data.param("tiers.amounts_yuan", None)
    known = len(amounts) if isinstance(amounts, list) else 0
    return max(known, int(tiers.max()) + 1 if tiers.size else 0)


def activities_by_quarter(data):
    """Per quarter of the run (1, 2, ...): activities held and cancelled (in the quarter they
    were held or given up), youths contacted, and the leaders at the effort floor (adaptive or
    tournament leaders at behaviour.effort_min; 0 under fixed leaders)."""
    q = data.quarterly
    quarters = sorted(int(x) for x in q["quarter"].unique())
    quarter_h = float(data.param("run.days", 365)) * 24.0 / 4
    a = data.activities
    index = np.clip(np.floor(a["time_h"].to_numpy(float) / quarter_h).astype(int), 0,
                    max(len(quarters) - 1, 0)) + 1
    inspected = q[q["tier"] >= 0]
    contacts = inspected.groupby("quarter")["youth_contacts"].sum()
    responds = str(data.param("behaviour.leader", "fixed")) != "fixed"
    floor = float(data.param("behaviour.effort_min", 0.0))
    at_floor = inspected[inspected["effort"] <= floor + EFFORT_SLACK].groupby("quarter").size()
    rows = []
    for quarter in quarters:
        outcome = a["outcome"][index == quarter].astype(str)
        row = {"quarter": quarter}
        for value in ACTIVITY_COLOURS:
            row[value] = int((outcome == value).sum())
        row["youth_contacts"] = int(contacts.get(quarter, 0))
        row["leaders_at_floor"] = int(at_floor.get(quarter, 0)) if responds else 0
        rows.append(row)
    return rows


def figures_of(data):
    """The report's key figures as plain Python numbers (dicts keyed as orgsim's JSON
    summary where it has the same number)."""
    o = data.orders
    deadline = float(data.param("dispatch.answer_deadline_h", 168.0))
    started = o["started_h"].notna()
    waits = (o["started_h"] - o["created_h"])[started]
    # An order still waiting at the run's end waited at least until the end (censored there).
    still_waiting = ~started & (o["state"] == "open_at_year_end")
    waits_incl_open = np.concatenate([waits.to_numpy(float),
                                      horizon_h(data) - o.loc[still_waiting, "created_h"]
                                      .to_numpy(float)])
    served = o["state"] == "served"
    on_time = int((waits <= deadline).sum())
    escalated = int(o["escalated"].sum())
    came_due = on_time + escalated
    s = o[served]
    targeted, votes = int(s["targeted"].sum()), int(s["votes"].sum())
    tiers, quarters = tier_panel(data)
    by_quarter = activities_by_quarter(data)
    allowance = data.quarterly.groupby("quarter")["allowance_yuan"].sum().sort_index()
    k = n_tiers(data, tiers)
    return {
        "orders": {
            "total": int(len(o)),
            "by_state": {str(c): int(n) for c, n in _counts(o["state"]).items()},
            "by_source": {str(c): int(n) for c, n in _counts(o["source"]).items()},
            "by_channel": {str(c): int(n) for c, n in _counts(o["channel"]).items()},
            "by_kind": {str(c): int(n) for c, n in _counts(o["kind"]).items()},
            "escalated": escalated,
            "answered_on_time_share": on_time / came_due if came_due else 1.0,
            "wait_h": _describe(waits),
            "response_h": _describe((s["finished_h"] - s["created_h"])),
            "wait_incl_open_h": {**_describe(waits_incl_open),
                                 "still_waiting_at_end": int(still_waiting.sum())},
            "attraction_rate": int(s["attended"].sum()) / targeted if targeted else 0.0,
            "satisfaction_rate": int(s["satisfied"].sum()) / votes if votes else 0.0,
            "by_category": {str(c): int(n) for c, n in _counts(o["category_name"]).items()},
            "queues": {kind: queue_of(data, kind) for kind in QUEUE_KINDS},
        },
        "incubation": incubation_counts(data),
        "activities": {**{key: sum(r[key] for r in by_quarter)
                          for key in (*ACTIVITY_COLOURS, "youth_contacts")},
                       "by_quarter": by_quarter},
        "behaviour": {"leaders_at_floor": [r["leaders_at_floor"] for r in by_quarter]},
        "tiers": [{"quarter": quarter,
                   "branches_per_tier": [int(n) for n in np.bincount(tiers[i], minlength=k)],
                   "allowance_yuan": float(allowance.loc[quarter])}
                  for i, quarter in enumerate(quarters)],
        "allowance_total_yuan": float(data.quarterly["allowance_yuan"].sum()),
        "duty": {
            "official_hours": _describe(data.officials["duty_h"]),
            "official_shifts": int(data.officials["shifts"].sum()),
            "official_shifts_missed": int(data.officials["shifts_missed"].sum()),
        },
        "deadline_h": deadline,
    }


# --- formatting ------------------------------------------------------------------------------

def fmt_int(n):
    return f"{int(n):,}"


def fmt_share(x):
    return f"{100 * x:.1f}%"


def fmt_rate(x):
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def fmt_hours(x):
    return f"{x:,.1f}"


def fmt_hours_or_dash(x):
    return "—" if x is None or math.isnan(x) else fmt_hours(x)


def fmt_yuan(x):
    return f"{x:,.0f}"


def _num(text, key=None, value=None):
    return h.Cell(text, key=key, value=value, numeric=True)


# --- the sections ----------------------------------------------------------------------------

def district_name(data):
    """The district's own name (district.name, e.g. 瓯海区), else the scenario's name."""
    return str(data.param("district.name", "") or data.meta.get("scenario_name", ""))


def noise_by_quarter(data):
    """Per inspected quarter: branches inspected, those whose tier the inspectors' error
    changed (tier != tier_without_noise), the allowance it moved (the sum of max(0, allowance
    - allowance without noise), as the summary's tier_noise) and the share of the scores'
    variance that is the error's (var(noise_points) / var(score): the luck in the ranking)."""
    q = data.quarterly
    q = q[q["tier"] >= 0]
    rows = []
    for quarter, g in q.groupby("quarter", sort=True):
        moved = (g["allowance_yuan"] - g["allowance_without_noise_yuan"]).clip(lower=0).sum()
        score_var = float(g["score"].var(ddof=0)) if len(g) > 1 else 0.0
        luck = float(g["noise_points"].var(ddof=0)) / score_var if score_var > 0 else 0.0
        rows.append({"quarter": int(quarter), "branches": int(len(g)),
                     "changed": int((g["tier"] != g["tier_without_noise"]).sum()),
                     "allowance_moved_yuan": float(moved), "luck_share": min(luck, 1.0)})
    return rows


def build(data, t, cjk):
    """(title, subtitle, sections, alerts) of the run's report: ``alerts`` is the HTML of the
    warnings box for the top of the page ("" when every queue settles). ``cjk``: whether the
    plots may hold Chinese names (a CJK font is installed)."""
    f = figures_of(data)
    m = data.meta
    title = t("page.title.run", district=district_name(data))
    start = orgsim_results.start_date(data.params)
    subtitle = t("page.subtitle.run", scenario=m.get("scenario_name", ""),
                 seed=m.get("seed", ""), days=data.param("run.days", ""),
                 start=t("page.start_date", y=start.year, m=start.month, d=start.day)
                 if start else "",
                 years=data.param("run.years", ""),
                 scale=data.param("district.scale", ""), path=data.path)
    sections = [
        ("overview", t("sec.overview"), _overview(data, f, t)),
        ("dispatch", t("sec.dispatch"), _dispatch(data, t, f)),
        ("organizations", t("sec.organizations"), _organizations(data, f, t)),
        ("tiers", t("sec.tiers"), _tiers(data, f, t)),
        ("noise", t("sec.noise"), _noise(data, t)),
        ("replay", t("sec.replay"), report_replay.section_parts(
            data, t, rule_of(data), n_tiers(data, tier_panel(data)[0]))),
        ("activities", t("sec.activities"), _activities(data, f, t)),
        ("duty", t("sec.duty"), _duty(data, f, t, cjk)),
        ("provenance", t("sec.provenance"), _provenance(data, t)),
    ]
    return title, subtitle, [(i, heading, h.section(i, heading, parts))
                             for i, heading, parts in sections], warnings_box(data.warnings, t)


def warning_text(w, t):
    """One row of /summary/warnings (a queue that does not settle) in the report's language:
    the assignee kind, its backlog and/or the growth of its waits."""
    what = []
    if w["backlog"]:
        what.append(t("warnings.backlog", open=fmt_int(w["open_at_end"]),
                      orders=fmt_int(w["orders"]),
                      share=f"{100 * w['open_at_end'] / w['orders']:.0f}%"))
    if w["wait_growth"]:
        what.append(t("warnings.growth", first=f"{w['first_half_wait_h']:,.0f}",
                      second=f"{w['second_half_wait_h']:,.0f}"))
    return t("warnings.item", assignee=t.label("assignee", str(w["assignee"])),
             what=t("warnings.join").join(what))


def warnings_box(warnings, t):
    """The warnings box for the top of the page, or "" when the run has no warning."""
    if len(warnings) == 0:
        return ""
    items = [(f"warning-{w['assignee']}", warning_text(w, t)) for _, w in warnings.iterrows()]
    return h.alert("run-warnings", t("warnings.title", n=len(items)), items,
                   t("warnings.consequence"))


def _plt():
    import matplotlib.pyplot as plt
    return plt


def _overview(data, f, t):
    o = f["orders"]
    total = o["total"]
    served = o["by_state"].get("served", 0)
    parts = [h.paragraph(t("overview.intro", total=fmt_int(total), served=fmt_int(served),
                           served_share=fmt_share(served / total) if total else "—",
                           satisfaction=fmt_rate(o["satisfaction_rate"]),
                           attraction=fmt_rate(o["attraction_rate"])))]

    rows = [("orders.total", [t("row.orders_total"), _num(fmt_int(total), "orders.total", total),
                              _num(fmt_share(1.0) if total else "—")])]
    for group, kind, counts in (("row.by_state", "state", o["by_state"]),
                                ("row.by_source", "source", o["by_source"]),
                                ("row.by_kind", "kind", o["by_kind"]),
                                ("row.by_channel", "channel", o["by_channel"])):
        rows.append(("group", t(group)))
        for value, n in counts.items():
            key = f"orders.by_{kind}.{value}"
            rows.append((key, [t.label(kind, value), _num(fmt_int(n), key, n),
                               _num(fmt_share(n / total) if total else "—")]))
    rows.append(("group", t("row.by_category")))
    for label, (value, n) in zip(category_labels(data, t), o["by_category"].items()):
        key = f"orders.by_category.{value}"
        rows.append((key, [label, _num(fmt_int(n), key, n),
                           _num(fmt_share(n / total) if total else "—")]))
    rows.append(("group", t("overview.answers")))
    rows.append(("orders.escalated", [t("row.escalated"),
                                      _num(fmt_int(o["escalated"]), "orders.escalated",
                                           o["escalated"]), ""]))
    share = o["answered_on_time_share"]
    rows.append(("orders.answered_on_time_share",
                 [t("row.on_time", deadline=f"{f['deadline_h']:g}"), "",
                  _num(fmt_share(share), "orders.answered_on_time_share", share)]))
    waiting = o["wait_incl_open_h"]["still_waiting_at_end"]
    key = "orders.wait_incl_open_h.still_waiting_at_end"
    rows.append((key, [t("row.still_waiting"), _num(fmt_int(waiting), key, waiting),
                       _num(fmt_share(waiting / total) if total else "—")]))
    for key in ("attraction_rate", "satisfaction_rate"):
        rows.append((f"orders.{key}", [t(f"row.{key}"), "",
                                       _num(fmt_rate(o[key]), f"orders.{key}", o[key])]))
    parts.append(h.table([t("col.item"), t("col.count"), t("col.share")], rows,
                         caption=t("overview.key_figures"), table_id="key-figures"))

    time_rows = []
    for key, label in (("wait_h", "row.wait"), ("wait_incl_open_h", "row.wait_incl_open"),
                       ("response_h", "row.response")):
        d = o[key]
        time_rows.append((f"orders.{key}", [t(label)] + [
            _num(fmt_int(d["count"]), f"orders.{key}.count", d["count"])] + [
            _num(fmt_hours(d[s]), f"orders.{key}.{s}", d[s]) for s in ("mean", "median", "p90",
                                                                       "max")]))
    parts.append(h.table([t("col.item"), t("col.count"), t("col.mean"), t("col.median"),
                          t("col.p90"), t("col.max")], time_rows, caption=t("overview.times"),
                         table_id="times"))
    parts.append(h.paragraph(t("overview.censored", n=fmt_int(waiting)), "note"))

    parts.append(_figure_orders_by_week(data, t))
    parts.append(_figure_waits(data, f, t))
    parts.append(_figure_satisfaction(data, f, t))
    return parts


def _weeks(data):
    o = data.orders
    week = np.floor(o["created_h"].to_numpy() / HOURS_PER_WEEK).astype(int)
    n_weeks = max(len(data.weekly), int(week.max()) + 1 if len(week) else 0)
    return week, n_weeks


def _figure_orders_by_week(data, t):
    plt = _plt()
    o = data.orders
    week, n_weeks = _weeks(data)
    fig, ax = plt.subplots(figsize=(11, 3.8))
    bottom = np.zeros(n_weeks)
    for code, source in enumerate(o["source"].cat.categories):
        counts = np.bincount(week[o["source"].cat.codes.to_numpy() == code], minlength=n_weeks)
        ax.bar(np.arange(n_weeks), counts, bottom=bottom, width=0.85,
               color=SOURCE_COLOURS[code % len(SOURCE_COLOURS)],
               label=f"{t.label('source', source)} ({counts.sum():,})")
        bottom += counts
    ax.set_xlabel(t("axis.week"))
    ax.set_ylabel(t("axis.orders"))
    ax.set_xlim(-0.7, n_weeks - 0.3)
    ax.legend(loc="upper left", fontsize=8, ncol=3)
    ax.grid(axis="y", alpha=0.3)
    caption = t("fig.orders_by_week")
    return h.figure(report_fonts.render_png(fig), caption, caption, "fig-orders-by-week")


def _figure_waits(data, f, t):
    plt = _plt()
    o = data.orders
    deadline = f["deadline_h"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    started = o[o["started_h"].notna()]
    wait = (started["started_h"] - started["created_h"]).to_numpy()
    kinds = started["kind"].cat.codes.to_numpy()
    for code, kind in enumerate(o["kind"].cat.categories):
        w = np.sort(wait[kinds == code])
        if len(w) == 0:
            continue
        left.step(w, np.arange(1, len(w) + 1) / len(w), where="post",
                  color=KIND_COLOURS[code % len(KIND_COLOURS)],
                  label=f"{t.label('kind', kind)} ({len(w):,})")
    left.axvline(deadline, color="black", linestyle="--", linewidth=1, label=t("legend.deadline"))
    left.set_xlabel(t("axis.wait_h"))
    left.set_ylabel(t("axis.share_started"))
    left.set_ylim(0, 1.02)
    left.grid(alpha=0.3)
    left.legend(fontsize=8, loc="lower right")
    weekly = data.weekly
    right.plot(weekly["week"], weekly["mean_wait_h"], marker=".", color="#2c3e50")
    right.set_xlabel(t("axis.week"))
    right.set_ylabel(t("axis.mean_wait_h"))
    right.grid(alpha=0.3)
    caption = t("fig.waits", deadline=f"{deadline:g}")
    return h.figure(report_fonts.render_png(fig), caption, caption, "fig-waits")


def _figure_satisfaction(data, f, t):
    plt = _plt()
    weekly = data.weekly
    threshold = rule_of(data)["threshold"]
    fig, ax = plt.subplots(figsize=(11, 3.2))
    ax.plot(weekly["week"], weekly["satisfaction"], marker=".", color="#2980b9",
            label=t("axis.satisfaction"))
    ax.axhline(f["orders"]["satisfaction_rate"], color="#2980b9", linewidth=1,
               label=f"{t('legend.whole_run')} {f['orders']['satisfaction_rate']:.3f}")
    ax.axhline(threshold, color="black", linestyle="--", linewidth=1,
               label=f"{t('legend.threshold')} {threshold:g}")
    ax.set_xlabel(t("axis.week"))
    ax.set_ylabel(t("axis.satisfaction"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    caption = t("fig.satisfaction", threshold=f"{threshold:g}")
    return h.figure(report_fonts.render_png(fig), caption, caption, "fig-satisfaction")


def _crosstab_table(rows_col, cols_col, row_kind, col_kind, caption, key, t, table_id):
    table = pd.crosstab(rows_col, cols_col, dropna=False)
    table = table.reindex(index=rows_col.cat.categories, columns=cols_col.cat.categories,
                          fill_value=0)
    headers = [""] + [t.label(col_kind, c) for c in table.columns] + [t("col.total")]
    rows = []
    for r, counts in table.iterrows():
        cells = [h.Cell(t.label(row_kind, r), header=True)]
        cells += [_num(fmt_int(n), f"{key}.{r}.{c}", int(n)) for c, n in counts.items()]
        cells.append(_num(fmt_int(counts.sum()), f"{key}.{r}.total", int(counts.sum())))
        rows.append(cells)
    totals = table.sum(axis=0)
    rows.append([h.Cell(t("col.total"), header=True)]
                + [_num(fmt_int(n), f"{key}.total.{c}", int(n)) for c, n in totals.items()]
                + [_num(fmt_int(totals.sum()), f"{key}.total", int(totals.sum()))])
    return h.table(headers, rows, caption=caption, table_id=table_id)


def _queues(data, f, t):
    """The backlog and the waits of each half of the run, per assignee kind, and whether each
    queue settles (the summary's orders.queues and warnings)."""
    min_orders = int(data.param("warnings.min_orders", 20))
    warned = set(data.warnings["assignee"].astype(str))
    rows = []
    for kind, q in f["orders"]["queues"].items():
        key = f"queues.{kind}"
        if kind in warned:
            verdict = t("queues.does_not_settle")
        elif q["orders"] < min_orders or q["orders"] == 0:
            verdict = t("queues.not_judged")
        else:
            verdict = t("queues.settles")
        rows.append((key, [h.Cell(t.label("assignee", kind), header=True),
                           _num(fmt_int(q["orders"]), f"{key}.orders", q["orders"]),
                           _num(fmt_int(q["open_at_end"]), f"{key}.open_at_end",
                                q["open_at_end"]),
                           _num(fmt_share(q["open_at_end"] / q["orders"]) if q["orders"] else "—"),
                           _num(fmt_hours_or_dash(q["wait_first_half_h"]),
                                f"{key}.wait_first_half_h", q["wait_first_half_h"]),
                           _num(fmt_hours_or_dash(q["wait_second_half_h"]),
                                f"{key}.wait_second_half_h", q["wait_second_half_h"]),
                           h.Cell(verdict, key=f"{key}.settles")]))
    share = float(data.param("warnings.backlog_share", 0.1))
    ratio = float(data.param("warnings.wait_growth_ratio", 2.0))
    return [h.paragraph(t("queues.intro", share=fmt_share(share), ratio=f"{ratio:g}",
                          min=fmt_int(min_orders))),
            h.table([t("col.assignee"), t("col.orders"), t("col.open_at_end"),
                     t("col.open_share"), t("col.wait_first_half"), t("col.wait_second_half"),
                     t("col.settles")], rows, caption=t("queues.table"), table_id="queues")]


def _dispatch(data, t, f):
    plt = _plt()
    o = data.orders
    columns = [("source", "source", SOURCE_COLOURS),
               ("assignee_kind", "assignee", ASSIGNEE_COLOURS),
               ("state", "state", STATE_COLOURS)]
    codes = np.column_stack([o[c].cat.codes.to_numpy() for c, _, _ in columns])
    node_labels = [[t.label(kind, v) for v in o[c].cat.categories] for c, kind, _ in columns]
    colours = [[pal[i % len(pal)] for i in range(len(o[c].cat.categories))]
               for c, _, pal in columns]
    fig, ax = plt.subplots(figsize=(11, 5.5))
    draw_alluvial(ax, codes, [t("flow.stage.source"), t("flow.stage.assignee"),
                              t("flow.stage.state")], node_labels, colours)
    caption = t("fig.flow")
    return [h.paragraph(t("dispatch.intro")),
            h.figure(report_fonts.render_png(fig), caption, caption, "fig-flow"),
            _crosstab_table(o["source"], o["assignee_kind"], "source", "assignee",
                            t("dispatch.table.source"), "flow.source_assignee", t,
                            "flow-source-assignee"),
            _crosstab_table(o["assignee_kind"], o["state"], "assignee", "state",
                            t("dispatch.table.state"), "flow.assignee_state", t,
                            "flow-assignee-state")] + _queues(data, f, t)


def _rule_text(rule, t):
    threshold = f"{rule['threshold']:g}"
    if rule["combine"] == "weighted":
        text = t("orgs.rule.weighted", w=f"{rule['weight']:g}", w1=f"{1 - rule['weight']:g}",
                 threshold=threshold)
    else:
        text = t(f"orgs.rule.{'mean' if rule['combine'] == 'mean' else 'both'}",
                 threshold=threshold)
    if rule["min_evaluations"] > 1:
        text += t("orgs.rule.min_eval", n=rule["min_evaluations"])
    return text


def _standard_text(standard, t):
    """The reference standard in words, as `orgsim explain --org` states it."""
    threshold = f"{standard['threshold']:g}"
    if standard["combine"] == "weighted":
        text = t("standard.weighted", w=f"{standard['weight']:g}", t=threshold)
    else:
        text = t(f"standard.{'mean' if standard['combine'] == 'mean' else 'both'}", t=threshold)
    return text + t("standard.waits_included" if standard["waits"] == "included"
                    else "standard.waits_excluded")


def _draw_rule(ax, rule, label, colour="black", linestyle="--"):
    threshold, combine = rule["threshold"], rule["combine"]
    style = dict(color=colour, linestyle=linestyle, linewidth=1)
    if combine == "both":
        ax.axvline(threshold, label=label, **style)
        ax.axhline(threshold, **style)
        return
    w = 0.5 if combine == "mean" else rule["weight"]
    if w >= 1:
        ax.axvline(threshold, label=label, **style)
        return
    xs = np.linspace(0, 1.02, 50)
    ax.plot(xs, (threshold - w * xs) / (1 - w), label=label, **style)


def _organizations(data, f, t):
    plt = _plt()
    orgs = data.organizations
    rule = rule_of(data)
    standard = standard_of(data)
    decision = orgs["decision"].astype(str)
    parts = [h.paragraph(t("orgs.intro", rule=_rule_text(rule, t)))]
    if rule["estimator"] != "raw" or rule["pooling"] != "pooled":
        parts.append(h.paragraph(t("orgs.estimator_note",
                                   estimator=t.label("estimator", rule["estimator"]),
                                   pooling=t.label("pooling", rule["pooling"])), "note"))

    from matplotlib.collections import LineCollection
    fig, ax = plt.subplots(figsize=(7.5, 7))
    segments = np.stack([orgs[["attraction_rate", "satisfaction_rate"]].to_numpy(float),
                         orgs[["true_attraction_quality",
                               "true_satisfaction_quality"]].to_numpy(float)], axis=1)
    ax.add_collection(LineCollection(segments, colors="#bbbbbb", linewidths=0.6, zorder=1))
    ax.scatter(orgs["true_attraction_quality"], orgs["true_satisfaction_quality"], s=28,
               facecolors="none", edgecolors="#555555", linewidths=0.8, zorder=2,
               label=f"{t('legend.true_quality')} ({len(orgs)})")
    for value, colour in DECISION_COLOURS.items():
        sub = orgs[decision == value]
        if len(sub):
            ax.scatter(sub["attraction_rate"], sub["satisfaction_rate"], s=30, color=colour,
                       zorder=3, label=f"{t.label('decision', value)} ({len(sub)})")
    _draw_rule(ax, rule, f"{t('legend.threshold')} {rule['threshold']:g}")
    if (standard["threshold"], standard["combine"]) != (rule["threshold"], rule["combine"]) or \
            (standard["combine"] == "weighted" and standard["weight"] != rule["weight"]):
        _draw_rule(ax, standard, f"{t('legend.standard')} {standard['threshold']:g}",
                   colour="#c0392b", linestyle=":")
    values = pd.concat([orgs[c] for c in ("attraction_rate", "satisfaction_rate",
                                          "true_attraction_quality",
                                          "true_satisfaction_quality")]).dropna()
    low = min(rule["threshold"], standard["threshold"],
              float(values.min()) if len(values) else 0.0)
    low = max(0.0, math.floor((low - 0.03) * 20) / 20)
    ax.set_xlim(low, 1.0)
    ax.set_ylim(low, 1.0)
    ax.set_aspect("equal")
    ax.set_xlabel(t("axis.attraction"))
    ax.set_ylabel(t("axis.satisfaction"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    caption = t("fig.orgs")
    parts.append(h.figure(report_fonts.render_png(fig), caption, caption, "fig-organizations"))

    # Every year's decisions against the one reference standard, as the summary counts them.
    parts.append(h.paragraph(t("orgs.standard", standard=_standard_text(standard, t))))
    years = int(data.param("run.years", 1))
    if years > 1:
        parts.append(h.paragraph(t("orgs.years_note", years=years), "note"))
    inc = f["incubation"]

    def row(key, label, n, whole):
        return (f"incubation.{key}", [label, _num(fmt_int(n), f"incubation.{key}", n),
                                      _num(fmt_share(n / whole) if whole else "—",
                                           f"incubation.{key}.share",
                                           n / whole if whole else None)])
    own = inc["own_rule"]
    rows = [row("decisions", t("row.decisions"), inc["decisions"], inc["decisions"]),
            row("meets_standard", t("row.meets_standard"), inc["meets_standard"],
                inc["decisions"]),
            row("good_denied", t("row.good_denied"), inc["good_denied"], inc["meets_standard"]),
            row("good_not_enough_data", t("row.good_not_enough_data"),
                inc["good_not_enough_data"], inc["meets_standard"]),
            row("below_standard", t("row.below_standard"), inc["below_standard"],
                inc["decisions"]),
            row("below_standard_incubated", t("row.below_standard_incubated"),
                inc["below_standard_incubated"], inc["below_standard"]),
            ("group", t("row.own_rule")),
            row("own_rule.good", t("row.own_rule_good"), own["good"], inc["decisions"]),
            row("own_rule.wrongly_denied", t("row.own_rule_wrongly_denied"),
                own["wrongly_denied"], own["good"]),
            row("own_rule.wrongly_incubated", t("row.own_rule_wrongly_incubated"),
                own["wrongly_incubated"], inc["decisions"] - own["good"])]
    parts.append(h.table([t("col.item"), t("col.count"), t("col.share_of_group")], rows,
                         caption=t("orgs.table.standard"), table_id="standard"))

    d = data.incubations
    good = meets_standard(data, d)
    d_decision = d["decision"].astype(str)
    rows = []
    for value in d["decision"].cat.categories:
        is_value = d_decision == value
        yes, no = int((is_value & good).sum()), int((is_value & ~good).sum())
        rows.append((f"incubation.{value}", [
            h.Cell(t.label("decision", value), header=True),
            _num(fmt_int(yes), f"incubation.{value}.good", yes),
            _num(fmt_int(no), f"incubation.{value}.below", no),
            _num(fmt_int(yes + no), f"incubation.{value}", yes + no)]))
    rows.append(("incubation.total", [
        h.Cell(t("col.total"), header=True),
        _num(fmt_int(inc["meets_standard"]), "incubation.total.good", inc["meets_standard"]),
        _num(fmt_int(inc["below_standard"]), "incubation.total.below", inc["below_standard"]),
        _num(fmt_int(inc["decisions"]), "incubation.total", inc["decisions"])]))
    parts.append(h.table([t("col.decision"), t("col.good"), t("col.below"), t("col.total")],
                         rows, caption=t("orgs.table.decisions"), table_id="incubation"))

    wrong = d[(good & (d_decision == "denied")) | (~good & (d_decision == "incubated"))]
    if len(wrong):
        rows = []
        for i, x in wrong.iterrows():
            key = f"misjudged.{int(x['year'])}.{int(x['org'])}"
            rows.append((key, [orgs.at[int(x["org"]), "name"]]
                         + ([_num(str(int(x["year"])))] if years > 1 else [])
                         + [t.label("decision", str(x["decision"])),
                            t("yes") if good.loc[i] else t("no"),
                            _num(fmt_int(x["evaluations"])),
                            _num(fmt_rate(x["attraction_rate"])),
                            _num(fmt_rate(x["satisfaction_rate"])),
                            _num(fmt_rate(x["true_attraction_quality"])),
                            _num(fmt_rate(x["true_satisfaction_quality"])),
                            _num(fmt_rate(x["experienced_attraction"])),
                            _num(fmt_rate(x["experienced_satisfaction"]))]))
        parts.append(h.table([t("col.name")] + ([t("col.year")] if years > 1 else [])
                             + [t("col.decision"), t("col.meets_standard"),
                                t("col.evaluations"), t("col.attraction_rate"),
                                t("col.satisfaction_rate"), t("col.true_attraction"),
                                t("col.true_satisfaction"), t("col.experienced_attraction"),
                                t("col.experienced_satisfaction")], rows,
                             caption=t("orgs.table.misjudged"), table_id="misjudged"))
    else:
        parts.append(h.paragraph(t("orgs.none_misjudged"), "note"))
    return parts


def _noise(data, t):
    """The inspectors' error in words: how many branch-quarters it moved to another tier, what
    share of the ranking is luck, the money it moved; then per quarter."""
    rows = noise_by_quarter(data)
    if not rows:
        return [h.paragraph(t("noise.none"))]
    total = sum(r["branches"] for r in rows)
    changed = sum(r["changed"] for r in rows)
    moved = sum(r["allowance_moved_yuan"] for r in rows)
    luck = sum(r["luck_share"] * r["branches"] for r in rows) / total
    parts = [h.paragraph(t("noise.story", inspections=fmt_int(total), changed=fmt_int(changed),
                           share=fmt_share(changed / total), luck=fmt_share(luck),
                           moved=fmt_yuan(moved)), cls="story"),
             h.paragraph(t("noise.explain"), cls="note")]
    table_rows = [[h.Cell(t("quarter.label", n=r["quarter"]), header=True),
                   _num(fmt_int(r["branches"]), f"noise.{r['quarter']}.branches", r["branches"]),
                   _num(fmt_int(r["changed"]), f"noise.{r['quarter']}.changed", r["changed"]),
                   _num(fmt_share(r["luck_share"]), f"noise.{r['quarter']}.luck_share",
                        r["luck_share"]),
                   _num(fmt_yuan(r["allowance_moved_yuan"]),
                        f"noise.{r['quarter']}.allowance_moved_yuan", r["allowance_moved_yuan"])]
                  for r in rows]
    table_rows.append([h.Cell(t("row.total"), header=True),
                       _num(fmt_int(total), "noise.branch_quarters", total),
                       _num(fmt_int(changed), "noise.changed", changed),
                       _num(fmt_share(luck), "noise.luck_share", luck),
                       _num(fmt_yuan(moved), "noise.allowance_moved_yuan", moved)])
    parts.append(h.table([t("col.quarter"), t("col.inspected"), t("col.noise_changed"),
                          t("col.luck_share"), t("col.allowance_moved")], table_rows,
                         caption=t("noise.table"), table_id="noise-table"))
    return parts


def _tiers(data, f, t):
    plt = _plt()
    tiers, quarters = tier_panel(data)
    k = n_tiers(data, tiers)
    parts = [h.paragraph(t("tiers.intro"))]
    rows = []
    for q in f["tiers"]:
        n = q["quarter"]
        rows.append([h.Cell(t("quarter.label", n=n), header=True)]
                    + [_num(fmt_int(c), f"tiers.{n}.tier.{i}", c)
                       for i, c in enumerate(q["branches_per_tier"])]
                    + [_num(fmt_yuan(q["allowance_yuan"]), f"tiers.{n}.allowance_yuan",
                            q["allowance_yuan"])])
    total = f["allowance_total_yuan"]
    rows.append([h.Cell(t("row.allowance_total"), header=True)] + [""] * k
                + [_num(fmt_yuan(total), "allowance_total_yuan", total)])
    parts.append(h.table([t("col.quarter")] + [t.tier(i) for i in range(k)]
                         + [t("col.allowance_yuan")], rows, caption=t("tiers.table"),
                         table_id="tier-counts"))
    if len(quarters) < 2:
        return parts

    pairs = list(range(len(quarters) - 1))
    change_rows = []
    matrices = []
    for i in pairs:
        a, b = tiers[i], tiers[i + 1]
        m = np.zeros((k, k), dtype=int)
        np.add.at(m, (a, b), 1)
        matrices.append(m)
        changed, up, down = int((a != b).sum()), int((b < a).sum()), int((b > a).sum())
        label = t("quarter.pair", a=quarters[i], b=quarters[i + 1])
        key = f"tiers.change.{quarters[i]}-{quarters[i + 1]}"
        change_rows.append([h.Cell(label, header=True),
                            _num(f"{fmt_int(changed)} ({fmt_share(changed / len(a))})",
                                 key, changed),
                            _num(fmt_int(up), key + ".up", up),
                            _num(fmt_int(down), key + ".down", down)])
    parts.append(h.table([t("col.from_to"), t("col.changed"), t("col.up"), t("col.down")],
                         change_rows, caption=t("tiers.changes"), table_id="tier-changes"))

    if len(pairs) > 8:  # many years: one matrix of every consecutive pair
        matrices = [sum(matrices)]
        titles = [t("quarter.pair", a=quarters[0], b=quarters[-1])]
    else:
        titles = [t("quarter.pair", a=quarters[i], b=quarters[i + 1]) for i in pairs]
    ncols = min(len(matrices), 4)
    nrows = math.ceil(len(matrices) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols + 0.5, 3.5 * nrows),
                             squeeze=False)
    labels = [str(i + 1) for i in range(k)]
    for ax, m, title in zip(axes.flat, matrices, titles):
        ax.imshow(m, cmap="Reds", vmin=0)
        for (r, c), n in np.ndenumerate(m):
            ax.text(c, r, str(n), ha="center", va="center", fontsize=9,
                    color="white" if n > m.max() * 0.6 else "black")
        ax.set_xticks(range(k))
        ax.set_yticks(range(k))
        ax.set_xticklabels(labels)
        ax.set_yticklabels(labels)
        ax.set_xlabel(t("axis.tier_to"), fontsize=8)
        ax.set_ylabel(t("axis.tier_from"), fontsize=8)
        ax.set_title(title, fontsize=10)
    for ax in list(axes.flat)[len(matrices):]:
        ax.axis("off")
    caption = t("fig.tiers")
    parts.append(h.figure(report_fonts.render_png(fig), caption, caption, "fig-tiers"))
    return parts


def _activities(data, f, t):
    plt = _plt()
    a = f["activities"]
    by_quarter = a["by_quarter"]
    model = str(data.param("behaviour.leader", "fixed"))
    responds = model != "fixed"
    parts = [h.paragraph(t("activities.intro"))]
    if responds:
        parts.append(h.paragraph(t("activities.leaders", model=t.label("leader", model),
                                   floor=f"{float(data.param('behaviour.effort_min', 0)):g}"),
                                 "note"))

    quarters = [q["quarter"] for q in by_quarter]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6))
    bottom = np.zeros(len(quarters))
    for value, colour in ACTIVITY_COLOURS.items():
        counts = np.array([q[value] for q in by_quarter], dtype=float)
        if value != "held" and not counts.any():
            continue
        left.bar(quarters, counts, bottom=bottom, color=colour, width=0.7,
                 label=f"{t.label('state', value) if value != 'held' else t('col.held')} "
                       f"({int(counts.sum()):,})")
        bottom += counts
    left.set_xlabel(t("axis.quarter"))
    left.set_ylabel(t("axis.activities"))
    left.set_xticks(quarters)
    left.set_ylim(0, max(1.0, float(bottom.max())) * 1.25)  # room for the legend above the bars
    left.grid(axis="y", alpha=0.3)
    left.legend(fontsize=8, loc="upper left", ncol=3)
    right.bar(quarters, [q["youth_contacts"] for q in by_quarter], color="#2980b9", width=0.7)
    right.set_xlabel(t("axis.quarter"))
    right.set_ylabel(t("axis.youth_contacts"))
    right.set_xticks(quarters)
    right.grid(axis="y", alpha=0.3)
    caption = t("fig.activities")
    parts.append(h.figure(report_fonts.render_png(fig), caption, caption, "fig-activities"))

    columns = [*ACTIVITY_COLOURS, "youth_contacts"] + (["leaders_at_floor"] if responds else [])
    rows = []
    for q in by_quarter:
        n = q["quarter"]
        rows.append([h.Cell(t("quarter.label", n=n), header=True)]
                    + [_num(fmt_int(q[c]), f"activities.{n}.{c}", q[c]) for c in columns])
    rows.append([h.Cell(t("col.total"), header=True)]
                + [_num(fmt_int(a[c]), f"activities.{c}", a[c]) for c in columns
                   if c != "leaders_at_floor"] + ([""] if responds else []))
    parts.append(h.table([t("col.quarter")] + [t(f"col.{c}") for c in columns], rows,
                         caption=t("activities.table"), table_id="activities-by-quarter"))
    return parts


def _has_cjk(text):
    return any("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\uffef" for ch in str(text))


def _duty(data, f, t, cjk):
    plt = _plt()
    off = data.officials
    parts = [h.paragraph(t("duty.intro"))]
    missed_share = (off["shifts_missed"] / off["shifts"].where(off["shifts"] > 0)).fillna(0.0)
    if len(off) and len(off) <= 80:
        order = off["duty_h"].sort_values(kind="stable").index
        names = [off.at[i, "name"] if cjk or not _has_cjk(off.at[i, "name"]) else f"#{i}"
                 for i in order]
        fig, ax = plt.subplots(figsize=(10, max(3.0, 0.25 * len(off) + 1)))
        from matplotlib.colors import ListedColormap, Normalize
        cmap = ListedColormap(plt.get_cmap("Reds")(np.linspace(0.25, 1.0, 256)))
        norm = Normalize(0.0, max(0.05, float(missed_share.max())))
        ax.barh(range(len(order)), off.loc[order, "duty_h"],
                color=[cmap(norm(missed_share[i])) for i in order])
        ax.set_yticks(range(len(order)))
        ax.set_yticklabels(names, fontsize=8)
        ax.set_xlabel(t("axis.duty_h"))
        ax.grid(axis="x", alpha=0.3)
        fig.colorbar(plt.cm.ScalarMappable(cmap=cmap, norm=norm), ax=ax,
                     label=t("axis.missed_share"), fraction=0.04)
        caption = t("fig.duty")
    else:
        fig, ax = plt.subplots(figsize=(9, 3.5))
        ax.hist(off["duty_h"], bins=30, color="#c0392b")
        ax.set_xlabel(t("axis.duty_h"))
        ax.set_ylabel(t("axis.officials"))
        caption = t("fig.duty_hist")
    parts.append(h.figure(report_fonts.render_png(fig), caption, caption, "fig-duty"))

    d = f["duty"]
    hours = d["official_hours"]
    rows = [("duty.officials", [t("row.officials"),
                                _num(fmt_int(hours["count"]), "duty.official_hours.count",
                                     hours["count"]), "", "", "", ""]),
            ("duty.official_hours", [t("row.duty_h"), ""] + [
                _num(fmt_hours(hours[s]), f"duty.official_hours.{s}", hours[s])
                for s in ("mean", "min", "median", "max")]),
            ("duty.shifts", [t("row.shifts"), _num(fmt_int(d["official_shifts"]),
                                                   "duty.official_shifts",
                                                   d["official_shifts"]), "", "", "", ""]),
            ("duty.shifts_missed", [t("row.shifts_missed"),
                                    _num(fmt_int(d["official_shifts_missed"]),
                                         "duty.official_shifts_missed",
                                         d["official_shifts_missed"]), "", "", "", ""])]
    parts.append(h.table([t("col.item"), t("col.total"), t("col.mean"), t("col.min"),
                          t("col.median"), t("col.max")], rows, caption=t("duty.table"),
                         table_id="duty-summary"))

    by_town = off.groupby("town").agg(officials=("duty_h", "size"), mean_h=("duty_h", "mean"),
                                      missed=("shifts_missed", "sum"))
    town_names = data.towns["name"]
    rows = [[town_names.get(town, str(town)), _num(fmt_int(r.officials)),
             _num(fmt_hours(r.mean_h)), _num(fmt_int(r.missed))]
            for town, r in by_town.iterrows()]
    parts.append(h.table([t("col.town"), t("col.officials"), t("col.mean_duty_h"),
                          t("col.shifts_missed")], rows, caption=t("duty.by_town"),
                         table_id="duty-by-town"))
    return parts


def _provenance(data, t):
    m = data.meta
    rows = [[t("prov.file"), data.path]]
    for key in ("scenario_name", "scenario_source", "seed", "fingerprint", "software_version",
                "git_commit", "simgrid_version", "hdf5_version", "created_utc"):
        if key in m:
            label = t("prov.scenario") if key == "scenario_name" else t(f"prov.{key}")
            rows.append((f"meta.{key}", [label, h.Cell(str(m[key]), key=f"meta.{key}")]))
    return [h.table([t("col.item"), t("col.value")], rows, table_id="provenance-table"),
            h.preformatted(m.get("ini", ""), t("prov.ini"))]
