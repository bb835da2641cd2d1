"""The comparison in plain language, for planners, in English or Chinese (the same numbers in
the same order): the reference standard every policy is judged against (standard_line), then
one line per point with each indicator whose 95% CI excludes 0, its size and CI, as its own
clause; then those not statistically distinguishable from the baseline, those identical in
every replication (plain_language); and each indicator's name in a sentence (indicator_name).

The words are in the tables below, one entry per language: _PHRASES (how each indicator reads
in a sentence) and _FRAMES (the frame of a line). The numbers come from compare.py's table.

Use Debian's /usr/bin/python3 (pandas, numpy).
"""

import math

import numpy as np

from indicators import PERCENT_INDICATORS, table_grid_keys, table_labels
from sweep_index import display_name

# A plain-language line lists at most this many identical indicators by name (else a count).
MAX_LISTED = 6

# How each indicator reads in a sentence, per language: (word when the difference is
# positive, word when negative, the clause with {amount}, {word} and {ci}, the indicator's
# name in a list). Amounts are in the table's units: shares in percentage points, counts per
# year (PER_YEAR_INDICATORS). The Chinese uses the project's glossary (shared/DOMAIN.md): 孵化,
# 群众满意率, 按时回音, 团区委, 补贴, 村社团组织, ... and each clause stands on its own (the clauses
# of a line are joined with "；", never with 和).
_PHRASES = {
    "incubated": {
        "en": ("more", "fewer", "incubates {amount} {word} organizations a year {ci}",
               "organizations incubated"),
        "zh": ("多", "少", "每年{word}孵化 {amount} 个社会组织{ci}", "孵化的社会组织数")},
    "denied": {
        "en": ("more", "fewer", "denies {amount} {word} organizations a year {ci}",
               "organizations denied"),
        "zh": ("多", "少", "每年不予孵化的社会组织{word} {amount} 个{ci}", "不予孵化的社会组织数")},
    "good_denied": {
        "en": ("more", "fewer", "denies {amount} {word} organizations a year that meet the "
               "standard {ci}", "organizations meeting the standard but denied"),
        "zh": ("多", "少", "每年被拒的达标社会组织{word} {amount} 个{ci}", "被拒的达标组织数")},
    "good_denied_share": {
        "en": ("more", "fewer", "denies {amount} percentage points {word} of the organizations "
               "that meet the standard {ci}", "share of organizations meeting the standard "
               "but denied"),
        "zh": ("高", "低", "达标社会组织被拒的比例{word} {amount} 个百分点{ci}", "达标组织被拒的比例")},
    "below_standard_incubated": {
        "en": ("more", "fewer", "incubates {amount} {word} organizations a year that fall "
               "below the standard {ci}", "organizations below the standard but incubated"),
        "zh": ("多", "少", "每年获孵化的未达标社会组织{word} {amount} 个{ci}", "获孵化的未达标组织数")},
    "below_standard_incubated_share": {
        "en": ("more", "fewer", "incubates {amount} percentage points {word} of the "
               "organizations below the standard {ci}", "share of organizations below the "
               "standard but incubated"),
        "zh": ("高", "低", "未达标社会组织获孵化的比例{word} {amount} 个百分点{ci}",
               "未达标组织获孵化的比例")},
    "not_enough_data": {
        "en": ("more", "fewer", "leaves {amount} {word} organizations a year undecided for "
               "want of data {ci}", "organizations without enough data"),
        "zh": ("多", "少", "每年因评价不足未作孵化决定的社会组织{word} {amount} 个{ci}",
               "评价不足的社会组织数")},
    "good_not_enough_data": {
        "en": ("more", "fewer", "leaves {amount} {word} organizations a year that meet the "
               "standard undecided for want of data {ci}", "organizations meeting the "
               "standard left undecided"),
        "zh": ("多", "少", "每年因评价不足未作决定的达标社会组织{word} {amount} 个{ci}",
               "评价不足的达标组织数")},
    "own_rule_wrongly_denied_share": {
        "en": ("more", "fewer", "by its own rule, denies {amount} percentage points {word} of "
               "the organizations that rule would pass on their true qualities {ci}",
               "good organizations denied, by its own rule"),
        "zh": ("高", "低", "按它自己的规则衡量，真实质量够线却被拒的社会组织比例{word} {amount} 个"
               "百分点{ci}", "按自身规则衡量的优质组织被拒比例")},
    "own_rule_wrongly_incubated_share": {
        "en": ("more", "fewer", "by its own rule, incubates {amount} percentage points {word} "
               "of the organizations that rule would fail on their true qualities {ci}",
               "poor organizations incubated, by its own rule"),
        "zh": ("高", "低", "按它自己的规则衡量，真实质量不够线却获孵化的社会组织比例{word} {amount} "
               "个百分点{ci}", "按自身规则衡量的非优质组织获孵化比例")},
    "mean_response_h": {
        "en": ("longer", "shorter", "takes {amount} hours {word} on average from an order to "
               "the end of its service {ci}", "mean response time"),
        "zh": ("长", "短", "点单从产生到服务完成的平均时间{word} {amount} 小时{ci}", "平均响应时间")},
    "mean_wait_incl_open_h": {
        "en": ("longer", "shorter", "makes orders wait {amount} hours {word} on average "
               "{ci}, an order still waiting counted until the run's end (censored)",
               "mean wait (orders still waiting counted until the run's end)"),
        "zh": ("长", "短", "点单平均等待时间（仍在等待的点单计到运行结束为止）{word} {amount} 小时"
               "{ci}", "平均等待时间（含仍在等待的点单）")},
    "still_waiting_at_end": {
        "en": ("more", "fewer", "leaves {amount} {word} orders still waiting for service at "
               "the run's end {ci}", "orders still waiting at the end"),
        "zh": ("多", "少", "运行结束时仍在等待服务的点单{word} {amount} 个{ci}", "结束时仍在等待的点单数")},
    "backlog_total": {
        "en": ("more", "fewer", "leaves {amount} {word} orders open at the run's end {ci}",
               "orders open at the end"),
        "zh": ("多", "少", "运行结束时未办结的点单{word} {amount} 个{ci}", "结束时未办结的点单数")},
    "backlog_committee": {
        "en": ("more", "fewer", "leaves {amount} {word} orders open with the district "
               "committee at the run's end {ci}", "the committee's orders open at the end"),
        "zh": ("多", "少", "运行结束时团区委未办结的点单{word} {amount} 个{ci}", "团区委未办结的点单数")},
    "escalated": {
        "en": ("more", "fewer", "has {amount} {word} orders a year escalated past the answer "
               "deadline {ci}", "orders escalated"),
        "zh": ("多", "少", "每年超时未回音而上报的点单{word} {amount} 个{ci}", "超时上报的点单数")},
    "answered_on_time_share": {
        "en": ("more", "fewer", "answers {amount} percentage points {word} of the orders on "
               "time {ci}", "orders answered on time"),
        "zh": ("高", "低", "按时回音的点单比例{word} {amount} 个百分点{ci}", "按时回音比例")},
    "satisfaction_rate": {
        "en": ("higher", "lower", "has a satisfaction rate {amount} percentage points {word} "
               "{ci}", "satisfaction rate"),
        "zh": ("高", "低", "群众满意率{word} {amount} 个百分点{ci}", "群众满意率")},
    "declined_orders": {
        "en": ("more", "fewer", "has {amount} {word} orders a year turned down by "
               "organizations {ci}", "orders declined"),
        "zh": ("多", "少", "每年被社会组织拒接的点单{word} {amount} 个{ci}", "被拒接的点单数")},
    "special_left_to_committee_share": {
        "en": ("more", "fewer", "leaves {amount} percentage points {word} of the special needs "
               "to the district committee {ci}", "special needs left to the committee"),
        "zh": ("高", "低", "留给团区委承接的特殊需求比例{word} {amount} 个百分点{ci}",
               "留给团区委的特殊需求比例")},
    "activities_held": {
        "en": ("more", "fewer", "has the branches hold {amount} {word} activities a year {ci}",
               "activities held"),
        "zh": ("多", "少", "村社团组织每年举办的活动{word} {amount} 场{ci}", "举办的活动数")},
    "activities_cancelled": {
        "en": ("more", "fewer", "has {amount} {word} activities a year cancelled for want of a "
               "venue or money {ci}", "activities cancelled"),
        "zh": ("多", "少", "每年因无阵地或无经费取消的活动{word} {amount} 场{ci}", "取消的活动数")},
    "youth_contacts": {
        "en": ("more", "fewer", "makes {amount} {word} contacts with young people a year {ci}",
               "youth contacts"),
        "zh": ("多", "少", "每年联系青年{word} {amount} 人次{ci}", "联系青年人次")},
    "leaders_gave_up": {
        "en": ("more", "fewer", "has {amount} {word} branch leaders giving up (at the lowest "
               "effort) in an average quarter {ci}", "leaders who gave up"),
        "zh": ("多", "少", "平均每季度放弃努力（投入降到最低）的兼职村社团组织负责人{word} {amount} 人"
               "{ci}", "放弃努力的负责人数")},
    "leader_effort_mean": {
        "en": ("more", "less", "gets {amount} {word} effort from branch leaders on average {ci}",
               "leaders' effort"),
        "zh": ("高", "低", "兼职村社团组织负责人的平均投入{word} {amount}{ci}", "负责人的平均投入")},
    "tier_noise_share": {
        "en": ("more", "fewer", "has {amount} percentage points {word} of the branches' tiers "
               "set by the inspectors' noise {ci}", "tiers changed by the inspectors' noise"),
        "zh": ("高", "低", "补贴档次因督查考核误差而改变的比例{word} {amount} 个百分点{ci}",
               "因考核误差改变的档次比例")},
    "allowance_total_yuan": {
        "en": ("more", "less", "pays {amount} yuan {word} a year in allowances {ci}",
               "allowances paid"),
        "zh": ("多", "少", "每年{word}发放工作补贴 {amount} 元{ci}", "发放的补贴")},
    "official_duty_h_mean": {
        "en": ("more", "fewer", "keeps each official {amount} {word} hours a year on duty {ci}",
               "officials' duty hours"),
        "zh": ("多", "少", "团干部人均每年{word}值班 {amount} 小时{ci}", "团干部的值班时长")},
    "warnings": {
        "en": ("more", "fewer", "has {amount} {word} queue warnings per run {ci}",
               "queue warnings"),
        "zh": ("多", "少", "每次运行的排队警告{word} {amount} 条{ci}", "排队警告数")},
}
_INCUBATION_RATE_NAME = {"en": "incubation rate", "zh": "孵化率"}

