"""The plot of analysis/sensitivity.py, one PNG per output (English): for a Sobol design the
first-order and total index of every key as bars with their bootstrap intervals, ranked by the
total index, and the noise floor (what run-to-run noise alone can put into a total index) as
a dashed line; for a Morris design mu* against sigma, one point per key with the interval of
mu*, the line sigma = mu* and the noise floor of mu*.

Use Debian's /usr/bin/python3 (matplotlib, numpy).
"""

import os
import re

import numpy as np

from sensitivity_estimators import CONFIDENCE


def file_name(output, suffix=""):
    """The plot's file name: sensitivity_<output><suffix>.png (unsafe characters as _)."""
    return "sensitivity_" + re.sub(r"[^A-Za-z0-9_.-]", "_", output + suffix) + ".png"


def write_plot(result, out_dir, title=None, suffix=""):
    """Writes out_dir/sensitivity_<output>.png and returns its path: S1 and ST per key with
    their intervals (Sobol; a dashed line at the noise floor) or mu* against sigma (Morris)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = result.table
    level = round(100 * CONFIDENCE)
    keys = list(table.index)
    title = title or result.output
    if result.kind == "sobol":
        fig, ax = plt.subplots(figsize=(8.5, 1.2 + 0.55 * len(keys)))
        y = np.arange(len(keys))[::-1]
        h = 0.38
        for offset, col, colour, label in ((h / 2, "S1", "#4c72b0", "first-order S1"),
                                           (-h / 2, "ST", "#dd8452", "total ST")):
            values = table[col].to_numpy()
            err = np.vstack([values - table[col + "_low"].to_numpy(),
                             table[col + "_high"].to_numpy() - values])
            err = np.where(np.isfinite(err), np.maximum(err, 0), 0)
            ax.barh(y + offset, np.nan_to_num(values), height=h, color=colour, label=label,
                    xerr=err, capsize=3, error_kw=dict(ecolor="#333333", lw=1))
        q = result.noise.get("share_of_means", np.nan)
        if np.isfinite(q) and q > 0:
            ax.axvline(min(q, 1.0), color="#c44e52", ls="--", lw=1,
                       label=f"noise floor: noise alone gives up to about {min(q, 1):.2f}")
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(y)
        ax.set_yticklabels(keys)
        lo = min(0.0, np.nanmin(table[["S1_low", "ST_low"]].to_numpy(), initial=0.0))
        hi = max(1.0, np.nanmax(table[["S1_high", "ST_high"]].to_numpy(), initial=1.0))
        ax.set_xlim(lo - 0.02, hi + 0.02)
        ax.set_xlabel(f"Sobol index (bars: {level}% bootstrap interval over {result.used} "
                      f"base samples)")
        ax.legend(loc="lower right", fontsize=8)
    else:
        fig, ax = plt.subplots(figsize=(8.5, 6))
        mu_star = table["mu_star"].to_numpy()
        sigma = table["sigma"].to_numpy()
        err = np.vstack([mu_star - table["mu_star_low"].to_numpy(),
                         table["mu_star_high"].to_numpy() - mu_star])
        err = np.where(np.isfinite(err), np.maximum(err, 0), 0)
        ax.errorbar(mu_star, np.nan_to_num(sigma), xerr=err, fmt="o", color="#4c72b0",
                    ecolor="#777777", capsize=3)
        for key, x, s in zip(keys, mu_star, sigma):
            ax.annotate(key, (x, np.nan_to_num(s)), textcoords="offset points", xytext=(5, 4),
                        fontsize=8)
        top = np.nanmax(np.concatenate([mu_star, sigma, [1e-12]]))
        ax.plot([0, top * 1.1], [0, top * 1.1], color="#999999", ls=":", lw=1,
                label="sigma = mu*")
        floor = result.noise.get("noise_floor", np.nan)
        if np.isfinite(floor):
            ax.axvline(floor, color="#c44e52", ls="--", lw=1, label="noise floor of mu*")
        unit = f" ({result.unit})" if result.unit else ""
        ax.set_xlabel(f"mu* = mean |elementary effect| per whole range{unit}; "
                      f"bars: {level}% bootstrap interval")
        ax.set_ylabel(f"sigma = sd of the elementary effects{unit}")
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper left", fontsize=8)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    path = os.path.join(out_dir, file_name(result.output, suffix))
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


