#include "app/scenario_input.hpp"

#include <iostream>

#include "app/input_kind.hpp"
#include "config/scenario_loader.hpp"

namespace orgsim::app {

namespace {
const char* const kEmbeddedName = "<embedded scenarios/ouhai.ini>";
}

std::optional<LoadedScenario> load_scenario_input(const std::optional<std::string>& path,
                                                  const std::vector<std::string>& overrides,
                                                  std::optional<std::int64_t> seed,
                                                  const std::vector<std::string>& extra_problems,
                                                  const ScenarioCheck& check,
                                                  const std::string& verb) {
  // A sweep file or an HDF5 file is named as such, not parsed as a scenario.
  const auto wrong = path ? wrong_input(*path, verb) : std::nullopt;
  const config::LoadResult result =
      wrong  ? config::LoadResult{}
      : path ? config::load_scenario_file(*path, overrides, seed)
             : config::load_scenario(
                   {kEmbeddedName, config::embedded_default_scenario(), overrides, seed});
  for (const auto& problem : extra_problems) std::cerr << problem << "\n";
  if (wrong) std::cerr << *wrong << "\n";
  for (const auto& problem : result.problems) std::cerr << problem.to_string() << "\n";
  const auto checked =
      check && result.scenario ? check(*result.scenario) : std::vector<std::string>{};
  for (const auto& problem : checked) std::cerr << problem << "\n";
  const auto count =
      extra_problems.size() + (wrong ? 1 : 0) + result.problems.size() + checked.size();
  if (count > 0) {
    std::cerr << "orgsim: " << count << " problem" << (count == 1 ? "" : "s")
              << "; nothing was run or written\n";
    return std::nullopt;
  }
  return LoadedScenario{*result.scenario, result.effective_ini, path ? *path : kEmbeddedName};
}

}  // namespace orgsim::app
