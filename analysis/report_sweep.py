"""The report of a sweep folder: analysis/compare.py's comparison as HTML sections, conclusions
first, in the report's language.

Sections, in order:

- ``sweep-notes`` (read first): compare.warning_lines (queues that do not settle, repeated
  for every point whose runs warn) and compare.response_lines (points that differ from the
  baseline only in rules that act through people's responses while the behaviour model is
  fixed: "nobody responds to the tiers; results differ only in money paid");
- ``plain-language``: compare.plain_language with the reference standard first;
- ``comparison``: compare.paired_comparison's table per point, the indicators that differ in
  at least one replication in full and the others on one row ("unchanged");
- ``forest``: compare's forest.png (each paired difference with its 95% CI, a zero line);
- ``fate`` (only when analysis/fate.py is there): fate.format_fate's text, who changes fate;
- ``sweep-overview`` (each point's mean of every indicator), ``tier-stability``,
  ``sweep-plots`` (organization_rates.png, tier_stability.png), ``sweep-runs``.

Nothing is recomputed here: the numbers are compare.paired_comparison's, formatted as
compare.py prints them, and the plots are compare.make_plots', drawn into a temporary folder
(the sweep folder is left untouched) and embedded, each with the size of its smallest text
(recorded in the PNG by compare_plots) so that on a phone it is never shown smaller than
10 px (report_html.figure). The strings of this page that the shared
catalogue (report_i18n) does not hold are in MESSAGES below, in the same form (both
languages, the same placeholders; report_i18n.check_catalogue(MESSAGES) checks them).
"""

import math
import os
import tempfile

import compare
import report_fonts
import report_html as h

# This page's own strings, {id: {"zh": ..., "en": ...}}; the shared catalogue is looked up for
# every other id.
MESSAGES = {
    "sec.sweep_notes": {"zh": "先读这里", "en": "Read first"},
    "sec.forest": {"zh": "配对差值一览（森林图）", "en": "Paired differences at a glance"},
    "sec.fate": {"zh": "谁的命运变了", "en": "Who changes fate"},
    "sweep.notes_none": {
        "zh": "没有需要提醒的事项：各项政策的排队都稳定下来了；也没有哪项政策与基准的差别只在于这里无人"
              "作出反应的规则。",
        "en": "Nothing to flag: every policy's queues settle, and no policy differs from the "
              "baseline only in rules that nobody here responds to."},
    "sweep.notes_intro": {
        "zh": "以下提醒由 analysis/compare.py 根据各次运行的警告和参数生成。",
        "en": "Written by analysis/compare.py from the runs' warnings and parameters."},
    "sweep.comparison_intro3": {
        "zh": "差值 = 政策 − 基准，在同一重复内配对计算；相对差不超过两者较大绝对值的 1e-9 倍的差值"
              "（浮点误差）按 0 计。95% 置信区间为配对差值的 t 区间，* 表示区间不含 0；“更好的比例”"
              "为政策严格优于基准的重复所占比例（相同不算更好）。比例以 % 表示，其差值为百分点；"
              "次数为每年的次数（单位列另有说明的除外）。在每次重复中都完全相同的指标合并为一行。",
        "en": "difference = policy − baseline within each replication; a difference within "
              "float noise (at most 1e-9 times the larger of the two magnitudes) counts as 0. "
              "The 95% CI is the Student-t interval of the paired differences, * when it "
              "excludes 0; p_better (p_worse) is the share of replications in which the "
              "policy is strictly better (worse). Shares are in %, their differences in "
              "percentage points; counts are per year unless the unit says otherwise. "
              "Indicators identical in every replication are collapsed into one row."},
    "col.unit": {"zh": "单位", "en": "unit"},
    "col.significant": {"zh": "显著", "en": "CI excludes 0"},
    "row.unchanged": {"zh": "未变（每次重复都相同）", "en": "unchanged (identical in every "
                                                           "replication)"},
    "sweep.forest_intro": {
        "zh": "每个面板一个指标（只列出至少在一次重复中有差别的指标），每行一项政策：配对差值的平均"
              "与 95% 置信区间，竖线为 0。实心：区间不含 0（绿色更好、红色更差、蓝色无方向）；空心："
              "差异不显著；×：每次重复都相同。",
        "en": "One panel per indicator that differs in at least one replication, one row per "
              "policy: the mean paired difference with its 95% CI, and a line at zero. Filled: "
              "the CI excludes 0 (green better, red worse, blue no better direction); hollow: "
              "not significant; ×: identical in every replication."},
    "fig.sweep.forest": {"zh": "各政策与基准的配对差值及其 95% 置信区间",
                         "en": "Each policy's paired difference from the baseline with its 95% "
                               "CI"},
    "fig.sweep.organization_rates3": {
        "zh": "各政策下所有社会组织的两率（全部重复合并）；虚线为政策自己的孵化线，红色实线为固定"
              "标准（按真实质量判断）",
        "en": "The two rates of every organization, all replications pooled; dashed: the "
              "policy's own incubation line, solid red: the fixed reference standard (which "
              "judges the true qualities)"},
    "sweep.fate_intro": {
        "zh": "以下由 analysis/fate.py 生成：同一重复、同一年里，每个社会组织在政策下与在基准下的孵化"
              "决定对照，以及补贴的得失。",
        "en": "Written by analysis/fate.py: each organization's incubation decision under a "
              "policy beside its decision under the baseline in the same replication and year, "
              "and who gains or loses allowance."},
    "sweep.fate_failed": {"zh": "analysis/fate.py 出错：{error}",
                          "en": "analysis/fate.py failed: {error}"},
    "sweep.overview_intro3": {
        "zh": "每项政策在每个网格点上各次重复的平均值（同一重复使用相同的随机种子，即共同随机数）。"
              "比例以 % 表示，次数为每年的次数（单位列另有说明的除外）。",
        "en": "Each policy's mean over its replications, at each point of the grid (replication "
              "r of every policy has the same seed: common random numbers). Shares in %, counts "
              "per year unless the unit says otherwise."},
}


