#pragma once
// One simulated year: builds the district and the SimGrid platform, starts the agents, runs the
// year and checks that it ended whole. SimGrid allows ONE simulation per OS process: call this
// once per process (sweeps run each year in its own process).
#include <optional>
#include <string>

#include "config/scenario.hpp"
#include "results/result_sink.hpp"

namespace orgsim::engine {

struct SimulationOptions {
  bool progress = false;  // a line on stderr per simulated month
};

struct SimulationOutcome {
  std::optional<std::string> violation;  // the first broken invariant; the run is not valid
  std::int64_t orders_created = 0;
  std::int64_t orders_closed = 0;
  std::int64_t escalations = 0;
  std::int64_t towns = 0;
  std::int64_t branches = 0;
  std::int64_t social_orgs = 0;
  std::int64_t partner_units = 0;
  std::int64_t officials = 0;
  std::int64_t service_points = 0;
  std::int64_t actors = 0;
  double hours_staffed = 0.0;  // all service points together
  double budget_spent_yuan = 0.0;
  double fund_spent_yuan = 0.0;
};

SimulationOutcome run_simulation(const config::Scenario& scenario, results::ResultSink& sink,
                                 const SimulationOptions& options);

}  // namespace orgsim::engine
