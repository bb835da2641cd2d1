#pragma once
// Loads the scenario a verb was given (a file, or the embedded default) with its overrides, and
// prints every problem to stderr.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace orgsim::app {

struct LoadedScenario {
  config::Scenario scenario;
  std::string effective_ini;  // every parameter after the overrides, as INI text
  std::string source_name;    // the file as given, or the embedded default's name
};

// Checks of the command line that need the loaded scenario (such as `run --follow`, whose
// names are found in the world the scenario builds): called only when the scenario itself has
// no problem; returns its problems, already formatted.
using ScenarioCheck = std::function<std::vector<std::string>(const config::Scenario&)>;

// Prints each problem (`extra_problems`, already formatted, first, then the scenario's, then
// `check`'s) and a count; empty when there was any problem. A file that is not a scenario (a
// sweep file, an HDF5 file) is one problem, named as what it is for `orgsim VERB`.
std::optional<LoadedScenario> load_scenario_input(
    const std::optional<std::string>& path, const std::vector<std::string>& overrides,
    std::optional<std::int64_t> seed, const std::vector<std::string>& extra_problems = {},
    const ScenarioCheck& check = {}, const std::string& verb = "run");

}  // namespace orgsim::app
