"""A cheap emulator for history matching: each fitted target's mean as a quadratic regression
on the unknowns' unit coordinates, with its own uncertainty, to judge points not run and to
say which unknowns the targets depend on.

Why an emulator at all: the nearest-neighbour rule of history_matching.RegionSampler treats
every unknown alike, so with few survivors it confines the next wave to a small ball around
them, also along unknowns that no target depends on; a regression learns that an output does
not move with such an unknown and keeps its whole range. Why a quadratic and not a Gaussian
process: numpy alone, no hyper-parameters to fit or trust, and its failures are visible as a
large residual sd, which only makes it more cautious.

For target t the emulated implausibility of a point x is

    I_t(x) = |gap_t(m^_t(x))| / sqrt(sd_t^2 + discrepancy_t^2 + v_t(x) (1 + 1/R) + s_t^2 (1 + h(x)))

with m^_t the least-squares fit of the points' means on 1, u_j, u_j^2 and u_i u_j (only the
linear terms when there are fewer than twice as many points as quadratic terms; no emulator
with fewer than twice as many points as linear terms), s_t^2 its residual variance, h(x) the
leverage x'(X'X)^-1 x (so a point far from the data is judged with more doubt), and v_t(x)
the simulator variance of the nearest evaluated points (as history_matching pools it). The
residual variance contains the noise of the means, so nothing is counted too small.

``activity(unit, total_sd)`` says how strongly the fitted targets move with each unknown
(the root mean square of the fit's gradient, in implausibility units per unit coordinate):
history matching weighs the unknowns' coordinates by it when it looks for a candidate's
nearest evaluated points.

Importable: ``QuadraticEmulator(unit, means, variances, targets, replications, neighbours)``,
``.implausibility(points)``, ``.non_implausible(points, cutoff)``, ``.activity(unit,
total_sd)``, ``.usable``, ``.terms``.
"""

import warnings

import numpy as np
from scipy.spatial import cKDTree

from history_matching import gap


def _features(points, quadratic):
    points = np.atleast_2d(points)
    n, k = points.shape
    cols = [np.ones(n)] + [points[:, j] for j in range(k)]
    if quadratic:
        for i in range(k):
            for j in range(i, k):
                cols.append(points[:, i] * points[:, j])
    return np.column_stack(cols)


class QuadraticEmulator:
    def __init__(self, unit, means, variances, targets, replications, neighbours=4):
        unit = np.atleast_2d(np.asarray(unit, dtype=float))
        self.targets = targets
        self.replications = replications
        n, k = unit.shape
        n_quad = 1 + k + k * (k + 1) // 2
        self.quadratic = n >= 2 * n_quad
        self.usable = n >= 2 * (k + 1)
        self.terms = n_quad if self.quadratic else k + 1
        self.tree = cKDTree(unit) if n else None
        self.neighbours = min(neighbours, n) if n else 0
        self.variances = np.asarray(variances, dtype=float)
        self.fits = []
        if not self.usable:
            return
        X = _features(unit, self.quadratic)
        for j in range(len(targets)):
            y = np.asarray(means, dtype=float)[:, j]
            ok = np.isfinite(y)
            if ok.sum() < X.shape[1] + 2:
                self.fits.append(None)
                continue
            Xo, yo = X[ok], y[ok]
            beta, *_ = np.linalg.lstsq(Xo, yo, rcond=None)
            resid = yo - Xo @ beta
            dof = max(1, len(yo) - X.shape[1])
            s2 = float(resid @ resid / dof)
            xtx_inv = np.linalg.pinv(Xo.T @ Xo)
            self.fits.append((beta, s2, xtx_inv))

    def _simulator_variance(self, points):
        _, idx = self.tree.query(points, k=self.neighbours)
        idx = np.asarray(idx).reshape(len(points), self.neighbours)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.nanmean(self.variances[idx], axis=1)

    def implausibility(self, points):
        """Emulated I [m, T]; +inf for a target without a fit (never rules a point out in
        non_implausible: see there)."""
        points = np.atleast_2d(np.asarray(points, dtype=float))
        out = np.full((len(points), len(self.targets)), np.nan)
        if not self.usable:
            return out
        X = _features(points, self.quadratic)
        v = self._simulator_variance(points)
        for j, (t, fit) in enumerate(zip(self.targets, self.fits)):
            if fit is None:
                continue
            beta, s2, xtx_inv = fit
            m = X @ beta
            h = np.einsum("ij,jk,ik->i", X, xtx_inv, X)
            vj = np.nan_to_num(v[:, j], nan=0.0)
            total = t.sd ** 2 + t.discrepancy ** 2 + vj * (1 + 1.0 / self.replications) + \
                s2 * (1 + h)
            d = np.abs(gap(t, m))
            with np.errstate(divide="ignore", invalid="ignore"):
                out[:, j] = np.where(d == 0, 0.0, d / np.sqrt(total))
        return out

    def activity(self, unit, total_sd):
        """How strongly the fitted targets move with each unknown, in implausibility units per
        unit coordinate: the root mean square over the points ``unit`` of the fitted means'
        gradients, each target's divided by its total sd at the point ``total_sd`` [n, T] and
        summed in squares over the targets. [k]; zeros when not usable."""
        unit = np.atleast_2d(np.asarray(unit, dtype=float))
        n, k = unit.shape
        out = np.zeros(k)
        if not self.usable:
            return out
        for j, fit in enumerate(self.fits):
            if fit is None:
                continue
            beta = fit[0]
            grad = np.tile(beta[1:k + 1], (n, 1))
            if self.quadratic:
                col = k + 1
                for a in range(k):
                    for b in range(a, k):
                        c = beta[col]
                        if a == b:
                            grad[:, a] += 2 * c * unit[:, a]
                        else:
                            grad[:, a] += c * unit[:, b]
                            grad[:, b] += c * unit[:, a]
                        col += 1
            sd = np.asarray(total_sd, dtype=float)[:, j]
            with np.errstate(divide="ignore", invalid="ignore"):
                g = grad / sd[:, None]
            g = np.where(np.isfinite(g), g, 0.0)
            out += np.mean(g ** 2, axis=0)
        return np.sqrt(out)

    def non_implausible(self, points, cutoff):
        """Boolean [m]: no emulated target at or above the cut-off (a target the emulator
        cannot fit rules nothing out). All False when the emulator is not usable."""
        points = np.atleast_2d(points)
        if not self.usable:
            return np.zeros(len(points), dtype=bool)
        I = self.implausibility(points)
        I = np.where(np.isfinite(I), I, 0.0)
        return np.all(I < cutoff, axis=1)
