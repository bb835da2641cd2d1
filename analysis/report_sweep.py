"""The report of a sweep folder: analysis/compare.py's paired comparison, its plain-language
lines (in the report's language), tier stability and plots (English labels), as HTML sections.

Nothing is recomputed here: the numbers are compare.paired_comparison's, formatted as
compare.py prints them, and the plots are compare.make_plots', drawn into a temporary folder
(the sweep folder is left untouched) and embedded.
"""

import math
import os
import tempfile

import compare
import report_html as h


def load(folder, baseline=None):
    """The sweep's index and the baseline (default: the sweep's first policy). Raises
    FileNotFoundError or compare.CompareError (a ValueError) for an unusable folder or an
    unknown baseline."""
    index = compare.load_index(folder)
    if not index.policies:
        raise compare.CompareError(f"{folder}: the sweep has no policy")
    baseline = baseline or index.policies[0]
    compare._check_baseline(index, baseline)
    return index, baseline


def _n(x):
    return h.Cell(compare._num(x), numeric=True)


def build(index, baseline, t):
    """(title, subtitle, sections) of the sweep's report."""
    table = compare.paired_comparison(index, baseline)
    stability = compare.tier_stability(index)
    rates = compare.organization_rates(index)
    title = t("page.title.sweep", name=index.name)
    subtitle = t("page.subtitle.sweep", runs=len(index.runs), ok=len(index.ok),
                 policies=len(index.policies), baseline=baseline, path=index.folder)
    sections = [
        ("sweep-overview", t("sec.sweep_overview"), _overview(index, t)),
        ("comparison", t("sec.comparison"), _comparison(table, index, baseline, t)),
        ("plain-language", t("sec.plain"), _plain(table, baseline, t)),
        ("tier-stability", t("sec.stability"), _stability(index, stability, t)),
        ("sweep-plots", t("sec.sweep_plots"), _plots(index, baseline, stability, rates, t)),
        ("sweep-runs", t("sec.sweep_runs"), _runs(index, baseline, t)),
    ]
    return title, subtitle, [(i, heading, h.section(i, heading, parts))
                             for i, heading, parts in sections]


def _points(index):
    """Every point of the sweep in its order (ok or failed runs)."""
    return list(dict.fromkeys(index.runs["point"]))


def _overview(index, t):
    indicators = list(compare.INDICATORS)
    keys = list(index.grid_keys)  # without a grid a point is its policy: no policy column
    headers = ([t("col.point")] + ([t("col.policy")] + keys if keys else [])
               + [t("col.runs"), t("col.ok")] + [t.label("indicator", i) for i in indicators])
    rows = []
    for point in _points(index):
        runs = index.runs[index.runs["point"] == point]
        ok = runs[runs["status"] == "ok"]
        first = runs.iloc[0]
        cells = [point] + ([first["policy"]] + [str(first[k]) for k in keys] if keys else [])
        cells += [_n(len(runs)), _n(len(ok))]
        cells += [h.Cell(compare._num(float(ok[i].mean())) if len(ok) else "n/a",
                         key=f"mean|{point}|{i}", numeric=True) for i in indicators]
        rows.append((f"point|{point}", cells))
    return [h.paragraph(t("sweep.intro")), h.table(headers, rows, table_id="points")]


def _comparison(table, index, baseline, t):
    parts = [h.paragraph(t("sweep.comparison_intro"))]
    if table.empty:
        parts.append(h.paragraph(t("sweep.nothing"), "note"))
        return parts
    keys = index.grid_keys
    headers = [t("col.indicator"), t("col.better"), t("col.policy_mean"), t("col.baseline_mean"),
               t("col.difference"), t("col.ci"), t("col.p_better"), t("col.p_worse")]
    for point, rows in table.groupby("point", sort=False):
        n = int(rows["n"].iloc[0])
        base_label = compare.point_label(baseline, [(k, rows[k].iloc[0]) for k in keys])
        body = []
        for _, r in rows.iterrows():
            key = f"{point}|{r.indicator}"
            ci = t("ci.range", low=compare._num(r.ci_low), high=compare._num(r.ci_high))
            body.append((key, [
                h.Cell(t.label("indicator", r.indicator), key=key + "|indicator"),
                t.label("better", r.better),
                h.Cell(compare._num(r.policy_mean), key=key + "|policy_mean", numeric=True),
                h.Cell(compare._num(r.baseline_mean), key=key + "|baseline_mean", numeric=True),
                h.Cell(compare._num(r.mean_difference), key=key + "|mean_difference",
                       numeric=True),
                h.Cell(ci, key=key + "|ci", numeric=True),
                h.Cell(compare._share(r.p_better), key=key + "|p_better", numeric=True),
                h.Cell(compare._share(r.p_worse), key=key + "|p_worse", numeric=True)]))
        parts.append(h.table(headers, body, caption=t("sweep.vs", point=point,
                                                      baseline=base_label, n=n)))
    return parts


def _plain(table, baseline, t):
    if table.empty:
        return [h.paragraph(t("sweep.nothing"), "note")]
    lines = compare.plain_language(table, baseline, language=t.lang).splitlines()
    items = "".join(f"<li>{h.esc(line)}</li>" for line in lines if line.strip())
    return [h.paragraph(t("sweep.plain_note"), "note"), f"<ul>{items}</ul>"]


def _stability(index, stability, t):
    rows = []
    for point in list(dict.fromkeys(index.ok["point"])):
        mean, half = compare._mean_ci(
            stability.loc[stability["point"] == point, "tier_change_share"])
        rows.append((f"stability|{point}", [
            point, h.Cell("n/a" if math.isnan(mean) else f"{mean:.3f}",
                          key=f"stability|{point}", value=float(mean), numeric=True),
            h.Cell("" if math.isnan(half) else f"± {half:.3f}", numeric=True)]))
    return [h.paragraph(t("sweep.stability_intro")),
            h.table([t("col.point"), t("col.tier_change_share"), t("col.ci_half")], rows,
                    table_id="stability")]


def _plots(index, baseline, stability, rates, t):
    captions = {"indicators.png": "fig.sweep.indicators",
                "organization_rates.png": "fig.sweep.organization_rates",
                "tier_stability.png": "fig.sweep.tier_stability"}
    parts = [h.paragraph(t("sweep.plots_intro"), "note")]
    with tempfile.TemporaryDirectory(prefix="orgsim-report-") as tmp:
        for path in compare.make_plots(index, baseline, out_dir=tmp, stability=stability,
                                       rates=rates):
            name = os.path.basename(path)
            with open(path, "rb") as f:
                png = f.read()
            caption = t(captions[name]) if name in captions else name
            parts.append(h.figure(png, caption, caption, "fig-sweep-" + name[:-4]))
    return parts


def _runs(index, baseline, t):
    rows = [[t("prov.sweep_name"), index.name], [t("prov.folder"), index.folder],
            [t("prov.baseline"), baseline], [t("prov.policies"), ", ".join(index.policies)]]
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
