#pragma once
// `orgsim run`: load a scenario, simulate its year, print the summary, and write the run file.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "narrate/messages.hpp"
#include "narrate/narrator.hpp"

namespace orgsim::app {

struct RunArguments {
  std::optional<std::string> scenario_path;  // empty: the embedded default (scenarios/ouhai.ini)
  std::vector<std::string> overrides;        // --set key=value
  std::optional<std::int64_t> seed;          // --seed
  std::optional<std::string> output;         // -o: the run file (HDF5)
  bool force = false;                        // --force: overwrite an existing run file
  bool compress = false;     // --compress: shuffle and deflate the run file's event tables
  bool allow_large = false;  // --allow-large: run a district that may not fit in memory
  bool json = false;
  bool progress = false;
  std::vector<std::string> log_settings;  // --log CATEGORY.thres:LEVEL (checked by main)
  // --narrate zh|en --follow KIND=NAME: the story of one agent's year, told from the run's
  // events (narrate/narrator.hpp). Both or neither (main checks).
  std::optional<narrate::Language> narrate;
  std::optional<narrate::FollowSpec> follow;
};

// Exit codes: 0 done, 2 bad input (nothing simulated or written), 3 a broken invariant,
// 4 the run file could not be written. With `narrate`, the story goes to stdout instead of the
// summary table; with `json` too, the JSON keeps stdout and the story goes to stderr.
int run_command(const RunArguments& args);

}  // namespace orgsim::app
