"""analysis/sensitivity.py in words: the ranked table of one output (format_result, English)
and its plain-language lines in English or Chinese (plain_language): which keys drive the
output, which hardly matter, which cannot be told from the simulator's own noise, interactions
or nonlinear effects, and how much of the variance is run-to-run noise.

The rules of the words (the numbers come from sensitivity.analyse's Result):

- Sobol, by the total index ST read in [0, 1] (an estimate below 0 or above 1 is sampling
  error: the table prints it as it is, marked '!', and the sentences read it as 0 or 1): a key
  *drives* the output from MATTERS (0.10); the first key drives it *mostly* when its ST is at
  least MOSTLY (0.5) and its interval lies above the second's; a key *hardly matters* below
  HARDLY (0.05); between the two it *matters a little*; a key whose interval reaches down to
  the noise floor (the run-to-run noise's share of the cell means' variance, what noise alone
  can put into a total index) *cannot be told from the noise*, unless the interval of its
  first-order index lies above 0 (noise does not raise S1). A key *acts mostly through
  interactions* when ST - S1 is at least INTERACTS (0.10) and half of ST, and the intervals of
  S1 and ST do not overlap.
- Morris, by mu* relative to the largest: from MORRIS_MATTERS (0.25) a key drives the output,
  below MORRIS_HARDLY (0.05) it hardly matters; the first drives it *mostly* when the second is
  at most half of it and the intervals do not overlap; a key whose interval of mu* reaches
  down to the noise floor (the mean |EE| noise alone gives,
  sensitivity_estimators.morris_noise_floor) cannot be told from the noise. A key's effect
  *varies with the other keys or along its range* when sigma is at least NONLINEAR (0.5) times
  mu*, and *changes sign* when |mu| is below half of mu*.
- The noise (noise_share): "noise dominates: run more replications" when it is at least
  NOISE_DOMINATES (50%) of the variance of the cell means; with one run per cell, that it
  cannot be estimated.

The Chinese uses the project's terms (参数, 敏感性, 孵化, 不予孵化, 补贴档次, 督查考核, 群众满意率,
...); the keys stay as the sweep file spells them.

Use Debian's /usr/bin/python3 (numpy, pandas).
"""

import numpy as np

from indicators import PERCENT_INDICATORS, UNITS
from plain_language import indicator_name
from sensitivity_estimators import CONFIDENCE
from sweep_index import display_width

MATTERS, HARDLY, MOSTLY = 0.10, 0.05, 0.5
INTERACTS = 0.10
MORRIS_MATTERS, MORRIS_HARDLY = 0.25, 0.05
NONLINEAR = 0.5
NOISE_DOMINATES = 0.5
NOISE_NEGLIGIBLE = 0.01   # a noise floor below this (ST, or over the largest mu*): no word

# How an output reads as the subject of a sentence; others use indicator_name or the key.
_SUBJECTS = {
    "tier_noise_share": {"en": "the share of tiers set by the inspectors' noise",
                         "zh": "补贴档次因督查考核误差而改变的比例"},
    "good_denied_share": {"en": "the share of good organizations denied incubation",
                          "zh": "达标却不予孵化的社会组织比例"},
    "below_standard_incubated_share": {"en": "the share of below-standard organizations "
                                             "incubated",
                                       "zh": "未达标却获孵化的社会组织比例"},
    "incubated": {"en": "the number of organizations incubated", "zh": "获孵化的社会组织数"},
    "denied": {"en": "the number of organizations denied incubation",
               "zh": "不予孵化的社会组织数"},
    "satisfaction_rate": {"en": "the satisfaction rate", "zh": "群众满意率"},
    "mean_wait_incl_open_h": {"en": "the mean wait (orders still waiting counted to the end)",
                              "zh": "点单平均等待时间（仍在等待的计到运行结束）"},
    "allowance_total_yuan": {"en": "the allowances paid", "zh": "发放的工作补贴"},
}