# The frame of a plain-language line, per language.
_FRAMES = {
    "en": {"ci": "95% CI {low} to {high}",
           "same": "the same difference in every replication",
           "relative": "{relative}, {ci}",
           "percent": "{percent}",
           "times": "{times} times the baseline's",
           "clause_ci": "({ci})",
           "identical_many": "The other {count} indicators are identical in every "
                             "replication.",
           "head": "{point} against {baseline} ({n} paired replication{s}): ",
           "found_sep": "; ",
           "found_end": ".",
           "undetected": "Not statistically distinguishable from {baseline}: {items}.",
           "identical": "Identical in every replication: {items}.",
           "unknown": "Too few replications to tell: {items}.",
           "tradeoff": "Against the standard one error falls while the other rises: a "
                       "trade-off for the planner to weigh.",
           "nothing_found": "no difference that the replications can tell from chance.",
           "list": ", ",
           "nothing": "{point}: no replication with a successful run of both it and "
                      "{baseline}: nothing to compare."},
    "zh": {"ci": "95% 置信区间 {low} 至 {high}",
           "same": "每次重复的差值都相同",
           "relative": "{relative}，{ci}",
           "percent": "较基准 {percent}",
           "times": "为基准的 {times} 倍",
           "clause_ci": "（{ci}）",
           "identical_many": "其余 {count} 项指标在每次重复中都完全相同。",
           "head": "{point}与{baseline}相比（{n} 次配对重复）：",
           "found_sep": "；",
           "found_end": "。",
           "undetected": "以下指标与{baseline}差异不显著：{items}。",
           "identical": "以下指标在每次重复中都完全相同：{items}。",
           "unknown": "重复次数太少，无法判断：{items}。",
           "tradeoff": "对照固定标准，两类错误一降一升，此消彼长，如何取舍由规划者决定。",
           "nothing_found": "在统计上看不出差别。",
           "list": "、",
           "nothing": "{point}：没有它与{baseline}都成功运行的重复，无从比较。"},
}
LANGUAGES = tuple(_FRAMES)


