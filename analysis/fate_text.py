"""The text of fate.py's answers, in English or Chinese (the same numbers in both): "who
changes fate" and "allowances", per point, as compare.py prints them after its table
(format_fate; fate.format_fate is the same).

fate.py computes (the transitions, the errors against the reference standard by group, the
allowance changes); this module only says them: _TEXT holds every word, one table per
language of fate.LANGUAGES, and the functions below lay the numbers out in lines and tables.

Use Debian's /usr/bin/python3 (h5py, pandas, scipy).
"""

import math

# fate.py's computation; its private parts are shared with this module, its text, alone.
from fate import (GROUPINGS, LANGUAGES, TRANSITIONS, _allowance_rows, _error_rows, _Sweep,
                  _transition_rows)
from sweep_index import display_width

# Every word of the text, per language; the numbers are the same in both. The Chinese uses the
# project's terms (shared/DOMAIN.md, sim/narrate/messages.cpp): 孵化, 不予孵化, 评价不足,
# 社会组织, 村社团组织, 工作补贴, 参照标准, 镇街.
_TEXT = {
    "en": {
        "fate.heading": "Who changes fate: each organization's incubation decision under a "
                        "policy beside its decision under {baseline} in the same replication "
                        "and year (organizations a year: mean over the paired replications, "
                        "95% CI). Against the reference standard ({standard}): \"good denied\" "
                        "is the share of the good organizations that are denied, "
                        "\"below-standard incubated\" the share of the below-standard ones "
                        "that are incubated, under {baseline} → under the policy (difference "
                        "in percentage points; its 95% CI).",
        "point": "{point} vs {baseline} ({n} paired replication{s}, {decisions} organizations "
                 "judged a year):",
        "nothing.paired": "{point}: no replication with a successful run of both it and "
                          "{baseline}: nothing to compare.",
        "no.change": "{point}: no organization changes fate in any of the {n} paired "
                     "replications, and the errors against the reference standard are the "
                     "same.",
        "ci": "95% CI {low} to {high}",
        "ci.short": "{low} to {high}",
        "moves": "{items}; unchanged {unchanged} a year",
        "moves.item": "{transition} {amount} a year ({ci})",
        "moves.none": "no organization changes fate",
        "t.incubated_to_denied": "incubated → denied",
        "t.denied_to_incubated": "denied → incubated",
        "t.into_not_enough_data": "into not enough data",
        "t.out_of_not_enough_data": "out of not enough data",
        "t.unchanged": "unchanged",
        "t.present_in_one_only": "judged under one of the two only (exits, entrants)",
        "col.present_in_one_only": "judged under one only",
        "err.good_denied": "good denied {p}% → {q}% ({diff})",
        "err.below_standard_incubated": "below-standard incubated {p}% → {q}% ({diff})",
        "col.good_denied": "good denied",
        "col.below_standard_incubated": "below-standard incubated",
        "col.group": "group",
        "col.judged": "judged a year",
        "diff": "{amount} points; {ci}",
        "diff.short": "{amount}; {ci}",
        "diff.zero": "the same in every replication",
        "diff.constant": "{amount} in every replication",
        "diff.few": "{amount} points; too few replications for an interval",
        "by.staff": "by size (staff during the year)",
        "by.evaluations": "by evaluations received in the year",
        "by.town": "by town",
        "by.alliance": "by alliance",
        "by.unchanged": "no change: {groups}",
        "staff.1-2": "1-2 staff", "staff.3-4": "3-4 staff", "staff.5+": "5+ staff",
        "evaluations.low": "fewest (at most {c1})",
        "evaluations.middle": "middle ({lo} to {c2})",
        "evaluations.high": "most (more than {c2})",
        "alliance": "alliance of {towns}",
        "std.both": "both {q} at least {t}%",
        "std.mean": "the mean of the two {q} at least {t}%",
        "std.weighted": "{w} × attraction + {w1} × satisfaction ({q}) at least {t}%",
        "q.excluded": "true qualities",
        "q.included": "qualities as the public experienced them, waits included",
        "allowance.heading": "Allowances: each branch's yearly allowance under a policy beside "
                             "its allowance under {baseline} in the same replication and year "
                             "(branches a year and yuan: mean over the paired replications, "
                             "95% CI).",
        "allowance.none": "No policy changes any branch's allowance in any paired "
                          "replication.",
        "allowance.same": "{point}: every branch's allowance is the same as under {baseline} "
                          "in all {n} paired replications.",
        "allowance.point": "{point} vs {baseline} ({n} paired replication{s}, {branches} "
                           "branches):",
        "allowance.gainers": "{count} branches a year gain ({ci}), {amount} yuan on average",
        "allowance.losers": "{count} lose ({ci}), {amount} yuan on average",
        "allowance.gainers.none": "no branch gains",
        "allowance.losers.none": "no branch loses",
        "allowance.total": "allowances paid {p} → {q} yuan a year ({diff})",
        "allowance.gini": "Gini coefficient {p} → {q} ({diff})",
        "allowance.ratio": "the top tenth of branches get {p} → {q} times what the bottom "
                           "tenth get",
        "diff.yuan": "{amount}; {ci}",
        "yuan": "yuan",
        "points": "{amount} points",
        "diff.plain": "{amount}; {ci}",
        "na": "n/a",
        "list": ", ", "parts": "; ", "end": ".",
    },
    "zh": {
        "fate.heading": "谁的命运改变了：同一次重复、同一年中，每个社会组织在各政策下与在 {baseline} "
                        "下的孵化决定对照（每年的社会组织个数：各次配对重复的平均，95% 置信区间）。"
                        "按参照标准（{standard}）：“达标者不予孵化”指达标的社会组织中不予孵化的比例，"
                        "“未达标者获孵化”指未达标的社会组织中获孵化的比例，均为 {baseline} 下 → "
                        "该政策下（差值，单位为百分点；95% 置信区间）。",
        "point": "{point} 与 {baseline} 对照（{n} 次配对重复，每年评定 {decisions} 个社会组织）：",
        "nothing.paired": "{point}：没有它与 {baseline} 都成功运行的重复，无从比较。",
        "no.change": "{point}：在全部 {n} 次配对重复中，没有一个社会组织的孵化决定改变，按参照"
                     "标准的误判也完全相同。",
        "ci": "95% 置信区间 {low} 至 {high}",
        "ci.short": "{low} 至 {high}",
        "moves": "{items}；决定不变的每年 {unchanged} 个",
        "moves.item": "{transition}的社会组织每年 {amount} 个（{ci}）",
        "moves.none": "没有社会组织的孵化决定改变",
        "t.incubated_to_denied": "由孵化变为不予孵化",
        "t.denied_to_incubated": "由不予孵化变为孵化",
        "t.into_not_enough_data": "变为评价不足",
        "t.out_of_not_enough_data": "由评价不足变为作出决定",
        "t.unchanged": "决定不变",
        "t.present_in_one_only": "只在其中一种政策下接受评定（退出或新进入）",
        "col.present_in_one_only": "仅一方评定",
        "err.good_denied": "达标者不予孵化 {p}% → {q}%（{diff}）",
        "err.below_standard_incubated": "未达标者获孵化 {p}% → {q}%（{diff}）",
        "col.good_denied": "达标者不予孵化",
        "col.below_standard_incubated": "未达标者获孵化",
        "col.group": "组别",
        "col.judged": "每年评定",
        "diff": "{amount} 个百分点；{ci}",
        "diff.short": "{amount}；{ci}",
        "diff.zero": "每次重复都相同",
        "diff.constant": "每次重复都是 {amount}",
        "diff.few": "{amount} 个百分点；重复次数太少，无法给出区间",
        "by.staff": "按规模（当年工作人员数）",
        "by.evaluations": "按当年获得的评价次数",
        "by.town": "按镇街",
        "by.alliance": "按团建联盟",
        "by.unchanged": "没有变化：{groups}",
        "staff.1-2": "1–2人", "staff.3-4": "3–4人", "staff.5+": "5人及以上",
        "evaluations.low": "最少（不超过{c1}次）",
        "evaluations.middle": "居中（{lo}至{c2}次）",
        "evaluations.high": "最多（超过{c2}次）",
        "alliance": "团建联盟（{towns}）",
        "std.both": "两项{q}均不低于{t}%",
        "std.mean": "两项{q}的平均不低于{t}%",
        "std.weighted": "{q}按吸引率{w}、满意率{w1}加权后不低于{t}%",
        "q.excluded": "真实质量",
        "q.included": "计入等待后群众实际感受到的质量",
        "allowance.heading": "工作补贴：同一次重复、同一年中，每个村社团组织在各政策下与在 {baseline} "
                             "下的全年工作补贴对照（每年的村社团组织个数与金额：各次配对重复的平均，"
                             "95% 置信区间）。",
        "allowance.none": "在任何一次配对重复中，没有一项政策改变任何村社团组织的工作补贴。",
        "allowance.same": "{point}：在全部 {n} 次配对重复中，每个村社团组织的工作补贴都与 "
                          "{baseline} 下完全相同。",
        "allowance.point": "{point} 与 {baseline} 对照（{n} 次配对重复，{branches} 个村社团组织）：",
        "allowance.gainers": "每年 {count} 个村社团组织的工作补贴增加（{ci}），平均增加 {amount} 元",
        "allowance.losers": "{count} 个减少（{ci}），平均减少 {amount} 元",
        "allowance.gainers.none": "没有村社团组织的工作补贴增加",
        "allowance.losers.none": "没有村社团组织的工作补贴减少",
        "allowance.total": "工作补贴总额每年 {p} → {q} 元（{diff}）",
        "allowance.gini": "基尼系数 {p} → {q}（{diff}）",
        "allowance.ratio": "补贴最高的十分之一村社团组织所得是最低十分之一的 {p} 倍 → {q} 倍",
        "diff.yuan": "{amount}；{ci}",
        "yuan": "元",
        "points": "{amount} 个百分点",
        "diff.plain": "{amount}；{ci}",
        "na": "无",
        "list": "、", "parts": "；", "end": "。",
    },
}



