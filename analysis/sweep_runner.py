"""Runs a set of calibration points through ``orgsim sweep`` and reads their outputs back.

For a stage (``wave-1``, ``abc-03``, ``check-02``, ...) OrgsimSimulator writes into the
calibration folder DIR:

    DIR/<stage>-points.csv   the points: header = the unknowns' scenario keys, one row each
    DIR/<stage>.ini          the sweep file: base = DIR/base.ini (the targets file's base
                             scenario with its [fixed] keys), replications, seed,
                             [vary] design = file, file = <stage>-points.csv
    DIR/<stage>/             what ``orgsim sweep <stage>.ini -o DIR/<stage> --keep summary
                             --jobs N`` writes: sweep.h5 and runs/<id>.json
    DIR/<stage>.log          the sweep's progress lines (stderr)

A stage may name a sub-folder (``abc/007``). ``run_batch`` runs several stages: up to ``jobs``
sweeps at once, each with one job (many small sweeps, each with its own seeds, for the ABC step
and the predictive check), or one sweep with ``jobs`` when only one is left to run.

and reads each run's JSON summary (``runs/<run_id>.json``), mapping runs to points by the
``cell`` and ``replication`` columns of sweep.h5's /runs. Every output is an expression of the
summary (summary_expression.py); a failed run, or an expression that gives NaN, is NaN.

Resuming: a stage whose folder holds a finished sweep (sweep.h5) made from the same points
file and sweep file is read, not run again; a folder without sweep.h5 (the sweep was stopped)
is finished with ``--resume``. A finished stage whose points differ from the ones asked for
means the folder holds another calibration: StageMismatch.

Importable: ``OrgsimSimulator``, ``SweepInterrupted``, ``SweepFailed``, ``StageMismatch``,
``points_csv(unknowns, values)``, ``sweep_file_text(...)``.
"""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

import orgsim_results


class SweepInterrupted(RuntimeError):
    """orgsim sweep was interrupted (exit 130); the finished runs are kept."""


class SweepFailed(RuntimeError):
    """orgsim sweep refused the sweep or failed as a whole (not single runs)."""


class StageMismatch(RuntimeError):
    """A finished stage in the folder was made from other points: another calibration."""


def _format(value, integer):
    return str(int(round(value))) if integer else repr(float(value))


