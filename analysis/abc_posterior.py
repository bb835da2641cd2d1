"""Approximate Bayesian computation (ABC) inside the non-implausible region: rejection with a
local-linear regression adjustment (Beaumont, Zhang and Balding 2002, Genetics 162:2025).

Input: an ABC sample of (setting, one run's outputs) pairs, the settings drawn uniformly (in
unit coordinates, i.e. from the prior) inside the region history matching left, each setting
run R times (each replication is its own pair). Steps:

1. **Observation error and model discrepancy** enter as noise added to each simulated output:
   s~ = s + N(0, sd^2 + discrepancy^2) ("noisy ABC"; Wilkinson 2013 shows ABC is then exact
   for the model "observed = simulated + error"). Without it ABC would treat the figures as
   exact and the posterior would be too narrow.
2. **Distance**: each fitted target's gap (history_matching.gap: 0 inside an interval or on
   the allowed side of a bound) divided by its scale (sqrt(sd^2 + discrepancy^2 + the
   simulator's typical variance)); rho = the Euclidean norm over the targets.
3. **Rejection**: keep the ``accept_share`` of pairs with the smallest rho (tolerance eps =
   that quantile), weighted by the Epanechnikov kernel 1 - (rho/eps)^2. When enough pairs
   meet every target exactly (rho = 0, possible with interval and bound targets only: at
   least ``MIN_EXACT`` and half the pairs the share would keep), only those are kept, with
   equal weights: exact rejection, which a positive tolerance would only blur.
4. **Regression adjustment**: on the kept pairs, a weighted least-squares regression of each
   unknown's logit(unit coordinate) on the scaled gaps of the *point* targets; each kept
   setting is moved by -beta * gap, to where the regression says it would be had its outputs
   hit the observation. The logit keeps adjusted settings inside the prior box (Hamilton et
   al. 2005). Interval and bound targets shape the kernel only: their gap is 0 for most kept
   pairs, and a slope fitted to the few others would be noise. No adjustment when there is no
   point target or fewer than 2 (p + 1) + 5 kept pairs (p: point targets).

The result, a Posterior, is a set of weighted settings. ``summaries`` gives each unknown's
mean, sd, median and 90% interval, and flags an unknown whose posterior is close to its prior
(``close_to_prior``: its sd in unit coordinates is at least 0.85 of the prior's 1/sqrt(12)
and the Kolmogorov-Smirnov distance from the uniform prior is at most max(0.1, 1.63 /
sqrt(n)), the 1% critical value for n effective settings (replications of one setting
count once)): the targets do not identify it on its own. A pair of unknowns can still be
identified together (a target on their sum leaves each marginal near its prior):
``strongest_correlation`` names the unknown it is most correlated with in the posterior.
``resample`` draws equally weighted settings (systematic resampling).

Importable: ``Posterior``, ``distance_scales(targets, variances)``, ``rejection_abc(...)``,
``weighted_quantile(x, w, q)``, ``summaries(unknowns, posterior)``, ``resample(posterior, n,
rng)``.
"""

from dataclasses import dataclass

import numpy as np

import prior_box
from history_matching import gap

MIN_EXACT = 50
SD_RATIO_CLOSE = 0.85
KS_CLOSE = 0.1


@dataclass
class Posterior:
    unit: np.ndarray            # [m, k] adjusted settings, unit coordinates
    weights: np.ndarray         # [m] normalised
    raw_unit: np.ndarray        # [m, k] the kept settings before adjustment
    accepted: np.ndarray        # [m] rows of the ABC sample that were kept
    epsilon: float              # the tolerance (0: exact rejection)
    adjusted: bool              # whether the regression adjustment was applied
    coefficients: np.ndarray    # [p, k] the regression slopes (empty when not adjusted)
    sample_size: int            # pairs in the ABC sample
    groups: np.ndarray = None   # [m] the setting each kept pair was run at (None: its own)

    @property
    def n_eff(self):
        """Effective number of draws: (sum w)^2 / sum w^2."""
        w = self.weights
        return float(w.sum() ** 2 / (w ** 2).sum()) if len(w) else 0.0

    @property
    def n_eff_settings(self):
        """Effective number of distinct settings: the weights summed per setting first (the
        replications of one setting share its value of every unknown)."""
        if self.groups is None:
            return self.n_eff
        _, inverse = np.unique(self.groups, return_inverse=True)
        w = np.bincount(inverse, weights=self.weights)
        return float(w.sum() ** 2 / (w ** 2).sum()) if len(w) else 0.0