def _count(x):
    """A count per year: one decimal (two significant digits below 0.05)."""
    return f"{x:.1f}" if abs(x) >= 0.05 or x == 0 else f"{x:.2g}"


def _signed(x, digits=1):
    """A difference with its sign (+ or -), ``digits`` decimals."""
    text = f"{abs(x):,.{digits}f}"
    if float(text.replace(",", "")) == 0:
        return text
    return ("+" if x > 0 else "-") + text


def _pct(x):
    return f"{100 * x:.1f}"


def _pad(text, width, right=False):
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


class _Writer:
    """Says things in one language (see _TEXT)."""

    def __init__(self, sweep, language):
        if language not in _TEXT:
            raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")
        self.sweep = sweep
        self.language = language
        self.text = _TEXT[language]

    def __call__(self, key, **values):
        return self.text[key].format(**values)

    def _name(self, policy, cell):
        """A policy at a grid cell: zh its label (its name when it has none), en as
        compare.py shows it, ``label (name)``; then the grid values."""
        label = self.sweep.labels.get(policy)
        grid = ", ".join(f"{k}={v}" for k, v in zip(self.sweep.keys, cell))
        if self.language == "zh":
            return (label or policy) + (f"（{grid}）" if grid else "")
        return (f"{label} ({policy})" if label else policy) + (f" [{grid}]" if grid else "")

    def point(self, point):
        return self._name(self.sweep.policy_of[point], self.sweep.cell_of[point])

    def baseline(self, point=None):
        cell = self.sweep.cell_of[point] if point is not None else ()
        return self._name(self.sweep.baseline, cell)

    def ci(self, row, fmt, short=False):
        return self("ci.short" if short else "ci", low=fmt(row["ci_low"]),
                    high=fmt(row["ci_high"]))

    def diff(self, row, scale=1.0, digits=1, key="diff", short=False):
        """A paired difference, signed, with its CI ("the same in every replication" when
        every difference is 0)."""
        if row["n"] == 0:
            return self("na")
        if row["ci_low"] == 0 and row["ci_high"] == 0 and row["mean"] == 0:
            return self("diff.zero")
        amount = _signed(row["mean"] * scale, digits)
        if key in ("diff.yuan",):
            amount += " " + self("yuan")
        if row["n"] >= 2 and row["sd"] == 0:
            return self("diff.constant", amount=amount if key != "diff" else
                        self("points", amount=amount))
        if math.isnan(row["ci_low"]):
            return self("diff.few", amount=amount) if key == "diff" else amount
        scaled = {k: row[k] * scale for k in ("ci_low", "ci_high")}
        ci = self.ci(scaled, lambda x: _signed(x, digits), short=short)
        return self("diff.short" if short else key, amount=amount, ci=ci)

    def standard(self, point):
        truth = self.sweep.truth[point]
        w = float(truth["truth.attraction_weight"])
        return self("std." + str(truth["truth.combine"]),
                    q=self("q." + str(truth["truth.waits"])),
                    t=f"{100 * float(truth['truth.threshold']):g}", w=f"{w:g}", w1=f"{1 - w:g}")

    def group(self, by, g, cell):
        if by == "staff":
            return self("staff." + g)
        if by == "evaluations":
            c1, c2 = self.sweep.evaluation_cuts[cell]
            return self("evaluations." + g, c1=c1, c2=c2, lo=c1 + 1)
        if by == "alliance":
            return self("alliance", towns=g)
        return str(g)


