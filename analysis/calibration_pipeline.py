"""The calibration's steps in order, for any simulator: history-matching waves, ABC inside the
surviving region, then a posterior predictive check (docs/CALIBRATION.md, "The method").

``calibrate(unknowns, targets, predictive, settings, simulate, base_values, log)`` runs:

1. **Waves** (history_matching.py). Wave 1: a Latin hypercube of ``points_per_wave`` points
   over the prior box (unit coordinates: log scale for log priors), plus the base scenario's
   own setting when it lies inside the box (marked ``base``). Every point is run
   ``replications`` times; its implausibility per fitted target uses its mean and pooled
   variance. Wave k + 1 samples ``points_per_wave`` points uniformly in the region of the
   non-implausible points so far (RegionSampler: the nearest-neighbour vote, with each
   unknown's coordinate weighted by how strongly the fitted targets move with it, at least a
   tenth of the strongest (regression_emulator.activity), joined with the quadratic
   emulator's own verdict), or, while there is none, around the least implausible tenth.
   The waves stop after ``waves``, or earlier once the region's volume (share of the prior
   box) changes by less than 10% from one wave to the next (a region that grew was
   under-resolved by the last wave, so the waves go on), or once every point is
   non-implausible and the region is the whole prior box (the targets rule nothing out: more
   waves could not shrink it).
2. **No setting reproduces the targets** when no evaluated point is non-implausible: the result
   has status ``unreachable`` and ``conflicts``, the smallest sets of targets no point meets
   together (history_matching.conflicting_targets).
3. **ABC** (abc_posterior.py): ``abc_points`` settings uniform in the final region, run in
   sweeps of ``points_per_sweep`` settings (default 1), each sweep with its own seed. Why not
   one sweep: a sweep gives replication r the same seed at every point (common random
   numbers), so one sweep would show ABC only R noise realisations; the settings that share a
   lucky seed are kept together, and ABC mistakes the seed's quirks for information about the
   unknowns (with 20 settings a sweep, an unknown no target depends on moved by 3 standard
   errors in a test). One setting a sweep makes the pairs (setting, run) independent draws.
4. **Posterior draws** (systematic resampling of the weighted posterior) and the **predictive
   check**: the draws run in sweeps of ``points_per_sweep`` (own seeds again) and every target
   (fit and check) and predictive output is summarised: mean and 90% interval of the
   replicated observation (simulated value plus N(0, sd^2 + discrepancy^2) for a target),
   and for a target the probability of the observation under it (two-sided tail for a point,
   the chance of landing inside an interval or on the allowed side of a bound).

Seeds: wave k's sweep seed is seed + k, ABC sweep c's seed + 1000 + c, check sweep c's
seed + 1000000 + c; sampling uses numpy generators seeded with (seed, step). So the whole
calibration is reproducible from the targets file, and a test can make its observations with
a seed the calibration never uses.

``simulate(stage, values [n, k], replications, seed) -> (outputs [n, R, O], info)``: O =
every target in file order, then every predictive output; info: optional arrays [n, R] such
as run_id and seed. When ``simulate`` is the ``run`` method of an object that also has
``run_batch(requests)`` (sweep_runner.OrgsimSimulator), the ABC and check sweeps go to it all
at once, so they run side by side. Returns a ``Result``.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

import abc_posterior
import history_matching as hm
import prior_box
from regression_emulator import QuadraticEmulator

STABLE = 0.1               # stop when a wave's region is within 10% of the last one's volume
SEARCH_SHARE = 0.1         # with no survivor, search around this share of the best points
ACTIVITY_FLOOR = 0.1       # an unknown's weight in the neighbour distance: at least a tenth
                           # of the most active one's
ABC_SEED_OFFSET = 1000
CHECK_SEED_OFFSET = 1000000


@dataclass
class Result:
    status: str                          # "ok" or "unreachable"
    points: pd.DataFrame                 # every point of every stage
    runs: pd.DataFrame                   # every run
    waves: pd.DataFrame                  # one row per wave
    conflicts: list = field(default_factory=list)
    posterior: object = None             # abc_posterior.Posterior
    posterior_table: list = field(default_factory=list)
    posterior_sample: pd.DataFrame = None
    draws: np.ndarray = None             # [d, k] parameter values (integers rounded)
    predictive: pd.DataFrame = None
    abc_info: dict = field(default_factory=dict)
    stopped: str = ""                    # why the waves stopped


def _rng(seed, step):
    return np.random.default_rng([int(seed), int(step)])


class _Evaluated:
    """Every point run so far, its outputs and implausibility."""

    def __init__(self, unknowns, targets, predictive_names, settings):
        self.unknowns, self.targets, self.settings = unknowns, targets, settings
        self.output_names = [t.name for t in targets] + list(predictive_names)
        self.fit = [j for j, t in enumerate(targets) if t.role == "fit"]
        self.blocks = []  # dicts: stage, wave, unit, values, outputs, info, base

    def add(self, stage, wave, unit, values, outputs, info, base=None):
        self.blocks.append({"stage": stage, "wave": wave, "unit": unit, "values": values,
                            "outputs": outputs, "info": info or {},
                            "base": np.zeros(len(unit), bool) if base is None else base})

    def select(self, wave_only=True):
        blocks = [b for b in self.blocks if b["wave"] > 0] if wave_only else self.blocks
        return blocks

    def statistics(self, blocks):
        """unit, means, pooled variances, I (all targets) over the blocks' points."""
        unit = np.concatenate([b["unit"] for b in blocks])
        outputs = np.concatenate([b["outputs"] for b in blocks])
        means, variances, counts = hm.point_statistics(outputs)
        pooled = hm.pooled_variance(unit, variances, self.settings.neighbours)
        T = len(self.targets)
        I = hm.implausibility(self.targets, means[:, :T], pooled[:, :T],
                              self.settings.replications)
        return unit, means, pooled, counts, I

    def fit_I(self, I):
        return I[:, self.fit]


