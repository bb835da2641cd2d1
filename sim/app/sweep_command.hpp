#pragma once
// `orgsim sweep SWEEP.ini -o FOLDER`: every run of a sweep, each year in its own process, then
// the sweep's index (sweep.h5). On a cluster (docs/CLUSTER.md): one shard of the runs
// (--shard), the shards gathered into the index (--merge), or the Slurm scripts that do both
// (--emit slurm).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace orgsim::app {

// `--emit slurm`: the job array's settings.
struct SlurmSettings {
  int shards = 10;  // array tasks
  int cpus_per_shard = 1;
  std::string time = "1:00:00";  // a task's time limit (sbatch --time)
  std::string partition;         // "" : the cluster's default
  std::string account;           // "" : the user's default
};

struct SweepArguments {
  std::string sweep_file;
  std::string output;  // the sweep folder
  int jobs = 0;        // 0: as many as the machine has cores
  bool resume = false;
  bool dry_run = false;  // print the runs and stop
  // false (--keep summary): keep only each run's JSON summary, not its run file (a calibration
  // or sensitivity sweep of thousands of runs needs the summaries, not 1-4 MB files).
  bool keep_run_files = true;
  // --compress: each run file's event tables shuffled and deflated (about 3.5 times smaller).
  bool compress = false;
  // A run running longer is stopped and recorded as failed (0: no limit), so that one hanging
  // point cannot hold the sweep for ever.
  double run_timeout_s = 7200.0;
  // A plan with more runs is refused unless this is raised (a grid of 10^12 points is a typo).
  std::int64_t max_runs = 1000000;  // sweep::kDefaultMaxRuns
  std::string shard;   // "": every run; "K/N": shard K of N; "auto": from the environment
  bool merge = false;  // gather the shards' runs into sweep.h5
  std::string emit;    // "": run; "slurm": write the Slurm scripts
  SlurmSettings slurm;
  // How a run starts (--spawn): empty, by executing this program again (exec); set, by a fork
  // of the sweep that calls `orgsim run` with these arguments (fork), skipping the 30-40 ms of
  // loading the shared libraries (bench/spawn.sh measures both).
  std::function<int(const std::vector<std::string>&)> run_in_fork;
};

// Exit codes: 0 every run succeeded, 2 bad input, 4 the index could not be written, 5 some runs
// failed (the index records which and why) or, with --merge, are missing, 130 interrupted
// (finished runs are kept).
int sweep_command(const SweepArguments& args);

}  // namespace orgsim::app