_WORDS = {
    "en": {
        "total": "total index {v}", "total_ci": "total index {v}, {ci}",
        "totals": "total indices {vs}",
        "ci": "{level}% CI {low} to {high}",
        "mostly": "{Subject} is driven mostly by {key} ({what})",
        "then": ", then by {key} ({what})",
        "driven": "{Subject} is driven by {items}",
        "item": "{key} ({what})",
        "tied": " (the first two cannot be told apart with {n} {unit})",
        "none": "None of the {k} keys moves {subject} much (the largest: {key}, {what})",
        "none_noisy": "For {subject}, no key stands out from the run-to-run noise (the "
                      "largest: {key}, {what}; noise alone can give up to about {floor})",
        "little_one": "; {keys} matters a little ({what})",
        "little_many": "; {keys} matter a little ({what})",
        "noisy_one": "; {keys} cannot be told from the noise ({what})",
        "noisy_many": "; {keys} cannot be told from the noise ({what})",
        "hardly_one": "; {keys} hardly matters ({what})",
        "hardly_many": "; {keys} hardly matter ({what})",
        "end": ".",
        "interacts": "{key} acts mostly through interactions with the other keys (first-order "
                     "index {s1}, total index {st}).",
        "clipped": "Estimates below 0 or above 1 in the table are sampling error; these "
                   "sentences read them as 0 or 1.",
        "constant": "{Subject} is the same in every run: there is nothing to rank.",
        "no_samples": "{Subject}: fewer than two complete {unit}: no indices.",
        "mu": "mu* {v}{u}", "mu_ci": "mu* {v}{u}, {ci}", "mus": "mu* {vs}{u}",
        "range": ": the mean change as it moves across its range",
        "nonlinear": "{key}'s effect varies with the other keys or along its range (sigma {s} "
                     "against mu* {m}){sign}.",
        "sign": ", and changes sign (mu {mu})",
        "noise_one": "Each cell ran once: the simulator's own run-to-run noise cannot be "
                     "estimated (set replications to 2 or more), so part of any index may be "
                     "noise.",
        "noise": "The run-to-run noise (the spread between replications of the same cell) is "
                 "{p}% of the variance of single runs ({ci}); in the means over {r} "
                 "replications that the indices are computed from, at most {q}%.",
        "noise_dominates": " Noise dominates: run more replications before reading these "
                           "indices.",
        "noise_floor_sobol": " A total index up to about {f} can come from noise alone.",
        "noise_floor_morris": " A mu* up to about {f}{u} can come from noise alone.",
        "noise_small": " Too little to blur the ranking.",
        "noise_none": "The output does not vary: no noise to measure.",
        "noise_no_runs": "No successful run has a value of this output.",
        "and": " and ", "list": ", ",
        "samples": "base samples", "trajectories": "trajectories",
    },
    "zh": {
        "total": "总效应指数 {v}", "total_ci": "总效应指数 {v}，{ci}",
        "totals": "总效应指数 {vs}",
        "ci": "{level}% 置信区间 {low} 至 {high}",
        "mostly": "{Subject}主要取决于参数 {key}（{what}）",
        "then": "，其次是 {key}（{what}）",
        "driven": "{Subject}取决于参数 {items}",
        "item": "{key}（{what}）",
        "tied": "（前两个参数在 {n} 个{unit}下分不出高低）",
        "none": "这 {k} 个参数对{subject}的影响都不大（最大的是 {key}，{what}）",
        "none_noisy": "对{subject}而言，没有哪个参数的影响能与运行间随机波动区分开（最大的是 {key}，"
                      "{what}；仅随机波动就可达约 {floor}）",
        "little_one": "；{keys} 有一些影响（{what}）",
        "little_many": "；{keys} 有一些影响（{what}）",
        "noisy_one": "；{keys} 的影响与随机波动分不开（{what}）",
        "noisy_many": "；{keys} 的影响与随机波动分不开（{what}）",
        "hardly_one": "；{keys} 几乎没有影响（{what}）",
        "hardly_many": "；{keys} 几乎没有影响（{what}）",
        "end": "。",
        "interacts": "{key} 主要通过与其他参数的交互作用起作用（一阶指数 {s1}，总效应指数 {st}）。",
        "clipped": "表中低于 0 或高于 1 的估计值来自抽样误差，以上句子按 0 或 1 解读。",
        "constant": "{Subject}在每次运行中都相同，无从排序。",
        "no_samples": "{Subject}：完整的{unit}不足两个，无法计算指数。",
        "mu": "μ* {v}{u}", "mu_ci": "μ* {v}{u}，{ci}", "mus": "μ* {vs}{u}",
        "range": "：该参数从取值范围低端变到高端时结果的平均变化",
        "nonlinear": "{key} 的作用随其他参数或自身取值而变（σ {s}，μ* {m}）{sign}。",
        "sign": "，且方向会反转（μ {mu}）",
        "noise_one": "每个设计点只运行了一次，无法估计模拟本身的运行间随机波动（请把重复次数设为 2 "
                     "或以上），因此任何指数中都可能有一部分是随机波动。",
        "noise": "运行间随机波动（同一设计点各次重复之间的差异）占单次运行方差的 {p}%（{ci}）；"
                 "在计算指数所用的 {r} 次重复均值中，最多占 {q}%。",
        "noise_dominates": "随机波动占主导：先增加重复次数，再解读这些指数。",
        "noise_floor_sobol": "总效应指数在约 {f} 以内的，可能只是随机波动。",
        "noise_floor_morris": "μ* 在约 {f}{u}以内的，可能只是随机波动。",
        "noise_small": "随机波动很小，不影响参数的排序。",
        "noise_none": "该结果不变，没有随机波动可测。",
        "noise_no_runs": "没有一次成功的运行有这一结果的数值。",
        "and": " 和 ", "list": "、",
        "samples": "基础样本", "trajectories": "轨迹",
    },
}
LANGUAGES = tuple(_WORDS)
_UNITS_ZH = {"percentage points": " 个百分点", "per year": "（每年）", "h": " 小时",
             "yuan per year": " 元（每年）"}


