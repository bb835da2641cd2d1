#!/usr/bin/python3
"""Fit a scenario's unknowns to a district's own figures, say how sure the fit is and which
unknowns the figures do not pin down.

    /usr/bin/python3 analysis/calibrate.py TARGETS.ini -o DIR [--jobs N] [--quiet]

TARGETS.ini (targets_file.py; docs/CALIBRATION.md) names a base scenario, the unknowns
(scenario keys with prior ranges) and the targets (summary keys or expressions with their
observed values, kinds, sd, model discrepancy and sources). The method
(calibration_pipeline.py): history matching in waves (history_matching.py), ABC with a
regression adjustment in the surviving region (abc_posterior.py), a posterior predictive check.
Every run goes through ``orgsim sweep`` (sweep_runner.py): DIR holds one sweep per stage, so
runs are parallel (``--jobs N``, default: one per core), reproducible, and resumable.
The outputs (calibration_report.py): points.csv, runs.csv, waves.csv, posterior.csv,
posterior-sample.csv, calibrated.ini, posterior-draws.ini + .csv, predictive.csv, plots/,
report.md, calibration.json.

The binary: $ORGSIM_BINARY, else build/orgsim next to analysis/.

Resuming: stopped (Ctrl-C, exit 130), the same command again continues where it stopped:
finished sweeps are read, a stopped one is finished with ``orgsim sweep --resume``, and
everything else is recomputed from them (the same numbers). DIR remembers the targets file and
the base scenario it was made from and refuses another (exit 2): use a new folder.

Exit status: 0 done; 2 bad input (every problem listed; nothing run or written); 6 no setting
reproduces the targets (the targets that cannot be met together are named; the waves' outputs
and report are written); 130 interrupted (run the same command again to continue); 1 an
internal error.
"""

import argparse
import hashlib
import json
import os
import shlex
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import python_deps  # noqa: E402  (which Python: before the imports it checks)

python_deps.require('h5py', 'numpy', 'pandas', 'scipy', 'matplotlib', tool="calibrate.py")

import calibration_pipeline  # noqa: E402
import calibration_report  # noqa: E402
import scenario_text  # noqa: E402
import sweep_runner  # noqa: E402
import targets_file  # noqa: E402

EXIT_BAD_INPUT = 2
EXIT_UNREACHABLE = 6
EXIT_INTERRUPTED = 130
STATE = "calibration-state.json"


def default_binary():
    return os.environ.get("ORGSIM_BINARY") or os.path.join(os.path.dirname(HERE), "build",
                                                          "orgsim")


def _fingerprint(tf):
    with open(tf.base, encoding="utf-8") as f:
        base = f.read()
    h = hashlib.sha256()
    h.update(tf.text.encode("utf-8"))
    h.update(b"\0")
    h.update(base.encode("utf-8"))
    return h.hexdigest()


