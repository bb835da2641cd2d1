#pragma once
// Writes a sweep's index, sweep.h5 (docs/SWEEPS.md): one row per run with its policy, grid
// values, replication, seed, status, file, fingerprint and headline indicators, and an external
// link to each run file. Written as sweep.h5.partial and renamed when complete.
#include <cstdint>
#include <string>
#include <vector>

namespace orgsim::results {

inline constexpr const char* kSweepSchema = "orgsim-sweep";
inline constexpr std::int64_t kSweepSchemaVersion = 3;

// The headline indicators of one run, as the sweep compares them (docs/SWEEPS.md). Counts are
// over the whole run (compare.py divides them by `years`).
struct Headline {
  double incubation_rate = 0.0;  // incubated / social organizations
  double incubated = 0.0;
  double denied = 0.0;
  double not_enough_data = 0.0;  // decisions without enough data to judge
  // Against the reference standard ([truth]), the same for every policy:
  double good_denied = 0.0;                     // good organizations denied
  double good_denied_share = 0.0;               // ... of the good ones
  double below_standard_incubated = 0.0;        // organizations below the standard incubated
  double below_standard_incubated_share = 0.0;  // ... of those below it
  double good_not_enough_data = 0.0;            // good organizations left undecided
  // Against each run's own rule on the true qualities (moves with the policy):
  double own_rule_wrongly_denied_share = 0.0;
  double own_rule_wrongly_incubated_share = 0.0;
  double mean_response_h = 0.0;        // served orders: creation to end of service
  double mean_wait_incl_open_h = 0.0;  // orders still waiting counted to the run's end
  double still_waiting_at_end = 0.0;   // orders waiting for service at the run's end
  double backlog_total = 0.0;          // orders open at the run's end
  double backlog_committee = 0.0;      // of them, with the district committee
  double escalated = 0.0;
  double answered_on_time_share = 0.0;
  double satisfaction_rate = 0.0;  // pooled satisfied votes / votes
  double activities_held = 0.0;    // the branches' own activities
  double activities_cancelled = 0.0;
  double youth_contacts = 0.0;
  double leaders_gave_up = 0.0;     // leaders at the effort floor, mean over the quarters
  double leader_effort_mean = 0.0;  // leaders' effort, mean over the quarters
  double allowance_total_yuan = 0.0;
  double official_duty_h_mean = 0.0;
  double declined_orders = 0.0;                  // orders an organization turned down
  double tier_noise_share = 0.0;                 // branch-quarters whose tier the noise changed
  double special_left_to_committee_share = 0.0;  // special orders the committee ended up with
  double warnings = 0.0;                         // queues that do not settle
  double years = 1.0;                            // run.years
  double orders_total = 0.0;
  double wall_seconds = 0.0;
};
// The indicators' names, in the order of Headline's fields (the /runs columns).
const std::vector<std::string>& headline_names();
std::vector<double> headline_values(const Headline& h);

struct SweepRunRow {
  std::string run_id;
  std::string policy;
  std::vector<std::string> grid_values;  // one per grid key, as written in the sweep file
  std::int64_t replication = 0;
  std::int64_t seed = 0;
  std::int64_t cell = 0;  // the run's cell of the design (a row of /design)
  bool ok = false;
  std::string error;        // why it failed ("" when ok)
  std::string file;         // relative to the sweep folder: runs/<id>.h5 ("" with keep summary)
  std::string fingerprint;  // "" when failed
  Headline headline;
};

// The sweep's design as sweep.h5 /design keeps it (docs/SWEEPS.md): one row per cell.
struct SweepDesignTable {
  std::string kind = "grid";      // grid, lhs, sobol, morris, file
  std::vector<std::string> keys;  // the varied keys
  std::vector<double> low, high;  // per key (NaN: not a range)
  std::int64_t samples = 0, trajectories = 0, levels = 0;
  std::vector<std::uint8_t> role;  // per cell: the sweep::DesignRole code
  std::vector<std::int32_t> sample, step, key;
  std::vector<double> unit;  // cells x keys, row-major; NaN where a cell has no coordinates
};

struct SweepIndex {
  std::string name;
  std::string sweep_file_text;
  std::int64_t seed = 0;
  std::int64_t replications = 0;
  std::vector<std::string> grid_keys;
  std::vector<std::string> policies;       // every policy, in file order
  std::vector<std::string> policy_labels;  // each policy's label ("" when it has none)
  std::string software_version;
  std::string git_commit;
  std::vector<SweepRunRow> runs;
  std::string keep = "all";  // all: run files and summaries; summary: summaries only
  SweepDesignTable design;
};

// Writes `folder`/sweep.h5; throws h5::Error (no file is left then).
void write_sweep_index(const std::string& folder, const SweepIndex& index);

}  // namespace orgsim::results