def subject(output, language="en"):
    """How ``output`` reads as the subject of a sentence (the key itself for a JSON path)."""
    if output in _SUBJECTS:
        return _SUBJECTS[output][language]
    if output in UNITS:
        name = indicator_name(output, language)
        if language == "zh":
            return name
        return ("the " if output in PERCENT_INDICATORS or output.endswith("rate") else
                "the number of ") + name
    return output


def _num(x, digits=2):
    return "nan" if not np.isfinite(x) else f"{x:.{digits}f}"


def _sig(x):
    """A Morris number with three significant digits."""
    if not np.isfinite(x):
        return "nan"
    return f"{x:.3g}" if abs(x) >= 1e-3 or x == 0 else f"{x:.2e}"


def _clip(x):
    return min(1.0, max(0.0, x)) if np.isfinite(x) else x


def _join(items, words):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return words["list"].join(items[:-1]) + words["and"] + items[-1]


def _unit_text(unit, language):
    if not unit:
        return ""
    if language == "zh":
        return _UNITS_ZH.get(unit, " " + unit)
    return " " + unit


def _classify(values, lows, floor, matters, hardly, evidence=()):
    """Keys (in ranked order) into drive / a little / within the noise / hardly, by their
    value (ST read in [0, 1], or mu* over the largest) against the thresholds, and the low end
    of its interval (``lows``) against the noise floor (in the same scale; NaN when unknown).
    A key in ``evidence`` (a first-order index whose interval lies above 0: noise does not
    raise S1) is never put down to noise."""
    groups = {"major": [], "minor": [], "noisy": [], "hardly": []}
    for key, value in values.items():
        if not np.isfinite(value) or value < hardly:
            groups["hardly"].append(key)
        elif np.isfinite(floor) and lows[key] <= floor and key not in evidence:
            groups["noisy"].append(key)
        elif value >= matters:
            groups["major"].append(key)
        else:
            groups["minor"].append(key)
    return groups


def _ranking_sentence(result, language, values, lows, floor, matters, mostly_ok, what, short,
                      unit_word, short_floor="", evidence=()):
    """The first sentence: what drives the output, then the groups, and the groups
    (_classify's). ``what(key)`` says a key's number with its interval, ``short(keys)`` the
    numbers of a group, ``short_floor`` the noise floor in words."""
    words = _WORDS[language]
    subj = subject(result.output, language)
    Subj = subj[:1].upper() + subj[1:] if subj != result.output else subj
    groups = _classify(values, lows, floor, matters, (HARDLY if result.kind == "sobol" else
                                                      MORRIS_HARDLY), evidence)
    major = groups["major"]
    rest = {name: list(keys) for name, keys in groups.items() if name != "major"}
    if not major:
        top = values.index[0]
        noisy = top in rest["noisy"]
        text = words["none_noisy" if noisy else "none"].format(
            k=len(values), subject=subj, Subject=Subj, key=top, what=what(top),
            floor=short_floor)
        for keys in rest.values():
            if top in keys:
                keys.remove(top)
    else:
        first = major[0]
        separate = mostly_ok(first, major[1] if len(major) > 1 else None)
        if separate:
            text = words["mostly"].format(Subject=Subj, key=first, what=what(first, True))
            for key in major[1:]:
                text += words["then"].format(key=key, what=what(key))
        else:
            items = [words["item"].format(key=k, what=what(k, i == 0))
                     for i, k in enumerate(major)]
            text = words["driven"].format(Subject=Subj, items=_join(items, words))
            if len(major) >= 2:
                text += words["tied"].format(n=result.used, unit=words[unit_word])
    for name in ("minor", "noisy", "hardly"):
        keys = rest[name]
        if keys:
            one = len(keys) == 1
            label = {"minor": "little", "noisy": "noisy", "hardly": "hardly"}[name]
            text += words[f"{label}_{'one' if one else 'many'}"].format(
                keys=_join(keys, words), what=short(keys))
    return text + words["end"], groups