def points_csv(unknowns, values):
    """The points file's text (RFC 4180): the unknowns' keys, then one row per point."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([u.key for u in unknowns])
    for row in np.atleast_2d(values):
        writer.writerow([_format(x, u.integer) for x, u in zip(row, unknowns)])
    return buf.getvalue()


def sweep_file_text(name, base, replications, seed, points_file, comment=""):
    """A sweep file that runs every row of ``points_file`` (design = file) on ``base``."""
    head = "".join(f"# {line}\n" for line in comment.splitlines()) if comment else ""
    return (f"{head}[sweep]\nname = {name}\nbase = {base}\nreplications = {replications}\n"
            f"seed = {seed}\n\n[vary]\ndesign = file\nfile = {points_file}\n")


def _write_if_changed(path, text):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    tmp = path + ".partial"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


class OrgsimSimulator:
    """Runs points with orgsim: ``run(stage, values, replications, seed)`` returns (outputs
    [n, R, O] for the ``expressions`` (name, Expression), info {"run_id": [n, R] str, "seed":
    [n, R] int})."""

    def __init__(self, binary, folder, base, unknowns, expressions, jobs, name="calibration",
                 log=sys.stderr):
        self.binary = binary
        self.folder = folder
        self.base = base
        self.unknowns = unknowns
        self.expressions = expressions
        self.jobs = jobs
        self.name = name
        self.log = log
        self.runs_done = 0
        self.runs_failed = 0
        self.seconds = 0.0

    def run(self, stage, values, replications, seed):
        return self.run_batch([(stage, values, replications, seed)])[0]

    def _prepare(self, stage, values, replications, seed):
        """Writes the stage's points and sweep file; returns (ini_path, out_dir, finished)."""
        values = np.atleast_2d(np.asarray(values, dtype=float))
        folder = os.path.join(self.folder, os.path.dirname(stage))
        base_name = os.path.basename(stage)
        os.makedirs(folder, exist_ok=True)
        csv_name = f"{base_name}-points.csv"
        ini_path = os.path.join(folder, f"{base_name}.ini")
        out_dir = os.path.join(folder, base_name)
        csv_path = os.path.join(folder, csv_name)
        csv_text = points_csv(self.unknowns, values)
        ini_text = sweep_file_text(f"{self.name}-{stage.replace('/', '-')}", self.base,
                                   replications, seed, csv_name,
                                   comment=f"written by analysis/calibrate.py: {stage} of "
                                           f"calibration {self.name}")
        finished = os.path.isfile(os.path.join(out_dir, "sweep.h5"))
        if finished:
            same = all(os.path.isfile(p) and open(p, encoding="utf-8").read() == t
                       for p, t in ((csv_path, csv_text), (ini_path, ini_text)))
            if not same:
                raise StageMismatch(f"{out_dir}: a finished sweep of other points (another "
                                    f"calibration, or another orgsim); use a new -o folder")
        else:
            _write_if_changed(csv_path, csv_text)
            _write_if_changed(ini_path, ini_text)
        return ini_path, out_dir, finished

    def run_batch(self, requests):
        """Runs several stages ((stage, values, replications, seed) each; a stage may name a
        sub-folder, "abc/007"): up to ``jobs`` sweeps at once with one job each when there
        are several to run, else one sweep with ``jobs``. Returns [(outputs, info)]."""
        prepared = [self._prepare(*r) for r in requests]
        todo = [(r, p) for r, p in zip(requests, prepared) if not p[2]]
        if todo:
            n_runs = sum(len(np.atleast_2d(r[1])) * r[2] for r, _ in todo)
            what = todo[0][0][0] if len(todo) == 1 else \
                f"{todo[0][0][0]} to {todo[-1][0][0]} ({len(todo)} sweeps)"
            resuming = any(os.path.isdir(p[1]) for _, p in todo)
            print(f"  {what}: {n_runs} runs{' (resuming)' if resuming else ''} ...",
                  file=self.log, flush=True)
            start = time.time()
            per_sweep = self.jobs if len(todo) == 1 else 1
            self._pool([(r[0], p[0], p[1]) for r, p in todo], per_sweep)
            self.seconds += time.time() - start
        return [self._read(p[1], len(np.atleast_2d(r[1])), r[2], np.atleast_2d(r[1]))
                for r, p in zip(requests, prepared)]

    def _command(self, ini_path, out_dir, jobs):
        cmd = [self.binary, "sweep", ini_path, "-o", out_dir, "--keep", "summary",
               "--jobs", str(jobs)]
        if os.path.isdir(out_dir):
            cmd.append("--resume")
        return cmd

    def _pool(self, sweeps, per_sweep):
        """Runs the sweeps (stage, ini_path, out_dir), at most ``jobs`` sweep processes at a
        time when each has one job. Ctrl-C stops them all cleanly (SweepInterrupted)."""
        waiting = list(sweeps)
        running = {}
        width = max(1, self.jobs // per_sweep)
        try:
            while waiting or running:
                while waiting and len(running) < width:
                    stage, ini_path, out_dir = waiting.pop(0)
                    log_path = out_dir + ".log"
                    with open(log_path, "w", encoding="utf-8") as log:
                        proc = subprocess.Popen(self._command(ini_path, out_dir, per_sweep),
                                                stdout=subprocess.DEVNULL, stderr=log)
                    running[proc] = (stage, ini_path, log_path)
                proc = self._wait_any(running)
                stage, ini_path, log_path = running.pop(proc)
                if proc.returncode == 130:
                    raise SweepInterrupted(f"{stage} was interrupted")
                if proc.returncode not in (0, 5):
                    with open(log_path, encoding="utf-8", errors="replace") as log:
                        tail = "\n".join(log.read().strip().splitlines()[-15:])
                    raise SweepFailed(f"orgsim sweep {ini_path} exited {proc.returncode}:\n"
                                      f"{tail}")
        except (KeyboardInterrupt, SweepInterrupted):
            # Ctrl-C reaches the sweeps too (one process group); a signal sent to this
            # process alone does not: pass it on, and let each sweep stop cleanly (it keeps
            # its finished runs for --resume)
            for proc in running:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGINT)
            for proc in running:
                proc.wait()
            raise SweepInterrupted("interrupted")
        except BaseException:
            for proc in running:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                proc.wait()
            raise

    @staticmethod
    def _wait_any(running):
        """The first of the running processes to end."""
        while True:
            for proc in running:
                if proc.poll() is not None:
                    return proc
            time.sleep(0.02)

    def _read(self, out_dir, n_points, replications, values):
        index = os.path.join(out_dir, "sweep.h5")
        with h5py.File(index, "r") as f:
            runs = f["runs"][()]
            status_map = h5py.check_enum_dtype(f["runs"].dtype["status"]) or {"ok": 0}
            ok_code = status_map.get("ok", 0)
            keys = [u.key for u in self.unknowns]
            names = runs.dtype.names
        outputs = np.full((n_points, replications, len(self.expressions)), np.nan)
        run_ids = np.full((n_points, replications), "", dtype=object)
        seeds = np.zeros((n_points, replications), dtype=np.int64)
        for row in runs:
            cell, rep = int(row["cell"]), int(row["replication"])
            if not (0 <= cell < n_points and 0 <= rep < replications):
                raise SweepFailed(f"{index}: run with cell {cell}, replication {rep} outside "
                                  f"the {n_points} points x {replications} replications")
            for j, key in enumerate(keys):
                if key in names:
                    used = float(orgsim_results._py(row[key]))
                    want = values[cell, j]
                    if abs(used - want) > 1e-9 * max(1.0, abs(want)) and \
                            not (self.unknowns[j].integer and abs(used - round(want)) < 1e-9):
                        raise SweepFailed(f"{index}: cell {cell} ran {key}={used}, but the "
                                          f"points file asks for {want}")
            run_id = orgsim_results._py(row["run_id"])
            run_ids[cell, rep] = run_id
            seeds[cell, rep] = int(row["seed"])
            self.runs_done += 1
            if int(row["status"]) != ok_code:
                self.runs_failed += 1
                continue
            path = os.path.join(out_dir, "runs", f"{run_id}.json")
            try:
                with open(path, encoding="utf-8") as f:
                    summary = json.load(f)
            except (OSError, ValueError):
                self.runs_failed += 1
                continue
            for k, (_, expr) in enumerate(self.expressions):
                try:
                    outputs[cell, rep, k] = expr.evaluate(summary)
                except ValueError:
                    outputs[cell, rep, k] = np.nan
        return outputs, {"run_id": run_ids, "seed": seeds}
