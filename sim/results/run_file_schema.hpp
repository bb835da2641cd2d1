#pragma once
// The row layouts of the run file's event tables (docs/RESULTS.md), shared by the writer and
// the reader so that what is written is what is read back.
#include <cstdint>

#include "core/order.hpp"
#include "results/hdf5_file.hpp"
#include "results/result_sink.hpp"

namespace orgsim::results::schema {

struct OrderRow {
  std::int64_t id;
  std::int32_t category, branch, town, assignee;
  double created_h, dispatched_h, started_h, finished_h, closed_h, cost_yuan;
  std::int32_t targeted, attended, votes, satisfied;
  std::uint8_t source, channel, kind, assignee_kind, state, needs_venue, escalated;
};

struct ShiftRow {
  std::int32_t person, point;
  double start_h, hours;
  std::uint8_t role, attended;
};

struct ActivityRow {
  std::int32_t branch;
  double time_h, cost_yuan;
  std::uint8_t outcome;
};

// Times that never happened are NaN in the file and kNotYet in memory.
OrderRow to_row(const core::Order& order);
core::Order from_row(const OrderRow& row);
ShiftRow to_row(const DutyShiftRecord& shift);
DutyShiftRecord from_row(const ShiftRow& row);
ActivityRow to_row(const BranchActivityRecord& activity);
BranchActivityRecord from_row(const ActivityRow& row);

// The compound types (with enums for categorical columns). Each call builds a new type.
h5::CompoundType order_type();
h5::CompoundType shift_type();
h5::CompoundType activity_type();

h5::Handle decision_enum();  // incubated, denied, insufficient_data

inline constexpr std::size_t kChunkRows = 16384;

}  // namespace orgsim::results::schema
