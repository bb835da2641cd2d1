#pragma once
// The row layouts of the run file's event tables (docs/RESULTS.md), shared by the writer and
// the reader so that what is written is what is read back.
#include <cstddef>
#include <cstdint>

#include "core/order.hpp"
#include "results/hdf5_file.hpp"
#include "results/result_sink.hpp"

namespace orgsim::results::schema {

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
// Adds the tally's columns to a row type holding a TallyColumns at `offset`.
void add_tally_columns(h5::CompoundType& type, std::size_t offset);

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
ShiftRow to_row(const DutyShiftRecord& shift);
DutyShiftRecord from_row(const ShiftRow& row);
ActivityRow to_row(const BranchActivityRecord& activity);
BranchActivityRecord from_row(const ActivityRow& row);
DeclineRow to_row(const DeclineRecord& decline);
DeclineRecord from_row(const DeclineRow& row);
IncubationRow to_row(const IncubationRecord& incubation);
IncubationRecord from_row(const IncubationRow& row);

// The compound types (with enums for categorical columns). Each call builds a new type.
h5::CompoundType order_type();
h5::CompoundType shift_type();
h5::CompoundType activity_type();
h5::CompoundType decline_type();
h5::CompoundType incubation_type();

h5::Handle decision_enum();  // incubated, denied, not_enough_data
h5::Handle support_enum();   // kept, shrunk, exited
h5::Handle assignee_enum();  // none, social_org, partner_unit, district_committee

inline constexpr std::size_t kChunkRows = 16384;

}  // namespace orgsim::results::schema
