#pragma once
// Runs commands as child processes, at most `jobs` at a time (SimGrid allows one simulation per
// process, so a sweep runs each year in its own). Each child's stdout and stderr go to files.
// A child dies with its parent (a sweep killed with kill -9 leaves no run going, which a
// --resume would race), and one that runs past the time limit is stopped.
#include <functional>
#include <string>
#include <vector>

namespace orgsim::sweep {

struct Job {
  std::vector<std::string> argv;  // argv[0] is the program
  // When set, the forked child calls this and exits with what it returns, instead of executing
  // argv: the child starts with the libraries its parent has loaded (bench/spawn.sh). The
  // parent must not have started what cannot live through a fork (a SimGrid engine, threads).
  std::function<int()> in_child;
  std::string stdout_path;
  std::string stderr_path;
};

struct JobResult {
  std::size_t index = 0;   // into the jobs given
  int exit_code = 0;       // 128 + signal when the child was killed
  bool timed_out = false;  // stopped for running longer than the time limit
  std::string error;       // why the pool could not start or follow it ("" when it could)
};

struct PoolOptions {
  int max_jobs = 1;
  double timeout_s = 0.0;  // a job running longer is stopped (SIGTERM, then SIGKILL); 0: none
  double grace_s = 10.0;   // from SIGTERM to SIGKILL
};

// Runs every job; `on_done` is called in the parent as each one ends (in the order they end).
// Once `stop()` returns true (checked at least every 50 ms) it starts no new job, sends SIGTERM
// to the running ones, waits for them, and returns false.
bool run_jobs(const std::vector<Job>& jobs, const PoolOptions& options,
              const std::function<void(const JobResult&)>& on_done,
              const std::function<bool()>& stop);

}  // namespace orgsim::sweep
