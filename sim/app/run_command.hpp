#pragma once
// `orgsim run`: load a scenario, simulate its year, print the summary, and write the run file.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace orgsim::app {

struct RunArguments {
  std::optional<std::string> scenario_path;  // empty: the embedded default (scenarios/ouhai.ini)
  std::vector<std::string> overrides;        // --set key=value
  std::optional<std::int64_t> seed;          // --seed
  std::optional<std::string> output;         // -o: the run file (HDF5)
  bool force = false;                        // --force: overwrite an existing run file
  bool json = false;
  bool progress = false;
};

// Exit codes: 0 done, 2 bad input (nothing simulated or written), 3 a broken invariant,
// 4 the run file could not be written.
int run_command(const RunArguments& args);

}  // namespace orgsim::app