def _check_folder(folder, fingerprint):
    """A problem (str) with the output folder, or None."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        return f"{folder}: exists and is not a folder; allowed: a new folder or a calibration's"
    if os.path.isdir(folder) and os.listdir(folder):
        state = os.path.join(folder, STATE)
        if not os.path.isfile(state):
            return (f"{folder}: not empty and not a calibration's folder; allowed: a new "
                    f"folder, or the folder of a stopped calibration of the same targets file")
        with open(state, encoding="utf-8") as f:
            try:
                old = json.load(f)
            except ValueError:
                old = {}
        if old.get("fingerprint") != fingerprint:
            return (f"{folder}: holds a calibration of another targets file or base scenario "
                    f"({old.get('targets_file', '?')}); allowed: a new folder")
    parent = os.path.dirname(os.path.abspath(folder))
    if not os.path.isdir(parent) or not os.access(parent, os.W_OK):
        return f"{folder}: its parent folder does not exist or is not writable"
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="calibrate.py", description="Fit a scenario's unknowns to observed figures "
        "(history matching, then ABC); docs/CALIBRATION.md.")
    parser.add_argument("targets", help="the targets file (INI)")
    parser.add_argument("-o", "--output", required=True, help="the output folder")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="runs at once (default: one per core)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    command = "calibrate.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))

    def log(text):
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    binary = default_binary()
    problems = []
    if args.jobs < 1:
        problems.append(f"--jobs: {args.jobs}: not valid; allowed: a whole number >= 1")
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        problems.append(f"orgsim binary: {binary}: not found or not executable; allowed: "
                        f"build it (scripts/build) or set ORGSIM_BINARY")
        for p in problems:
            print(p, file=sys.stderr)
        return EXIT_BAD_INPUT
    tf = None
    try:
        tf = targets_file.load(args.targets, binary)
    except FileNotFoundError:
        problems.append(f"{args.targets}: no such file; allowed: a targets file (INI)")
    except targets_file.TargetsError as err:
        problems += err.problems
    if tf is not None:
        folder_problem = _check_folder(args.output, _fingerprint(tf))
        if folder_problem:
            problems.append(folder_problem)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"calibrate.py: {len(problems)} problem{'s' if len(problems) != 1 else ''}; "
              f"nothing was run or written", file=sys.stderr)
        return EXIT_BAD_INPUT

    folder = os.path.abspath(args.output)
    os.makedirs(folder, exist_ok=True)
    start = time.time()
    calibration_report.write_text(os.path.join(folder, STATE), json.dumps(
        {"fingerprint": _fingerprint(tf), "targets_file": tf.path, "base": tf.base},
        ensure_ascii=False, indent=1) + "\n")
    calibration_report.write_text(os.path.join(folder, "targets.ini"), tf.text)
    with open(tf.base, encoding="utf-8") as f:
        base_text = f.read()
    base_text = scenario_text.set_keys(
        base_text, tf.fixed, {k: "fixed by the targets file" for k in tf.fixed}) \
        if tf.fixed else base_text
    base_path = os.path.join(folder, "base.ini")
    calibration_report.write_text(base_path, base_text)

    expressions = [(t.name, t.expression) for t in tf.targets] + list(tf.predictive)
    simulator = sweep_runner.OrgsimSimulator(binary, folder, base_path, tf.unknowns,
                                             expressions, args.jobs, tf.settings.name,
                                             log=sys.stderr if not args.quiet else
                                             open(os.devnull, "w"))
    log(f"calibration {tf.settings.name}: {len(tf.unknowns)} unknowns, "
        f"{len(tf.fit)} fitted targets, {len(tf.check)} check targets; "
        f"{args.jobs} jobs; into {folder}")
    try:
        result = calibration_pipeline.calibrate(
            tf.unknowns, tf.targets, [name for name, _ in tf.predictive], tf.settings,
            simulator.run, tf.base_values, log=log)
    except (KeyboardInterrupt, sweep_runner.SweepInterrupted):
        print("calibrate.py: interrupted; the finished runs are kept: run the same command "
              "again to continue", file=sys.stderr)
        return EXIT_INTERRUPTED
    except sweep_runner.StageMismatch as err:
        print(f"calibrate.py: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except sweep_runner.SweepFailed as err:
        print(f"calibrate.py: internal error: {err}", file=sys.stderr)
        return 1
    context = {"command": command, "seconds": time.time() - start,
               "runs": simulator.runs_done, "failed_runs": simulator.runs_failed,
               "software_version": tf.software_version, "base_text": base_text}
    try:
        calibration_report.write_outputs(folder, tf, result, context)
    except KeyboardInterrupt:
        print("calibrate.py: interrupted while writing the outputs; run the same command "
              "again", file=sys.stderr)
        return EXIT_INTERRUPTED
    if result.status == "unreachable":
        print(f"calibrate.py: no setting reproduces the targets (no point of "
              f"{len(result.waves)} waves has every fitted target's implausibility below "
              f"{tf.settings.cutoff:g}):", file=sys.stderr)
        for names, best in result.conflicts:
            together = "cannot be met" if len(names) == 1 else "cannot be met together"
            print(f"  {' + '.join(names)} {together} (the best point's largest "
                  f"implausibility: {best:.3g})", file=sys.stderr)
        print(f"calibrate.py: the waves and the report are in {folder}", file=sys.stderr)
        return EXIT_UNREACHABLE
    print(f"calibration {tf.settings.name}: {simulator.runs_done} runs "
          f"({simulator.runs_failed} failed) in {time.time() - start:.0f} s")
    for row in result.posterior_table:
        flag = "  close to its prior: not identified" if row["close_to_prior"] else ""
        print(f"  {row['key']}: {row['mean']:.4g} (90% {row['q05']:.4g} to "
              f"{row['q95']:.4g}; prior {row['prior_low']:g} to {row['prior_high']:g}){flag}")
    bad = result.predictive[result.predictive["role"].isin(["fit", "check"]) &
                            ~result.predictive["consistent"].astype(bool)]
    for _, row in bad.iterrows():
        print(f"  predictive check: {row['output']} ({row['role']}) observed {row['observed']} "
              f"has probability {row['probability']:.3g} under the posterior")
    print(f"report: {os.path.join(folder, 'report.md')}; scenario: "
          f"{os.path.join(folder, 'calibrated.ini')}")
    return 0


def _terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops like Ctrl-C: the sweeps keep their finished runs


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("calibrate.py: interrupted; run the same command again to continue",
              file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except BaseException as err:  # an internal error: say so, exit 1
        import traceback
        traceback.print_exc()
        print(f"calibrate.py: internal error: {err}; please report it with the command line",
              file=sys.stderr)
        sys.exit(1)
