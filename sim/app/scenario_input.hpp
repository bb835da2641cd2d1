#pragma once
// Loads the scenario a verb was given (a file, or the embedded default) with its overrides, and
// prints every problem to stderr.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace orgsim::app {

// Empty when there were problems (already printed, one per line, then a count).
std::optional<config::Scenario> load_scenario_input(const std::optional<std::string>& path,
                                                    const std::vector<std::string>& overrides,
                                                    std::optional<std::int64_t> seed);

}  // namespace orgsim::app
