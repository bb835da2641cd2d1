#!/usr/bin/env bash
# `mpirun -np 3 orgsim sweep ... --shard auto`, then --merge (docs/CLUSTER.md, issue 15): Open
# MPI's mpirun (Debian's openmpi-bin, installed if missing) starts 3 ranks that read their
# shard from OMPI_COMM_WORLD_RANK/SIZE (orgsim never links MPI); the merged sweep.h5 must equal
# the same sweep run locally. Exit 77 (skipped) when openmpi-bin is missing and this is not
# root. Usage: ORGSIM_BINARY=... ORGSIM_SOURCE_DIR=... test_mpirun.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_packages openmpi-bin

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/orgsim-mpirun.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
# Without launcher variables of an outer job, and with Open MPI's shared-memory transport
# quiet in containers.
unset $(env | grep -oE '^(SLURM|PMI|OMPI)_[A-Z_]*' || true)
mpirun --allow-run-as-root --oversubscribe -np 3 \
  "$ORGSIM_BINARY" sweep "$SMOKE" -o "$SCRATCH/sweep" --shard auto --jobs 1
ls "$SCRATCH/sweep/shards"
[ -f "$SCRATCH/sweep/shards/0-of-3.tsv" ] && [ -f "$SCRATCH/sweep/shards/2-of-3.tsv" ]
"$ORGSIM_BINARY" sweep "$SMOKE" -o "$SCRATCH/sweep" --merge
local_sweep "$SCRATCH/local"
same_runs "$SCRATCH/sweep/sweep.h5" "$SCRATCH/local/sweep.h5"
say "ok"
