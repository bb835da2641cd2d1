#pragma once
// Loads the scenario a verb was given (a file, or the embedded default) with its overrides, and
// prints every problem to stderr.
#include <cstdint>
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

// Prints each problem (and `extra_problems`, already formatted, first) and a count; empty when
// there was any problem.
std::optional<LoadedScenario> load_scenario_input(
    const std::optional<std::string>& path, const std::vector<std::string>& overrides,
    std::optional<std::int64_t> seed, const std::vector<std::string>& extra_problems = {});

}  // namespace orgsim::app
