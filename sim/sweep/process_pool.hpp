#pragma once
// Runs commands as child processes, at most `jobs` at a time (SimGrid allows one simulation per
// process, so a sweep runs each year in its own). Each child's stdout and stderr go to files.
#include <functional>
#include <string>
#include <vector>

namespace orgsim::sweep {

struct Job {
  std::vector<std::string> argv;  // argv[0] is the program
  std::string stdout_path;
  std::string stderr_path;
};

struct JobResult {
  std::size_t index = 0;  // into the jobs given
  int exit_code = 0;      // 128 + signal when the child was killed
};

// Runs every job; `on_done` is called in the parent as each one ends (in the order they end).
// Once `stop()` returns true (checked whenever a job ends or a signal interrupts the wait) it
// starts no new job, sends SIGTERM to the running ones, waits for them, and returns false.
bool run_jobs(const std::vector<Job>& jobs, int max_jobs,
              const std::function<void(const JobResult&)>& on_done,
              const std::function<bool()>& stop);

}  // namespace orgsim::sweep
