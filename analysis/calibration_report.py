"""The calibration's outputs in its folder DIR (docs/CALIBRATION.md, "Reading the outputs").

``write_outputs(folder, tf, result, context)`` writes, each file written whole (a temporary
file, then renamed):

- ``points.csv``: every point of every stage (``wave-K``, ``abc/NNN``, ``check/NNN``): the
  unknowns' values, each output's mean and sd over the replications, the implausibility of
  every target (``I NAME``; check targets too, though only fitted ones decide), ``I max`` over
  the fitted targets and ``non_implausible``; ``base`` marks the base scenario's own setting.
- ``runs.csv``: every run: stage, point, replication, run_id, seed, the unknowns, every output
  and its point's implausibility per target.
- ``waves.csv``: per wave the points, runs, failed runs, non-implausible points (in the wave and
  so far), the region's volume (share of the prior box) and the box of the non-implausible
  points (each unknown's low and high): the surviving region per wave.
- ``posterior.csv``: per unknown the prior, the posterior mean, sd, median and 90% interval,
  ``close_to_prior`` (the targets do not identify it) and the unknown it is most correlated
  with; ``posterior-sample.csv``: the weighted ABC sample (adjusted, and before adjustment).
- ``calibrated.ini``: the base scenario (with the ``[fixed]`` keys) with each unknown set to its
  posterior mean (integers rounded) and a ``# calibrated:`` comment naming the targets;
- ``posterior-draws.csv`` and ``posterior-draws.ini``: a sweep file (base calibrated.ini,
  ``design = file``) of the posterior draws: add ``[policy.NAME]`` sections and run it to
  compare policies across the parameter uncertainty;
- ``predictive.csv``: the posterior predictive check (calibration_pipeline._predictive_table);
- ``plots/region.png`` (the waves' points, pairwise, ruled out or not), ``plots/posterior.png``
  (posterior pairs and marginals against the prior), ``plots/predictive.png``;
- ``report.md``: all of it in short, with the plots; ``calibration.json``: the numbers.

When no setting reproduces the targets only the points, runs, waves, region plot, report and
JSON are written, with the targets that cannot be met together.

Importable: ``write_outputs``, ``write_text(path, text)``, ``calibrated_text(...)``.
"""

import json
import math
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import prior_box  # noqa: E402
import scenario_text  # noqa: E402
import sweep_runner  # noqa: E402


def write_text(path, text):
    tmp = path + ".partial"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _write_csv(path, frame):
    tmp = path + ".partial"
    frame.to_csv(tmp, index=False, encoding="utf-8")
    os.replace(tmp, path)


def _save(fig, path):
    tmp = path + ".partial.png"
    fig.savefig(tmp, dpi=110, bbox_inches="tight")
    plt.close(fig)
    os.replace(tmp, path)


def _g(x, digits=4):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    return f"{x:.{digits}g}"


def _value_text(u, x):
    return str(int(round(x))) if u.integer else f"{x:.6g}"


def calibrated_text(base_text, tf, table):
    """calibrated.ini: base_text with each unknown at its posterior mean and a comment."""
    fit = ", ".join(f"{t.name} ({t.observed})" for t in tf.fit)
    values, comments = {}, {}
    for u, row in zip(tf.unknowns, table):
        values[u.key] = _value_text(u, row["mean"])
        interval = (f"90% interval {_g(row['q05'])} to {_g(row['q95'])}; prior {u.scale} "
                    f"[{_g(u.low)}, {_g(u.high)}]")
        if row["close_to_prior"]:
            comments[u.key] = (
                f"calibrated ({tf.settings.name}): NOT identified by the targets {fit}:\n"
                f"calibrated: about its prior's mean ({interval}), an assumption still")
        else:
            comments[u.key] = (
                f"calibrated ({tf.settings.name}): posterior mean, {interval}\n"
                f"calibrated: from the targets {fit}")
    header = (f"# calibrated.ini: written by analysis/calibrate.py from {os.path.basename(tf.path)}"
              f" ({tf.settings.name}).\n# The base scenario ({os.path.basename(tf.base)}) with the "
              f"targets file's [fixed] keys and\n# each unknown at its posterior mean "
              f"(posterior.csv has the intervals).\n")
    return header + scenario_text.set_keys(base_text, values, comments)