# the table's units (compare.UNITS)
MESSAGES.update({
    f"unit.{unit}": {"en": unit, "zh": zh} for unit, zh in (
        (compare.PER_YEAR, "每年"), (compare.PERCENT, "%"), (compare.HOURS, "小时"),
        (compare.AT_END, "运行结束时"), (compare.YUAN_PER_YEAR, "元/年"),
        (compare.HOURS_PER_YEAR, "小时/人/年"), (compare.LEADERS, "人/季度"),
        (compare.EFFORT, "投入（1 = 正常）"), (compare.PER_RUN, "每次运行"))})


class Messages:
    """The report's catalogue with this page's MESSAGES in front of it."""

    def __init__(self, t):
        self.t, self.lang = t, t.lang

    def __call__(self, key, **values):
        if key in MESSAGES:
            text = MESSAGES[key][self.lang]
            return text.format(**values) if values else text
        return self.t(key, **values)

    def label(self, kind, value):
        return self.t.label(kind, value)


def load(folder, baseline=None):
    """The sweep's index and the baseline (default: the sweep's first policy). Raises
    FileNotFoundError or compare.CompareError (a ValueError) for an unusable folder or an
    unknown baseline."""
    index = compare.load_index(folder)
    compare.require_run_files(index, "report.py")
    compare.verify_run_files(index)
    if not index.policies:
        raise compare.CompareError(f"{folder}: the sweep has no policy")
    baseline = baseline or index.policies[0]
    compare.check_baseline(index, baseline)
    return index, baseline


def _n(x):
    return h.Cell(compare._num(x), numeric=True)


def notes(index, baseline, table, language):
    """The "read first" lines: compare.warning_lines, then compare.response_lines."""
    lines = compare.warning_lines(index, language)
    lines += compare.response_lines(compare.response_notes(index, baseline, table), language,
                                    index.grid_keys)
    return lines


