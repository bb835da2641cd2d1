"""What a reader of a sweep's comparison must see first ("Read first"), in English or Chinese:
queues that do not settle, and the points whose rules nobody here responds to.

- Queues: queue_warnings(index) reads the warnings of every run (the run files'
  /summary/warnings, flagged by ``/runs.warnings``); warning_lines says them per point: "in
  20 of 20 replications the district committee's queue does not settle (...)".
- Responses: a point that differs from the baseline only in rules that act through people's
  responses, while the behaviour model they act through is fixed, can differ only in some
  indicators ("under these assumptions nobody responds to the tiers; results differ only in
  money paid"). classify_key says how a scenario key acts, response_notes finds such points
  from the runs' own parameters (/config/params) and checks them against the comparison
  table, response_lines says them.

Use Debian's /usr/bin/python3 (h5py, pandas).
"""

import h5py
import numpy as np
import pandas as pd

import orgsim_results  # the run-file reader, next to this file
from plain_language import LANGUAGES, check_language, indicator_name
from sweep_index import (as_index, baseline_runs, check_baseline, display_name, grid_cell,
                         points_in_order, run_params)


# --- queues that do not settle ---------------------------------------------------------------

def _assignee_names(ds):
    mapping = h5py.check_enum_dtype(ds.dtype["assignee"]) or {}
    return {code: name for name, code in mapping.items()}


def queue_warnings(index):
    """One row per queue warning of every successful run whose index row has warnings > 0:
    point, policy, replication, assignee (social_org, partner_unit, district_committee),
    orders, open_at_end, first_half_wait_h, second_half_wait_h, backlog and wait_growth
    (bool: which test fired), message (the run's English sentence). From the run files'
    /summary/warnings and /summary/warning_messages; a run with messages but no table gives
    rows with assignee "" and the message only."""
    index = as_index(index)
    columns = ["point", "policy", "replication", "assignee", "orders", "open_at_end",
               "first_half_wait_h", "second_half_wait_h", "backlog", "wait_growth", "message"]
    rows = []
    for _, run in index.ok.iterrows():
        if not float(run.get("warnings", 0) or 0) > 0:
            continue
        with h5py.File(index.run_path(run), "r") as f:
            messages = ([orgsim_results._py(m) for m in f["summary/warning_messages"][()]]
                        if "summary/warning_messages" in f else [])
            table = f["summary/warnings"] if "summary/warnings" in f else None
            data = table[()] if table is not None else []
            names = _assignee_names(table) if table is not None else {}
        base = {"point": run["point"], "policy": run["policy"],
                "replication": int(run["replication"])}
        if len(data):
            for i, w in enumerate(data):
                rows.append(dict(base, assignee=names.get(int(w["assignee"]), str(w["assignee"])),
                                 orders=int(w["orders"]), open_at_end=int(w["open_at_end"]),
                                 first_half_wait_h=float(w["first_half_wait_h"]),
                                 second_half_wait_h=float(w["second_half_wait_h"]),
                                 backlog=bool(w["backlog"]), wait_growth=bool(w["wait_growth"]),
                                 message=messages[i] if i < len(messages) else ""))
        else:
            for message in messages:
                rows.append(dict(base, assignee="", orders=np.nan, open_at_end=np.nan,
                                 first_half_wait_h=np.nan, second_half_wait_h=np.nan,
                                 backlog=False, wait_growth=False, message=message))
    return pd.DataFrame(rows, columns=columns)


_QUEUE = {
    "en": {"social_org": ("the social organizations' queues do", "they", "their"),
           "partner_unit": ("the partner units' queues do", "they", "their"),
           "district_committee": ("the district committee's queue does", "it", "its"),
           "": ("a queue does", "it", "its")},
    "zh": {"social_org": "社会组织的队列", "partner_unit": "共建结对单位的队列",
           "district_committee": "团区委的队列", "": "有队列"},
}
_ASSIGNEE_ORDER = ["district_committee", "social_org", "partner_unit", ""]


