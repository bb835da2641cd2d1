#include "engine/simulation.hpp"

#include <malloc.h>
#include <xbt/log.h>

#include <algorithm>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "engine/actors/actors.hpp"
#include "engine/district.hpp"
#include "engine/world.hpp"

namespace sg4 = simgrid::s4u;

XBT_LOG_NEW_CATEGORY(orgsim, "orgsim's own messages (off unless orgsim run --log asks)");

// From simgrid/version.h, which cannot come first among the includes (it needs the macros of
// xbt/base.h) and so does not survive the formatter's include sorting.
extern "C" void sg_version_get(int* major, int* minor, int* patch);

namespace orgsim::engine {
namespace {

constexpr int kStacksOnTheHeap = 1 << 30;        // bytes: above any actor stack
constexpr int kLargeBuffersMapped = 256 * 1024;  // bytes

// Hosts stand for places: the district office and one host per town. Agents do not exchange
// network messages (orders are plain data), so the zone needs no routes; time passes only
// through explicit durations.
Platform build_platform(const World& world) {
  auto* zone = sg4::create_full_zone("district");
  Platform p;
  constexpr double kSpeed = 1e9;  // unused: no computation is simulated
  p.district_host = zone->create_host("district-committee", kSpeed);
  for (std::size_t t = 0; t < world.towns.size(); ++t)
    p.town_hosts.push_back(zone->create_host("town-" + std::to_string(t), kSpeed));
  zone->seal();
  return p;
}

// Raw contexts are the fastest; the sanitizer build uses threads (CMakeLists.txt).
#ifdef ORGSIM_CONTEXT_FACTORY
constexpr const char* kContextFactory = ORGSIM_CONTEXT_FACTORY;
#else
constexpr const char* kContextFactory = "raw";
#endif

}  // namespace

const std::vector<LogCategory>& log_categories() {
  static const std::vector<LogCategory> categories = {
      {"orgsim", "all of orgsim's messages below"},
      {"orgsim_orders", "each order placed, started, declined, escalated and closed (verbose)"},
      {"orgsim_rota", "each duty shift worked, covered or missed (verbose)"},
      {"orgsim_branches", "each branch activity held or cancelled (verbose)"},
      {"orgsim_calendar", "each quarter's ranking and each year end (info)"},
  };
  return categories;
}

std::string check_log_setting(const std::string& setting) {
  static const std::vector<std::string> levels = {"trace",   "debug", "verbose", "info",
                                                  "warning", "error", "critical"};
  std::string allowed = "CATEGORY.thres:LEVEL with CATEGORY one of root";
  for (const auto& c : log_categories()) allowed += std::string(", ") + c.name;
  allowed += " and LEVEL one of";
  for (const auto& l : levels) allowed += (l == levels.front() ? " " : ", ") + l;
  const auto dot = setting.find(".thres:");
  if (dot == std::string::npos) return "not a log setting; allowed: " + allowed;
  const std::string category = setting.substr(0, dot);
  const std::string level = setting.substr(dot + 7);
  bool known = category == "root";
  for (const auto& c : log_categories()) known = known || category == c.name;
  if (!known) return "no log category " + category + "; allowed: " + allowed;
  if (std::find(levels.begin(), levels.end(), level) == levels.end())
    return "no log level " + level + "; allowed: " + allowed;
  return "";
}

std::string simgrid_version() {
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

SimulationOutcome run_simulation(const config::Scenario& scenario, core::EventSink& sink,
                                 const SimulationOptions& options) {
  // Tens of thousands of actors at province scale: without a guard page per stack, and with
  // the stacks (allocated when the actors are created) kept off separate memory mappings, the
  // kernel's map limit (~65k) is not reached (../shared/SIMGRID.md).
  mallopt(M_MMAP_THRESHOLD, kStacksOnTheHeap);
  mallopt(M_TOP_PAD, 0);
  int argc = 1;
  char program[] = "orgsim";
  char* argv[] = {program, nullptr};
  sg4::Engine engine(&argc, argv);
  // Quiet by default; the user's settings come after, so they win for their categories.
  xbt_log_control_set("root.thres:critical");
  // Our lines: the simulated time in hours, the category and the message (no host, actor or
  // source line, which tell a reader of the model nothing).
  xbt_log_control_set("orgsim.fmt:[%10.3r%eh]%e[%c/%p]%e%m%n");
  for (const auto& setting : options.log_settings) xbt_log_control_set(setting.c_str());
  engine.set_config("contexts/guard-size:0");
  engine.set_config(std::string("contexts/factory:") + kContextFactory);
  if (options.on_engine_started) options.on_engine_started();

  SimgridClock clock;
  District district(scenario, build_world(scenario), sink, clock);
  const Platform platform = build_platform(district.world());
  auto gate = std::make_shared<QuarterGate>();
  start_calendar_and_inspection(district, platform, CalendarOptions{options.progress}, gate);
  const auto sources = start_order_sources(district, platform);  // kept until run() returns
  const auto rota = start_duty_rota(district);                   // kept until run() returns
  const auto branches = start_branches(district, gate);          // kept until run() returns
  const auto meetings = start_partner_units(district);           // kept until run() returns
  const auto committee = start_committee(district);              // kept until run() returns
  // Every stack exists now. Large buffers allocated from here on (growing vectors, the run
  // file's chunks) go back to their own mappings: on the heap they fragmented it and RSS grew
  // with the number of orders (+155 MB on the scale-80 year with -o).
  mallopt(M_MMAP_THRESHOLD, kLargeBuffersMapped);

  SimulationOutcome out;
  out.actors = static_cast<std::int64_t>(engine.get_actor_count());
  engine.run();

  if (!district.stopped())
    district.violate("the simulation stopped before the year end (deadlock)");
  out.violation = district.violation();
  out.orders_created = district.counts().created;
  out.orders_closed = district.counts().closed;
  out.escalations = district.counts().escalated;
  const World& w = district.world();
  out.towns = static_cast<std::int64_t>(w.towns.size());
  out.branches = static_cast<std::int64_t>(w.branches.size());
  out.social_orgs = static_cast<std::int64_t>(w.social_orgs.size());
  out.partner_units = static_cast<std::int64_t>(w.partner_units.size());
  out.officials = static_cast<std::int64_t>(w.officials.size());
  out.service_points = static_cast<std::int64_t>(w.service_points.size());
  for (const auto& p : district.points()) {
    out.hours_staffed += p.hours_staffed;
    out.point_hours_staffed.push_back(p.hours_staffed);
    out.point_orders_taken.push_back(p.orders_taken);
  }
  out.budget_spent_yuan = district.resources().spent_budget_yuan();
  out.fund_spent_yuan = district.resources().spent_fund_yuan();
  out.world = district.world();
  return out;
}

}  // namespace orgsim::engine
