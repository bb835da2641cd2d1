#pragma once
// Reads a run file back (docs/RESULTS.md): checks that it is an orgsim run of a schema version
// this build knows, and rebuilds the run's summary by replaying its tables through the same
// SummarySink that made the summary when the run was simulated. The same replay feeds any
// core::EventSink (`orgsim explain` collects the events it explains this way), and the agents'
// names and places are read for finding and naming them.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "core/event_sink.hpp"
#include "results/summary.hpp"

namespace orgsim::results {

// Thrown when the file is not an orgsim run file, or of a version this build cannot read.
class NotARunFile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StoredRun {
  Summary summary;
  std::string effective_ini;  // /config/ini
};

// Throws NotARunFile (bad input) or h5::Error (the file cannot be read).
StoredRun read_run_file(const std::string& path);

// Only the run's effective scenario (/config/ini), after the same checks.
std::string read_run_ini(const std::string& path);

// The run's scenario: /config/ini loaded by this build's scenario loader (NotARunFile when it
// does not load).
config::Scenario read_run_scenario(const std::string& path);

// Replays every recorded event of the run through `sink`, in the order the summary is rebuilt
// from: the orders (in the order they were closed), duty shifts, branch activities, declines,
// the inspections (quarter by quarter, branch by branch, with each branch's area and
// components; quarters that were not inspected are skipped), and the incubation decisions
// (year by year, organization by organization). Throws as read_run_file does.
void replay_run_file(const std::string& path, core::EventSink& sink);

// The agents' names and places (/agents), row = id.
struct RunAgents {
  std::vector<std::string> town_names;
  std::vector<std::string> branch_names;
  std::vector<std::string> branch_leaders;  // each branch's part-time leader
  std::vector<std::int32_t> branch_town;
  std::vector<std::int32_t> branch_area;  // 0-based inspection area (片区)
  std::vector<std::string> org_names;     // social organizations
  std::vector<std::int32_t> org_town;
  std::vector<std::int32_t> org_active_from_year;  // 1-based: the year it entered
  std::vector<std::string> partner_unit_names;
  std::vector<std::string> official_names;
};

// Throws as read_run_file does.
RunAgents read_run_agents(const std::string& path);

}  // namespace orgsim::results