def _region(ev, settings, rng):
    """(sampler, searching): the RegionSampler of the region still in play after the waves so
    far, with the quadratic emulator; with no survivor, the ball around the least implausible
    tenth (searching = True)."""
    unit, means, pooled, _, I = ev.statistics(ev.select())
    fitI = ev.fit_I(I)
    keep = hm.non_implausible(fitI, settings.cutoff)
    if not keep.any():
        worst = hm.max_implausibility(fitI)
        keep = np.zeros(len(unit), bool)
        keep[np.argsort(worst)[:max(3, int(np.ceil(SEARCH_SHARE * len(unit))))]] = True
        return hm.RegionSampler(unit, keep, settings.margin, rng=rng), True
    fit = [ev.targets[j] for j in ev.fit]
    emulator = QuadraticEmulator(unit, means[:, ev.fit], pooled[:, ev.fit], fit,
                                 settings.replications, settings.neighbours)
    scales, also = None, None
    if emulator.usable:
        total = np.sqrt(np.array([[t.sd ** 2 + t.discrepancy ** 2 for t in fit]]) +
                        np.nan_to_num(pooled[:, ev.fit]) * (1 + 1 / settings.replications))
        activity = emulator.activity(unit, total)
        if activity.max() > 0:
            scales = np.maximum(activity, ACTIVITY_FLOOR * activity.max())
        also = lambda p: emulator.non_implausible(p, settings.cutoff)  # noqa: E731
    return hm.RegionSampler(unit, keep, settings.margin, also=also, rng=rng,
                            scales=scales), False


def _sample_wave(ev, wave, settings, log):
    rng = _rng(settings.seed, wave)
    sampler, searching = _region(ev, settings, rng)
    if searching:
        log(f"  no non-implausible point yet: wave {wave} searches around the "
            f"{int(sampler.keep.sum())} least implausible")
    points = sampler.sample(settings.points_per_wave, rng)
    if len(points) < settings.points_per_wave:
        log(f"  the region is tiny: wave {wave} has {len(points)} points")
    return points