def _changed(row):
    """Whether a paired difference (or a transition count) is not 0 in every replication."""
    return row["n"] > 0 and not (row["mean"] == 0 and row["ci_low"] == 0
                                 and row["ci_high"] == 0)


_FATE_GROUPS = ("staff", "evaluations", "town")


def _fate_lines(w, sweep, point, base):
    """The "who changes fate" block of one point: the transitions, the errors against the
    reference standard, then a table of the groups where something changed."""
    name, base_name = w.point(point), w.baseline(point)
    if base is None or not sweep.paired_replications(point, base):
        return [w("nothing.paired", point=name, baseline=base_name)]
    moves = {r["transition"]: r for r in _transition_rows(sweep, point, base)}
    errors = {r["measure"]: r for r in _error_rows(sweep, point, base)}
    n = moves["unchanged"]["n"]
    shown = [t for t in TRANSITIONS if t != "unchanged" and _changed(moves[t])]
    measures = ("good_denied", "below_standard_incubated")
    if not shown and not any(_changed(errors[m + "_share"]) or _changed(errors[m])
                             for m in measures):
        return [w("no.change", point=name, n=n)]
    lines = [w("point", point=name, baseline=base_name, n=n, s="s" if n != 1 else "",
               decisions=_count(moves["unchanged"]["decisions_per_year"]))]
    if shown:
        items = [w("moves.item", transition=w("t." + t), amount=_count(moves[t]["mean"]),
                   ci=w.ci(moves[t], _count)) for t in shown]
        lines.append("  " + w("moves", items=w.text["parts"].join(items),
                              unchanged=_count(moves["unchanged"]["mean"])) + w.text["end"])
    else:
        lines.append("  " + w("moves.none") + w.text["end"])
    items = []
    for m in measures:
        r = errors[m + "_share"]
        if r["n"] == 0:
            continue
        items.append(w("err." + m, p=_pct(r["baseline_mean"]), q=_pct(r["policy_mean"]),
                       diff=w.diff(r, 100)))
    if items:
        lines.append("  " + w.text["parts"].join(items) + w.text["end"])

    # The groups: one table, a section per grouping, only the groups where something changed.
    header = [w("col.group"), w("col.judged")] + [w("col." + t) if "col." + t in w.text
                                                  else w("t." + t) for t in shown] \
        + [w("col." + m) for m in measures]
    table = []  # rows of cells; a str row is a section heading or a note
    cell = sweep.cell_of[point]
    for by in _FATE_GROUPS:
        group = GROUPINGS[by]
        errs = _error_rows(sweep, point, base, group)
        movers = _transition_rows(sweep, point, base, group)
        table.append(w("by." + by))
        quiet = []
        for g in dict.fromkeys([r["group"] for r in errs] + [r["group"] for r in movers]):
            err = {r["measure"]: r for r in errs if r["group"] == g}
            mov = {r["transition"]: r for r in movers if r["group"] == g}
            label = w.group(by, g, cell)
            moved = any(t in mov and _changed(mov[t]) for t in shown)
            if not moved and not any(_changed(err[m + "_share"]) for m in measures):
                quiet.append(label)
                continue
            row = [label, _count(err["decisions"]["baseline_mean"])]
            row += [_count(mov[t]["mean"]) if t in mov else "0.0" for t in shown]
            for m in measures:
                r = err[m + "_share"]
                if r["n"] == 0:
                    row.append("–")
                elif not _changed(r):
                    row.append(f"{_pct(r['baseline_mean'])}% → {_pct(r['policy_mean'])}%")
                else:
                    row.append(f"{_pct(r['baseline_mean'])}% → {_pct(r['policy_mean'])}%"
                               + (" (" if w.language == "en" else "（")
                               + w.diff(r, 100, short=True)
                               + (")" if w.language == "en" else "）"))
            table.append(row)
        if quiet:
            table.append(w("by.unchanged", groups=w.text["list"].join(quiet)))
    lines += ["  " + line for line in _render(header, table, numeric=len(header) - len(measures))]
    return lines


