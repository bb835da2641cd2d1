"""History matching: how implausible each evaluated point is, and where the next wave samples.

A *point* is a setting of the unknowns, run R times (replications). For each target t and
point x the simulator's mean m_t(x) and variance v_t(x) over the replications give

    I_t(x) = |gap_t(m_t(x))| / sqrt(sd_t^2 + discrepancy_t^2 + v_t(x) * (1 + 1/R))

where gap_t is the distance from the mean to what was observed: ``m - value`` for a point,
the distance to the nearer end for an interval (0 inside), ``min(0, m - bound)`` for a lower
bound and ``max(0, m - bound)`` for an upper bound.

Why v(x)(1 + 1/R) and not v(x)/R: the observed figure is ONE realisation of a stochastic
world, so it differs from the model's mean by the model's own spread v(x) even at the true
setting; v(x)/R is only the uncertainty of the mean estimated from R replications. With v/R
alone the implausibility of the true setting grows like sqrt(R) and more replications would
rule out the truth (Andrianakis et al. 2015 add the ensemble variance as its own term).

The variance v_t(x) of a point is pooled with its nearest evaluated neighbours (the point and
its ``neighbours - 1`` nearest in unit coordinates, equal weights): a sample variance from
R = 4 replications has 3 degrees of freedom and is below a quarter of the truth one time in
ten, which would double I and throw out good points; the pooled estimate has about
``neighbours * (R - 1)`` degrees of freedom and still follows how the spread changes over the
box.

A point is *non-implausible* when the largest I_t over the fitted targets is below the
cut-off (3 by default: Pukelsheim's three-sigma rule, at least 95% of any unimodal
distribution lies within 3 sd). We use the largest, not the second largest, because a
calibration here has a handful of targets: the second largest is for many outputs, where one
misfit at a good point is expected by chance (Vernon et al. 2010).

The region for the next wave (RegionSampler): prior samples (uniform in unit coordinates)
kept when any of the 3 nearest evaluated points is non-implausible, or when the quadratic
regression emulator (regression_emulator.py) finds them non-implausible. A point is ruled out
only where both agree, because ruling out a good setting is the error history matching must
not make (with 121 points in three unknowns the single nearest neighbour lost 4% of a toy
posterior's mass, the 3-nearest vote 0.2%). The distance weighs each unknown's unit
coordinate by how strongly the fitted targets move with it (in implausibility units, from the
emulator's gradients; at least a tenth of the strongest): with equal weights a wave around few
survivors stays in small balls even along unknowns no target depends on, and in five unknowns
the vote kept 70% of the prior box where the weighted one kept 45% (the Rui'an targets). Its
volume is estimated as the share of prior samples it keeps, so it is on the generous side.
With no survivor yet, the same sampler searches around the least implausible tenth of the
points instead (equal weights, no emulator).

Importable: ``gap(target, values)``, ``point_statistics(outputs)``, ``pooled_variance(unit,
variances, neighbours)``, ``implausibility(targets, means, variances, replications)``,
``non_implausible(I, cutoff)``, ``RegionSampler``, ``conflicting_targets(I, names, cutoff)``.
"""

import itertools
import warnings

import numpy as np
from scipy.spatial import cKDTree


def gap(target, values):
    """The signed distance of ``values`` (array) from what ``target`` observed (0 inside an
    interval or on the allowed side of a bound)."""
    values = np.asarray(values, dtype=float)
    if target.kind == "point":
        return values - target.value
    if target.kind == "interval":
        return values - np.clip(values, target.low, target.high)
    if target.kind == "lower_bound":
        return np.minimum(0.0, values - target.value)
    if target.kind == "upper_bound":
        return np.maximum(0.0, values - target.value)
    raise ValueError(f"unknown target kind {target.kind!r}")