def check_language(language):
    """Raises ValueError unless ``language`` is one of LANGUAGES."""
    if language not in _FRAMES:
        raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")


def indicator_name(indicator, language="en"):
    """The indicator's name in a sentence or a list, in ``language``."""
    check_language(language)
    if indicator in _PHRASES:
        return _PHRASES[indicator][language][3]
    if indicator == "incubation_rate":
        return _INCUBATION_RATE_NAME[language]
    return indicator


def plain_language(table, baseline, language="en", labels=None, standard=None):
    """One line per point for planners: ``{point} against {baseline} (n paired
    replications):`` then each indicator whose 95% CI excludes 0 as its own clause, with its
    size and CI (separated by "; ", in Chinese "；"); then the indicators whose CI contains 0
    ("not statistically distinguishable", "差异不显著"), those identical in every replication
    and, with one replication, those that cannot be judged. When both errors against the
    standard (good organizations denied, below-standard organizations incubated) move
    significantly in opposite directions, a sentence says it is a trade-off.

    Amounts are in the table's units (shares in percentage points, counts per year).
    incubation_rate is left out (it is incubated divided by the number of organizations).
    ``labels``: policy -> label (default: the table's). ``standard``: reference_standard's
    dict; when given, the first line says what the standard is (standard_line).
    ``language``: "en" or "zh" (the same numbers in the same order)."""
    check_language(language)
    frame = _FRAMES[language]
    labels = table_labels(table, labels)
    keys = table_grid_keys(table)
    lines = [standard_line(standard, language)] if standard else []
    for point, rows in table.groupby("point", sort=False):
        rows = rows.set_index("indicator")
        n = int(rows["n"].iloc[0])
        grid = [(k, rows[k].iloc[0]) for k in keys]
        name = display_name(rows["policy"].iloc[0], labels, grid, language)
        base_label = display_name(baseline, labels, grid, language)
        if n == 0:
            lines.append(frame["nothing"].format(point=name, baseline=base_label))
            continue
        found, undetected, identical, unknown = [], [], [], []
        for indicator, phrases in _PHRASES.items():
            if indicator not in rows.index:
                continue
            pos, neg, template, label = phrases[language]
            r = rows.loc[indicator]
            if bool(r.identical):
                identical.append(label)
            elif math.isnan(r.ci_low):
                unknown.append(label)
            elif r.ci_low <= 0 <= r.ci_high:
                undetected.append(label)
            else:
                word = pos if r.mean_difference > 0 else neg
                # The CI excludes 0, so both bounds have the difference's sign: say it as
                # magnitudes in the direction of the word.
                lo, hi = sorted((abs(r.ci_low), abs(r.ci_high)))
                if indicator == "denied" and _mirrors_incubated(rows):
                    continue  # said by "incubates N more": every decision is one or the other
                if r.sd_difference == 0:
                    ci = frame["same"]
                else:
                    ci = frame["ci"].format(low=_amount(lo, indicator),
                                            high=_amount(hi, indicator))
                relative = _relative(r, indicator, frame)
                if relative:
                    ci = frame["relative"].format(relative=relative, ci=ci)
                found.append(template.format(amount=_amount(r.mean_difference, indicator),
                                             word=word, ci=frame["clause_ci"].format(ci=ci))
                             .strip())
        line = frame["head"].format(point=name, baseline=base_label, n=n,
                                    s="s" if n != 1 else "")
        line += (frame["found_sep"].join(found) + frame["found_end"]) if found \
            else frame["nothing_found"]
        sentences = []
        if _tradeoff(rows):
            sentences.append(frame["tradeoff"])
        for kind, items in (("undetected", undetected), ("identical", identical),
                            ("unknown", unknown)):
            if kind == "identical" and len(items) > MAX_LISTED:
                sentences.append(frame["identical_many"].format(count=len(items)))
            elif items:
                sentences.append(frame[kind].format(items=frame["list"].join(items),
                                                    baseline=base_label))
        sep = " " if language == "en" else ""
        lines.append(sep.join([line] + sentences))
    return "\n".join(lines)