def identified_text(row):
    """How far the targets pin an unknown down, in words."""
    share = f"its 90% interval is {100 * row['interval_share']:.0f}% of the prior's"
    if row["close_to_prior"]:
        return f"no, close to its prior ({share})"
    if row["interval_share"] > 0.5:
        return f"partly ({share})"
    return f"yes ({share})"


def _targets_table(tf):
    lines = ["| target | role | expression | observed | sd | discrepancy | source |",
             "|---|---|---|---|---|---|---|"]
    for t in tf.targets:
        lines.append(f"| {t.name} | {t.role} | `{t.expression.text}` | {t.observed} | "
                     f"{_g(t.sd)} | {_g(t.discrepancy)} | {t.source} |")
    return "\n".join(lines)


def _region_plot(path, tf, result):
    pts = result.points
    waves = pts[pts["stage"].str.startswith("wave-")]
    keys = [u.key for u in tf.unknowns]
    k = len(keys)
    pairs = [(i, j) for i in range(k) for j in range(i + 1, k)] or [(0, 0)]
    cols = min(3, len(pairs))
    rows = int(math.ceil(len(pairs) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.8 * rows), squeeze=False)
    wave_no = waves["stage"].str[5:].astype(int)
    cmap = plt.get_cmap("viridis")
    top = max(1, wave_no.max())
    for ax, (i, j) in zip(axes.ravel(), pairs):
        out = ~waves["non_implausible"].to_numpy()
        yi = waves[keys[j]] if i != j else waves["I max"].clip(upper=10)
        ax.scatter(waves[keys[i]][out], yi[out], s=8, c="0.75", label="ruled out")
        for w in sorted(wave_no.unique()):
            sel = (~out) & (wave_no == w).to_numpy()
            ax.scatter(waves[keys[i]][sel], yi[sel], s=14, color=cmap(w / (top + 0.5)),
                       label=f"non-implausible, wave {w}")
        base = waves["base"].to_numpy()
        if base.any():
            ax.scatter(waves[keys[i]][base], yi[base], marker="*", s=140, c="red",
                       label="the base scenario")
        ax.set_xlabel(keys[i])
        ax.set_ylabel(keys[j] if i != j else "largest implausibility (capped at 10)")
        for axis, u in ((ax.xaxis, tf.unknowns[i]), (ax.yaxis, tf.unknowns[j] if i != j
                                                     else None)):
            if u is not None and u.scale == "log":
                (ax.set_xscale if axis is ax.xaxis else ax.set_yscale)("log")
    for ax in axes.ravel()[len(pairs):]:
        ax.axis("off")
    axes.ravel()[0].legend(fontsize=7, loc="best")
    fig.tight_layout()
    fig.suptitle(f"{tf.settings.name}: history-matching waves (cut-off "
                 f"{tf.settings.cutoff:g})", y=1.01)
    _save(fig, path)


