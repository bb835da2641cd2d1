#pragma once
// `orgsim sweep SWEEP.ini -o FOLDER`: every run of a sweep, each year in its own process, then
// the sweep's index (sweep.h5).
#include <string>

namespace orgsim::app {

struct SweepArguments {
  std::string sweep_file;
  std::string output;  // the sweep folder
  int jobs = 0;        // 0: as many as the machine has cores
  bool resume = false;
  bool dry_run = false;  // print the runs and stop
  // false (--keep summary): keep only each run's JSON summary, not its run file (a calibration
  // or sensitivity sweep of thousands of runs needs the summaries, not 1.4 MB files).
  bool keep_run_files = true;
};

// Exit codes: 0 every run succeeded, 2 bad input, 4 the index could not be written, 5 some runs
// failed (the index records which and why), 130 interrupted (finished runs are kept).
int sweep_command(const SweepArguments& args);

}  // namespace orgsim::app