def warning_lines(index, language="en", warnings=None):
    """One line per point (the baseline's too) whose runs carry queue warnings: per kind of
    assignee, in how many replications its queue does not settle and why, e.g.
    "protective-0.80: in 20 of 20 replications the district committee's queue does not
    settle (on average 62% of its 694 orders still open at the run's end; the orders it
    started in the run's second half had waited 2,472 h on average, against 804 h in the first
    half). This configuration's waits and rates depend on how long the run is." Means are
    over the replications with that warning. ``warnings``: queue_warnings(index)."""
    check_language(language)
    index = as_index(index)
    warnings = queue_warnings(index) if warnings is None else warnings
    lines = []
    if not len(warnings):
        return lines
    for point in points_in_order(index):
        total = int((index.ok["point"] == point).sum())
        mine = warnings[warnings["point"] == point]
        if not len(mine):
            continue
        clauses = []
        for assignee in sorted(set(mine["assignee"]),
                               key=lambda a: (_ASSIGNEE_ORDER.index(a)
                                              if a in _ASSIGNEE_ORDER else 9, a)):
            w = mine[mine["assignee"] == assignee]
            k = w["replication"].nunique()
            queue = _QUEUE[language].get(assignee, _QUEUE[language][""])
            details = []
            if w["backlog"].any():
                b = w[w["backlog"]]
                share = float((b["open_at_end"] / b["orders"]).mean()) * 100
                orders = float(b["orders"].mean())
                details.append(
                    f"on average {share:.0f}% of {queue[2]} {orders:,.0f} orders still open at "
                    f"the run's end" if language == "en" else
                    f"平均 {orders:,.0f} 个点单中有 {share:.0f}% 在运行结束时仍未办结")
            if w["wait_growth"].any():
                g = w[w["wait_growth"]]
                first, second = g["first_half_wait_h"].mean(), g["second_half_wait_h"].mean()
                details.append(
                    f"the orders {queue[1]} started in the run's second half had waited "
                    f"{second:,.0f} h on average, against {first:,.0f} h in the first half"
                    if language == "en" else
                    f"下半程开始服务的点单平均已等了 {second:,.0f} 小时，上半程为 {first:,.0f} 小时")
            if language == "en":
                detail = f" ({'; '.join(details)})" if details else ""
                clauses.append(f"in {k} of {total} replications {queue[0]} not settle{detail}")
            else:
                detail = f"（{'；'.join(details)}）" if details else ""
                clauses.append(f"{queue}在 {total} 次重复中有 {k} 次没有稳定下来{detail}")
        name = index.display(point, language)
        if language == "en":
            lines.append(f"{name}: {'; '.join(clauses)}. This configuration's waits and rates "
                         f"depend on how long the run is.")
        else:
            lines.append(f"{name}：{'；'.join(clauses)}。这一配置的等待时间和各项比率取决于运行时长。")
    return lines


# --- what can differ: the rules that act only through people's responses ----------------------

# Parameters of a behaviour model: they act only when the model is not "fixed".
_MODEL_KEYS = {
    "leader": ("behaviour.adaptation_rate", "behaviour.effort_cost_yuan",
               "behaviour.effort_max", "behaviour.effort_min", "behaviour.points_per_effort",
               "behaviour.reference_allowance_yuan", "behaviour.score_uncertainty"),
    "organization": ("behaviour.protect_margin", "behaviour.decline_hit",
                     "behaviour.offers_per_order"),
    "public": ("behaviour.trust_memory", "behaviour.trust_max", "behaviour.trust_reference",
               "behaviour.ranking_pull"),
    "roster": ("behaviour.fatigue_window_days", "behaviour.fatigue_hours",
               "behaviour.fatigue_miss_slope", "behaviour.swap_share"),
}
# What may differ when only keys of a channel differ and its model is fixed.
_MAY_DIFFER = {
    "tiers": {"allowance_total_yuan", "tier_noise_share"},
    "incubation": {"incubated", "denied", "incubation_rate", "not_enough_data", "good_denied",
                   "good_denied_share", "below_standard_incubated",
                   "below_standard_incubated_share", "good_not_enough_data",
                   "own_rule_wrongly_denied_share", "own_rule_wrongly_incubated_share"},
    "model": set(),
    "succession": set(),
}
_IGNORED_KEYS = ("run.seed",)


