#pragma once
// The run file's layout (docs/RESULTS.md), declared once: every table with its columns (name,
// type, unit, enum labels), the /quarterly panels, the root and /summary attributes and the
// datasets of names. The writer creates what is declared here, the reader checks a file
// against it before it trusts a row, `orgsim describe --run-file-schema` prints it as JSON
// (analysis/run_file_schema.json, which the Python reader checks its tables against). Adding a
// column is one entry here plus its field in the row struct.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "core/order.hpp"
#include "core/world.hpp"
#include "results/hdf5_file.hpp"

namespace orgsim::results {

inline constexpr std::int64_t kRunSchemaVersion = 3;
inline constexpr const char* kRunSchema = "orgsim-run";

namespace schema {

// How a column, panel or attribute is stored. kFlag is a uint8 that is 0 or 1 (the Python
// reader returns it as bool); kEnum a uint8 HDF5 enum of the column's labels.
enum class Type { kInt32, kInt64, kUInt8, kFlag, kFloat64, kEnum, kString };
const char* to_string(Type type);

struct Column {
  std::string name;
  Type type;
  std::size_t offset;               // of its field in the row struct
  std::string unit;                 // "" when it has none
  std::vector<std::string> labels;  // kEnum: the labels of codes 0, 1, ...
};

// A 1-D table of compound rows. `path` is absolute ("/orders", "/events/duty_shifts").
struct Table {
  std::string path;
  std::size_t row_size;  // sizeof the row struct
  std::vector<Column> columns;
  bool named = false;  // an agent table with `<path>_names` beside it (one name per row)
};
// The HDF5 row type of a table: its columns in the declared order (the file's field order).
h5::CompoundType compound_type(const Table& table);

// ---- the event tables, appended while the run goes ----------------------------------------

struct OrderRow {
  std::int64_t id;
  std::int32_t category, branch, town, assignee, campaign;
  double created_h, dispatched_h, started_h, finished_h, closed_h, cost_yuan;
  std::int32_t targeted, attended, votes, satisfied;
  std::uint8_t source, channel, kind, assignee_kind, state, needs_venue, escalated, steered,
      declines;
};

struct ShiftRow {
  std::int32_t person, point, covered_for;
  double start_h, hours;
  std::uint8_t role, attended;
};

struct ActivityRow {
  std::int32_t branch;
  double time_h, planned_h, cost_yuan;
  std::uint8_t outcome;
};

struct DeclineRow {
  std::int64_t order_id;
  std::int32_t org;
  double time_h, standing, expected_rate;
};

// A year's two-rate tally as the file has it: the counts and the pooled rates (NaN: no rate).
// The whole tally, per-event sums included (incubation.pooling = per_event judges on them),
// plus the two pooled rates for readers.
struct TallyColumns {
  std::int64_t evaluations, targeted, attended, votes, satisfied;
  double attraction_rate, satisfaction_rate;
  double attraction_event_sum, satisfaction_event_sum;
  std::int64_t events_with_votes;
};
TallyColumns to_columns(const core::TwoRateTally& tally);
core::TwoRateTally from_columns(const TallyColumns& columns);

// One organization's incubation decision in one year. `year` is 1-based in the file.
struct IncubationRow {
  std::int32_t year, org, staff, staff_after;
  TallyColumns tally;
  double true_attraction_quality, true_satisfaction_quality;
  double experienced_attraction, experienced_satisfaction;
  std::uint8_t decision, support;
};

// Times that never happened are NaN in the file and kNotYet in memory.
OrderRow to_row(const core::Order& order);
core::Order from_row(const OrderRow& row);
ShiftRow to_row(const core::DutyShiftRecord& shift);
core::DutyShiftRecord from_row(const ShiftRow& row);
ActivityRow to_row(const core::BranchActivityRecord& activity);
core::BranchActivityRecord from_row(const ActivityRow& row);
DeclineRow to_row(const core::DeclineRecord& decline);
core::DeclineRecord from_row(const DeclineRow& row);
IncubationRow to_row(const core::IncubationRecord& incubation);
core::IncubationRecord from_row(const IncubationRow& row);

const Table& orders_table();       // /orders
const Table& shifts_table();       // /events/duty_shifts
const Table& activities_table();   // /events/branch_activities
const Table& declines_table();     // /events/declines
const Table& incubations_table();  // /events/incubations

// ---- the tables written at the end ---------------------------------------------------------

struct TownRow {
  std::int32_t alliance, branches, service_points;
};
struct BranchRow {
  std::int32_t town, area;
  double fund_payout_ratio;
};
struct OfficialRow {
  std::int32_t town, shifts, shifts_missed;
  double duty_h;
};
struct OrgMemberRow {
  std::int32_t org, town;
};
// What a service provider is (a social organization or a partner unit): the first columns of
// both tables.
struct ProviderColumns {
  std::int32_t town, alliance, staff;
  double true_attraction_quality, true_satisfaction_quality;
};
ProviderColumns to_columns(const core::ServiceProvider& provider);
struct SocialOrgRow {
  ProviderColumns provider;
  TallyColumns tally;
  std::uint8_t decision;
  std::int32_t active_from_year;  // 1-based
};
using PartnerRow = ProviderColumns;
struct PointRow {
  std::int32_t town;
  double hours_staffed;
  std::int64_t orders_taken;
};
struct WeekRow {
  std::int32_t week;
  double start_h;
  std::int64_t placed, answered, open;
  double mean_wait_h, satisfaction;
};
struct WarningRow {
  std::uint8_t assignee, backlog, wait_growth;
  std::int64_t orders, open_at_end;
  double first_half_wait_h, second_half_wait_h;
};

const Table& towns_table();           // /agents/towns
const Table& branches_table();        // /agents/branches
const Table& officials_table();       // /agents/officials
const Table& org_members_table();     // /agents/org_members
const Table& social_orgs_table();     // /agents/social_orgs
const Table& partner_units_table();   // /agents/partner_units
const Table& service_points_table();  // /agents/service_points
const Table& weekly_table();          // /weekly
const Table& warnings_table();        // /summary/warnings

// Every table, in the order the writer creates them.
const std::vector<const Table*>& tables();

// ---- /quarterly: [quarter][branch] panels of the inspections ------------------------------

// One panel: a field of core::InspectionRecord per cell, NaN (kFloat64) or -1 (kInt32) where the
// quarter was not inspected. The value passes as a double (every int field is a small count).
struct Panel {
  std::string name;  // /quarterly/<name>
  Type type;         // kFloat64 or kInt32
  std::string unit;
  double (*get)(const core::InspectionRecord& record);
  void (*set)(core::InspectionRecord& record, double value);
};
// In the order the writer creates them; /quarterly/components ([quarter][branch][component])
// and the dimension scales quarter, year, branch and component come with them.
const std::vector<Panel>& quarterly_panels();
inline constexpr const char* kComponentsPanel = "components";
// The dimension scales of /quarterly, as netCDF readers (xarray) take them: `quarter` (1..4 per
// year, numbered over the whole run) on dimension 0 of every panel, `branch` (ids) on dimension
// 1, `component` (names) on dimension 2 of the components panel. `year` (1-based) and
// `quarter_of_year` (1..4) are coordinates along `quarter`, not dimensions: datasets [quarter]
// with the quarter scale attached, named in each panel's `coordinates` attribute; each panel
// with a unit carries it as its `units` attribute.
inline constexpr const char* kQuarterScale = "quarter";
inline constexpr const char* kBranchScale = "branch";
inline constexpr const char* kComponentScale = "component";
inline constexpr const char* kYearCoordinate = "year";
inline constexpr const char* kQuarterOfYearCoordinate = "quarter_of_year";
// The score components' names, in the order of the components panel's last dimension.
const std::vector<std::string>& component_names();

// ---- attributes ---------------------------------------------------------------------------

// An attribute of `Record`'s: its name, type and the field that holds it (exactly one of the
// three, by type: kInt64, kFloat64, kString).
template <class Record>
struct Attribute {
  std::string name;
  Type type;
  std::string unit;
  std::int64_t Record::*integer = nullptr;
  double Record::*real = nullptr;
  std::string Record::*text = nullptr;
};

// The root attributes (provenance).
struct RootAttributes {
  std::string schema = kRunSchema;
  std::int64_t schema_version = kRunSchemaVersion;
  std::string software_version, git_commit, created_utc;
  std::int64_t seed = 0, years = 0;
  std::string scenario_name, scenario_source, fingerprint, simgrid_version, hdf5_version;
  double wall_seconds = 0.0;
};
const std::vector<Attribute<RootAttributes>>& root_attributes();

// /summary's attributes: the run-level numbers the summary needs beyond the tables.
struct SummaryAttributes {
  std::int64_t towns = 0, branches = 0, social_orgs = 0, partner_units = 0, officials = 0,
               service_points = 0, actors = 0, orders_created = 0;
  double point_hours_staffed = 0.0, budget_spent_yuan = 0.0, fund_spent_yuan = 0.0;
};
const std::vector<Attribute<SummaryAttributes>>& summary_attributes();

template <class Record>
void write_attributes(hid_t location, const std::vector<Attribute<Record>>& attributes,
                      const Record& record) {
  for (const auto& a : attributes) {
    if (a.integer) h5::write_attribute(location, a.name, record.*a.integer);
    if (a.real) h5::write_attribute(location, a.name, record.*a.real);
    if (a.text) h5::write_attribute(location, a.name, record.*a.text);
  }
}

// ---- the rest -----------------------------------------------------------------------------

inline constexpr const char* kConfigIni = "/config/ini";        // scalar UTF-8: the effective INI
inline constexpr const char* kConfigParams = "/config/params";  // one attribute per parameter
inline constexpr const char* kCategories = "/lookup/categories";
inline constexpr const char* kWarningMessages = "/summary/warning_messages";
inline constexpr const char* kBranchLeaders = "/agents/branches_leaders";
// The 1-D UTF-8 string datasets: each named table's `<path>_names`, the branches' leaders, the
// categories and the warnings' sentences.
std::vector<std::string> string_datasets();
// The path of a named table's names.
std::string names_of(const Table& table);

// Rows per chunk of the event tables. Small enough that a table of a few rows wastes little
// when stored uncompressed (a chunk is stored whole) and that the writer's buffers are reused
// from the heap rather than mapped afresh; with --compress, small enough that shuffled time
// columns repeat within deflate's 32 KiB window. Measured in bench/README.md.
inline constexpr std::size_t kChunkRows = 1024;
// Rows per write of the run file's writer and per read when a reader replays a table: a whole
// number of chunks, fewer HDF5 calls than a chunk at a time.
inline constexpr std::size_t kWriteRows = 16 * kChunkRows;
inline constexpr std::size_t kReadRows = 16 * kChunkRows;

}  // namespace schema
}  // namespace orgsim::results
