#pragma once
// Writes a sweep's index, sweep.h5 (docs/SWEEPS.md): one row per run with its policy, grid
// values, replication, seed, status, file, fingerprint and headline indicators, and an external
// link to each run file. Written as sweep.h5.partial and renamed when complete.
#include <cstdint>
#include <string>
#include <vector>

namespace orgsim::results {

inline constexpr const char* kSweepSchema = "orgsim-sweep";
inline constexpr std::int64_t kSweepSchemaVersion = 2;

// The headline indicators of one run, as the sweep compares them.
struct Headline {
  double incubation_rate = 0.0;  // incubated / social organizations
  double incubated = 0.0;
  double denied = 0.0;
  double wrongly_denied_share = 0.0;     // truly good organizations denied / truly good ones
  double wrongly_incubated_share = 0.0;  // incubated though not truly good / not truly good ones
  double not_enough_data = 0.0;          // decisions without enough data to judge
  double mean_response_h = 0.0;          // served orders: creation to end of service
  double answered_on_time_share = 0.0;
  double satisfaction_rate = 0.0;  // pooled satisfied votes / votes
  double allowance_total_yuan = 0.0;
  double official_duty_h_mean = 0.0;
  double declined_orders = 0.0;                  // orders an organization turned down
  double leader_effort_mean = 0.0;               // leaders' effort, mean over the quarters
  double tier_noise_share = 0.0;                 // branch-quarters whose tier the noise changed
  double special_left_to_committee_share = 0.0;  // special orders the committee ended up with
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
  bool ok = false;
  std::string error;        // why it failed ("" when ok)
  std::string file;         // relative to the sweep folder: runs/<id>.h5
  std::string fingerprint;  // "" when failed
  Headline headline;
};

struct SweepIndex {
  std::string name;
  std::string sweep_file_text;
  std::int64_t seed = 0;
  std::int64_t replications = 0;
  std::vector<std::string> grid_keys;
  std::vector<std::string> policies;  // every policy, in file order
  std::string software_version;
  std::string git_commit;
  std::vector<SweepRunRow> runs;
};

// Writes `folder`/sweep.h5; throws h5::Error (no file is left then).
void write_sweep_index(const std::string& folder, const SweepIndex& index);

}  // namespace orgsim::results