def _sobol_sentences(result, language):
    words = _WORDS[language]
    table = result.table
    level = round(100 * CONFIDENCE)
    subj = subject(result.output, language)
    Subj = subj[:1].upper() + subj[1:] if subj != result.output else subj
    if result.used < 2:
        return [words["no_samples"].format(Subject=Subj, unit=words["samples"])]
    if result.constant:
        return [words["constant"].format(Subject=Subj)]
    st = table["ST"].map(_clip)

    def what(key, first=False):
        row = table.loc[key]
        ci = words["ci"].format(level=level, low=_num(_clip(row["ST_low"])),
                                high=_num(_clip(row["ST_high"])))
        return words["total_ci"].format(v=_num(_clip(row["ST"])), ci=ci)

    def short(keys):
        values = [_num(st[k]) for k in keys]
        return (words["total"].format(v=values[0]) if len(keys) == 1 else
                words["totals"].format(vs=_join(values, words)))

    def mostly_ok(first, second):
        if st[first] < MOSTLY:
            return False
        return second is None or table.loc[first, "ST_low"] > table.loc[second, "ST_high"]

    floor = result.noise.get("share_of_means", np.nan)
    floor = min(floor, 1.0) if result.noise.get("replications", 0) >= 2 else np.nan
    lows = table["ST_low"].map(_clip)
    evidence = set(table.index[table["S1_low"] > 0])
    text, groups = _ranking_sentence(result, language, st, lows, floor, MATTERS, mostly_ok,
                                     what, short, "samples", _num(floor), evidence)
    sentences = [text]
    for key in groups["major"]:
        s1, stk = _clip(table.loc[key, "S1"]), st[key]
        # said only when the two intervals do not overlap: sampling error alone rarely does it
        if (stk - s1 >= INTERACTS and stk - s1 >= 0.5 * stk
                and table.loc[key, "S1_high"] < table.loc[key, "ST_low"]):
            sentences.append(words["interacts"].format(key=key, s1=_num(s1), st=_num(stk)))
    raw = table[["S1", "ST"]].to_numpy()
    if np.any((raw < 0) | (raw > 1)):
        sentences.append(words["clipped"])
    return sentences


def _morris_sentences(result, language):
    words = _WORDS[language]
    table = result.table
    level = round(100 * CONFIDENCE)
    u = _unit_text(result.unit, language)
    subj = subject(result.output, language)
    Subj = subj[:1].upper() + subj[1:] if subj != result.output else subj
    if not table["n"].gt(0).any():
        return [words["no_samples"].format(Subject=Subj, unit=words["trajectories"])]
    if result.constant:
        return [words["constant"].format(Subject=Subj)]
    top = table["mu_star"].max()
    rel = table["mu_star"] / top

    def what(key, first=False):
        row = table.loc[key]
        ci = words["ci"].format(level=level, low=_sig(row["mu_star_low"]),
                                high=_sig(row["mu_star_high"]))
        text = words["mu_ci"].format(v=_sig(row["mu_star"]), u=u, ci=ci)
        return text + (words["range"] if first else "")

    def short(keys):
        values = [_sig(table.loc[k, "mu_star"]) for k in keys]
        return (words["mu"].format(v=values[0], u=u) if len(keys) == 1 else
                words["mus"].format(vs=_join(values, words), u=u))

    def mostly_ok(first, second):
        if second is None:
            return True
        return (rel[second] <= 0.5 and
                table.loc[first, "mu_star_low"] > table.loc[second, "mu_star_high"])

    floor = result.noise.get("noise_floor", np.nan) / top
    lows = table["mu_star_low"] / top
    text, groups = _ranking_sentence(result, language, rel, lows, floor, MORRIS_MATTERS,
                                     mostly_ok, what, short, "trajectories",
                                     _sig(result.noise.get("noise_floor", np.nan)) + u)
    sentences = [text]
    for key in groups["major"]:
        row = table.loc[key]
        if row["sigma"] >= NONLINEAR * row["mu_star"]:
            sign = (words["sign"].format(mu=_sig(row["mu"]))
                    if abs(row["mu"]) < 0.5 * row["mu_star"] else "")
            sentences.append(words["nonlinear"].format(key=key, s=_sig(row["sigma"]),
                                                       m=_sig(row["mu_star"]), sign=sign))
    return sentences


