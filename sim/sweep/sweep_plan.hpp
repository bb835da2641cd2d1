#pragma once
// A sweep (docs/SWEEPS.md): named policies, each a set of scenario overrides, crossed with a
// grid of varied values, each point run for a number of replications. A run's seed derives
// from (sweep seed, replication) only, so replication r of every policy sees the same
// exogenous random streams (common random numbers), and a run's id from its content (point
// and replication), never from the order runs happen to be executed in.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/scenario_loader.hpp"
#include "sweep/design.hpp"

namespace orgsim::sweep {

struct SweepPoint {
  std::string policy;  // the [policy.NAME] section, or "base" when there is none
  std::vector<std::pair<std::string, std::string>> grid;  // [vary] key and value at this point
  std::vector<std::string> overrides;  // "key=value": the policy's, then the grid's
  std::size_t cell = 0;                // its cell of the design (SweepDesign::cells)
  std::string label() const;           // "policy" or "policy | key=value, ..."
};

// The [vary] design: grid (the default), lhs, sobol, morris or file (docs/SWEEPS.md).
struct SweepDesign {
  std::string kind = "grid";
  std::vector<std::string> keys;  // the varied keys, in the order of the cells' values
  std::vector<double> low, high;  // per key for range designs (lhs, sobol, morris); else NaN
  std::int64_t samples = 0;       // lhs and sobol
  std::int64_t trajectories = 0, levels = 0;  // morris
  std::vector<DesignCell> cells;              // every policy is run at every cell
};

struct SweepRun {
  std::string id;         // 16 hex digits, a hash of the point and the replication
  std::size_t point = 0;  // index into SweepPlan::points
  std::int64_t replication = 0;
  std::int64_t seed = 0;  // run.seed of this run
};

struct SweepPlan {
  std::string file;                      // the sweep file, as given
  std::string name;                      // [sweep] name
  std::optional<std::string> base_path;  // the base scenario file (resolved), or the default
  std::string base_text;                 // its text
  std::int64_t replications = 0;
  std::int64_t seed = 0;
  SweepDesign design;
  std::vector<SweepPoint> points;  // policy-major: every cell of the first policy, then ...
  // Each policy's label ([policy.NAME] label = ...), by policy name; a policy without one is
  // shown by its name. Labels may be Chinese (UTF-8).
  std::map<std::string, std::string> policy_labels;
  std::vector<SweepRun> runs;  // replication-major: every point of replication 0 first
};

struct SweepLoadResult {
  std::optional<SweepPlan> plan;  // set only when problems is empty
  std::vector<config::ConfigProblem> problems;
};

// A plan with more runs than this is refused before it is built (`orgsim sweep --max-runs`):
// a grid of 10^12 points is a typo, and building it would exhaust the memory.
inline constexpr std::int64_t kDefaultMaxRuns = 1000000;

// Reads and checks a sweep file: its own keys, the base scenario, and every point's scenario
// (the base with the point's overrides), reporting every problem at once.
SweepLoadResult load_sweep_file(const std::string& path, std::int64_t max_runs = kDefaultMaxRuns);
SweepLoadResult load_sweep(const std::string& source_name, const std::string& text,
                           const std::string& folder, std::int64_t max_runs = kDefaultMaxRuns);

// The seed of replication r under the sweep seed (63 bits, so it is a valid run.seed).
std::int64_t replication_seed(std::int64_t sweep_seed, std::int64_t replication);

}  // namespace orgsim::sweep
