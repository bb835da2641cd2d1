"""orgsim sweep on a cluster (docs/CLUSTER.md), on this machine: --shard K/N into one shared
folder, --merge, --shard auto from a launcher's environment, a shard stopped midway, and
--emit slurm's scripts and frozen plan. The same sweep run locally and as shards gives the same
run ids, seeds and fingerprints. Runs scenarios/sweeps/smoke.ini (6 small years)."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import h5py

from orgsim_run import BINARY, orgsim  # noqa: E402
SOURCE = os.environ["ORGSIM_SOURCE_DIR"]
SMOKE = os.path.join(SOURCE, "scenarios", "sweeps", "smoke.ini")
# Environment without any launcher's rank variables (ctest may itself run under Slurm).
LAUNCHER_VARIABLES = ("OMPI_", "PMI_", "SLURM_")
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith(LAUNCHER_VARIABLES)}


def sweep(*args, env=None):
    return orgsim("sweep", *args, env=env or CLEAN_ENV)


def runs_of(folder):
    """(run_id, seed, fingerprint, ok) of every row of folder/sweep.h5, by run id."""
    with h5py.File(os.path.join(folder, "sweep.h5"), "r") as f:
        rows = f["runs"][()]
        ok = {v: k for k, v in h5py.check_enum_dtype(f["runs"].dtype["status"]).items()}
        return sorted((row["run_id"].decode(), int(row["seed"]), row["fingerprint"].decode(),
                       ok[row["status"]]) for row in rows)


def whole_summary(path):
    try:
        with open(path) as f:
            return "fingerprint" in json.load(f)
    except (OSError, ValueError):
        return False


class ShardTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="orgsim-shard-test-")
        cls.local = os.path.join(cls.tmp, "local")
        done = sweep(SMOKE, "-o", cls.local, "--jobs", "2")
        assert done.returncode == 0, done.stderr
        cls.expected = runs_of(cls.local)
        cls.ids = [line.split()[0] for line in sweep(SMOKE, "--dry-run").stdout.splitlines()[1:]]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_three_shards_at_once_then_the_merge_equal_the_local_sweep(self):
        folder = os.path.join(self.tmp, "three")
        shards = [subprocess.Popen([BINARY, "sweep", SMOKE, "-o", folder, "--shard", f"{k}/3",
                                    "--jobs", "1"], env=CLEAN_ENV, stderr=subprocess.PIPE,
                                   text=True) for k in range(3)]
        for k, shard in enumerate(shards):
            _, err = shard.communicate(timeout=120)
            self.assertEqual(shard.returncode, 0, err)
            self.assertIn(f"shard {k}/3: 2 runs (0 already done)", err)
        # A shard never writes the index; each writes its own shard index.
        self.assertFalse(os.path.exists(os.path.join(folder, "sweep.h5")))
        self.assertEqual(sorted(os.listdir(os.path.join(folder, "shards"))),
                         ["0-of-3.tsv", "1-of-3.tsv", "2-of-3.tsv"])
        merged = sweep(SMOKE, "-o", folder, "--merge")
        self.assertEqual(merged.returncode, 0, merged.stderr)
        self.assertEqual(runs_of(folder), self.expected)
        self.assertTrue(all(ok == "ok" for *_, ok in runs_of(folder)))
        # Round-robin over the plan: shard k has runs k and k + 3.
        with open(os.path.join(folder, "shards", "1-of-3.tsv")) as f:
            self.assertEqual([line.split("\t")[0] for line in f.read().splitlines()[1:-1]],
                             [self.ids[1], self.ids[4]])

    def test_runs_forked_from_the_sweep_equal_runs_that_execute_orgsim_again(self):
        # --spawn fork (the default) against --spawn exec (bench/spawn.sh times both).
        folder = os.path.join(self.tmp, "exec")
        done = sweep(SMOKE, "-o", folder, "--jobs", "2", "--spawn", "exec")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(runs_of(folder), self.expected)
        refused = sweep(SMOKE, "-o", folder, "--spawn", "vfork")
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("allowed: fork, exec", refused.stderr)

    def test_a_missing_shard_is_named_and_running_it_completes_the_sweep(self):
        folder = os.path.join(self.tmp, "missing")
        first = sweep(SMOKE, "-o", folder, "--shard", "0/2", "--jobs", "2")
        self.assertEqual(first.returncode, 0, first.stderr)
        merged = sweep(SMOKE, "-o", folder, "--merge")
        self.assertEqual(merged.returncode, 5, merged.stderr)
        self.assertIn("3 of 6 runs missing, 0 failed", merged.stderr)
        self.assertIn("shards to run again (of 2): 1 ", merged.stderr)
        for run_id in self.ids[1::2]:
            self.assertIn(run_id, merged.stderr)
        # The index lists them as failed, with why.
        self.assertEqual(sum(ok == "failed" for *_, ok in runs_of(folder)), 3)
        second = sweep(SMOKE, "-o", folder, "--shard", "1/2", "--jobs", "2")
        self.assertEqual(second.returncode, 0, second.stderr)
        merged = sweep(SMOKE, "-o", folder, "--merge")
        self.assertEqual(merged.returncode, 0, merged.stderr)
        self.assertEqual(runs_of(folder), self.expected)
        # Changing N between submissions is safe: the runs done are kept.
        again = [sweep(SMOKE, "-o", folder, "--shard", f"{k}/3", "--jobs", "1")
                 for k in range(3)]
        for k, shard in enumerate(again):
            self.assertEqual(shard.returncode, 0, shard.stderr)
            self.assertIn(f"shard {k}/3: 2 runs (2 already done)", shard.stderr)

    def test_a_killed_shard_is_named_by_the_merge_and_running_it_again_completes(self):
        folder = os.path.join(self.tmp, "killed")
        done = sweep(SMOKE, "-o", folder, "--shard", "1/2", "--jobs", "2")
        self.assertEqual(done.returncode, 0, done.stderr)
        # Shard 0 is killed (as a node failure would) once its first run has finished.
        shard = subprocess.Popen([BINARY, "sweep", SMOKE, "-o", folder, "--shard", "0/2",
                                  "--jobs", "1"], env=CLEAN_ENV, stderr=subprocess.PIPE,
                                 text=True)
        deadline = time.time() + 60
        first = os.path.join(folder, "runs", self.ids[0] + ".json")
        while not whole_summary(first) and time.time() < deadline:
            time.sleep(0.02)
        shard.send_signal(signal.SIGKILL)
        shard.communicate()
        merged = sweep(SMOKE, "-o", folder, "--merge")
        self.assertEqual(merged.returncode, 5, merged.stderr)
        self.assertIn("shards to run again (of 2): 0 ", merged.stderr)
        self.assertNotIn(self.ids[0] + " (", merged.stderr)  # its finished run is kept
        again = sweep(SMOKE, "-o", folder, "--shard", "0/2", "--jobs", "2")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("shard 0/2: 3 runs (1 already done)", again.stderr)
        merged = sweep(SMOKE, "-o", folder, "--merge")
        self.assertEqual(merged.returncode, 0, merged.stderr)
        self.assertEqual(runs_of(folder), self.expected)  # nothing duplicated or lost
        self.assertEqual(sorted(f for f in os.listdir(os.path.join(folder, "runs"))
                                if f.endswith(".h5")), sorted(i + ".h5" for i in self.ids))

    def test_shards_keeping_summaries_only_merge_into_the_same_runs(self):
        folder = os.path.join(self.tmp, "summaries")
        for k in range(2):
            done = sweep(SMOKE, "-o", folder, "--shard", f"{k}/2", "--jobs", "2", "--keep",
                         "summary")
            self.assertEqual(done.returncode, 0, done.stderr)
        again = sweep(SMOKE, "-o", folder, "--shard", "1/2", "--keep", "summary")
        self.assertIn("shard 1/2: 3 runs (3 already done)", again.stderr)
        merged = sweep(SMOKE, "-o", folder, "--merge", "--keep", "summary")
        self.assertEqual(merged.returncode, 0, merged.stderr)
        self.assertEqual(runs_of(folder), self.expected)
        names = os.listdir(os.path.join(folder, "runs"))
        self.assertFalse([n for n in names if n.endswith(".h5")])
        self.assertEqual(sorted(n for n in names if n.endswith(".json")),
                         sorted(i + ".json" for i in self.ids))

    def test_a_shard_removes_only_its_own_partial_files(self):
        folder = os.path.join(self.tmp, "partials")
        os.makedirs(os.path.join(folder, "runs"))
        mine = os.path.join(folder, "runs", self.ids[0] + ".h5.partial")
        theirs = os.path.join(folder, "runs", self.ids[1] + ".h5.partial")
        for path in (mine, theirs):
            open(path, "w").write("being written")
        done = sweep(SMOKE, "-o", folder, "--shard", "0/2", "--jobs", "2")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertFalse(os.path.exists(mine))
        self.assertTrue(os.path.exists(theirs))  # shard 1's, perhaps being written now

    def test_a_shard_compares_the_scenario_digest_of_each_summary_and_opens_no_run_file(self):
        folder = os.path.join(self.tmp, "digest")
        shutil.copytree(self.local, folder)
        os.remove(os.path.join(folder, "sweep.h5"))
        summary = json.load(open(os.path.join(folder, "runs", self.ids[0] + ".json")))
        # The digest is the run file's scenario's: `orgsim summary FILE --json` says the same.
        stored = subprocess.run([BINARY, "summary", os.path.join(folder, "runs",
                                                                 self.ids[0] + ".h5"), "--json"],
                                capture_output=True, text=True)
        self.assertEqual(stored.returncode, 0, stored.stderr)
        self.assertEqual(json.loads(stored.stdout)["scenario_digest"], summary["scenario_digest"])
        self.assertRegex(summary["scenario_digest"], "^[0-9a-f]{16}$")
        # A run file a shard never opens: garbage in it goes unseen (a local --resume finds it).
        open(os.path.join(folder, "runs", self.ids[2] + ".h5"), "wb").write(b"not hdf5")
        done = sweep(SMOKE, "-o", folder, "--shard", "0/2", "--jobs", "2")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("shard 0/2: 3 runs (3 already done)", done.stderr)
        # A plan whose runs differ (another sweep seed: same ids, other seeds) is refused.
        changed = os.path.join(self.tmp, "smoke-seed-12.ini")
        open(changed, "w").write(open(SMOKE).read().replace("seed = 11", "seed = 12"))
        refused = sweep(changed, "-o", folder, "--shard", "1/2")
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("another version of this sweep", refused.stderr)

    def test_shard_auto_reads_the_launchers_environment(self):
        folder = os.path.join(self.tmp, "auto")
        for k, env in enumerate([{"OMPI_COMM_WORLD_RANK": "0", "OMPI_COMM_WORLD_SIZE": "3"},
                                 {"PMI_RANK": "1", "PMI_SIZE": "3"},
                                 {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0",
                                  "SLURM_ARRAY_TASK_COUNT": "3"}]):
            done = sweep(SMOKE, "-o", folder, "--shard", "auto", "--jobs", "2",
                         env={**CLEAN_ENV, **env})
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn(f"shard {k}/3", done.stderr)
        merged = sweep(SMOKE, "-o", folder, "--merge")
        self.assertEqual(merged.returncode, 0, merged.stderr)
        self.assertEqual(runs_of(folder), self.expected)

    def test_shard_auto_without_a_launcher_and_bad_shards_are_refused(self):
        folder = os.path.join(self.tmp, "refused")
        refused = sweep(SMOKE, "-o", folder, "--shard", "auto")
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("no scheduler's rank in the environment", refused.stderr)
        self.assertIn("OMPI_COMM_WORLD_RANK", refused.stderr)
        for bad in ("3/3", "1", "a/b"):
            refused = sweep(SMOKE, "-o", folder, "--shard", bad)
            self.assertEqual(refused.returncode, 2, refused.stderr)
            self.assertIn("allowed: K/N", refused.stderr)
        refused = sweep(SMOKE, "-o", folder, "--shard", "0/2", "--merge")
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertFalse(os.path.exists(folder))
        # A local sweep refuses a folder of shards (it would rerun nothing, but mix two ways).
        done = sweep(SMOKE, "-o", folder, "--shard", "0/6", "--jobs", "1")
        self.assertEqual(done.returncode, 0, done.stderr)
        refused = sweep(SMOKE, "-o", folder)
        self.assertEqual(refused.returncode, 2, refused.stderr)

    def test_above_ten_thousand_runs_the_runs_are_spread_over_subfolders(self):
        folder = os.path.join(self.tmp, "large")
        plan = os.path.join(self.tmp, "large.ini")
        open(plan, "w").write("[sweep]\nname = large\nreplications = 10001\n"
                              "[policy.small]\ndistrict.scale = 0.1\n")
        # Shard 0 of 5000 has runs 0, 5000 and 10000: three small years.
        done = sweep(plan, "-o", folder, "--shard", "0/5000", "--jobs", "2")
        self.assertEqual(done.returncode, 0, done.stderr)
        ids = [line.split()[0] for line in sweep(plan, "--dry-run").stdout.splitlines()[1:]]
        for i in (0, 5000, 10000):
            self.assertTrue(os.path.exists(
                os.path.join(folder, "runs", ids[i][:2], ids[i] + ".h5")), ids[i])
        merged = sweep(plan, "-o", folder, "--merge")
        self.assertEqual(merged.returncode, 5, merged.stderr)
        self.assertIn("9998 of 10001 runs missing", merged.stderr)
        self.assertIn("... and 9978 more (sweep.h5 lists them)", merged.stderr)
        with h5py.File(os.path.join(folder, "sweep.h5"), "r") as f:
            files = {row["run_id"].decode(): row["file"].decode() for row in f["runs"][()]}
            self.assertEqual(files[ids[5000]], f"runs/{ids[5000][:2]}/{ids[5000]}.h5")
            self.assertEqual(f["run_files"][ids[5000]].attrs["fingerprint"],
                             json.load(open(os.path.join(folder, "runs", ids[5000][:2],
                                                         ids[5000] + ".json")))["fingerprint"])

    def test_emit_slurm_writes_the_scripts_and_a_frozen_plan_of_the_same_runs(self):
        folder = os.path.join(self.tmp, "emitted")
        plan = os.path.join(self.tmp, "plan-with-base", "smoke.ini")
        os.makedirs(os.path.dirname(plan))
        shutil.copy(os.path.join(SOURCE, "scenarios", "ouhai.ini"),
                    os.path.join(self.tmp, "plan-with-base", "ouhai.ini"))
        open(plan, "w").write(open(SMOKE).read().replace("base = default", "base = ouhai.ini"))
        emitted = sweep(plan, "-o", folder, "--emit", "slurm", "--shards", "4", "--time",
                        "0:10:00", "--partition", "debug", "--cpus-per-shard", "2")
        self.assertEqual(emitted.returncode, 0, emitted.stderr)
        slurm = os.path.join(folder, "slurm")
        for name in ("sweep.sbatch", "merge.sbatch", "submit.sh"):
            self.assertTrue(os.access(os.path.join(slurm, name), os.X_OK), name)
        array = open(os.path.join(slurm, "sweep.sbatch")).read()
        for line in ("#SBATCH --array=0-3", "#SBATCH --time=0:10:00", "#SBATCH --partition=debug",
                     "#SBATCH --cpus-per-task=2", '--shard "${SLURM_ARRAY_TASK_ID}/4"'):
            self.assertIn(line, array)
        self.assertIn("--dependency=afterany:", open(os.path.join(slurm, "submit.sh")).read())
        self.assertIn("--merge", open(os.path.join(slurm, "merge.sbatch")).read())
        # The frozen plan names its frozen base, and lists the same runs as the original.
        frozen = os.path.join(folder, "plan", "smoke.ini")
        self.assertIn("base = base-ouhai.ini", open(frozen).read())
        self.assertTrue(os.path.exists(os.path.join(folder, "plan", "base-ouhai.ini")))
        self.assertEqual(sweep(frozen, "--dry-run").stdout.splitlines()[1:],
                         sweep(plan, "--dry-run").stdout.splitlines()[1:])
        # Nothing was run or submitted.
        self.assertFalse(os.path.exists(os.path.join(folder, "runs")))


if __name__ == "__main__":
    unittest.main()