def _render(header, table, numeric):
    """A table as lines: the first column (indented under its section headings) and the
    text columns left-aligned, columns 1 .. numeric-1 right-aligned, two spaces between
    columns; a str row is a line of its own (a section heading or a note)."""
    rows = [["  " + r[0]] + r[1:] for r in table if not isinstance(r, str)]
    widths = [max([display_width(header[i])] + [display_width(r[i]) for r in rows])
              for i in range(len(header))]

    def line(cells):
        return "  ".join(_pad(c, widths[i], right=0 < i < numeric)
                         for i, c in enumerate(cells)).rstrip()
    out = [line(header)]
    for r in table:
        out.append(r if isinstance(r, str) else line(["  " + r[0]] + r[1:]))
    return out


def _yuan(x):
    return f"{x:,.0f}"


def _allowance_line(w, sweep, point, base):
    """The "allowances" lines of one point (None when nothing changed)."""
    name, base_name = w.point(point), w.baseline(point)
    replications = sweep.paired_replications(point, base) if base is not None else []
    if not replications:
        return [w("nothing.paired", point=name, baseline=base_name)]
    rows = {r["measure"]: r for r in _allowance_rows(sweep, point, base)}
    n = len(replications)
    if not rows["gini"]["changed"]:
        return None
    items = []
    for side in ("gainers", "losers"):
        r = rows[side]
        amount = rows["mean_gain_yuan" if side == "gainers" else "mean_loss_yuan"]["mean"]
        if r["mean"] == 0:
            items.append(w(f"allowance.{side}.none"))
        else:
            items.append(w(f"allowance.{side}", count=_count(r["mean"]), ci=w.ci(r, _count),
                           amount=_yuan(amount)))
    lines = ["  " + w.text["parts"].join(items) + w.text["end"]]
    items = []
    total, g = rows["allowance_total_yuan"], rows["gini"]
    items.append(w("allowance.total", p=_yuan(total["baseline_mean"]),
                   q=_yuan(total["policy_mean"]), diff=w.diff(total, 1, 0, key="diff.yuan")))
    items.append(w("allowance.gini", p=f"{g['baseline_mean']:.3f}", q=f"{g['policy_mean']:.3f}",
                   diff=w.diff(g, 1, 3, key="diff.plain")))
    ratio = rows["top_bottom_decile_ratio"]
    if ratio["n"] > 0:
        items.append(w("allowance.ratio", p=f"{ratio['baseline_mean']:.2f}",
                       q=f"{ratio['policy_mean']:.2f}"))
    lines.append("  " + w.text["parts"].join(items) + w.text["end"])
    branches = sweep.allowances[point, replications[0]].shape[1]
    return [w("allowance.point", point=name, baseline=base_name, n=n, s="s" if n != 1 else "",
              branches=branches)] + lines


