"""What the classroom page plays: one run file as a day-by-day year, and what changed between
two runs of the same seed.

``year_view(path)`` reads a run file (docs/RESULTS.md) through orgsim_results and returns plain
JSON-ready numbers: per simulated day the orders placed by source and channel, dispatched by
assignee kind, escalated (on the day their answer deadline passed), served, waiting at the
day's end, and the duty shifts worked and missed; per organization its two rates as they stood
at each week's end (served orders only, as the incubation rule counts them) and its year-end
decision; per quarter each branch's rank, tier and tier without the inspectors' error; the
run's start date (run.start_date, None when it counts days). Every number comes from the file,
so the page shows what the run did, not a re-simulation. ``story_days`` finds the day each line
of a narrated story tells of (its day number or its date).

``changes(before, after)`` lists the organizations whose incubation decision differs and the
branches whose tier differs in some quarter between two such views, with the numbers that
explain why (the rates against the threshold; the score, rank and the inspectors' error).
"""

import datetime
import math
import re

import numpy as np

import orgsim_results

HOURS_PER_DAY = 24.0
DAYS_PER_WEEK = 7


def _day_counts(hours, days):
    """How many of ``hours`` (NaN skipped) fall on each of ``days`` days (0-based); later
    ones count on the last day."""
    h = np.asarray(hours, dtype=float)
    h = h[~np.isnan(h)]
    index = np.clip(np.floor(h / HOURS_PER_DAY).astype(int), 0, days - 1)
    return np.bincount(index, minlength=days).astype(int).tolist()


def _rule(params):
    return {"threshold": float(params.get("incubation.threshold", 0.8)),
            "combine": str(params.get("incubation.combine", "both")),
            "weight": float(params.get("incubation.attraction_weight", 0.5)),
            "estimator": str(params.get("incubation.estimator", "raw"))}


