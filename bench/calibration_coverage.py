#!/usr/bin/python3
"""How often analysis/calibrate.py's 90% intervals hold a hidden setting (bench/
calibration_coverage.sh runs it).

    ORGSIM_BINARY=build/orgsim /usr/bin/python3 bench/calibration_coverage.py SETTINGS FOLDER
                                                                              [--jobs N]

For i = 1..SETTINGS: a hidden setting drawn from the priors below (numpy seed i), the
observations made by ``orgsim run --seed 900000+i`` at that setting (a tenth of the Ouhai
district), a targets file with the observations (tiny discrepancy allowances: a tenth of the
simulator's spread, so that a correct method covers about 90%, not more), and one calibration
(calibration seed 5000+i) into FOLDER/setting-i. A calibration already finished in FOLDER is
read again, not rerun, so the same command resumes. Prints one line per setting, then the
table: per unknown the share of the 90% intervals that hold the hidden value, its 95% Wilson
interval, the mean interval width as a share of the prior's 90% width, and the median time.
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
CALIBRATE = os.path.join(SOURCE, "analysis", "calibrate.py")
BASE = os.path.join(SOURCE, "scenarios", "ouhai.ini")
# key: (low, high, scale); the first two enter the targets, the third none
PRIORS = {"demand.campaigns_per_year": (10.0, 100.0, "log"),
          "demand.offline_share": (0.1, 0.8, "uniform"),
          "service.quality_sd": (0.02, 0.12, "uniform")}


def draw(rng):
    out = {}
    for key, (low, high, scale) in PRIORS.items():
        u = rng.random()
        out[key] = low * (high / low) ** u if scale == "log" else low + u * (high - low)
    return out


def targets_text(i, hidden, summary):
    orders = summary["orders"]
    offline = orders["by_channel"]["offline"] / orders["by_source"]["public"]
    campaigns = hidden["demand.campaigns_per_year"]
    n_public = orders["by_source"]["public"]
    share = offline
    lines = [
        "[calibration]", f"name = coverage-{i}", f"base = {BASE}", "replications = 3",
        "waves = 3", "points_per_wave = 30", f"seed = {5000 + i}", "abc_points = 150",
        "abc_accept = 0.25", "posterior_draws = 20", "predictive_outputs = orders.total", "",
        "[fixed]", "district.scale = 0.1", ""]
    for key, (low, high, scale) in PRIORS.items():
        lines += [f"[unknown.{key}]", f"low = {low}", f"high = {high}", f"scale = {scale}", ""]
    lines += [
        "[target.campaigns]", "expression = orders.campaigns_started", "kind = point",
        f"value = {orders['campaigns_started']}",
        f"discrepancy = {0.1 * math.sqrt(campaigns):.4f}",
        f"source = orgsim at a hidden setting, seed {900000 + i}", "",
        "[target.offline]", "expression = orders.by_channel.offline / orders.by_source.public",
        "kind = point", f"value = {offline:.6f}",
        f"discrepancy = {0.1 * math.sqrt(share * (1 - share) / max(n_public, 1)):.6f}",
        f"source = orgsim at a hidden setting, seed {900000 + i}", ""]
    return "\n".join(lines)


def wilson(k, n, z=1.96):
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("settings", type=int)
    parser.add_argument("folder")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    binary = os.environ["ORGSIM_BINARY"]
    os.makedirs(args.folder, exist_ok=True)
    hits = {key: 0 for key in PRIORS}
    widths = {key: [] for key in PRIORS}
    flagged = {key: 0 for key in PRIORS}
    seconds = []
    done = 0
    for i in range(1, args.settings + 1):
        hidden = draw(np.random.default_rng(i))
        sets = [a for k, v in hidden.items() for a in ("--set", f"{k}={v!r}")]
        truth = subprocess.run([binary, "run", BASE, "--set", "district.scale=0.1", *sets,
                                "--seed", str(900000 + i), "--json", "--quiet"],
                               capture_output=True, text=True, check=True)
        folder = os.path.join(args.folder, f"setting-{i}")
        targets = folder + ".ini"
        with open(targets, "w", encoding="utf-8") as f:
            f.write(targets_text(i, hidden, json.loads(truth.stdout)))
        start = time.time()
        proc = subprocess.run(["/usr/bin/python3", CALIBRATE, targets, "-o", folder, "--jobs",
                               str(args.jobs), "--quiet"], capture_output=True, text=True)
        took = time.time() - start
        if proc.returncode != 0:
            print(f"setting {i}: calibrate.py exited {proc.returncode}: "
                  f"{proc.stderr.strip()[-500:]}", file=sys.stderr)
            continue
        with open(os.path.join(folder, "calibration.json"), encoding="utf-8") as f:
            took = json.load(f)["seconds"] or took
        seconds.append(took)
        done += 1
        with open(os.path.join(folder, "posterior.csv"), encoding="utf-8") as f:
            rows = {row["key"]: row for row in csv.DictReader(f)}
        line = []
        for key, value in hidden.items():
            row = rows[key]
            q05, q95 = float(row["q05"]), float(row["q95"])
            inside = q05 <= value <= q95
            hits[key] += inside
            widths[key].append(float(row["interval_share"]))
            flagged[key] += row["close_to_prior"] == "True"
            line.append(f"{key.split('.')[-1]} {value:.4g} in [{q05:.4g}, {q95:.4g}]: "
                        f"{'yes' if inside else 'NO'}")
        print(f"setting {i} ({took:.0f} s): " + "; ".join(line), file=sys.stderr, flush=True)
    print(f"\n{done} hidden settings (a tenth of the Ouhai district; 3 replications, 3 waves "
          f"of 30 points, 150 ABC settings each)\n")
    print("| unknown | in a target | 90% intervals holding the hidden value | 95% Wilson "
          "interval | mean width (share of the prior's 90%) | flagged close to prior |")
    print("|---|---|---|---|---|---|")
    for n, key in enumerate(PRIORS):
        lo, hi = wilson(hits[key], done)
        print(f"| {key} | {'yes' if n < 2 else 'no'} | {hits[key]}/{done} = "
              f"{100 * hits[key] / max(done, 1):.0f}% | {100 * lo:.0f}%-{100 * hi:.0f}% | "
              f"{100 * np.mean(widths[key]):.0f}% | {flagged[key]}/{done} |")
    if seconds:
        print(f"\ncalibration time: median {np.median(seconds):.0f} s (range "
              f"{min(seconds):.0f}-{max(seconds):.0f} s), --jobs {args.jobs}")


if __name__ == "__main__":
    main()
