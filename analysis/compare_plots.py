"""The plots of a sweep's comparison with a baseline, as PNG files (English; a policy's Chinese
label only when a CJK font can draw it): forest.png (every paired difference that is not 0 in
every replication, with its 95% CI), organization_rates.png (the organizations' two rates with
each policy's incubation line and the reference standard) and tier_stability.png.

compare.make_plots computes what they show (the comparison table, tier stability, the
organizations' rates) and calls write_plots, which draws them.

Use Debian's /usr/bin/python3 (matplotlib, numpy).
"""

import math
import os
import textwrap

import numpy as np

from indicators import INDICATORS, PERCENT_INDICATORS, UNITS
from paired_stats import mean_and_half_width
from plain_language import indicator_name
from sweep_index import display_name, points_in_order


def _save(fig, out_dir, name):
    """Writes the figure as out_dir/name (PNG) and returns the path. With report_fonts there,
    the PNG's text chunk report_fonts.MIN_TEXT_KEY holds the size of its smallest text in
    pixels, which the HTML report keeps readable on a phone (report_fonts.Png.of_file)."""
    import matplotlib.pyplot as plt
    path = os.path.join(out_dir, name)
    metadata = {}
    try:
        import report_fonts
    except ImportError:  # compare.py without the report's modules: no size recorded
        report_fonts = None
    if report_fonts is not None:
        fig.canvas.draw()  # lays the figure out (tick labels) before its text is measured
        text_px = report_fonts.smallest_text_px(fig, dpi=100)
        if text_px:
            metadata[report_fonts.MIN_TEXT_KEY] = f"{text_px:.2f}"
    fig.savefig(path, dpi=100, metadata=metadata)
    plt.close(fig)
    return path


def _cjk_font():
    """A font family that draws the policies' Chinese labels, or None (then the plots name
    the points by their ids). Uses report_fonts when it is there."""
    try:
        import report_fonts
        return report_fonts.find_cjk_font()
    except Exception:  # noqa: BLE001 - no font helper, no CJK labels
        return None


def _plot_names(index, points, baseline):
    """The points' names in the plots (a dict point -> name, the baseline policy's name under
    the key ``baseline``): labels when a CJK font can draw them (or they are plain ASCII),
    else the ids."""
    names = {p: index.display(p) for p in points}
    base = display_name(baseline, index.labels)
    if not all(name.isascii() for name in list(names.values()) + [base]):
        family = _cjk_font()
        if family is None:
            return dict(zip(points, points)) | {baseline: baseline}
        import matplotlib
        if family not in list(matplotlib.rcParams["font.family"]):
            matplotlib.rcParams["font.family"] = ["DejaVu Sans", family]
    return names | {baseline: base}