def classify_key(key):
    """How a scenario key acts on a one-year run: "tiers" (tiers.*, inspection.*: through the
    leaders' effort only, behaviour.leader), "incubation" (incubation.*: on the year-end
    decisions directly, on anything else only through protective organizations,
    behaviour.organization, or through succession when run.years > 1), ("model", NAME) (a
    parameter of behaviour model NAME: acts only when that model is not fixed),
    "succession" (succession.*: only when run.years > 1), or "direct"."""
    if key.startswith("tiers.") or key.startswith("inspection."):
        return "tiers"
    if key.startswith("incubation."):
        return "incubation"
    if key.startswith("succession."):
        return "succession"
    for model, keys in _MODEL_KEYS.items():
        if key in keys:
            return ("model", model)
    return "direct"


def _inert(kind, point_params, base_params):
    """Whether a key of this kind cannot change what people do in these runs."""
    def fixed(model):
        return all(str(p.get(f"behaviour.{model}", "fixed")) == "fixed"
                   for p in (point_params, base_params))
    one_year = all(int(p.get("run.years", 1)) == 1 for p in (point_params, base_params))
    if kind == "tiers":
        return fixed("leader")
    if kind == "incubation":
        return fixed("organization") and one_year
    if kind == "succession":
        return one_year
    if isinstance(kind, tuple):
        return fixed(kind[1])
    return False


