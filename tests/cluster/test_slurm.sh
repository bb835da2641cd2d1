#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, as root (docs/CLUSTER.md, issue 15): installs
# slurm-wlm and munge if missing, starts munged, slurmctld -D and slurmd -D in the background
# with their own configuration, ports, munge key and socket in a scratch folder (no systemd,
# nothing in /etc touched), runs the submit.sh that `orgsim sweep --emit slurm --shards 2`
# wrote, polls squeue until the array and the merge have ended, checks the merged sweep.h5
# against the same sweep run locally; then loses shard 1's runs, checks that --merge exits 5
# naming `sbatch --array=1 .../sweep.sbatch`, resubmits that task and the merge, and checks
# the sweep again; and stops only the daemons it started.
# Exit 77 (skipped) when not root. Usage: ORGSIM_BINARY=... ORGSIM_SOURCE_DIR=... test_slurm.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
if [ "$(id -u)" -ne 0 ]; then
  say "skipped: a Slurm cluster on this machine needs root"
  exit $SKIP
fi
need_packages slurmctld slurmd slurm-client munge

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/orgsim-slurm.XXXXXX")
PIDS=()
finish() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ $status -ne 0 ]; then
    for log in "$SCRATCH"/*.log "$SCRATCH"/sweep/slurm/logs/*; do
      [ -f "$log" ] && { echo "--- $log"; tail -n 30 "$log"; }
    done
  fi
  rm -rf "$SCRATCH"
  exit $status
}
trap finish EXIT

# Two free TCP ports on localhost for slurmctld and slurmd.
read -r CTLD_PORT SLURMD_PORT < <(/usr/bin/python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')

say "munged (socket $SCRATCH/munge.socket)"
dd if=/dev/urandom of="$SCRATCH/munge.key" bs=1024 count=1 status=none
chmod 400 "$SCRATCH/munge.key"
chmod 700 "$SCRATCH"
munged --foreground --force --socket="$SCRATCH/munge.socket" --key-file="$SCRATCH/munge.key" \
  --pid-file="$SCRATCH/munged.pid" --log-file="$SCRATCH/munged.log" \
  --seed-file="$SCRATCH/munged.seed" &
PIDS+=($!)
for _ in $(seq 100); do [ -S "$SCRATCH/munge.socket" ] && break; sleep 0.1; done
[ -S "$SCRATCH/munge.socket" ] || { say "munged did not start"; exit 1; }

HOST=$(hostname -s)
mkdir -p "$SCRATCH/state" "$SCRATCH/spool"
export SLURM_CONF="$SCRATCH/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=orgsimtest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SCRATCH/munge.socket
StateSaveLocation=$SCRATCH/state
SlurmdSpoolDir=$SCRATCH/spool
SlurmctldPidFile=$SCRATCH/slurmctld.pid
SlurmdPidFile=$SCRATCH/slurmd.pid
SlurmctldLogFile=$SCRATCH/slurmctld.log
SlurmdLogFile=$SCRATCH/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
MessageTimeout=10
NodeName=orgsimnode NodeHostname=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=orgsim Nodes=orgsimnode Default=YES MaxTime=INFINITE State=UP
CONF

say "slurmctld on port $CTLD_PORT, slurmd on port $SLURMD_PORT"
slurmctld -D -i -f "$SLURM_CONF" >"$SCRATCH/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -N orgsimnode -f "$SLURM_CONF" >"$SCRATCH/slurmd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do
  state=$(sinfo -h -n orgsimnode -o %t 2>/dev/null || true)
  [ "$state" = "idle" ] && break
  sleep 0.1
done
[ "$state" = "idle" ] || { say "the node is not idle: '$state'"; exit 1; }
say "the cluster is up"

SWEEP="$SCRATCH/sweep"
"$ORGSIM_BINARY" sweep "$SMOKE" -o "$SWEEP" --emit slurm --shards 2 --time 0:10:00 \
  --partition orgsim
"$SWEEP/slurm/submit.sh"
read -r ARRAY MERGE < "$SWEEP/slurm/submitted"
# sbatch --wait polls too slowly. Ended: squeue answers, and every task of the array and the
# merge is in a final state (squeue keeps ended jobs for MinJobAge, 300 s, longer than this
# test); a controller that does not answer is asked again.
ended() {
  local states
  states=$(squeue -h -t all -j "$ARRAY,$MERGE" -o %T 2>/dev/null) || return 1
  [ -n "$states" ] && ! grep -qvE \
    '^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED)$' \
    <<<"$states"
}
for _ in $(seq 1200); do ended && break; sleep 0.1; done
ended || { say "the jobs have not ended: $(squeue -h -t all -j "$ARRAY,$MERGE" -o '%i %T')"; exit 1; }
squeue -h -t all -j "$ARRAY,$MERGE" -o '%i %j %T'
[ "$(squeue -h -t all -j "$ARRAY,$MERGE" -o %T | sort -u)" = COMPLETED ] ||
  { say "a job did not complete"; exit 1; }
say "the array and the merge have ended"
ls "$SWEEP/slurm/logs"
[ -f "$SWEEP/shards/0-of-2.tsv" ] && [ -f "$SWEEP/shards/1-of-2.tsv" ]
grep -q "merged 6 runs" "$SWEEP/slurm/logs/merge.out"

local_sweep "$SCRATCH/local"
same_runs "$SWEEP/sweep.h5" "$SCRATCH/local/sweep.h5"

# A shard lost (its node's disk, say): --merge exits 5 and names it with the sbatch line that
# resubmits it; that array task alone, then the merge, complete the sweep again.
for id in $("$ORGSIM_BINARY" sweep "$SWEEP/plan/smoke.ini" --dry-run | awk 'NR > 1 && NR % 2 == 1 {print $1}'); do
  rm "$SWEEP/runs/$id".*
done
rm "$SWEEP/shards/1-of-2.tsv"
status=0
"$ORGSIM_BINARY" sweep "$SWEEP/plan/smoke.ini" -o "$SWEEP" --merge 2>"$SCRATCH/merge.err" || status=$?
cat "$SCRATCH/merge.err"
[ $status -eq 5 ] || { say "--merge exited $status, not 5"; exit 1; }
grep -q "sbatch --array=1 $SWEEP/slurm/sweep.sbatch" "$SCRATCH/merge.err"
ARRAY=$(sbatch --parsable --array=1 "$SWEEP/slurm/sweep.sbatch")
MERGE=$(sbatch --parsable --dependency=afterany:"$ARRAY" "$SWEEP/slurm/merge.sbatch")
for _ in $(seq 1200); do ended && break; sleep 0.1; done
squeue -h -t all -j "$ARRAY,$MERGE" -o '%i %j %T'
[ "$(squeue -h -t all -j "$ARRAY,$MERGE" -o %T | sort -u)" = COMPLETED ] ||
  { say "the resubmitted shard or the merge did not complete"; exit 1; }
grep -q "shard 1/2: 3 runs (0 already done)" "$SWEEP/slurm/logs/shard-1-of-2.out"
same_runs "$SWEEP/sweep.h5" "$SCRATCH/local/sweep.h5"
say "ok"