def _relative(r, indicator, frame):
    """The difference relative to the baseline's mean, for indicators that are not shares and
    whose baseline mean is at least 1: "+32%" ("−63%", "+0.4%"), or "108 times the
    baseline's" beyond +1000%; None otherwise (and below 0.05%)."""
    if indicator in PERCENT_INDICATORS or not abs(r.baseline_mean) >= 1:
        return None
    relative = r.mean_difference / abs(r.baseline_mean) * 100
    if relative > 1000:
        return frame["times"].format(times=f"{r.policy_mean / r.baseline_mean:,.0f}")
    text = f"{relative:+.0f}%" if abs(relative) >= 1 else f"{relative:+.1f}%"
    if text in ("+0.0%", "-0.0%"):
        return None
    return frame["percent"].format(percent=text.replace("-", "−"))


def _mirrors_incubated(rows):
    """denied is minus incubated (nothing else moved between the decisions)."""
    try:
        inc, den, nod = rows.loc["incubated"], rows.loc["denied"], rows.loc["not_enough_data"]
    except KeyError:
        return False
    return bool(nod.identical) and math.isclose(den.mean_difference, -inc.mean_difference,
                                                rel_tol=1e-9, abs_tol=1e-12)


def _tradeoff(rows):
    """Both errors against the standard changed significantly, in opposite directions."""
    try:
        a, b = rows.loc["good_denied"], rows.loc["below_standard_incubated"]
    except KeyError:
        return False
    return bool(a.significant and b.significant
                and np.sign(a.mean_difference) != np.sign(b.mean_difference))


