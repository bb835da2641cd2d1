"""The estimators of analysis/sensitivity.py, pure functions of arrays: Sobol first-order and
total indices from Saltelli sampling, Morris elementary effects, the share of an output's
variance that is the simulator's own run-to-run noise, each with a bootstrap interval.

- ``sobol_indices(f_a, f_b, f_ab)``: S1_i = mean_j((f_B - m) (f_ABi - f_A)) / V (Saltelli et
  al. 2010, f_B centred on the pooled mean m: the same expectation up to O(1/N), far less
  variance when the output's mean is far from 0) and ST_i = mean_j((f_A - f_ABi)^2) / (2 V)
  (Jansen 1999); V the variance (n - 1) of the pooled A and B outputs.
- ``sobol_from_cells(role, sample, key, y, k)``: the cells of a Saltelli design (sweep.h5
  /design: role A, B or AB, base sample j, the key an AB cell takes from B) arranged into
  f_a, f_b, f_ab.
- ``elementary_effects(role, sample, step, key, unit, y, k)`` and ``morris_effects(effects)``:
  EE = (y(x') - y(x)) / (x'_i - x_i), the change in the unit scale [0, 1] of the key's range
  (+-delta, so an EE is the change of the output per whole range of the key); mu* = mean |EE|,
  mu = mean EE, sigma = sd EE (n - 1).
- ``noise_share(values, cells, groups)``: the mean within-cell variance of single runs over
  the variance of all single runs, and over the variance of the cell means;
  ``morris_noise_floor``: the mean |EE| that noise alone gives.

Intervals are CONFIDENCE (90%) bootstrap percentile intervals: RESAMPLES (1000) resamples,
with replacement, of the base samples (Sobol) or trajectories (Morris), from BOOTSTRAP_SEED, so
the same numbers come out every time. tests/python/test_sensitivity.py checks them against the
Ishigami function, linear models, a Morris function with known effects and known noise.

Use Debian's /usr/bin/python3 (numpy, pandas).
"""

import math
import warnings

import numpy as np
import pandas as pd

CONFIDENCE = 0.90
RESAMPLES = 1000
BOOTSTRAP_SEED = 20110  # issue 11: any fixed seed; the intervals are the same every time

# sweep.h5 /design role codes (docs/SWEEPS.md)
GRID, A, B, AB, TRAJECTORY, LHS, FILE = 0, 1, 2, 3, 4, 5, 6


class SensitivityError(ValueError):
    """A design that is not what it claims (a base sample without its A cell, a Morris step
    that changes two keys), a folder that is not a usable sobol or morris sweep, or an unknown
    output or policy."""