def calibrate(unknowns, targets, predictive_names, settings, simulate, base_values=None,
              log=print):
    """Runs the calibration (see the module docstring) and returns a Result."""
    ev = _Evaluated(unknowns, targets, predictive_names, settings)
    k = len(unknowns)
    R = settings.replications
    wave_rows = []
    volumes = []
    stopped = f"the wave budget ({settings.waves}) is spent"
    for wave in range(1, settings.waves + 1):
        if wave == 1:
            unit = prior_box.latin_hypercube(settings.points_per_wave, k,
                                             _rng(settings.seed, 0))
            base = np.zeros(len(unit), bool)
            if base_values is not None:
                b = np.array([base_values.get(u.key, np.nan) for u in unknowns], dtype=float)
                if np.all(np.isfinite(b)):
                    bu = prior_box.to_unit(unknowns, b[None, :])
                    if np.all((bu >= 0) & (bu <= 1)):
                        unit = np.vstack([unit, bu])
                        base = np.append(base, True)
        else:
            unit = _sample_wave(ev, wave, settings, log)
            base = np.zeros(len(unit), bool)
            if not len(unit):
                stopped = "the region is too small to sample"
                break
        values = prior_box.to_values(unknowns, unit)
        unit = prior_box.to_unit(unknowns, values)  # what was run (integers rounded)
        log(f"wave {wave}: {len(unit)} points x {R} replications")
        outputs, info = simulate(f"wave-{wave}", values, R, settings.seed + wave)
        ev.add(f"wave-{wave}", wave, unit, values, outputs, info, base)
        all_unit, _, _, _, I = ev.statistics(ev.select())
        keep = hm.non_implausible(ev.fit_I(I), settings.cutoff)
        this = np.zeros(len(keep), bool)
        this[-len(unit):] = True
        volume = 0.0
        box = {}
        if keep.any():
            sampler, _ = _region(ev, settings, _rng(settings.seed, 100 + wave))
            volume = sampler.volume(_rng(settings.seed, 150 + wave))
            kept_values = prior_box.to_values(unknowns, all_unit[keep])
            for j, u in enumerate(unknowns):
                box[f"{u.key} low"] = float(kept_values[:, j].min())
                box[f"{u.key} high"] = float(kept_values[:, j].max())
        failed = int(np.sum(~np.isfinite(outputs).all(axis=2)))
        wave_rows.append({"wave": wave, "points": len(unit), "runs": len(unit) * R,
                          "failed_runs": failed,
                          "non_implausible": int(keep[this].sum()),
                          "non_implausible_so_far": int(keep.sum()),
                          "share_of_wave": float(keep[this].mean()) if len(unit) else 0.0,
                          "region_volume": volume, **box})
        log(f"  {int(keep[this].sum())} of {len(unit)} non-implausible; region: "
            f"{100 * volume:.1f}% of the prior box")
        volumes.append(volume)
        if keep.all() and volume >= 0.999 and wave < settings.waves:
            stopped = f"the targets rule out nothing of the prior box (wave {wave})"
            break
        if wave >= 2 and volumes[-2] > 0 and \
                abs(volume / volumes[-2] - 1) < STABLE and wave < settings.waves:
            stopped = f"the region stopped changing (wave {wave}'s is " \
                      f"{100 * volume / volumes[-2]:.0f}% of wave {wave - 1}'s)"
            break
    waves = pd.DataFrame(wave_rows)

    all_unit, means, pooled, counts, I = ev.statistics(ev.select())
    keep = hm.non_implausible(ev.fit_I(I), settings.cutoff)
    if not keep.any():
        names = [targets[j].name for j in ev.fit]
        conflicts = hm.conflicting_targets(ev.fit_I(I), names, settings.cutoff)
        points, runs = _tables(ev, settings)
        return Result(status="unreachable", points=points, runs=runs, waves=waves,
                      conflicts=conflicts, stopped=stopped)

    # ABC inside the final region
    sampler, _ = _region(ev, settings, _rng(settings.seed, 199))
    abc_unit = sampler.sample(settings.abc_points, _rng(settings.seed, 200))
    abc_values = prior_box.to_values(unknowns, abc_unit)
    abc_unit = prior_box.to_unit(unknowns, abc_values)
    log(f"ABC: {len(abc_unit)} settings x {R} replications, in sweeps of "
        f"{settings.points_per_sweep}")
    abc_outputs = _run_in_chunks(simulate, "abc", abc_values, R, settings,
                                 settings.seed + ABC_SEED_OFFSET, ev, abc_unit, wave=0)
    fit_targets = [targets[j] for j in ev.fit]
    _, abc_var, _ = hm.point_statistics(abc_outputs)
    scales = abc_posterior.distance_scales(fit_targets, abc_var[:, ev.fit])
    pair_unit = np.repeat(abc_unit, R, axis=0)
    pair_out = abc_outputs[:, :, ev.fit].reshape(-1, len(ev.fit))
    posterior = abc_posterior.rejection_abc(pair_unit, pair_out, fit_targets, scales,
                                            settings.abc_accept, _rng(settings.seed, 300),
                                            groups=np.repeat(np.arange(len(abc_unit)), R))
    table = abc_posterior.summaries(unknowns, posterior)
    abc_info = {"settings": len(abc_unit), "pairs": posterior.sample_size,
                "kept": len(posterior.weights), "epsilon": posterior.epsilon,
                "n_eff": posterior.n_eff, "adjusted": posterior.adjusted,
                "scales": {t.name: float(s) for t, s in zip(fit_targets, scales)}}
    log(f"  kept {len(posterior.weights)} of {posterior.sample_size} runs (effective "
        f"{posterior.n_eff:.0f}); regression adjustment: "
        f"{'yes' if posterior.adjusted else 'no'}")
    adjusted_values = prior_box.to_values(unknowns, posterior.unit, rounded=False)
    sample = pd.DataFrame(adjusted_values, columns=[u.key for u in unknowns])
    sample.insert(0, "weight", posterior.weights)
    raw_values = prior_box.to_values(unknowns, posterior.raw_unit, rounded=False)
    for j, u in enumerate(unknowns):
        sample[f"{u.key} (before adjustment)"] = raw_values[:, j]

    # posterior draws and the predictive check
    draws_unit = abc_posterior.resample(posterior, settings.posterior_draws,
                                        _rng(settings.seed, 400))
    draws = prior_box.to_values(unknowns, draws_unit)
    log(f"predictive check: {len(draws)} posterior draws x {R} replications")
    check_outputs = _run_in_chunks(simulate, "check", draws, R, settings,
                                   settings.seed + CHECK_SEED_OFFSET, ev,
                                   prior_box.to_unit(unknowns, draws), wave=-1)
    predictive = _predictive_table(ev, check_outputs, settings)
    points, runs = _tables(ev, settings)
    return Result(status="ok", points=points, runs=runs, waves=waves, posterior=posterior,
                  posterior_table=table, posterior_sample=sample, draws=draws,
                  predictive=predictive, abc_info=abc_info, stopped=stopped)