def point_statistics(outputs):
    """outputs [n, R, T] (NaN: a failed run or an output it could not give) -> (means [n, T],
    variances [n, T] (ddof 1; NaN with fewer than 2 values), counts [n, T])."""
    outputs = np.asarray(outputs, dtype=float)
    finite = np.isfinite(outputs)
    counts = finite.sum(axis=1)
    filled = np.where(finite, outputs, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = filled.sum(axis=1) / counts
        dev = np.where(finite, outputs - means[:, None, :], 0.0)
        variances = (dev ** 2).sum(axis=1) / (counts - 1)
    means[counts == 0] = np.nan
    variances[counts < 2] = np.nan
    return means, variances, counts


def pooled_variance(unit, variances, neighbours=4):
    """Each point's variance as the mean of its own and its nearest neighbours' (``neighbours``
    points in all, by distance in unit coordinates; NaN variances are skipped)."""
    unit = np.asarray(unit, dtype=float)
    variances = np.asarray(variances, dtype=float)
    n = len(unit)
    if n == 0:
        return variances.copy()
    k = min(neighbours, n)
    _, idx = cKDTree(unit).query(unit, k=k)
    idx = np.asarray(idx).reshape(n, k)
    near = variances[idx]  # [n, k, T]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a point whose neighbours have none
        return np.nanmean(near, axis=1)


def implausibility(targets, means, variances, replications):
    """I [n, T] (see the module docstring). NaN where the mean or the variance is unknown."""
    means = np.atleast_2d(np.asarray(means, dtype=float))
    variances = np.atleast_2d(np.asarray(variances, dtype=float))
    out = np.empty_like(means)
    for j, t in enumerate(targets):
        d = np.abs(gap(t, means[:, j]))
        total = t.sd ** 2 + t.discrepancy ** 2 + variances[:, j] * (1.0 + 1.0 / replications)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[:, j] = np.where(d == 0, 0.0, d / np.sqrt(total))
        out[~np.isfinite(means[:, j]) | ~np.isfinite(variances[:, j]), j] = np.nan
    return out


def non_implausible(I, cutoff):
    """Boolean [n]: every target's I below the cut-off (a NaN I never passes)."""
    I = np.atleast_2d(np.asarray(I, dtype=float))
    if I.shape[1] == 0:
        return np.ones(len(I), dtype=bool)
    with np.errstate(invalid="ignore"):
        return np.all(np.isfinite(I), axis=1) & (np.nanmax(np.where(np.isfinite(I), I, np.inf),
                                                          axis=1) < cutoff)


def max_implausibility(I):
    """The largest I of each point (inf when one is NaN)."""
    I = np.atleast_2d(np.asarray(I, dtype=float))
    if I.shape[1] == 0:
        return np.zeros(len(I))
    return np.max(np.where(np.isfinite(I), I, np.inf), axis=1)


class RegionSampler:
    """The region still in play: points where any of the ``vote`` nearest evaluated points is
    kept (``keep``; distances on unit coordinates multiplied by ``scales``), or that
    ``also(points)`` (e.g. an emulator) accepts. Sampled uniformly
    from the whole prior box; when the region is too small for that (a pilot of 20000 prior
    samples finds fewer than 5 of it) it is cut to the kept points' bounding box widened by
    ``margin`` (unit coordinates) and sampled there (``restricted``)."""

    PILOT = 20000

    def __init__(self, unit, keep, margin=0.1, vote=3, also=None, rng=None, scales=None):
        self.vote = vote
        self.also = also
        self.unit = np.asarray(unit, dtype=float)
        self.scales = np.ones(self.unit.shape[1]) if scales is None else np.asarray(scales)
        self.keep = np.asarray(keep, dtype=bool)
        if not self.keep.any():
            raise ValueError("no kept point to sample around")
        kept = self.unit[self.keep]
        self.low = np.clip(kept.min(axis=0) - margin, 0.0, 1.0)
        self.high = np.clip(kept.max(axis=0) + margin, 0.0, 1.0)
        self.tree = cKDTree(self.unit * self.scales)
        self.restricted = False
        rng = rng if rng is not None else np.random.default_rng(0)
        pilot = rng.random((self.PILOT, self.unit.shape[1]))
        self.restricted = int(self.contains(pilot).sum()) < 5

    def contains(self, points):
        points = np.atleast_2d(points)
        k = min(self.vote, len(self.unit))
        _, nearest = self.tree.query(points * self.scales, k=k)
        nearest = np.asarray(nearest).reshape(len(points), k)
        ok = self.keep[nearest].any(axis=1)
        if self.also is not None:
            ok |= self.also(points)
        if self.restricted:
            ok &= np.all((points >= self.low) & (points <= self.high), axis=1)
        return ok

    def _candidates(self, rng, batch):
        k = self.unit.shape[1]
        if self.restricted:
            return self.low + rng.random((batch, k)) * (self.high - self.low)
        return rng.random((batch, k))

    def sample(self, n, rng, max_candidates=4000000):
        """n points uniform in the region (fewer only if the region is vanishingly small)."""
        k = self.unit.shape[1]
        out, have, tried = [], 0, 0
        while have < n and tried < max_candidates:
            batch = 20000
            cand = self._candidates(rng, batch)
            tried += batch
            cand = cand[self.contains(cand)]
            out.append(cand)
            have += len(cand)
        return np.concatenate(out)[:n] if out else np.empty((0, k))

    def volume(self, rng, samples=20000):
        """The share of the prior box (unit cube) the region covers, by Monte Carlo."""
        share = float(self.contains(self._candidates(rng, samples)).mean())
        if self.restricted:
            share *= float(np.prod(self.high - self.low))
        return share


def conflicting_targets(I, names, cutoff, max_size=None):
    """The smallest sets of targets that no evaluated point meets together (every I of the set
    below the cut-off): a list of (names, best) where best is the lowest, over the points, of
    the largest I in the set. Sets are searched up to ``max_size`` targets (all of them for up
    to 12 targets, else 3); a superset of a set found is not listed."""
    I = np.atleast_2d(np.asarray(I, dtype=float))
    I = np.where(np.isfinite(I), I, np.inf)
    T = I.shape[1]
    if max_size is None:
        max_size = T if T <= 12 else 3
    found = []
    for size in range(1, max_size + 1):
        for subset in itertools.combinations(range(T), size):
            if any(set(f) <= set(subset) for f, _ in found):
                continue
            best = float(np.min(np.max(I[:, subset], axis=1))) if len(I) else np.inf
            if not best < cutoff:
                found.append((subset, best))
    return [([names[j] for j in subset], best) for subset, best in found]