def build(index, baseline, t):
    """(title, subtitle, sections) of the sweep's report."""
    t = Messages(t)
    table = compare.paired_comparison(index, baseline)
    stability = compare.tier_stability(index)
    rates = compare.organization_rates(index)
    standard = compare.reference_standard(index)
    with tempfile.TemporaryDirectory(prefix="orgsim-report-") as tmp:
        plots = {}
        for path in compare.make_plots(index, baseline, out_dir=tmp, stability=stability,
                                       rates=rates, table=table):
            with open(path, "rb") as f:
                plots[os.path.basename(path)] = report_fonts.Png.of_file(f.read())
    try:
        fate = compare.fate_text(index, baseline, t.lang)
    except Exception as error:  # noqa: BLE001 - another module's failure: say it, go on
        fate = t("sweep.fate_failed", error=f"{type(error).__name__}: {error}")
    title = t("page.title.sweep", name=index.name)
    subtitle = t("page.subtitle.sweep", runs=len(index.runs), ok=len(index.ok),
                 policies=len(index.policies),
                 baseline=compare.display_name(baseline, index.labels, language=t.lang),
                 path=index.folder)
    sections = [
        ("sweep-notes", t("sec.sweep_notes"), _notes(index, baseline, table, t)),
        ("plain-language", t("sec.plain"), _plain(table, baseline, standard, t)),
        ("comparison", t("sec.comparison"), _comparison(table, index, baseline, t)),
        ("forest", t("sec.forest"), _forest(plots, t)),
    ]
    if fate is not None:
        sections.append(("fate", t("sec.fate"), _fate(fate, t)))
    sections += [
        ("sweep-overview", t("sec.sweep_overview"), _overview(index, t)),
        ("tier-stability", t("sec.stability"), _stability(index, stability, t)),
        ("sweep-plots", t("sec.sweep_plots"), _plots(plots, t)),
        ("sweep-runs", t("sec.sweep_runs"), _runs(index, baseline, t)),
    ]
    return title, subtitle, [(i, heading, h.section(i, heading, parts))
                             for i, heading, parts in sections]


def _items(lines):
    return "<ul>" + "".join(f"<li>{h.esc(line)}</li>" for line in lines if line.strip()) \
        + "</ul>"


def _notes(index, baseline, table, t):
    if table.empty:
        return [h.paragraph(t("sweep.nothing"), "note")]
    lines = notes(index, baseline, table, t.lang)
    if not lines:
        return [h.paragraph(t("sweep.notes_none"), "note")]
    return [h.paragraph(t("sweep.notes_intro"), "note"), _items(lines)]


def _plain(table, baseline, standard, t):
    if table.empty:
        return [h.paragraph(t("sweep.nothing"), "note")]
    lines = compare.plain_language(table, baseline, language=t.lang, standard=standard)
    return [h.paragraph(t("sweep.plain_note"), "note"), _items(lines.splitlines())]


def _comparison(table, index, baseline, t):
    parts = [h.paragraph(t("sweep.comparison_intro3"))]
    if table.empty:
        parts.append(h.paragraph(t("sweep.nothing"), "note"))
        return parts
    keys = index.grid_keys
    headers = [t("col.indicator"), t("col.unit"), t("col.better"), t("col.policy_mean"),
               t("col.baseline_mean"), t("col.difference"), t("col.ci"), t("col.p_better"),
               t("col.p_worse")]
    for point, rows in table.groupby("point", sort=False):
        n = int(rows["n"].iloc[0])
        grid = [(k, rows[k].iloc[0]) for k in keys]
        name = compare.display_name(rows["policy"].iloc[0], index.labels, grid, t.lang)
        base_label = compare.display_name(baseline, index.labels, grid, t.lang)
        body = []
        for _, r in rows[~rows["identical"]].iterrows():
            key = f"{point}|{r.indicator}"
            ci = t("ci.range", low=compare._num(r.ci_low), high=compare._num(r.ci_high))
            body.append((key, [
                h.Cell(compare.indicator_name(r.indicator, t.lang), key=key + "|indicator"),
                t(f"unit.{r.unit}"),
                t.label("better", r.better),
                h.Cell(compare._num(r.policy_mean), key=key + "|policy_mean", numeric=True),
                h.Cell(compare._num(r.baseline_mean), key=key + "|baseline_mean", numeric=True),
                h.Cell(compare._num(r.mean_difference) + (" *" if r.significant else ""),
                       key=key + "|mean_difference", numeric=True),
                h.Cell(ci, key=key + "|ci", numeric=True),
                h.Cell(compare._share(r.p_better), key=key + "|p_better", numeric=True),
                h.Cell(compare._share(r.p_worse), key=key + "|p_worse", numeric=True)]))
        unchanged = rows[rows["identical"]]
        if len(unchanged):
            sep = "、" if t.lang == "zh" else ", "
            names = sep.join(compare.indicator_name(i, t.lang) for i in unchanged["indicator"])
            body.append(("group", f"{t('row.unchanged')}: {names}" if t.lang == "en"
                         else f"{t('row.unchanged')}：{names}"))
        parts.append(h.table(headers, body, caption=t("sweep.vs", point=name,
                                                      baseline=base_label, n=n)))
    return parts


