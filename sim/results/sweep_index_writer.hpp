#pragma once
// Writes a sweep's index, sweep.h5 (docs/SWEEPS.md): one row per run with its policy, grid
// values, replication, seed, status, file, fingerprint and headline indicators, and an external
// link to each run file. Written as sweep.h5.partial and renamed when complete.
#include <cstdint>
#include <string>
#include <vector>

#include "results/headline.hpp"

namespace orgsim::results {

inline constexpr const char* kSweepSchema = "orgsim-sweep";
inline constexpr std::int64_t kSweepSchemaVersion = 3;

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

// The /runs columns (docs/SWEEPS.md), declared once: the writer lays its rows out from them and
// `orgsim describe --run-file-schema` lists them. In order: the text columns (UTF-8), one text
// column per grid key (the root attribute grid_keys), the integer columns (int64), the headline
// indicators (float64, headline_fields()), and the status (an enum of sweep_status_labels()).
struct SweepTextColumn {
  const char* name;
  std::string SweepRunRow::*value;
};
struct SweepIntegerColumn {
  const char* name;
  std::int64_t SweepRunRow::*value;
};
const std::vector<SweepTextColumn>& sweep_text_columns();        // run_id ... error
const std::vector<SweepIntegerColumn>& sweep_integer_columns();  // replication, seed, cell
inline constexpr const char* kSweepStatusColumn = "status";
const std::vector<std::string>& sweep_status_labels();  // ok, failed

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