def _posterior_plot(path, tf, result, truth=None):
    keys = [u.key for u in tf.unknowns]
    k = len(keys)
    sample = result.posterior_sample
    w = sample["weight"].to_numpy()
    fig, axes = plt.subplots(k, k, figsize=(3.2 * k + 0.8, 3.0 * k + 0.6), squeeze=False)
    unit = result.posterior.unit
    for i in range(k):
        for j in range(k):
            ax = axes[j, i]
            if i == j:
                ax.hist(unit[:, i], bins=20, range=(0, 1), weights=w, density=True,
                        color="tab:blue", alpha=0.7, label="posterior")
                ax.axhline(1.0, color="k", lw=1, ls="--", label="prior")
                ticks = np.linspace(0, 1, 5)
                ax.set_xticks(ticks)
                ax.set_xticklabels([_g(float(x), 3) for x in
                                    prior_box.to_values([tf.unknowns[i]], ticks[:, None],
                                                        rounded=False)[:, 0]], fontsize=7)
                row = result.posterior_table[i]
                flag = " (close to prior)" if row["close_to_prior"] else ""
                ax.set_title(f"{keys[i]}{flag}", fontsize=8)
                if truth is not None and keys[i] in truth:
                    ax.axvline(float(tf.unknowns[i].to_unit(truth[keys[i]])), color="red",
                               label="hidden truth")
                if i == 0:
                    ax.legend(fontsize=6)
            elif j > i:
                ax.scatter(unit[:, i], unit[:, j], s=4 + 200 * w / w.max() / max(1, len(w) / 50),
                           alpha=0.4, color="tab:blue")
                ax.set_xlim(0, 1)
                ax.set_ylim(0, 1)
                if truth is not None and keys[i] in truth and keys[j] in truth:
                    ax.scatter([tf.unknowns[i].to_unit(truth[keys[i]])],
                               [tf.unknowns[j].to_unit(truth[keys[j]])], marker="x", c="red")
                ax.set_xlabel(f"{keys[i]} (prior scale)", fontsize=7)
                ax.set_ylabel(f"{keys[j]} (prior scale)", fontsize=7)
            else:
                ax.axis("off")
    fig.tight_layout()
    fig.suptitle(f"{tf.settings.name}: posterior (ABC, {result.abc_info['kept']} runs kept, "
                 f"effective {result.abc_info['n_eff']:.0f})", fontsize=10, y=1.01)
    _save(fig, path)


def _predictive_plot(path, tf, result):
    pred = result.predictive
    targets = list(tf.targets)
    if not targets:
        return
    cols = min(3, len(targets))
    rows = int(math.ceil(len(targets) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.0 * rows), squeeze=False)
    runs = result.runs[result.runs["stage"].str.startswith("check/")]
    for ax, t in zip(axes.ravel(), targets):
        values = runs[t.name].to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        if len(values):
            ax.hist(values, bins=25, color="tab:blue" if t.role == "fit" else "tab:orange",
                    alpha=0.7)
        if t.kind in ("point", "lower_bound", "upper_bound"):
            ax.axvline(t.value, color="k", lw=2)
        else:
            ax.axvspan(t.low, t.high, color="k", alpha=0.15)
        row = pred[pred["output"] == t.name].iloc[0]
        ax.set_title(f"{t.name} ({t.role}): observed {t.observed}\nP = "
                     f"{_g(row.get('probability'), 2)}", fontsize=8)
        ax.set_xlabel(t.expression.text, fontsize=7)
    for ax in axes.ravel()[len(targets):]:
        ax.axis("off")
    fig.tight_layout()
    fig.suptitle(f"{tf.settings.name}: posterior predictive runs against the observations",
                 fontsize=10, y=1.02)
    _save(fig, path)