def _noise_sentence(result, language):
    words = _WORDS[language]
    noise = result.noise
    if noise["replications"] == 0:
        return words["noise_no_runs"]
    if noise["replications"] < 2:
        return words["noise_one"]
    if not np.isfinite(noise["share"]):
        return words["noise_none"]
    level = round(100 * CONFIDENCE)
    ci = words["ci"].format(level=level, low=f"{100 * noise['share_low']:.0f}%",
                            high=f"{100 * noise['share_high']:.0f}%")
    q = min(noise["share_of_means"], 1.0)
    text = words["noise"].format(p=f"{100 * noise['share']:.0f}", ci=ci,
                                 r=noise["replications"], q=f"{100 * q:.0f}")
    if q >= NOISE_DOMINATES:
        return text + words["noise_dominates"]
    if result.kind == "sobol":
        if q < NOISE_NEGLIGIBLE:
            return text + words["noise_small"]
        return text + words["noise_floor_sobol"].format(f=_num(q))
    floor = noise.get("noise_floor", np.nan)
    top = result.table["mu_star"].max()
    if not np.isfinite(floor) or (top > 0 and floor / top < NOISE_NEGLIGIBLE):
        return text + words["noise_small"]
    return text + words["noise_floor_morris"].format(f=_sig(floor),
                                                     u=_unit_text(result.unit, language))


def plain_language(result, language="en"):
    """The plain-language lines of a Result in ``language`` (en or zh): the ranking sentence,
    interactions or nonlinear effects, a note on estimates outside [0, 1], and the noise."""
    if language not in _WORDS:
        raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")
    lines = (_sobol_sentences if result.kind == "sobol" else _morris_sentences)(result,
                                                                                language)
    lines.append(_noise_sentence(result, language))
    return lines


def format_result(result):
    """The ranked table of a Result as text (English; the keys as the sweep file has them).
    A Sobol estimate below 0 or above 1 is marked '!'."""
    table = result.table
    width = max([display_width(k) for k in table.index] + [3])
    level = round(100 * CONFIDENCE)
    ci_head = f"{level}% CI"
    lines = []
    if result.kind == "sobol":
        lines.append(f"{'rank':>4}  {'key':<{width}}  {'S1':>6}  {ci_head:<16}  "
                     f"{'ST':>6}  {ci_head:<16}")

        def mark(x):
            return _num(x) + ("!" if np.isfinite(x) and (x < 0 or x > 1) else " ")
        for rank, (key, row) in enumerate(table.iterrows(), 1):
            pad = width - display_width(key) + len(key)
            lines.append(f"{rank:>4}  {key:<{pad}}  {mark(row['S1']):>7} "
                         f"[{_num(row['S1_low']):>6}, {_num(row['S1_high']):>6}]  "
                         f"{mark(row['ST']):>7} [{_num(row['ST_low']):>6}, "
                         f"{_num(row['ST_high']):>6}]")
        raw = table[["S1", "ST"]].to_numpy()
        if np.any((raw < 0) | (raw > 1)):
            lines.append("! below 0 or above 1: sampling error (the true index lies in [0, 1])")
    else:
        lines.append(f"{'rank':>4}  {'key':<{width}}  {'mu*':>9}  {ci_head:<22}  "
                     f"{'mu':>9}  {'sigma':>9}  {'n':>4}")
        for rank, (key, row) in enumerate(table.iterrows(), 1):
            pad = width - display_width(key) + len(key)
            lines.append(f"{rank:>4}  {key:<{pad}}  {_sig(row['mu_star']):>9}  "
                         f"[{_sig(row['mu_star_low']):>9}, {_sig(row['mu_star_high']):>9}]  "
                         f"{_sig(row['mu']):>9}  {_sig(row['sigma']):>9}  {int(row['n']):>4}")
        unit = f" ({result.unit})" if result.unit else ""
        lines.append(f"elementary effects: the change of the output per whole range of a "
                     f"key{unit}; n = effects per key")
    return "\n".join(lines)
