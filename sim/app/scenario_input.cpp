#include "app/scenario_input.hpp"

#include <iostream>

#include "config/scenario_loader.hpp"

namespace orgsim::app {

std::optional<config::Scenario> load_scenario_input(const std::optional<std::string>& path,
                                                    const std::vector<std::string>& overrides,
                                                    std::optional<std::int64_t> seed) {
  const config::LoadResult result =
      path ? config::load_scenario_file(*path, overrides, seed)
           : config::load_scenario({"<embedded scenarios/ouhai.ini>",
                                    config::embedded_default_scenario(), overrides, seed});
  for (const auto& problem : result.problems) std::cerr << problem.to_string() << "\n";
  if (!result.problems.empty()) {
    std::cerr << "orgsim: " << result.problems.size() << " problem"
              << (result.problems.size() == 1 ? "" : "s") << " in the scenario; nothing was run\n";
    return std::nullopt;
  }
  return result.scenario;
}

}  // namespace orgsim::app
