# Shared by tests/cluster/*.sh: the sweep they run, a local sweep to compare with, and the
# comparison (run ids, seeds, fingerprints, all ok) through Debian's python3 and h5py.
ORGSIM_BINARY=${ORGSIM_BINARY:?ORGSIM_BINARY: the orgsim binary}
ORGSIM_SOURCE_DIR=${ORGSIM_SOURCE_DIR:?ORGSIM_SOURCE_DIR: the source folder}
SMOKE="$ORGSIM_SOURCE_DIR/scenarios/sweeps/smoke.ini"
SKIP=77  # ctest's SKIP_RETURN_CODE for these tests

say() { echo "$(date +%T) $*"; }

# Installs the Debian packages given when one is missing; skips the test if it cannot.
need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "skipped: ${missing[*]} missing, and installing them needs root"
    exit $SKIP
  fi
  say "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The same sweep run locally, for the comparison.
local_sweep() {
  "$ORGSIM_BINARY" sweep "$SMOKE" -o "$1" --jobs 2 2>/dev/null
}

# Fails unless the two sweep indexes have the same runs (id, seed, fingerprint), all ok.
same_runs() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, h5py
def runs(path):
    with h5py.File(path, "r") as f:
        rows = f["runs"][()]
        ok = {v: k for k, v in h5py.check_enum_dtype(f["runs"].dtype["status"]).items()}
        return sorted((r["run_id"], int(r["seed"]), r["fingerprint"], ok[r["status"]]) for r in rows)
a, b = runs(sys.argv[1]), runs(sys.argv[2])
assert all(x[3] == "ok" for x in a + b), (a, b)
assert a == b, (a, b)
print(f"same {len(a)} runs: ids, seeds and fingerprints")
PY
}