def _resample_blocks(n, resamples, seed, per_row):
    """Bootstrap index arrays (rows of n indices drawn with replacement), in blocks small
    enough for memory (``per_row`` numbers are touched per index)."""
    rng = np.random.default_rng(seed)
    block = max(1, 4_000_000 // max(1, n * per_row))
    done = 0
    while done < resamples:
        b = min(block, resamples - done)
        yield rng.integers(0, n, size=(b, n))
        done += b


def _interval(replicates, confidence):
    """The percentile interval of bootstrap replicates (axis 0), NaN-tolerant."""
    alpha = (1.0 - confidence) / 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return (np.nanquantile(replicates, alpha, axis=0),
                np.nanquantile(replicates, 1.0 - alpha, axis=0))


def _sobol_point(f_a, f_b, f_ab):
    """S1 and ST (Saltelli 2010, Jansen) of arrays with the base samples on axis -2 of f_ab
    and -1 of f_a, f_b (a leading axis of resamples is allowed)."""
    pooled = np.concatenate([f_a, f_b], axis=-1)
    v = pooled.var(axis=-1, ddof=1)[..., None]
    # f_B centred on the pooled mean: E[f_ABi - f_A] = 0, so the expectation is the same (up to
    # O(1/N)), but the variance no longer grows with the output's mean (a share in %, say)
    centred_b = f_b - pooled.mean(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        s1 = np.mean(centred_b[..., None] * (f_ab - f_a[..., None]), axis=-2) / v
        st = np.mean((f_a[..., None] - f_ab) ** 2, axis=-2) / (2.0 * v)
    return s1, st, v[..., 0]


def sobol_indices(f_a, f_b, f_ab, keys=None, resamples=RESAMPLES, confidence=CONFIDENCE,
                  seed=BOOTSTRAP_SEED):
    """First-order and total Sobol indices from Saltelli sampling, with bootstrap intervals.

    ``f_a``, ``f_b``: the output at the N base samples A_j and B_j; ``f_ab``: (N, k), column i
    the output at AB_j^(i) (A_j with coordinate i from B_j). Returns a DataFrame indexed by key
    (``keys``, default 0..k-1) with S1, S1_low, S1_high, ST, ST_low, ST_high, and attrs
    ``variance`` (V), ``n`` (N), ``confidence``, ``resamples``. V = 0 (the output never changes)
    gives NaN indices."""
    f_a = np.asarray(f_a, dtype=float)
    f_b = np.asarray(f_b, dtype=float)
    f_ab = np.asarray(f_ab, dtype=float)
    if f_ab.ndim != 2 or f_a.shape != f_b.shape or f_ab.shape[0] != f_a.shape[0]:
        raise ValueError(f"sobol_indices: f_a {f_a.shape}, f_b {f_b.shape} and f_ab "
                         f"{f_ab.shape} do not fit (expected (N,), (N,), (N, k))")
    n, k = f_ab.shape
    keys = list(keys) if keys is not None else list(range(k))
    if n < 2:
        raise ValueError(f"sobol_indices: {n} base sample(s); at least 2 are needed")
    s1, st, v = _sobol_point(f_a, f_b, f_ab)
    constant = not (v > 0)
    s1_reps, st_reps = [], []
    if not constant:
        for idx in _resample_blocks(n, resamples, seed, k + 2):
            r1, rt, _ = _sobol_point(f_a[idx], f_b[idx], f_ab[idx])
            s1_reps.append(r1)
            st_reps.append(rt)
    if constant or not s1_reps:
        nan = np.full(k, np.nan)
        s1, st = nan, nan
        s1_lo = s1_hi = st_lo = st_hi = in_lo = in_hi = nan
    else:
        s1_reps, st_reps = np.concatenate(s1_reps), np.concatenate(st_reps)
        s1_lo, s1_hi = _interval(s1_reps, confidence)
        st_lo, st_hi = _interval(st_reps, confidence)
        in_lo, in_hi = _interval(st_reps - s1_reps, confidence)
    table = pd.DataFrame({"S1": s1, "S1_low": s1_lo, "S1_high": s1_hi,
                          "ST": st, "ST_low": st_lo, "ST_high": st_hi,
                          "interaction": st - s1, "interaction_low": in_lo,
                          "interaction_high": in_hi},
                         index=pd.Index(keys, name="key"))
    table.attrs.update(variance=float(v), n=int(n), confidence=confidence,
                       resamples=int(resamples))
    return table


def sobol_from_cells(role, sample, key, y, k):
    """Arranges the cells' outputs ``y`` by their /design role, sample and key into (f_a, f_b,
    f_ab, samples): only the base samples whose A, B and every AB cell have a finite value
    (``samples``: their indices j). Raises SensitivityError when a base sample has a role
    twice, or an AB cell's key is out of range."""
    role, sample, key = (np.asarray(x) for x in (role, sample, key))
    y = np.asarray(y, dtype=float)
    sobol = np.isin(role, (A, B, AB))
    if not sobol.any():
        raise SensitivityError("no A, B or AB cell in the design")
    n = int(sample[sobol].max()) + 1
    f_a = np.full(n, np.nan)
    f_b = np.full(n, np.nan)
    f_ab = np.full((n, k), np.nan)
    seen = np.zeros((n, k + 2), dtype=int)
    for c in np.flatnonzero(sobol):
        j = int(sample[c])
        if j < 0:
            raise SensitivityError(f"cell {c}: sample {j} < 0")
        if role[c] == A:
            f_a[j] = y[c]
            seen[j, 0] += 1
        elif role[c] == B:
            f_b[j] = y[c]
            seen[j, 1] += 1
        else:
            i = int(key[c])
            if not 0 <= i < k:
                raise SensitivityError(f"cell {c}: AB cell with key {i}, not in 0..{k - 1}")
            f_ab[j, i] = y[c]
            seen[j, 2 + i] += 1
    if (seen != 1).any():
        j, col = np.argwhere(seen != 1)[0]
        what = "A" if col == 0 else "B" if col == 1 else f"AB with key {col - 2}"
        raise SensitivityError(f"base sample {j} has {seen[j, col]} {what} cell(s), "
                               f"expected exactly 1")
    keep = np.isfinite(f_a) & np.isfinite(f_b) & np.isfinite(f_ab).all(axis=1)
    samples = np.flatnonzero(keep)
    return f_a[keep], f_b[keep], f_ab[keep], samples


def elementary_effects(role, sample, step, key, unit, y, k):
    """The elementary effects of a Morris design: a DataFrame with one row per step > 0 of
    every trajectory (``trajectory``, ``step``, ``key`` changed, ``delta`` = the change of that
    coordinate in the unit scale, signed, ``ee`` = (y(step) - y(step - 1)) / delta; NaN when a
    cell has no value). Raises SensitivityError when a trajectory is not k + 1 steps that each
    change exactly the one coordinate /design names."""
    role, sample, step, key = (np.asarray(x) for x in (role, sample, step, key))
    unit = np.asarray(unit, dtype=float)
    y = np.asarray(y, dtype=float)
    cells = np.flatnonzero(role == TRAJECTORY)
    if not len(cells):
        raise SensitivityError("no trajectory cell in the design")
    rows = []
    for t in np.unique(sample[cells]):
        mine = cells[sample[cells] == t]
        mine = mine[np.argsort(step[mine], kind="stable")]
        if list(step[mine]) != list(range(k + 1)):
            raise SensitivityError(f"trajectory {t}: steps {list(step[mine])}, expected "
                                   f"0..{k}")
        changed = sorted(int(key[c]) for c in mine[1:])
        if changed != list(range(k)):
            raise SensitivityError(f"trajectory {t}: the steps change keys {changed}, "
                                   f"expected each of 0..{k - 1} once")
        for s in range(1, k + 1):
            prev, cur = mine[s - 1], mine[s]
            i = int(key[cur])
            diff = unit[cur] - unit[prev]
            others = np.delete(diff, i)
            if np.any(np.abs(others) > 1e-9) or not abs(diff[i]) > 1e-12:
                raise SensitivityError(f"trajectory {t} step {s}: the coordinates change by "
                                       f"{np.round(diff, 6).tolist()}, expected only key {i}")
            rows.append((int(t), s, i, float(diff[i]), (y[cur] - y[prev]) / diff[i]))
    return pd.DataFrame(rows, columns=["trajectory", "step", "key", "delta", "ee"])


def morris_effects(effects, keys=None, resamples=RESAMPLES, confidence=CONFIDENCE,
                   seed=BOOTSTRAP_SEED):
    """mu* (mean |EE|) with its bootstrap interval over trajectories, mu (mean EE) and sigma
    (sd of EE, n - 1) per key, from elementary_effects' table (rows with NaN ``ee`` left out).
    Returns a DataFrame indexed by key (``keys``: names for the key indices 0..k-1) with
    mu_star, mu_star_low, mu_star_high, mu, sigma, n (effects used), and attrs ``n``
    (trajectories), ``delta`` (mean |delta|), ``confidence``, ``resamples``."""
    effects = effects[np.isfinite(effects["ee"])]
    k = (int(effects["key"].max()) + 1) if keys is None else len(keys)
    keys = list(keys) if keys is not None else list(range(k))
    trajectories = np.unique(effects["trajectory"])
    r = len(trajectories)
    pos = {t: n for n, t in enumerate(trajectories)}
    ee = np.full((r, k), np.nan)
    for t, i, v in zip(effects["trajectory"], effects["key"], effects["ee"]):
        ee[pos[t], int(i)] = v
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mu_star = np.nanmean(np.abs(ee), axis=0)
        mu = np.nanmean(ee, axis=0)
        sigma = np.nanstd(ee, axis=0, ddof=1)
        reps = []
        if r >= 2:
            for idx in _resample_blocks(r, resamples, seed, k):
                reps.append(np.nanmean(np.abs(ee[idx]), axis=1))
    if reps:
        low, high = _interval(np.concatenate(reps), confidence)
    else:
        low = high = np.full(k, np.nan)
    table = pd.DataFrame({"mu_star": mu_star, "mu_star_low": low, "mu_star_high": high,
                          "mu": mu, "sigma": sigma, "n": np.isfinite(ee).sum(axis=0)},
                         index=pd.Index(keys, name="key"))
    table.attrs.update(n=int(r), confidence=confidence, resamples=int(resamples),
                       delta=float(np.abs(effects["delta"]).mean()) if len(effects) else np.nan)
    return table


def noise_share(values, cells, groups, resamples=RESAMPLES, confidence=CONFIDENCE,
                seed=BOOTSTRAP_SEED):
    """The simulator's own noise in single runs' ``values`` (one per run; NaN left out), each
    run in cell ``cells[run]``, each cell in group ``groups[cell]`` (a dict or array: the base
    sample or trajectory; the bootstrap resamples groups). Returns a dict: ``share`` (mean
    within-cell variance over the variance of all single runs) with ``share_low``,
    ``share_high``; ``share_of_means`` (within-cell variance x mean 1/n over the variance of
    the cell means); ``within`` (the mean within-cell variance), ``total``, ``replications``
    (the most runs of a cell), ``mean_inverse_n``. share is NaN with one run per cell (cannot be
    estimated) or when no value varies."""
    values = np.asarray(values, dtype=float)
    cells = np.asarray(cells)
    ok = np.isfinite(values)
    values, cells = values[ok], cells[ok]
    out = dict(share=np.nan, share_low=np.nan, share_high=np.nan, share_of_means=np.nan,
               within=np.nan, total=np.nan, replications=0, mean_inverse_n=np.nan)
    if not len(values):
        return out
    values = values - values.mean()  # centred: sums of squares stay accurate
    frame = pd.DataFrame({"cell": cells, "y": values})
    per = frame.groupby("cell")["y"].agg(["count", "mean", "var", "sum"])
    per["sq"] = frame.assign(y2=frame["y"] ** 2).groupby("cell")["y2"].sum()
    per["group"] = [groups[c] for c in per.index]
    out["replications"] = int(per["count"].max())
    out["total"] = float(values.var(ddof=1)) if len(values) > 1 else np.nan
    if out["replications"] < 2:
        return out
    rep = per[per["count"] >= 2]
    out["within"] = float(rep["var"].mean())
    out["mean_inverse_n"] = float((1.0 / per["count"]).mean())

    # per group: the sums the shares are made of, so a bootstrap is a weighted sum
    per["var_ok"] = np.where(per["count"] >= 2, per["var"], 0.0)
    per["has_var"] = (per["count"] >= 2).astype(float)
    per["inv_n"] = 1.0 / per["count"]
    per["mean2"] = per["mean"] ** 2
    sums = per.groupby("group")[["var_ok", "has_var", "count", "sum", "sq", "mean", "mean2",
                                 "inv_n"]].sum()
    sums["cells"] = per.groupby("group").size()
    cols = sums.to_numpy(dtype=float)

    def shares(tot):
        var_ok, has_var, n, s1, s2, m1, m2, inv_n, c = (tot[..., i] for i in range(9))
        with np.errstate(divide="ignore", invalid="ignore"):
            within = var_ok / has_var
            total = (s2 - s1 ** 2 / n) / (n - 1)
            means_var = (m2 - m1 ** 2 / c) / (c - 1)
            return within / total, within * (inv_n / c) / means_var

    share, share_means = shares(cols.sum(axis=0))
    if not (out["total"] > 0):
        return out
    out["share"] = float(share)
    out["share_of_means"] = float(share_means)
    g = len(cols)
    if g >= 2:
        reps = []
        for idx in _resample_blocks(g, resamples, seed, cols.shape[1]):
            weights = np.stack([np.bincount(row, minlength=g) for row in idx])
            reps.append(shares(weights @ cols)[0])
        out["share_low"], out["share_high"] = (float(x) for x in
                                               _interval(np.concatenate(reps), confidence))
    return out




def morris_noise_floor(within, mean_inverse_n, delta):
    """The mean |EE| of a key without effect when the cells differ by noise alone, independent
    between cells: |N(0, 2 s^2 / n)| / delta, s^2 the within-cell variance (``within``), 1/n
    its mean over the cells (``mean_inverse_n``); NaN when the noise is unknown. With common
    random numbers part of the noise is shared by the cells, so this is an upper bound."""
    if not (np.isfinite(within) and np.isfinite(mean_inverse_n) and delta > 0):
        return np.nan
    return math.sqrt(2.0 * within * mean_inverse_n) * math.sqrt(2.0 / math.pi) / delta