def _run_in_chunks(simulate, prefix, values, R, settings, seed0, ev, unit, wave):
    """Runs the settings in sweeps of ``points_per_sweep``, stage ``prefix/NNN`` with seed
    seed0 + NNN, all at once when the simulator can (``run_batch``)."""
    size = max(1, settings.points_per_sweep)
    chunks = [(c, slice(s, s + size)) for c, s in enumerate(range(0, len(values), size), 1)]
    width = max(3, len(str(len(chunks))))
    requests = [(f"{prefix}/{c:0{width}d}", values[part], R, seed0 + c) for c, part in chunks]
    batch = getattr(simulate, "__self__", None)
    if batch is not None and hasattr(batch, "run_batch"):
        results = batch.run_batch(requests)
    else:
        results = [simulate(*r) for r in requests]
    outs = []
    for (c, part), (stage, *_), (out, info) in zip(chunks, requests, results):
        ev.add(stage, wave, unit[part], values[part], out, info)
        outs.append(out)
    return np.concatenate(outs) if outs else np.empty((0, R, len(ev.output_names)))


def _predictive_table(ev, outputs, settings):
    """One row per target and predictive output: the replicated observation's mean and 90%
    interval over the posterior draws and their replications; for targets the observation and
    its probability; the base scenario's mean for comparison."""
    rng = _rng(settings.seed, 500)
    rows = []
    base_means = None
    wave1 = [b for b in ev.blocks if b["stage"] == "wave-1"]
    if wave1 and wave1[0]["base"].any():
        b = wave1[0]
        base_means, _, _ = hm.point_statistics(b["outputs"][b["base"]])
        base_means = base_means[0]
    T = len(ev.targets)
    for j, name in enumerate(ev.output_names):
        sim = outputs[:, :, j].ravel()
        sim = sim[np.isfinite(sim)]
        row = {"output": name, "role": "", "observed": "", "source": ""}
        if j < T:
            t = ev.targets[j]
            row.update(role=t.role, observed=t.observed, source=t.source,
                       expression=t.expression.text, kind=t.kind)
            noise = np.hypot(t.sd, t.discrepancy)
            rep = sim + rng.standard_normal(len(sim)) * noise
            row["probability"] = _observation_probability(t, rep)
            row["consistent"] = bool(row["probability"] >= 0.05) if len(rep) else False
        else:
            rep = sim
            row.update(role="predictive", expression=name, kind="")
        if len(rep):
            q05, q50, q95 = np.quantile(rep, [0.05, 0.5, 0.95])
            row.update(mean=float(np.mean(rep)), q05=float(q05), median=float(q50),
                       q95=float(q95), runs=int(len(rep)))
        else:
            row.update(mean=np.nan, q05=np.nan, median=np.nan, q95=np.nan, runs=0)
        row["base_mean"] = float(base_means[j]) if base_means is not None else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def _observation_probability(t, rep):
    """P(observation | posterior predictive): two-sided tail for a point, the share inside an
    interval or on the allowed side of a bound."""
    if not len(rep):
        return np.nan
    if t.kind == "point":
        below = np.mean(rep <= t.value)
        above = np.mean(rep >= t.value)
        return float(min(1.0, 2 * min(below, above)))
    if t.kind == "interval":
        return float(np.mean((rep >= t.low) & (rep <= t.high)))
    if t.kind == "lower_bound":
        return float(np.mean(rep >= t.value))
    return float(np.mean(rep <= t.value))


