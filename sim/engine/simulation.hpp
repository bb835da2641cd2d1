#pragma once
// One simulated year: builds the district and the SimGrid platform, starts the agents, runs the
// year and checks that it ended whole. SimGrid allows ONE simulation per OS process: call this
// once per process (sweeps run each year in its own process).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "core/event_sink.hpp"
#include "core/world.hpp"

namespace orgsim::engine {

struct SimulationOptions {
  bool progress = false;  // a line on stderr per simulated month
  // Called once SimGrid's engine exists, before the year runs: SimGrid installs its own
  // SIGINT handler when it starts, so the app puts its own back here.
  std::function<void()> on_engine_started;
  // SimGrid log settings (docs/ARCHITECTURE.md, Logging), e.g. "orgsim.thres:verbose",
  // checked beforehand by check_log_setting. Logging is off without them.
  std::vector<std::string> log_settings;
};

// orgsim's log categories: name and what it tells. "orgsim" is the parent of the others.
struct LogCategory {
  const char* name;
  const char* description;
};
const std::vector<LogCategory>& log_categories();

// Empty if `setting` is a log setting orgsim accepts: CATEGORY.thres:LEVEL with one of
// log_categories() (or "root", every category including SimGrid's own) and a SimGrid level;
// otherwise what is wrong and what is allowed.
std::string check_log_setting(const std::string& setting);

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
  double hours_staffed = 0.0;                    // all service points together
  std::vector<double> point_hours_staffed;       // per service point
  std::vector<std::int64_t> point_orders_taken;  // per service point: offline orders placed
  core::World world;                             // the population the year was run with
  double budget_spent_yuan = 0.0;
  double fund_spent_yuan = 0.0;
};

// "3.32.0": the SimGrid library this binary runs on.
std::string simgrid_version();

SimulationOutcome run_simulation(const config::Scenario& scenario, core::EventSink& sink,
                                 const SimulationOptions& options);

}  // namespace orgsim::engine
