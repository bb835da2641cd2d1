#include "app/run_command.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/exit_codes.hpp"
#include "app/scenario_input.hpp"
#include "engine/simulation.hpp"
#include "results/fingerprint_sink.hpp"
#include "results/summary.hpp"
#include "results/summary_sink.hpp"

namespace orgsim::app {

namespace {

const char* combine_name(core::RateCombine c) {
  switch (c) {
    case core::RateCombine::kBoth:
      return "both";
    case core::RateCombine::kMean:
      return "mean";
    case core::RateCombine::kWeighted:
      return "weighted";
  }
  return "both";
}

}  // namespace

int run_command(const RunArguments& args) {
  const auto loaded = load_scenario_input(args.scenario_path, args.overrides, args.seed);
  if (!loaded) return kExitBadInput;
  const config::Scenario& scenario = *loaded;

  results::FingerprintSink fingerprint;
  results::SummarySink summary_sink(scenario);
  results::SinkFanout sinks;
  sinks.add(fingerprint);
  sinks.add(summary_sink);

  const auto started = std::chrono::steady_clock::now();
  const auto outcome =
      engine::run_simulation(scenario, sinks, engine::SimulationOptions{args.progress});
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (outcome.violation) {
    std::cerr << "orgsim: invariant broken, the run is not valid: " << *outcome.violation << "\n";
    return kExitInvariant;
  }

  results::Summary s;
  s.scenario_name = scenario.run.name;
  s.seed = scenario.run.seed;
  s.fingerprint = fingerprint.fingerprint().hex();
  s.days = scenario.run.days;
  s.scale = scenario.district.scale;
  s.software_version = ORGSIM_VERSION;
  s.towns = outcome.towns;
  s.branches = outcome.branches;
  s.social_orgs = outcome.social_orgs;
  s.partner_units = outcome.partner_units;
  s.officials = outcome.officials;
  s.service_points = outcome.service_points;
  s.actors = outcome.actors;
  s.threshold = scenario.incubation.threshold;
  s.combine = combine_name(scenario.incubation.combine);
  s.point_hours_staffed = outcome.hours_staffed;
  s.budget_spent_yuan = outcome.budget_spent_yuan;
  s.fund_spent_yuan = outcome.fund_spent_yuan;
  summary_sink.fill(s, outcome.officials);
  s.wall_seconds = wall;
  if (s.orders_total != outcome.orders_created) {
    std::cerr << "orgsim: invariant broken, the run is not valid: the summary counted "
              << s.orders_total << " orders but " << outcome.orders_created << " were created\n";
    return kExitInvariant;
  }
  std::cout << (args.json ? results::format_summary_json(s) : results::format_summary_table(s));
  std::cout.flush();
  return kExitOk;
}

}  // namespace orgsim::app