def _finite(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


# How a narration line starts: "第12天 09:30" / "day 12 09:30" (run.start_date = none), or
# "1月13日 周六 09:30" / "Sat 1/13 09:30" (a date; sim/narrate/messages.cpp, time.at/time.date).
_DAY_NUMBER = re.compile(r"^\s*(?:第(\d+)天|day (\d+)) ")
_DATE_ZH = re.compile(r"^\s*(\d{1,2})月(\d{1,2})日 周([一二三四五六日]) ")
_DATE_EN = re.compile(r"^\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2})/(\d{1,2}) ")
_WEEKDAYS_ZH, _WEEKDAYS_EN = "一二三四五六日", ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _dated(line):
    """(month, day, weekday 0 = Monday) of a line that starts with a date, else None."""
    m = _DATE_ZH.match(line)
    if m:
        return int(m.group(1)), int(m.group(2)), _WEEKDAYS_ZH.index(m.group(3))
    m = _DATE_EN.match(line)
    if m:
        return int(m.group(2)), int(m.group(3)), _WEEKDAYS_EN.index(m.group(1))
    return None


def story_days(lines, view):
    """The day of the run (0-based) that each line of a story (``orgsim run --narrate``) of
    the run of ``view`` (year_view) tells of, or None for a line that starts with no time (a
    heading, a summary). A line starts with the day's number, or with a date counted from the
    view's start_date (orgsim_results.start_date): the story is in time order, so a date is
    the first day at or after the previous line's with that month, day and weekday, within
    the run's days."""
    start = datetime.date.fromisoformat(view["start_date"]) if view["start_date"] else None
    days = view["days"]
    out, previous = [], 0
    for line in lines:
        day = None
        m = _DAY_NUMBER.match(line)
        dated = _dated(line) if start is not None and not m else None
        if m:
            day = int(m.group(1) or m.group(2))
        elif dated:
            month, mday, weekday = dated
            first = start + datetime.timedelta(days=previous)
            for year in range(first.year, first.year + days // 365 + 30):
                try:
                    date = datetime.date(year, month, mday)
                except ValueError:
                    continue  # 29 February of a common year
                offset = (date - start).days
                if offset > days:
                    break
                if offset >= previous and date.weekday() == weekday:
                    day = offset
                    break
        if day is not None:
            previous = day
        out.append(day)
    return out


def year_view(path):
    """The run file at ``path`` as the classroom page plays it (see the module's doc)."""
    meta = orgsim_results.meta(path)
    params = meta["params"]
    start = orgsim_results.start_date(params)
    days = int(params.get("run.days", 365)) * int(meta.get("years", 1))
    deadline_h = float(params.get("dispatch.answer_deadline_h", 168.0))
    o = orgsim_results.orders(path)

    daily = {"placed": len(o)}
    daily["by_source"] = {str(c): _day_counts(o.loc[o["source"] == c, "created_h"], days)
                          for c in o["source"].cat.categories}
    daily["by_channel"] = {str(c): _day_counts(o.loc[o["channel"] == c, "created_h"], days)
                           for c in o["channel"].cat.categories}
    dispatched = o[o["assignee_kind"] != "none"]
    daily["dispatched"] = {str(c): _day_counts(
        dispatched.loc[dispatched["assignee_kind"] == c, "dispatched_h"], days)
        for c in o["assignee_kind"].cat.categories if c != "none"}
    esc = o[o["escalated"]]
    due = np.minimum(esc["created_h"].to_numpy(float) + deadline_h, days * HOURS_PER_DAY - 1e-9)
    daily["escalated"] = _day_counts(due, days)
    daily["served"] = _day_counts(o.loc[o["state"] == "served", "finished_h"], days)
    # waiting at each day's end: placed, not yet started, not yet closed (given up, cancelled)
    ends = (np.arange(days) + 1) * HOURS_PER_DAY
    created = np.sort(o["created_h"].to_numpy(float))
    left = o["started_h"].fillna(o["closed_h"]).to_numpy(float)
    left = np.sort(left[~np.isnan(left)])
    daily["waiting"] = (np.searchsorted(created, ends, side="right")
                        - np.searchsorted(left, ends, side="right")).astype(int).tolist()
    shifts = orgsim_results.duty_shifts(path)
    shifts = shifts[shifts["role"] == "official"]
    daily["shifts_worked"] = _day_counts(shifts.loc[shifts["attended"], "start_h"], days)
    daily["shifts_missed"] = _day_counts(shifts.loc[~shifts["attended"], "start_h"], days)

    orgs = orgsim_results.organizations(path)
    served = o[(o["assignee_kind"] == "social_org") & (o["state"] == "served")]
    weeks = int(math.ceil(days / DAYS_PER_WEEK))
    week_ends = np.minimum((np.arange(weeks) + 1) * DAYS_PER_WEEK, days) * HOURS_PER_DAY
    org_rates = []
    incubations = orgsim_results.incubations(path)
    last_year = incubations[incubations["year"] == incubations["year"].max()].set_index("org")
    for org_id, org in orgs.iterrows():
        mine = served[served["assignee"] == org_id].sort_values("finished_h")
        done = np.searchsorted(mine["finished_h"].to_numpy(float), week_ends, side="right")
        cum = {c: np.concatenate([[0], np.cumsum(mine[c].to_numpy(int))])[done]
               for c in ("targeted", "attended", "votes", "satisfied")}
        attraction = [round(a / t, 4) if t else None
                      for a, t in zip(cum["attended"], cum["targeted"])]
        satisfaction = [round(s / v, 4) if v else None
                        for s, v in zip(cum["satisfied"], cum["votes"])]
        row = last_year.loc[org_id] if org_id in last_year.index else None
        org_rates.append({
            "id": int(org_id), "name": str(org["name"]),
            "attraction": attraction, "satisfaction": satisfaction,
            "decision": str(row["decision"]) if row is not None else "not_active",
            "final_attraction": _finite(row["attraction_rate"]) if row is not None else None,
            "final_satisfaction": _finite(row["satisfaction_rate"]) if row is not None else None,
            "evaluations": int(row["evaluations"]) if row is not None else 0})

    q = orgsim_results.quarterly(path)
    branches = orgsim_results.branches(path)
    quarter_days = int(params.get("run.days", 365)) / 4
    quarters = []
    for quarter, g in q.groupby("quarter", sort=True):
        g = g.sort_values("branch")
        inspected = g[g["tier"] >= 0]
        n_tiers = max(len(params.get("tiers.amounts_yuan", []) or []),
                      int(inspected["tier"].max()) + 1 if len(inspected) else 0)
        quarters.append({
            "quarter": int(quarter), "end_day": round(float(quarter) * quarter_days, 2),
            "tier": g["tier"].astype(int).tolist(), "rank": g["rank"].astype(int).tolist(),
            "score": [_finite(round(x, 2)) for x in g["score"]],
            "noise": [_finite(round(x, 2)) for x in g["noise_points"]],
            "tier_without_noise": g["tier_without_noise"].astype(int).tolist(),
            "per_tier": np.bincount(inspected["tier"].astype(int),
                                    minlength=n_tiers).astype(int).tolist(),
            "changed_by_noise": int((inspected["tier"]
                                     != inspected["tier_without_noise"]).sum()),
            "allowance_yuan": float(inspected["allowance_yuan"].sum())})

    decisions = [r["decision"] for r in org_rates]
    return {
        "fingerprint": str(meta.get("fingerprint", "")), "seed": int(meta.get("seed", 0)),
        "scenario": str(meta.get("scenario_name", "")),
        "district": str(params.get("district.name", "") or meta.get("scenario_name", "")),
        "days": days, "deadline_h": deadline_h, "rule": _rule(params),
        "start_date": start.isoformat() if start else None,
        "daily": daily, "week_days": DAYS_PER_WEEK,
        "orgs": org_rates, "quarters": quarters,
        "branches": [{"id": int(i), "name": str(b["name"]), "town": str(b["town_name"])}
                     for i, b in branches.iterrows()],
        "incubation": {k: decisions.count(k) for k in ("incubated", "denied",
                                                       "not_enough_data")},
        "orders_total": int(len(o)),
    }


def changes(before, after):
    """What differs between two year views of the same seed: organizations whose decision
    changed and branches whose tier changed in some quarter (with why)."""
    orgs = []
    for a, b in zip(before["orgs"], after["orgs"]):
        if a["decision"] != b["decision"]:
            orgs.append({"id": a["id"], "name": a["name"], "before": a["decision"],
                         "after": b["decision"],
                         "rates_before": [a["final_attraction"], a["final_satisfaction"]],
                         "rates_after": [b["final_attraction"], b["final_satisfaction"]]})
    branches = []
    for qa, qb in zip(before["quarters"], after["quarters"]):
        for i, (ta, tb) in enumerate(zip(qa["tier"], qb["tier"])):
            if ta != tb:
                branches.append({"id": i, "name": before["branches"][i]["name"],
                                 "quarter": qa["quarter"], "before": ta, "after": tb,
                                 "score_before": qa["score"][i], "score_after": qb["score"][i],
                                 "rank_before": qa["rank"][i], "rank_after": qb["rank"][i],
                                 "noise_before": qa["noise"][i], "noise_after": qb["noise"][i]})
    return {"orgs": orgs, "branches": branches, "rule": [before["rule"], after["rule"]],
            "incubated": [before["incubation"]["incubated"], after["incubation"]["incubated"]]}
