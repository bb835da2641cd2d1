"""The calibration's prior box: the unknowns' ranges, and the map between parameter values and
unit coordinates.

Every unknown has a prior range [low, high] on a uniform or a log scale (log-uniform: uniform
in log(value)). Its *unit coordinate* u in [0, 1] is where the value lies on that scale:
``u = (x - low) / (high - low)`` (uniform) or ``u = log(x / low) / log(high / low)`` (log).
The prior is uniform on the unit cube, so every sampler (the Latin hypercube of wave 1, the
uniform proposals of later waves and of the ABC step) works in unit coordinates and the prior
density there is 1. Integer parameters are rounded when written for orgsim (``values``), so
the value a run used is what the calibration records.

Importable: ``Unknown`` (key, low, high, scale, integer), ``to_unit(unknowns, values)``,
``to_values(unknowns, unit, rounded=True)``, ``latin_hypercube(n, k, rng)``, ``logit(u)``,
``expit(z)``, ``prior_quantiles(unknown, q)``.
"""

from dataclasses import dataclass

import numpy as np

# Unit coordinates are kept this far inside (0, 1) before a logit, so that a point on the
# prior's edge has a finite logit (the ABC regression adjustment works on the logit scale).
EDGE = 1e-6


@dataclass(frozen=True)
class Unknown:
    """One unknown: a scenario key with its prior range and scale ("uniform" or "log")."""
    key: str
    low: float
    high: float
    scale: str = "uniform"
    integer: bool = False

    def to_unit(self, x):
        x = np.asarray(x, dtype=float)
        if self.scale == "log":
            return np.log(x / self.low) / np.log(self.high / self.low)
        return (x - self.low) / (self.high - self.low)

    def to_value(self, u, rounded=True):
        u = np.asarray(u, dtype=float)
        if self.scale == "log":
            x = self.low * np.exp(u * np.log(self.high / self.low))
        else:
            x = self.low + u * (self.high - self.low)
        x = np.clip(x, self.low, self.high)
        if self.integer and rounded:
            x = np.clip(np.round(x), np.ceil(self.low), np.floor(self.high))
        return x


def to_unit(unknowns, values):
    """[n, k] parameter values -> [n, k] unit coordinates."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    return np.column_stack([u.to_unit(values[:, j]) for j, u in enumerate(unknowns)])


def to_values(unknowns, unit, rounded=True):
    """[n, k] unit coordinates -> [n, k] parameter values (integers rounded unless told)."""
    unit = np.atleast_2d(np.asarray(unit, dtype=float))
    return np.column_stack([u.to_value(unit[:, j], rounded) for j, u in enumerate(unknowns)])


def latin_hypercube(n, k, rng):
    """n points in [0, 1]^k, each coordinate's n strata used once, uniform inside a stratum."""
    out = np.empty((n, k))
    for j in range(k):
        out[:, j] = (rng.permutation(n) + rng.random(n)) / n
    return out


def logit(u):
    u = np.clip(np.asarray(u, dtype=float), EDGE, 1 - EDGE)
    return np.log(u / (1 - u))


def expit(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def prior_quantiles(unknown, q):
    """Quantiles q of the prior of one unknown (uniform in unit coordinates)."""
    return unknown.to_value(np.asarray(q, dtype=float), rounded=False)