def _amount(x, indicator):
    """A magnitude for a sentence: yuan without decimals, effort with two, otherwise one
    decimal (two significant digits below 0.05)."""
    x = abs(x)
    if indicator == "allowance_total_yuan":
        return f"{x:,.0f}"
    if indicator == "leader_effort_mean":  # effort is about 1: hundredths matter
        return f"{x:.2f}" if x >= 0.005 or x == 0 else f"{x:.2g}"
    if x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.1f}" if x >= 0.05 or x == 0 else f"{x:.2g}"


def standard_line(standard, language="en"):
    """One sentence saying what the reference standard is."""
    check_language(language)
    pct = f"{standard['threshold'] * 100:g}%"
    w = standard["attraction_weight"]
    if language == "en":
        rule = {"both": f"both true qualities (attraction and satisfaction) at least {pct}",
                "mean": f"the mean of the two true qualities at least {pct}",
                "weighted": f"{w:g} × true attraction + {1 - w:g} × true satisfaction at least "
                            f"{pct}"}.get(standard["combine"], standard["combine"])
        waits = ("waits not counted" if standard["waits"] == "excluded"
                 else "as the public experienced them, waits counted")
        return (f"Every policy is judged against one fixed standard (the base scenario's "
                f"[truth]): an organization meets it with {rule} ({waits}).")
    rule = {"both": f"吸引、满意两项真实质量都不低于 {pct}",
            "mean": f"两项真实质量的平均不低于 {pct}",
            "weighted": f"{w:g}×真实吸引质量 + {1 - w:g}×真实满意质量不低于 {pct}"
            }.get(standard["combine"], standard["combine"])
    waits = "不计等待" if standard["waits"] == "excluded" else "按群众实际感受到的质量，计入等待"
    return f"所有政策都对照同一个固定标准（基础方案的 [truth]）：{rule}（{waits}）的社会组织算作达标。"