def _figure(plots, name, caption_key, t):
    caption = t(caption_key)
    return h.figure(plots[name], caption, caption, "fig-sweep-" + name[:-4])


def _forest(plots, t):
    return [h.paragraph(t("sweep.forest_intro"), "note"),
            _figure(plots, "forest.png", "fig.sweep.forest", t)]


def _fate(text, t):
    return [h.paragraph(t("sweep.fate_intro"), "note"),
            f'<pre id="fate-text" style="white-space: pre-wrap">{h.esc(text.rstrip())}</pre>']


def _points(index):
    """Every point of the sweep in its order (ok or failed runs)."""
    return list(dict.fromkeys(index.runs["point"]))


def _overview(index, t):
    """Rows: the indicators (in the table's units); columns: the points."""
    points = _points(index)
    values = compare.indicator_values(index.ok) if len(index.ok) else index.ok
    headers = [t("col.indicator"), t("col.unit")] + [index.display(p, t.lang) for p in points]
    rows = [("runs", [t("col.runs"), ""] + [_n(int((index.runs["point"] == p).sum()))
                                            for p in points]),
            ("ok", [t("col.ok"), ""] + [_n(int((index.ok["point"] == p).sum()))
                                        for p in points])]
    for indicator in compare.INDICATORS:
        cells = [compare.indicator_name(indicator, t.lang), t(f"unit.{compare.UNITS[indicator]}")]
        for p in points:
            mine = values[values["point"] == p] if len(values) else values
            cells.append(h.Cell(compare._num(float(mine[indicator].mean())) if len(mine)
                                else "n/a", key=f"mean|{p}|{indicator}", numeric=True))
        rows.append((f"indicator|{indicator}", cells))
    return [h.paragraph(t("sweep.overview_intro3")), h.table(headers, rows, table_id="points")]


def _stability(index, stability, t):
    rows = []
    for point in list(dict.fromkeys(index.ok["point"])):
        mean, half = compare._mean_ci(
            stability.loc[stability["point"] == point, "tier_change_share"])
        rows.append((f"stability|{point}", [
            index.display(point, t.lang),
            h.Cell("n/a" if math.isnan(mean) else f"{mean:.3f}",
                   key=f"stability|{point}", value=float(mean), numeric=True),
            h.Cell("" if math.isnan(half) else f"± {half:.3f}", numeric=True)]))
    return [h.paragraph(t("sweep.stability_intro")),
            h.table([t("col.point"), t("col.tier_change_share"), t("col.ci_half")], rows,
                    table_id="stability")]


def _plots(plots, t):
    return [h.paragraph(t("sweep.plots_intro"), "note"),
            _figure(plots, "organization_rates.png", "fig.sweep.organization_rates3", t),
            _figure(plots, "tier_stability.png", "fig.sweep.tier_stability", t)]


def _runs(index, baseline, t):
    rows = [[t("prov.sweep_name"), index.name], [t("prov.folder"), index.folder],
            [t("prov.baseline"), compare.display_name(baseline, index.labels,
                                                      language=t.lang)],
            [t("prov.policies"), ", ".join(compare.display_name(p, index.labels,
                                                                language=t.lang)
                                           for p in index.policies)]]
    if index.grid_keys:
        rows.append([t("prov.grid_keys"), ", ".join(index.grid_keys)])
    parts = [h.table([t("col.item"), t("col.value")], rows, table_id="sweep-provenance")]
    failed = index.failed
    if len(failed):
        parts.append(h.table([t("col.run_id"), t("col.point"), t("col.replication"),
                              t("col.error")],
                             [[r["run_id"], r["point"], _n(r["replication"]), r["error"]]
                              for _, r in failed.iterrows()],
                             caption=t("sweep.failed"), table_id="failed-runs"))
    else:
        parts.append(h.paragraph(t("sweep.no_failed"), "note"))
    return parts