def _md_table(frame, columns, headers=None):
    headers = headers or columns
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(columns)]
    for _, row in frame.iterrows():
        cells = []
        for c in columns:
            v = row.get(c, "")
            cells.append(_g(v) if isinstance(v, float) else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_outputs(folder, tf, result, context):
    """Writes every output (see the module docstring). ``context``: dict with command,
    seconds, runs, failed_runs, software_version, base_text (base.ini's text), truth
    (optional: key -> hidden value, for plots in tests and benchmarks)."""
    plots = os.path.join(folder, "plots")
    os.makedirs(plots, exist_ok=True)
    _write_csv(os.path.join(folder, "points.csv"), result.points)
    _write_csv(os.path.join(folder, "runs.csv"), result.runs)
    _write_csv(os.path.join(folder, "waves.csv"), result.waves)
    _region_plot(os.path.join(plots, "region.png"), tf, result)
    s = tf.settings
    summary = {"name": s.name, "status": result.status, "targets_file": tf.path,
               "base": tf.base, "command": context.get("command"),
               "seconds": context.get("seconds"), "runs": context.get("runs"),
               "failed_runs": context.get("failed_runs"),
               "software_version": context.get("software_version"),
               "settings": {k: getattr(s, k) for k in s.__dataclass_fields__},
               "waves": result.waves.to_dict("records"), "stopped": result.stopped,
               "targets": [{"name": t.name, "role": t.role, "expression": t.expression.text,
                            "kind": t.kind, "observed": t.observed, "sd": t.sd,
                            "discrepancy": t.discrepancy, "source": t.source}
                           for t in tf.targets]}
    base_rows = result.points[result.points["base"]]
    base_line = ""
    if len(base_rows):
        b = base_rows.iloc[0]
        parts = ", ".join(f"{t.name} {_g(b[f'I {t.name}'], 3)}" for t in tf.fit)
        verdict = "non-implausible" if b["non_implausible"] else "ruled out"
        setting = ", ".join(f"{u.key} = {_g(b[u.key])}" for u in tf.unknowns)
        base_line = (f"The base scenario's own setting ({setting}) "
                     f"is {verdict}: implausibility {parts}.")
        summary["base_point"] = {"non_implausible": bool(b["non_implausible"]),
                                 **{f"I {t.name}": float(b[f"I {t.name}"]) for t in tf.fit}}
    lines = [f"# Calibration: {s.name}", "",
             f"Targets file `{tf.path}`; base scenario `{tf.base}`"
             + (f" with [fixed] {', '.join(f'{k} = {v}' for k, v in tf.fixed.items())}"
                if tf.fixed else "") + ".",
             f"Command: `{context.get('command', '')}`; "
             f"orgsim {context.get('software_version', '?')}; "
             f"{context.get('runs', '?')} runs ({context.get('failed_runs', 0)} failed) in "
             f"{_g(context.get('seconds'), 3)} s.", ""]
    if result.status == "unreachable":
        summary["conflicts"] = [{"targets": names, "best_largest_implausibility": best}
                                for names, best in result.conflicts]
        lines += ["## No setting reproduces the targets", "",
                  f"No point of {len(result.waves)} waves has every fitted target's "
                  f"implausibility below {s.cutoff:g}. The smallest sets of targets that no "
                  f"point meets together (with the best largest implausibility any point "
                  f"reached):", ""]
        for names, best in result.conflicts:
            lines.append(f"- {' + '.join(names)}: best {_g(best, 3)}")
        lines += ["", "Widen the priors of the unknowns these targets depend on, raise their "
                  "discrepancy if the model cannot be that close to the world, or check the "
                  "figures and their expressions.", ""]
    else:
        draws = result.draws
        keys = [u.key for u in tf.unknowns]
        draw_csv = sweep_runner.points_csv(tf.unknowns, draws)
        write_text(os.path.join(folder, "posterior-draws.csv"), draw_csv)
        write_text(os.path.join(folder, "posterior-draws.ini"), sweep_runner.sweep_file_text(
            f"{s.name}-posterior-draws", "calibrated.ini", s.replications, s.seed,
            "posterior-draws.csv",
            comment=f"posterior draws of calibration {s.name} ({len(draws)} settings of "
                    f"{', '.join(keys)}), from analysis/calibrate.py.\nAdd [policy.NAME] "
                    f"sections (policy overrides must not set the unknowns) and run\n"
                    f"  orgsim sweep posterior-draws.ini -o FOLDER --keep summary --jobs N\n"
                    f"  analysis/compare_draws.py FOLDER --baseline POLICY\nto compare "
                    f"policies across the parameter uncertainty: every policy runs at every\n"
                    f"draw, paired by draw and replication (docs/CALIBRATION.md)."))
        write_text(os.path.join(folder, "calibrated.ini"),
                   calibrated_text(context["base_text"], tf, result.posterior_table))
        table = []
        for u, row in zip(tf.unknowns, result.posterior_table):
            other = row["correlated_with"]
            table.append({**row, "correlated_with": keys[other] if other is not None else "",
                          "identified": identified_text(row)})
        ptable = pd.DataFrame(table)
        _write_csv(os.path.join(folder, "posterior.csv"), ptable)
        _write_csv(os.path.join(folder, "posterior-sample.csv"), result.posterior_sample)
        _write_csv(os.path.join(folder, "predictive.csv"), result.predictive)
        _posterior_plot(os.path.join(plots, "posterior.png"), tf, result, context.get("truth"))
        _predictive_plot(os.path.join(plots, "predictive.png"), tf, result)
        summary["posterior"] = table
        summary["abc"] = result.abc_info
        summary["predictive"] = result.predictive.to_dict("records")
        pinned = [r["key"] for r in table if not r["close_to_prior"]]
        free = [r["key"] for r in table if r["close_to_prior"]]
        lines += ["## In short", ""]
        for r in table:
            if not r["close_to_prior"]:
                lines.append(f"- {r['key']}: {_g(r['mean'])} (90% interval {_g(r['q05'])} to "
                             f"{_g(r['q95'])}; prior {_g(r['prior_low'])} to "
                             f"{_g(r['prior_high'])}); identified by the targets: "
                             f"{r['identified']}.")
        if not pinned:
            lines.append("- The targets move no unknown clearly away from its prior.")
        if free:
            lines.append(f"- {', '.join(free)} stay{'s' if len(free) == 1 else ''} close to "
                         f"the prior: the targets do not identify "
                         f"{'it' if len(free) == 1 else 'them'}; a conclusion that depends on "
                         f"{'it' if len(free) == 1 else 'them'} rests on the assumption, not on "
                         f"the figures.")
        strong = [(r["key"], r["correlated_with"], r["strongest_correlation"]) for r in table
                  if abs(r["strongest_correlation"]) >= 0.5]
        for a, b_, c in strong:
            if a < b_:
                lines.append(f"- {a} and {b_} are correlated in the posterior ({c:+.2f}): the "
                             f"targets pin down a combination of the two more than either.")
        bad = result.predictive[(result.predictive["role"].isin(["fit", "check"])) &
                                (~result.predictive["consistent"].astype(bool))]
        if len(bad):
            lines.append(f"- The posterior predictive runs do not reproduce "
                         f"{', '.join(bad['output'])} (probability of the observation below "
                         f"0.05): see the check below.")
        else:
            lines.append("- Every target (fitted or check) is consistent with the posterior "
                         "predictive runs (probability of the observation at least 0.05).")
        if base_line:
            lines.append(f"- {base_line}")
        pred = result.predictive[result.predictive["role"] == "predictive"]
        if len(pred):
            spread = "; ".join(f"{r['output']} {_g(r['q05'])} to {_g(r['q95'])} (base "
                               f"{_g(r['base_mean'])})" for _, r in pred.iterrows())
            lines.append(f"- What the remaining uncertainty means for outputs that were not "
                         f"targets (90% of the posterior predictive runs): {spread}. A "
                         f"conclusion drawn from one of these at the base scenario alone "
                         f"hides this range.")
        lines.append("")
    lines += ["## Targets", "", _targets_table(tf), "",
              "## History matching", "",
              f"Implausibility per target: |gap| / sqrt(sd^2 + discrepancy^2 + v (1 + 1/R)) "
              f"with v the simulator's variance at the point (pooled with its "
              f"{s.neighbours - 1} nearest points), R = {s.replications}; a point is "
              f"non-implausible when every fitted target is below {s.cutoff:g}. "
              f"The waves stopped because {result.stopped}.", "",
              _md_table(result.waves, ["wave", "points", "runs", "failed_runs",
                                       "non_implausible", "non_implausible_so_far",
                                       "region_volume"],
                        ["wave", "points", "runs", "failed", "non-implausible",
                         "so far", "region (share of prior box)"]), ""]
    if base_line and result.status == "unreachable":
        lines += [base_line, ""]
    box_cols = [c for c in result.waves.columns if c.endswith(" low") or c.endswith(" high")]
    if box_cols:
        lines += ["The box of the non-implausible points after each wave:", "",
                  _md_table(result.waves, ["wave"] + box_cols), ""]
    lines += ["![the waves](plots/region.png)", ""]
    if result.status == "ok":
        info = result.abc_info
        lines += ["## Posterior (ABC)", "",
                  f"Rejection ABC on {info['pairs']} runs ({info['settings']} settings drawn "
                  f"uniformly in the final region, {s.replications} replications each, in "
                  f"sweeps of {s.points_per_sweep} with their own seeds); "
                  + (f"kept the {info['kept']} runs that meet every target exactly (exact "
                     f"rejection: only interval and bound targets)"
                     if info["epsilon"] == 0 else
                     f"kept the {s.abc_accept:g} closest ({info['kept']} runs, effective "
                     f"{info['n_eff']:.0f}), tolerance {_g(info['epsilon'], 3)}")
                  + f"; regression adjustment: "
                  f"{'yes' if info['adjusted'] else 'no (no point target, or too few runs kept)'}.",
                  "",
                  _md_table(ptable, ["key", "scale", "prior_low", "prior_high", "mean", "q05",
                                     "q95", "identified", "correlated_with",
                                     "strongest_correlation"],
                            ["unknown", "prior scale", "prior low", "prior high",
                             "posterior mean", "5%", "95%", "identified by the targets",
                             "most correlated with", "correlation"]), "",
                  "![posterior](plots/posterior.png)", "",
                  "## Posterior predictive check", "",
                  f"{len(result.draws)} posterior draws, {s.replications} replications each "
                  f"(sweeps of {s.points_per_sweep}, own seeds). For a target: the replicated "
                  f"observation (the run's value plus N(0, sd^2 + discrepancy^2)) and the "
                  f"probability of what was observed (two-sided tail for a point; inside the "
                  f"interval or on the allowed side of a bound). `base` is the base "
                  f"scenario's mean over its {s.replications} runs.", "",
                  _md_table(result.predictive, ["output", "role", "observed", "mean", "q05",
                                                "q95", "probability", "base_mean"],
                            ["output", "role", "observed", "mean", "5%", "95%",
                             "P(observation)", "base"]), "",
                  "![predictive](plots/predictive.png)", "",
                  "## Files", "",
                  "`calibrated.ini` (the base with the posterior means), `posterior-draws.ini` "
                  "+ `posterior-draws.csv` (a sweep of the posterior draws: add policies to "
                  "compare them across the parameter uncertainty), `posterior.csv`, "
                  "`posterior-sample.csv`, `predictive.csv`, `points.csv`, `runs.csv`, "
                  "`waves.csv`, `calibration.json`, `plots/`; the sweeps: `wave-K/`, "
                  "`abc/NNN/`, `check/NNN/` with their sweep files and points.", ""]
    write_text(os.path.join(folder, "report.md"), "\n".join(lines))
    write_text(os.path.join(folder, "calibration.json"),
               json.dumps(_clean(summary), ensure_ascii=False, indent=1,
                          default=_json_default) + "\n")


def _clean(x):
    """NaN and infinity as null, so the file is strict JSON."""
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(x) else None
    return x


def _json_default(x):
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating,)):
        return None if not np.isfinite(x) else float(x)
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, np.ndarray):
        return x.tolist()
    return str(x)