def write_plots(index, baseline, table, stability, rates, out_dir):
    """Writes three PNGs into ``out_dir`` and returns their paths (``index`` a SweepIndex,
    ``table`` compare.paired_comparison's, ``stability`` compare.tier_stability's, ``rates``
    compare.organization_rates'):
    forest.png (the paired difference policy - baseline of every indicator that differs in at
    least one replication: one panel per indicator, one row per point, the mean difference
    with its 95% CI, a zero line; a filled marker when the CI excludes 0, green when better,
    red when worse, blue without a better direction), organization_rates.png (each incubation
    decision's attraction vs satisfaction rate, every organization and year, every replication
    pooled, one panel per point, coloured by decision, with the policy's own incubation line
    (dashed) and the sweep's reference standard (solid red)), tier_stability.png (share of
    quarter-to-quarter tier changes per branch, mean over replications with its 95% CI)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    os.makedirs(out_dir, exist_ok=True)
    points = points_in_order(index)
    names = _plot_names(index, points, baseline)
    ok = index.ok
    is_base = [ok[ok["point"] == p]["policy"].iloc[0] == baseline for p in points]
    colours = ["tab:grey" if b else "tab:blue" for b in is_base]
    written = []

    written.append(_forest(plt, index, baseline, table, names, out_dir))

    # the two rates of the organizations, with the policy's rule and the reference standard
    ncols = min(4, len(points))
    nrows = math.ceil(len(points) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.4 * ncols, 4.6 * nrows), squeeze=False,
                             layout="constrained")
    decision_colour = {"incubated": "tab:green", "denied": "tab:red",
                       "not_enough_data": "tab:grey"}
    # one scale for every panel, from a little below the lowest rate or line to 1
    low = 0.0
    if len(rates):
        lines = rates[["threshold", "truth_threshold"]].to_numpy(dtype=float).ravel()
        values = np.concatenate([rates["attraction_rate"].to_numpy(dtype=float),
                                 rates["satisfaction_rate"].to_numpy(dtype=float), lines])
        values = values[np.isfinite(values)]
        if len(values):
            low = max(0.0, math.floor((values.min() - 0.05) * 10) / 10)
    for ax, p in zip(axes.flat, points):
        sub = rates[rates["point"] == p] if len(rates) else rates
        for decision, colour in decision_colour.items():
            d = sub[sub["decision"] == decision] if len(sub) else sub
            ax.scatter(d["attraction_rate"] if len(d) else [], d["satisfaction_rate"]
                       if len(d) else [], s=10, alpha=0.5, color=colour,
                       label=f"{decision} ({len(d)})")
        if len(sub):
            truth = sub[["truth_threshold", "truth_combine", "truth_attraction_weight"]] \
                .drop_duplicates()
            for _, rule in truth.iterrows():
                _draw_rule(ax, rule["truth_threshold"], rule["truth_combine"],
                           rule["truth_attraction_weight"], standard=True)
            rules = sub[["threshold", "combine", "attraction_weight"]].drop_duplicates()
            for _, rule in rules.iterrows():
                _draw_rule(ax, rule["threshold"], rule["combine"], rule["attraction_weight"])
        ax.set_xlim(low, 1.02)
        ax.set_ylim(low, 1.02)
        ax.set_xlabel("attraction rate")
        ax.set_ylabel("satisfaction rate")
        ax.set_title("\n".join(textwrap.wrap(names[p], 38)), fontsize=9)
        ax.legend(fontsize=8, loc="lower left")
    for ax in list(axes.flat)[len(points):]:
        ax.axis("off")
    fig.suptitle(f"sweep {index.name}: the two rates of every organization and year, all "
                 f"replications\n(dashed: the policy's own incubation line; solid red: the "
                 f"reference standard, which judges the true qualities)", fontsize=10)
    written.append(_save(fig, out_dir, "organization_rates.png"))

    # tier stability
    fig, ax = plt.subplots(figsize=(max(7, 0.8 * len(points) + 2), 5.5), layout="constrained")
    for i, p in enumerate(points):
        shares = stability.loc[stability["point"] == p, "tier_change_share"]
        mean, half = mean_and_half_width(shares)
        ax.bar(i, mean, color=colours[i], yerr=None if math.isnan(half) else half, capsize=4)
    ax.set_xticks(np.arange(len(points)))
    ax.set_xticklabels([names[p] for p in points], rotation=40, ha="right", fontsize=8)
    ax.set_ylabel("share of branches changing tier\nfrom one quarter to the next")
    ax.set_title(f"sweep {index.name}: tier stability\n(mean over replications, 95% CI; "
                 f"lower = more stable; grey: baseline)", fontsize=9)
    ax.grid(axis="y", alpha=0.3)
    written.append(_save(fig, out_dir, "tier_stability.png"))
    return written


def _forest(plt, index, baseline, table, names, out_dir):
    """forest.png: one panel per indicator that differs, one row per point."""
    from matplotlib.ticker import FuncFormatter
    changed = [i for i in INDICATORS
               if len(table) and not table.loc[table["indicator"] == i, "identical"].all()]
    points = list(dict.fromkeys(table["point"])) if len(table) else []
    if not changed or not points:
        fig, ax = plt.subplots(figsize=(8, 2.5))
        ax.axis("off")
        ax.text(0.5, 0.5, f"sweep {index.name}: no indicator differs from {baseline}\nin any "
                          f"replication", ha="center", va="center", fontsize=12)
        return _save(fig, out_dir, "forest.png")
    ncols = min(3, len(changed))
    nrows = math.ceil(len(changed) / ncols)
    row_h = 0.34 * len(points) + 1.5
    legend_h = 0.5
    fig = plt.figure(figsize=(5.2 * ncols + 2.5, row_h * nrows + legend_h + 1.0),
                     layout="constrained")
    grid = fig.add_gridspec(nrows + 1, ncols, height_ratios=[row_h] * nrows + [legend_h])
    axes = np.empty((nrows, ncols), dtype=object)
    for i in range(nrows):
        for j in range(ncols):
            axes[i, j] = fig.add_subplot(grid[i, j], sharey=axes[0, 0] if i or j else None)
    legend_ax = fig.add_subplot(grid[nrows, :])
    legend_ax.axis("off")
    y = np.arange(len(points))[::-1]
    for ax, indicator in zip(axes.flat, changed):
        rows = table[table["indicator"] == indicator].set_index("point")
        better = INDICATORS[indicator]
        for yi, p in zip(y, points):
            if p not in rows.index:
                continue
            r = rows.loc[p]
            if bool(r.identical):
                ax.plot(0, yi, marker="x", color="tab:grey", markersize=7)
                continue
            mean, low, high = r.mean_difference, r.ci_low, r.ci_high
            if r.significant:
                good = (mean > 0) == (better == "higher")
                colour = "tab:blue" if better == "n/a" else ("tab:green" if good else "tab:red")
                face = colour
            else:
                colour, face = "tab:grey", "white"
            if not math.isnan(low):
                ax.hlines(yi, low, high, color=colour, linewidth=2)
            ax.plot(mean, yi, "o", color=colour, markerfacecolor=face, markersize=7)
        ax.axvline(0, color="black", linewidth=1)
        unit = "percentage points" if indicator in PERCENT_INDICATORS else UNITS[indicator]
        direction = "" if better == "n/a" else f"; {better} is better"
        title = f"{indicator_name(indicator)} ({unit}{direction})"
        ax.set_title("\n".join(textwrap.wrap(title, 44)), fontsize=9)
        ax.grid(axis="x", alpha=0.3)
        ax.tick_params(axis="x", labelsize=8)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1000
                                                   else f"{v:g}"))
        ax.set_ylim(-0.7, len(points) - 0.3)
    axes[0, 0].set_yticks(y)
    axes[0, 0].set_yticklabels(["\n".join(textwrap.wrap(names.get(p, p), 34)) for p in points],
                               fontsize=8)
    for (i, j), ax in np.ndenumerate(axes):
        ax.tick_params(axis="y", labelsize=8, labelleft=(j == 0))
    for ax in list(axes.flat)[len(changed):]:
        ax.axis("off")
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], marker="o", color="tab:green", linestyle="-",
                      label="better, 95% CI excludes 0"),
               Line2D([], [], marker="o", color="tab:red", linestyle="-",
                      label="worse, 95% CI excludes 0"),
               Line2D([], [], marker="o", color="tab:blue", linestyle="-",
                      label="no better direction, 95% CI excludes 0"),
               Line2D([], [], marker="o", color="tab:grey", markerfacecolor="white",
                      linestyle="-", label="not significant"),
               Line2D([], [], marker="x", color="tab:grey", linestyle="none", markersize=7,
                      label="identical in every replication")]
    legend_ax.legend(handles=handles, loc="center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle(f"sweep {index.name}: paired difference policy − {names.get(baseline, baseline)}"
                 f" per replication, mean with 95% CI\n(indicators identical in every "
                 f"replication at every point are left out)", fontsize=10)
    return _save(fig, out_dir, "forest.png")


def _draw_rule(ax, threshold, combine, weight, standard=False):
    """An incubation line: both rates >= t (two lines), their mean >= t, or
    w * attraction + (1 - w) * satisfaction >= t. ``standard``: the reference standard (solid
    red) rather than a policy's own rule (dashed black)."""
    if math.isnan(threshold):
        return
    if standard:
        style = dict(color="tab:red", linestyle="-", linewidth=1.4, alpha=0.8)
        label = f"standard {threshold:g} ({combine}, true qualities)"
    else:
        style = dict(color="black", linestyle="--", linewidth=1)
        label = f"own rule {threshold:g} ({combine})"
    if combine == "both":
        ax.axvline(threshold, label=label, **style)
        ax.axhline(threshold, **style)
        return
    w = 0.5 if combine == "mean" else weight
    xs = np.linspace(0, 1.02, 50)
    if w >= 1:
        ax.axvline(threshold, label=label, **style)
    else:
        ax.plot(xs, (threshold - w * xs) / (1 - w), label=label, **style)
