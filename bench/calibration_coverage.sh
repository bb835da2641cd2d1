#!/usr/bin/env bash
# The coverage of analysis/calibrate.py's 90% intervals over many hidden settings (issue 11):
# for each of SETTINGS hidden settings drawn from the priors, orgsim makes the observations
# itself (a tenth of the Ouhai district, a seed the calibration never uses), calibrate.py fits
# two unknowns to them (campaigns per year, offline share; a third, service.quality_sd, enters
# no target), and the table says how often each 90% interval holds the hidden value, with a
# 95% Wilson interval, the intervals' mean width as a share of the prior's and the time per
# calibration. bench/calibration_coverage.py does the work; the discrepancy allowances are
# small (a tenth of the simulator's own spread), so a correct method covers about 90%.
#   bench/calibration_coverage.sh [SETTINGS] [FOLDER]   (default 20 settings, about 20 minutes
#                                                          on two idle cores; a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
settings="${1:-20}"
cmake --build build -j2 --target orgsim >/dev/null
work="$(mktemp -d "${TMPDIR:-/tmp}/orgsim-coverage.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# a copy, so that someone rebuilding build/orgsim mid-run does not change what is measured
cp build/orgsim "$work/orgsim"
out="${2:-$work/coverage}"
ORGSIM_BINARY="$work/orgsim" /usr/bin/python3 bench/calibration_coverage.py "$settings" "$out" \
  --jobs "$(nproc)"