def distance_scales(targets, variances):
    """Each target's distance scale: sqrt(sd^2 + discrepancy^2 + median simulator variance
    over the ABC sample's settings); 1 where that is 0."""
    variances = np.atleast_2d(np.asarray(variances, dtype=float))
    scales = []
    for j, t in enumerate(targets):
        v = variances[:, j]
        v = float(np.median(v[np.isfinite(v)])) if np.isfinite(v).any() else 0.0
        s = np.sqrt(t.sd ** 2 + t.discrepancy ** 2 + v)
        scales.append(s if s > 0 else 1.0)
    return np.array(scales)


def rejection_abc(unit, outputs, targets, scales, accept_share, rng, adjust=True, groups=None):
    """ABC on pairs (unit [n, k], outputs [n, T] of the fitted targets, one run each; groups
    [n]: the setting of each pair when settings were replicated). Rows with a NaN output are
    left out. Returns a Posterior (see the module docstring)."""
    unit = np.atleast_2d(np.asarray(unit, dtype=float))
    outputs = np.atleast_2d(np.asarray(outputs, dtype=float))
    ok = np.all(np.isfinite(outputs), axis=1)
    rows = np.flatnonzero(ok)
    unit, outputs = unit[ok], outputs[ok]
    n, k = unit.shape
    if n == 0:
        raise ValueError("no complete run in the ABC sample")
    sd_noise = np.array([np.hypot(t.sd, t.discrepancy) for t in targets])
    noisy = outputs + rng.standard_normal(outputs.shape) * sd_noise
    gaps = np.column_stack([gap(t, noisy[:, j]) / scales[j] for j, t in enumerate(targets)]) \
        if targets else np.zeros((n, 0))
    rho = np.sqrt((gaps ** 2).sum(axis=1))
    share = min(max(accept_share, 1.0 / n), 1.0)
    eps = float(np.quantile(rho, share))
    exact = int((rho == 0.0).sum())
    if eps == 0.0 or exact >= max(MIN_EXACT, 0.5 * share * n):
        eps = 0.0
        keep = rho == 0.0
        w = np.ones(keep.sum())
    else:
        keep = rho < eps
        if not keep.any():
            keep = rho <= eps
        w = 1.0 - (rho[keep] / eps) ** 2
        w = np.where(w > 0, w, 1e-12)
    kept_unit = unit[keep]
    kept_gaps = gaps[keep]
    point = [j for j, t in enumerate(targets) if t.kind == "point"]
    adjusted_unit = kept_unit.copy()
    coef = np.empty((0, k))
    did_adjust = False
    if adjust and point and keep.sum() >= 2 * (len(point) + 1) + 5 and eps > 0:
        X = np.column_stack([np.ones(keep.sum()), kept_gaps[:, point]])
        Y = prior_box.logit(kept_unit)
        sw = np.sqrt(w)
        beta, *_ = np.linalg.lstsq(X * sw[:, None], Y * sw[:, None], rcond=None)
        coef = beta[1:]
        adjusted_unit = prior_box.expit(Y - kept_gaps[:, point] @ coef)
        did_adjust = True
    return Posterior(unit=adjusted_unit, weights=w / w.sum(), raw_unit=kept_unit,
                     accepted=rows[keep], epsilon=eps, adjusted=did_adjust, coefficients=coef,
                     sample_size=n,
                     groups=None if groups is None else np.asarray(groups)[rows[keep]])


