#pragma once
// Reads a run file back (docs/RESULTS.md): checks that it is an orgsim run of a schema version
// this build knows, and rebuilds the run's summary by replaying its tables through the same
// SummarySink that made the summary when the run was simulated.
#include <stdexcept>
#include <string>

#include "results/summary.hpp"

namespace orgsim::results {

// Thrown when the file is not an orgsim run file, or of a version this build cannot read.
class NotARunFile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StoredRun {
  Summary summary;
  std::string effective_ini;  // /config/ini
};

// Throws NotARunFile (bad input) or h5::Error (the file cannot be read).
StoredRun read_run_file(const std::string& path);

// Only the run's effective scenario (/config/ini), after the same checks.
std::string read_run_ini(const std::string& path);

}  // namespace orgsim::results