def format_fate(index, baseline, language="en"):
    """The text sections to print after compare.py's table, in ``language`` ("en" or "zh":
    the same numbers). "Who changes fate", per point other than the baseline's: the
    transitions (organizations a year, with their 95% CI), the errors against the reference
    standard (baseline → policy, the paired difference in percentage points with its CI),
    then one table by size (staff), by evaluations received and by town listing only the
    groups where something changed; one line for a point where nothing changes. Then
    "allowances", per point: branches that gain and lose a year and by how much (yuan), the
    allowances paid, the Gini coefficient and the top-to-bottom-tenth ratio; one line when
    no point changes any allowance."""
    if language not in _TEXT:
        raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")
    sweep = _Sweep(index, baseline, with_allowances=True)
    w = _Writer(sweep, language)
    points = sweep.points()
    base_points = [p for p, policy in sweep.policy_of.items() if policy == baseline]
    standard = w.standard(base_points[0])
    lines = [w("fate.heading", baseline=w.baseline(), standard=standard)]
    previous = None
    for point, base in points:
        block = _fate_lines(w, sweep, point, base)
        if previous is None or len(block) > 1 or len(previous) > 1:
            lines.append("")
        lines += block
        previous = block
    lines += ["", w("allowance.heading", baseline=w.baseline())]
    said = [_allowance_line(w, sweep, point, base) for point, base in points]
    if not any(said):
        lines.append(w("allowance.none"))
    else:
        for (point, base), block in zip(points, said):
            lines += block if block is not None else [w(
                "allowance.same", point=w.point(point), baseline=w.baseline(point),
                n=len(sweep.paired_replications(point, base)))]
    return "\n".join(lines)