def _tables(ev, settings):
    """(points, runs): every point of every stage with its implausibility, every run."""
    blocks = ev.blocks
    if not blocks:
        return pd.DataFrame(), pd.DataFrame()
    unit = np.concatenate([b["unit"] for b in blocks])
    outputs = np.concatenate([b["outputs"] for b in blocks])
    means, variances, counts = hm.point_statistics(outputs)
    # implausibility of every point with the variance pooled among the waves' points and
    # its own stage's (the ABC and check points have their own seeds)
    pooled = hm.pooled_variance(unit, variances, settings.neighbours)
    T = len(ev.targets)
    I = hm.implausibility(ev.targets, means[:, :T], pooled[:, :T], settings.replications)
    fitI = I[:, ev.fit]
    stage = np.concatenate([[b["stage"]] * len(b["unit"]) for b in blocks])
    point = np.concatenate([np.arange(len(b["unit"])) for b in blocks])
    base = np.concatenate([b["base"] for b in blocks])
    values = np.concatenate([b["values"] for b in blocks])
    keys = [u.key for u in ev.unknowns]
    pts = pd.DataFrame({"stage": stage, "point": point, "base": base})
    for j, key in enumerate(keys):
        pts[key] = values[:, j]
    for j, name in enumerate(ev.output_names):
        pts[f"mean {name}"] = means[:, j]
        pts[f"sd {name}"] = np.sqrt(variances[:, j])
    for j, t in enumerate(ev.targets):
        pts[f"I {t.name}"] = I[:, j]
    pts["I max"] = hm.max_implausibility(fitI)
    pts["non_implausible"] = hm.non_implausible(fitI, settings.cutoff)
    rows = []
    offset = 0
    for b in blocks:
        n, R, _ = b["outputs"].shape
        for i in range(n):
            for r in range(R):
                row = {"stage": b["stage"], "point": i, "replication": r}
                for key in ("run_id", "seed"):
                    if key in b["info"]:
                        row[key] = b["info"][key][i, r]
                for j, key in enumerate(keys):
                    row[key] = b["values"][i, j]
                for j, name in enumerate(ev.output_names):
                    row[name] = b["outputs"][i, r, j]
                for j, t in enumerate(ev.targets):
                    row[f"I {t.name}"] = I[offset + i, j]
                row["non_implausible"] = bool(pts["non_implausible"].iloc[offset + i])
                rows.append(row)
        offset += n
    return pts, pd.DataFrame(rows)
