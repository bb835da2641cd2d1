#!/usr/bin/env bash
# A longer fuzzing session of the scenario and sweep parsers than CI's 30 seconds a target:
#   bench/fuzz.sh [SECONDS_PER_TARGET]   (default 1800)
# Anything found is saved in tests/fuzz/regressions/ (docs/RELIABILITY.md); commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/fuzz "${1:-1800}"
