#pragma once
// What the fuzz targets do with one input, shared with the unit test that replays the saved
// inputs (tests/unit/test_fuzz_regressions.cpp): load it as a scenario or as a sweep file and
// check what must hold whatever the bytes. Each returns "" when all holds, else what failed.
#include <string>

#include "config/scenario_loader.hpp"
#include "sweep/sweep_plan.hpp"

namespace orgsim::fuzz {

// A sweep input may ask for at most this many runs: the count is checked before anything is
// built, so even a grid of 10^12 points costs nothing. Each point's scenario is then loaded
// (about 7 ms under the fuzz build's sanitizers): 200 runs keep one input under 2 s, where
// 2000 let a mutated Sobol design of 1,920 runs (regressions/sweep/sobol-of-1920-runs.ini)
// pass the 10 s hang limit on a loaded machine. The bound is the fuzz target's, not orgsim's.
inline constexpr std::int64_t kMaxRuns = 200;

// Any bytes as a scenario file; the last line, when it holds '=', also as a --set override.
// A scenario that loads must load again, from the text a run file stores, to the same text.
inline std::string exercise_scenario(const std::string& text) {
  const auto last = text.rfind('\n');
  const std::string tail = last == std::string::npos ? text : text.substr(last + 1);
  config::LoadRequest request;
  request.source_name = "fuzz.ini";
  request.ini_text = text;
  if (tail.find('=') != std::string::npos) request.overrides.push_back(tail);
  const auto loaded = config::load_scenario(request);
  for (const auto& problem : loaded.problems) (void)problem.to_string();
  if (loaded.scenario && loaded.problems.empty()) {
    const auto again = config::load_scenario({"again.ini", loaded.effective_ini, {}, {}});
    if (!again.scenario || again.effective_ini != loaded.effective_ini)
      return "the stored scenario does not load back to itself";
  }
  if (!loaded.scenario && loaded.problems.empty()) return "no scenario and no problem";
  return "";
}

// Any bytes as a sweep file (a base or points file it names is looked up in a folder that
// does not exist). A plan must stay within its bound.
inline std::string exercise_sweep(const std::string& text) {
  const auto loaded =
      sweep::load_sweep("fuzz-sweep.ini", text, "/nonexistent-orgsim-fuzz", kMaxRuns);
  for (const auto& problem : loaded.problems) (void)problem.to_string();
  if (loaded.plan && static_cast<std::int64_t>(loaded.plan->runs.size()) > kMaxRuns)
    return "a plan beyond its bound of runs";
  if (!loaded.plan && loaded.problems.empty()) return "no plan and no problem";
  return "";
}

}  // namespace orgsim::fuzz