def weighted_quantile(x, w, q):
    """Quantiles q of values x with weights w (linear interpolation of the weighted CDF at the
    middle of each value's weight)."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    order = np.argsort(x)
    x, w = x[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(q, cdf, x)


def _ks_uniform(u, w):
    """Kolmogorov-Smirnov distance between the weighted sample u (in [0, 1]) and U(0, 1)."""
    order = np.argsort(u)
    u, w = u[order], w[order] / w.sum()
    upper = np.cumsum(w)
    lower = upper - w
    return float(max(np.max(upper - u), np.max(u - lower)))


def summaries(unknowns, posterior):
    """One dict per unknown: key, scale, prior low/high, prior 5%/95%, posterior mean, sd,
    q05, median, q95 (in the parameter's units, integers not rounded), sd_ratio (posterior sd
    / prior sd in unit coordinates), ks (distance from the prior in unit coordinates),
    close_to_prior (bool), interval_share (the posterior's 90% interval as a share of the
    prior's, on the prior's scale), n_eff, strongest_correlation, correlated_with."""
    w = posterior.weights
    values = prior_box.to_values(unknowns, posterior.unit, rounded=False)
    n_eff = posterior.n_eff
    ks_limit = max(KS_CLOSE, 1.63 / np.sqrt(max(posterior.n_eff_settings, 1.0)))
    corr = _correlations(posterior.unit, w)
    out = []
    for j, u in enumerate(unknowns):
        x = values[:, j]
        mean = float(np.sum(w * x))
        sd = float(np.sqrt(np.sum(w * (x - mean) ** 2)))
        uu = posterior.unit[:, j]
        umean = float(np.sum(w * uu))
        usd = float(np.sqrt(np.sum(w * (uu - umean) ** 2)))
        sd_ratio = usd / (1.0 / np.sqrt(12.0))
        ks = _ks_uniform(uu, w)
        q05, q50, q95 = weighted_quantile(x, w, [0.05, 0.5, 0.95])
        p05, p95 = prior_box.prior_quantiles(u, [0.05, 0.95])
        u05, u95 = weighted_quantile(uu, w, [0.05, 0.95])
        out.append({
            "key": u.key, "scale": u.scale, "prior_low": u.low, "prior_high": u.high,
            "prior_q05": float(p05), "prior_q95": float(p95),
            "mean": mean, "sd": sd, "q05": float(q05), "median": float(q50),
            "q95": float(q95), "sd_ratio": float(sd_ratio), "ks": ks,
            "close_to_prior": bool(sd_ratio >= SD_RATIO_CLOSE and ks <= ks_limit),
            "interval_share": float((u95 - u05) / 0.9),
            "n_eff": n_eff,
            "strongest_correlation": corr[j][1], "correlated_with": corr[j][0],
        })
    return out


def _correlations(unit, w):
    """For each unknown: (the other unknown most correlated with it in the weighted posterior,
    unit coordinates, as an index or None; that correlation)."""
    k = unit.shape[1]
    if k < 2:
        return [(None, 0.0)] * k
    m = np.sum(w[:, None] * unit, axis=0)
    d = unit - m
    cov = (w[:, None] * d).T @ d
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        c = cov / np.outer(sd, sd)
    out = []
    for j in range(k):
        row = np.where(np.arange(k) == j, 0.0, np.nan_to_num(c[j]))
        i = int(np.argmax(np.abs(row)))
        out.append((i, float(row[i])))
    return out


def resample(posterior, n, rng):
    """n settings (unit coordinates) drawn from the weighted posterior by systematic
    resampling (each draw's share of the n is its weight, up to one draw)."""
    w = posterior.weights
    positions = (rng.random() + np.arange(n)) / n
    idx = np.searchsorted(np.cumsum(w), positions, side="left")
    idx = np.minimum(idx, len(w) - 1)
    return posterior.unit[idx]