def _fmt_value(v):
    if isinstance(v, list):
        return ", ".join(_fmt_value(x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def response_notes(index, baseline, table=None):
    """For every point other than the baseline's: what differs from the baseline at the same
    grid cell in the runs' parameters (/config/params of the first successful replication of
    each; run.seed left out) and whether every difference acts only through a behaviour
    model that is fixed here. Returns a list of dicts: point, policy, display (per language:
    {"en": ..., "zh": ...}), baseline_display, keys (list of (key, value, baseline value)),
    kinds (set of "tiers", "incubation", "model", "succession" when every key is inert, else
    None: some key acts directly or through a model that responds), may_differ (the
    indicators these assumptions allow to differ), others_identical (True/False: every
    other indicator identical in every replication, from ``table``; None without a table),
    unexplained (the other indicators that differ)."""
    index = as_index(index)
    check_baseline(index, baseline)
    ok = index.ok
    notes = []
    for point in points_in_order(index):
        runs = ok[ok["point"] == point].sort_values("replication")
        policy = runs["policy"].iloc[0]
        if policy == baseline:
            continue
        cell = grid_cell(index, runs)
        base = baseline_runs(ok, baseline, index.grid_keys, cell).sort_values("replication")
        if not len(base):
            continue
        both = sorted(set(runs["replication"]) & set(base["replication"]))
        run = runs[runs["replication"] == both[0]].iloc[0] if both else runs.iloc[0]
        brun = base[base["replication"] == both[0]].iloc[0] if both else base.iloc[0]
        params, bparams = run_params(index, run), run_params(index, brun)
        keys = []
        for key in sorted(set(params) | set(bparams)):
            if key in _IGNORED_KEYS:
                continue
            a, b = params.get(key), bparams.get(key)
            if a != b:
                keys.append((key, a, b))
        kinds = set()
        for key, _, _ in keys:
            kind = classify_key(key)
            if not _inert(kind, params, bparams):
                kinds = None
                break
            kinds.add(kind if isinstance(kind, str) else "model")
        grid = [(k, cell[k]) for k in index.grid_keys]
        note = {"point": point, "policy": policy,
                "display": {lang: display_name(policy, index.labels, grid, lang)
                            for lang in LANGUAGES},
                "baseline_display": {lang: display_name(baseline, index.labels, grid, lang)
                                     for lang in LANGUAGES},
                "baseline": baseline, "labels": dict(index.labels),
                "keys": keys, "kinds": kinds, "may_differ": set(),
                "others_identical": None, "unexplained": [], "allowance_identical": None,
                "leader": str(params.get("behaviour.leader", "fixed")),
                "organization": str(params.get("behaviour.organization", "fixed")),
                "years": int(params.get("run.years", 1))}
        if kinds is not None:
            may = set().union(*[_MAY_DIFFER[k] for k in kinds]) if kinds else set()
            note["may_differ"] = may
            if table is not None:
                rows = table[table["point"] == point]
                other = rows[~rows["indicator"].isin(may)]
                differ = other[~other["identical"]]
                note["others_identical"] = bool(len(rows)) and not len(differ)
                note["unexplained"] = list(differ["indicator"])
                allowance = rows[rows["indicator"] == "allowance_total_yuan"]
                note["allowance_identical"] = (bool(len(allowance))
                                               and bool(allowance["identical"].iloc[0]))
        notes.append(note)
    return notes


_RESPONSE_TEXT = {
    "en": {
        "head.tiers": "under these assumptions nobody responds to the tiers; results differ "
                      "only in money paid",
        "head.tiers_same_money": "under these assumptions nobody responds to the tiers; "
                                 "results differ only in which branch gets which tier (the "
                                 "money paid in total is the same)",
        "head.incubation": "under these assumptions nobody responds to the incubation rule; "
                           "only the year-end decisions differ",
        "head.both": "under these assumptions nobody responds to the tiers or to the "
                     "incubation rule; results differ only in money paid and in the year-end "
                     "decisions",
        "head.model": "the parameters that differ belong to parts of the model that are "
                      "switched off here; the runs should be the same",
        "head.same": "it has exactly the baseline's parameters; the runs should be the same",
        "keys": "It differs from {baseline} only in {keys}.",
        "keys_plural": "They differ from {baseline} only in {keys}.",
        "value": "{key} = {value} (baseline: {baseline})",
        "same_cell": " at the same grid cell",
        "why.tiers": "Tiers and inspection scores can change what people do only through the "
                     "part-time leaders' effort, and here leaders do not respond "
                     "(behaviour.leader = fixed): nobody works more or less for a better tier. "
                     "So orders, waits, activities, youth contacts and votes stay the same; only "
                     "who gets which tier, and the allowance paid, can differ.",
        "why.incubation": "Within one year the incubation rule can change what people do only "
                          "through organizations that protect their rates, and here they do not "
                          "(behaviour.organization = fixed): nobody turns an order down to stay "
                          "above the line. So every order, wait and vote stays the same. The "
                          "decisions themselves can differ (who is incubated or denied, and "
                          "with them both errors against the standard); nothing else can. With "
                          "run.years > 1 a denial costs an organization support the next year "
                          "(succession), and then the rule changes the later years too.",
        "why.model": "They are parameters of a behaviour model that is fixed here, or of "
                     "succession, which acts only when run.years > 1.",
        "confirmed": "Confirmed by the data: every other indicator is identical in every "
                     "replication.",
        "unexplained": "Yet {names} differ as well, which these assumptions do not explain.",
        "pointer.tiers": "To let leaders respond, set [behaviour] leader = adaptive or "
                         "tournament (docs/MODEL.md §13).",
        "pointer.incubation": "To let organizations respond, set [behaviour] organization = "
                              "protective, or run.years > 1 (docs/MODEL.md §13).",
        "pointer.model": "See [behaviour] in docs/MODEL.md §13.",
        "list": ", ",
    },
    "zh": {
        "head.tiers": "在这些假设下，没有人对补贴档次作出反应；结果只在发放的补贴上不同",
        "head.tiers_same_money": "在这些假设下，没有人对补贴档次作出反应；结果只在哪个村社团组织"
                                 "得到哪一档上不同，补贴总额不变",
        "head.incubation": "在这些假设下，没有社会组织对孵化规则作出反应；不同的只有年末的孵化决定",
        "head.both": "在这些假设下，没有人对补贴档次或孵化规则作出反应；结果只在发放的补贴和年末的"
                     "孵化决定上不同",
        "head.model": "不同的参数属于这里没有启用的模型部分；各次运行应当完全相同",
        "head.same": "它的参数与基准完全相同；各次运行应当完全相同",
        "keys": "它与{baseline}只在 {keys} 上不同。",
        "keys_plural": "它们与{baseline}只在 {keys} 上不同。",
        "value": "{key} = {value}（基准为 {baseline}）",
        "same_cell": "（同一网格点）",
        "why.tiers": "补贴档次和考核评分只能通过兼职村社团组织负责人的投入来改变人的做法，而这里负责人"
                     "不作反应（behaviour.leader = fixed），没有人会为了更高的档次多干或少干。所以点单、"
                     "等待、活动、联系青年和评价都不变；能变的只有谁得到哪一档，以及发放多少补贴。",
        "why.incubation": "在一年之内，孵化规则只能通过社会组织保护自己的两率来改变人的做法，而这里社会"
                          "组织不这样做（behaviour.organization = fixed），没有组织会为了留在线上而拒"
                          "接点单。所以每个点单、等待和评价都不变。孵化决定本身会变：哪些组织获孵化、"
                          "哪些不予孵化，以及对照标准的两类错误；其他都不会变。若 run.years 大于 1，"
                          "不予孵化会让组织在下一年失去支持（退出或减员），规则就会影响以后的各年。",
        "why.model": "它们是这里固定不变的行为模型的参数，或是只在 run.years 大于 1 时才起作用的"
                     "退出与进入（succession）参数。",
        "confirmed": "数据证实了这一点：其他各项指标在每次重复中都完全相同。",
        "unexplained": "但{names}也有差别，这些假设解释不了。",
        "pointer.tiers": "若要让负责人作出反应，请在 [behaviour] 中设置 leader = adaptive 或 "
                         "tournament（见 docs/MODEL.md 第 13 节）。",
        "pointer.incubation": "若要让社会组织作出反应，请在 [behaviour] 中设置 organization = "
                              "protective，或设 run.years 大于 1（见 docs/MODEL.md 第 13 节）。",
        "pointer.model": "见 docs/MODEL.md 第 13 节的 [behaviour]。",
        "list": "、",
    },
}


def _head(note):
    kinds = note["kinds"]
    if not note["keys"]:
        return "head.same"
    if "tiers" in kinds and "incubation" in kinds:
        return "head.both"
    if "tiers" in kinds:
        return "head.tiers_same_money" if note.get("allowance_identical") else "head.tiers"
    if "incubation" in kinds:
        return "head.incubation"
    return "head.model"


def response_lines(notes, language="en", grid_keys=()):
    """One paragraph (a line) per group of points whose differences from the baseline are all
    inert (response_notes' kinds is not None) and that read alike: "{points}: under these
    assumptions nobody responds to the tiers; results differ only in money paid. They differ
    from {baseline} only in {keys}. Why. Confirmed by the data (or: what else differs).
    Where to let people respond ([behaviour])." A policy whose every grid cell is in the
    group is named once, without its grid values."""
    check_language(language)
    text = _RESPONSE_TEXT[language]
    colon = ": " if language == "en" else "："
    stop = "." if language == "en" else "。"
    sep = " " if language == "en" else ""
    groups = {}
    cells = {}
    for note in notes:
        cells.setdefault(note["policy"], set()).add(note["point"])
        if note["kinds"] is None:
            continue
        key = (_head(note), tuple(sorted(note["kinds"])), note["others_identical"],
               tuple(note["unexplained"]))
        groups.setdefault(key, []).append(note)
    lines = []
    for (head, kinds, _, unexplained), members in groups.items():
        kinds = set(kinds)
        names = []
        for policy in dict.fromkeys(m["policy"] for m in members):
            mine = [m for m in members if m["policy"] == policy]
            if {m["point"] for m in mine} == cells[policy] and grid_keys:
                names.append(display_name(policy, mine[0]["labels"], (), language))
            else:
                names.extend(m["display"][language] for m in mine)
        base = display_name(members[0]["baseline"], members[0]["labels"], (), language)
        if grid_keys:
            base += text["same_cell"]
        if len(members) == 1:  # one point: its values beside the baseline's
            keys = text["list"].join(
                text["value"].format(key=k, value=_fmt_value(a), baseline=_fmt_value(b))
                for k, a, b in members[0]["keys"])
        else:
            keys = text["list"].join(dict.fromkeys(k for m in members
                                                   for k, _, _ in m["keys"]))
        plural = len(names) > 1
        parts = [text["list"].join(names) + colon + text[head] + stop]
        if keys:
            parts.append(text["keys_plural" if plural else "keys"].format(baseline=base,
                                                                          keys=keys))
        if "tiers" in kinds:
            parts.append(text["why.tiers"])
        if "incubation" in kinds:
            parts.append(text["why.incubation"])
        if kinds and not kinds & {"tiers", "incubation"}:
            parts.append(text["why.model"])
        if members[0]["others_identical"]:
            parts.append(text["confirmed"])
        elif unexplained:
            parts.append(text["unexplained"].format(
                names=text["list"].join(indicator_name(i, language) for i in unexplained)))
        for kind in ("tiers", "incubation"):
            if kind in kinds:
                parts.append(text["pointer." + kind])
        if kinds and not kinds & {"tiers", "incubation"}:
            parts.append(text["pointer.model"])
        lines.append(sep.join(parts))
    return lines
