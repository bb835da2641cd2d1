"""The one statistic compare.py and fate.py share: the mean of a measure over replications
with its 95% Student-t confidence interval (n - 1 degrees of freedom).

Paired comparisons pass the differences policy - baseline, one per replication (common random
numbers make them paired). When every value is 0 the interval is [0, 0] (nothing moved in any
replication, so there is nothing to be uncertain about); with fewer than two values it is NaN.
"""

import math

import numpy as np
from scipy import stats

CONFIDENCE = 0.95

__all__ = ["CONFIDENCE", "interval", "mean_and_half_width"]


def interval(values):
    """``dict(mean, sd, ci_low, ci_high, n)`` of ``values`` (NaN left out): the mean, the sample
    sd, and the 95% Student-t interval of the mean."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return dict(mean=np.nan, sd=np.nan, ci_low=np.nan, ci_high=np.nan, n=0)
    mean = float(values.mean())
    sd = float(values.std(ddof=1)) if n >= 2 else np.nan
    if np.all(values == 0):
        low = high = 0.0
        sd = 0.0 if n >= 2 else sd
    elif n >= 2:
        half = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    else:
        low = high = np.nan
    return dict(mean=mean, sd=sd, ci_low=low, ci_high=high, n=n)


def mean_and_half_width(values):
    """The mean of ``values`` and the half-width of its 95% interval (NaN when n < 2): an
    error bar, or "mean ± half"."""
    ci = interval(values)
    return ci["mean"], ci["ci_high"] - ci["mean"]
