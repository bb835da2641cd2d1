#include "results/run_file_schema.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace orgsim::results::schema {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double to_file_time(double t) { return t < 0.0 ? kNaN : t; }
double from_file_time(double t) { return std::isnan(t) ? core::kNotYet : t; }

template <class Enum, int N>
std::vector<std::string> labels() {
  std::vector<std::string> out;
  for (int i = 0; i < N; ++i) out.emplace_back(core::to_string(static_cast<Enum>(i)));
  return out;
}

}  // namespace

OrderRow to_row(const core::Order& o) {
  OrderRow r{};
  r.id = o.id;
  r.category = o.category;
  r.branch = o.branch;
  r.town = o.town;
  r.assignee = o.assignee;
  r.campaign = o.campaign;
  r.created_h = to_file_time(o.created_h);
  r.dispatched_h = to_file_time(o.dispatched_h);
  r.started_h = to_file_time(o.started_h);
  r.finished_h = to_file_time(o.finished_h);
  r.closed_h = to_file_time(o.closed_h);
  r.cost_yuan = o.cost_yuan;
  r.targeted = o.targeted;
  r.attended = o.attended;
  r.votes = o.votes;
  r.satisfied = o.satisfied;
  r.source = static_cast<std::uint8_t>(o.source);
  r.channel = static_cast<std::uint8_t>(o.channel);
  r.kind = static_cast<std::uint8_t>(o.kind);
  r.assignee_kind = static_cast<std::uint8_t>(o.assignee_kind);
  r.state = static_cast<std::uint8_t>(o.state);
  r.needs_venue = o.needs_venue ? 1 : 0;
  r.escalated = o.escalated ? 1 : 0;
  r.steered = o.steered ? 1 : 0;
  r.declines = o.declines;
  return r;
}

core::Order from_row(const OrderRow& r) {
  core::Order o;
  o.id = r.id;
  o.category = r.category;
  o.branch = r.branch;
  o.town = r.town;
  o.assignee = r.assignee;
  o.campaign = r.campaign;
  o.created_h = from_file_time(r.created_h);
  o.dispatched_h = from_file_time(r.dispatched_h);
  o.started_h = from_file_time(r.started_h);
  o.finished_h = from_file_time(r.finished_h);
  o.closed_h = from_file_time(r.closed_h);
  o.cost_yuan = r.cost_yuan;
  o.targeted = r.targeted;
  o.attended = r.attended;
  o.votes = r.votes;
  o.satisfied = r.satisfied;
  o.source = static_cast<core::Source>(r.source);
  o.channel = static_cast<core::Channel>(r.channel);
  o.kind = static_cast<core::Kind>(r.kind);
  o.assignee_kind = static_cast<core::AssigneeKind>(r.assignee_kind);
  o.state = static_cast<core::FinalState>(r.state);
  o.needs_venue = r.needs_venue != 0;
  o.escalated = r.escalated != 0;
  o.steered = r.steered != 0;
  o.declines = r.declines;
  return o;
}

ShiftRow to_row(const DutyShiftRecord& s) {
  return ShiftRow{s.person,
                  s.point,
                  s.covered_for,
                  s.start_h,
                  s.hours,
                  static_cast<std::uint8_t>(s.role),
                  static_cast<std::uint8_t>(s.attended ? 1 : 0)};
}

DutyShiftRecord from_row(const ShiftRow& r) {
  return DutyShiftRecord{static_cast<DutyRole>(r.role),
                         r.person,
                         r.point,
                         r.start_h,
                         r.hours,
                         r.attended != 0,
                         r.covered_for};
}

ActivityRow to_row(const BranchActivityRecord& a) {
  return ActivityRow{a.branch, a.time_h, a.planned_h, a.cost_yuan,
                     static_cast<std::uint8_t>(a.outcome)};
}

BranchActivityRecord from_row(const ActivityRow& r) {
  return BranchActivityRecord{r.branch, r.time_h, r.planned_h,
                              static_cast<ActivityOutcome>(r.outcome), r.cost_yuan};
}

DeclineRow to_row(const DeclineRecord& d) {
  return DeclineRow{d.order_id, d.org, d.time_h, d.standing, d.expected_rate};
}

DeclineRecord from_row(const DeclineRow& r) {
  return DeclineRecord{r.order_id, r.org, r.time_h, r.standing, r.expected_rate};
}

TallyColumns to_columns(const core::TwoRateTally& t) {
  const auto rate = [](std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : kNaN;
  };
  return TallyColumns{t.evaluations,
                      t.targeted,
                      t.attended,
                      t.votes,
                      t.satisfied,
                      rate(t.attended, t.targeted),
                      rate(t.satisfied, t.votes),
                      t.attraction_event_sum,
                      t.satisfaction_event_sum,
                      t.events_with_votes};
}

core::TwoRateTally from_columns(const TallyColumns& c) {
  return core::TwoRateTally{c.evaluations,
                            c.targeted,
                            c.attended,
                            c.votes,
                            c.satisfied,
                            c.attraction_event_sum,
                            c.satisfaction_event_sum,
                            c.events_with_votes};
}

void add_tally_columns(h5::CompoundType& type, std::size_t offset) {
  type.add("evaluations", offset + offsetof(TallyColumns, evaluations), H5T_NATIVE_INT64)
      .add("targeted", offset + offsetof(TallyColumns, targeted), H5T_NATIVE_INT64)
      .add("attended", offset + offsetof(TallyColumns, attended), H5T_NATIVE_INT64)
      .add("votes", offset + offsetof(TallyColumns, votes), H5T_NATIVE_INT64)
      .add("satisfied", offset + offsetof(TallyColumns, satisfied), H5T_NATIVE_INT64)
      .add("attraction_rate", offset + offsetof(TallyColumns, attraction_rate), H5T_NATIVE_DOUBLE)
      .add("satisfaction_rate", offset + offsetof(TallyColumns, satisfaction_rate),
           H5T_NATIVE_DOUBLE)
      .add("attraction_event_sum", offset + offsetof(TallyColumns, attraction_event_sum),
           H5T_NATIVE_DOUBLE)
      .add("satisfaction_event_sum", offset + offsetof(TallyColumns, satisfaction_event_sum),
           H5T_NATIVE_DOUBLE)
      .add("events_with_votes", offset + offsetof(TallyColumns, events_with_votes),
           H5T_NATIVE_INT64);
}

IncubationRow to_row(const IncubationRecord& i) {
  IncubationRow r{};
  r.year = i.year + 1;
  r.org = i.org;
  r.staff = i.staff;
  r.staff_after = i.staff_after;
  r.tally = to_columns(i.tally);
  r.true_attraction_quality = i.true_attraction_quality;
  r.true_satisfaction_quality = i.true_satisfaction_quality;
  r.experienced_attraction = i.experienced_attraction;
  r.experienced_satisfaction = i.experienced_satisfaction;
  r.decision = static_cast<std::uint8_t>(i.decision);
  r.support = static_cast<std::uint8_t>(i.support);
  return r;
}

IncubationRecord from_row(const IncubationRow& r) {
  IncubationRecord i;
  i.year = r.year - 1;
  i.org = r.org;
  i.tally = from_columns(r.tally);
  i.decision = static_cast<core::IncubationDecision>(r.decision);
  i.true_attraction_quality = r.true_attraction_quality;
  i.true_satisfaction_quality = r.true_satisfaction_quality;
  i.experienced_attraction = r.experienced_attraction;
  i.experienced_satisfaction = r.experienced_satisfaction;
  i.staff = r.staff;
  i.support = static_cast<SupportOutcome>(r.support);
  i.staff_after = r.staff_after;
  return i;
}

h5::Handle assignee_enum() {
  return h5::enum_type(labels<core::AssigneeKind, core::kAssigneeKindCount>());
}

h5::CompoundType order_type() {
  const auto source = h5::enum_type(labels<core::Source, core::kSourceCount>());
  const auto channel = h5::enum_type(labels<core::Channel, core::kChannelCount>());
  const auto kind = h5::enum_type(labels<core::Kind, core::kKindCount>());
  const auto assignee = assignee_enum();
  const auto state = h5::enum_type(labels<core::FinalState, core::kFinalStateCount>());
  h5::CompoundType t(sizeof(OrderRow));
  t.add("id", offsetof(OrderRow, id), H5T_NATIVE_INT64)
      .add("source", offsetof(OrderRow, source), source)
      .add("channel", offsetof(OrderRow, channel), channel)
      .add("kind", offsetof(OrderRow, kind), kind)
      .add("category", offsetof(OrderRow, category), H5T_NATIVE_INT32)
      .add("branch", offsetof(OrderRow, branch), H5T_NATIVE_INT32)
      .add("town", offsetof(OrderRow, town), H5T_NATIVE_INT32)
      .add("assignee_kind", offsetof(OrderRow, assignee_kind), assignee)
      .add("assignee", offsetof(OrderRow, assignee), H5T_NATIVE_INT32)
      .add("campaign", offsetof(OrderRow, campaign), H5T_NATIVE_INT32)
      .add("needs_venue", offsetof(OrderRow, needs_venue), H5T_NATIVE_UINT8)
      .add("escalated", offsetof(OrderRow, escalated), H5T_NATIVE_UINT8)
      .add("steered", offsetof(OrderRow, steered), H5T_NATIVE_UINT8)
      .add("declines", offsetof(OrderRow, declines), H5T_NATIVE_UINT8)
      .add("created_h", offsetof(OrderRow, created_h), H5T_NATIVE_DOUBLE)
      .add("dispatched_h", offsetof(OrderRow, dispatched_h), H5T_NATIVE_DOUBLE)
      .add("started_h", offsetof(OrderRow, started_h), H5T_NATIVE_DOUBLE)
      .add("finished_h", offsetof(OrderRow, finished_h), H5T_NATIVE_DOUBLE)
      .add("closed_h", offsetof(OrderRow, closed_h), H5T_NATIVE_DOUBLE)
      .add("cost_yuan", offsetof(OrderRow, cost_yuan), H5T_NATIVE_DOUBLE)
      .add("targeted", offsetof(OrderRow, targeted), H5T_NATIVE_INT32)
      .add("attended", offsetof(OrderRow, attended), H5T_NATIVE_INT32)
      .add("votes", offsetof(OrderRow, votes), H5T_NATIVE_INT32)
      .add("satisfied", offsetof(OrderRow, satisfied), H5T_NATIVE_INT32)
      .add("state", offsetof(OrderRow, state), state);
  return t;
}

h5::CompoundType shift_type() {
  const auto role = h5::enum_type({"official", "org_member"});
  h5::CompoundType t(sizeof(ShiftRow));
  t.add("role", offsetof(ShiftRow, role), role)
      .add("person", offsetof(ShiftRow, person), H5T_NATIVE_INT32)
      .add("point", offsetof(ShiftRow, point), H5T_NATIVE_INT32)
      .add("start_h", offsetof(ShiftRow, start_h), H5T_NATIVE_DOUBLE)
      .add("hours", offsetof(ShiftRow, hours), H5T_NATIVE_DOUBLE)
      .add("attended", offsetof(ShiftRow, attended), H5T_NATIVE_UINT8)
      .add("covered_for", offsetof(ShiftRow, covered_for), H5T_NATIVE_INT32);
  return t;
}

h5::CompoundType activity_type() {
  const auto outcome = h5::enum_type({"held", "cancelled_no_venue", "cancelled_no_money"});
  h5::CompoundType t(sizeof(ActivityRow));
  t.add("branch", offsetof(ActivityRow, branch), H5T_NATIVE_INT32)
      .add("time_h", offsetof(ActivityRow, time_h), H5T_NATIVE_DOUBLE)
      .add("planned_h", offsetof(ActivityRow, planned_h), H5T_NATIVE_DOUBLE)
      .add("outcome", offsetof(ActivityRow, outcome), outcome)
      .add("cost_yuan", offsetof(ActivityRow, cost_yuan), H5T_NATIVE_DOUBLE);
  return t;
}

h5::CompoundType decline_type() {
  h5::CompoundType t(sizeof(DeclineRow));
  t.add("order_id", offsetof(DeclineRow, order_id), H5T_NATIVE_INT64)
      .add("org", offsetof(DeclineRow, org), H5T_NATIVE_INT32)
      .add("time_h", offsetof(DeclineRow, time_h), H5T_NATIVE_DOUBLE)
      .add("standing", offsetof(DeclineRow, standing), H5T_NATIVE_DOUBLE)
      .add("expected_rate", offsetof(DeclineRow, expected_rate), H5T_NATIVE_DOUBLE);
  return t;
}

h5::CompoundType incubation_type() {
  const h5::Handle decision = decision_enum();
  const h5::Handle support = support_enum();
  h5::CompoundType t(sizeof(IncubationRow));
  t.add("year", offsetof(IncubationRow, year), H5T_NATIVE_INT32)
      .add("org", offsetof(IncubationRow, org), H5T_NATIVE_INT32);
  add_tally_columns(t, offsetof(IncubationRow, tally));
  t.add("decision", offsetof(IncubationRow, decision), decision)
      .add("true_attraction_quality", offsetof(IncubationRow, true_attraction_quality),
           H5T_NATIVE_DOUBLE)
      .add("true_satisfaction_quality", offsetof(IncubationRow, true_satisfaction_quality),
           H5T_NATIVE_DOUBLE)
      .add("experienced_attraction", offsetof(IncubationRow, experienced_attraction),
           H5T_NATIVE_DOUBLE)
      .add("experienced_satisfaction", offsetof(IncubationRow, experienced_satisfaction),
           H5T_NATIVE_DOUBLE)
      .add("staff", offsetof(IncubationRow, staff), H5T_NATIVE_INT32)
      .add("support", offsetof(IncubationRow, support), support)
      .add("staff_after", offsetof(IncubationRow, staff_after), H5T_NATIVE_INT32);
  return t;
}

h5::Handle decision_enum() { return h5::enum_type({"incubated", "denied", "not_enough_data"}); }

h5::Handle support_enum() { return h5::enum_type({"kept", "shrunk", "exited"}); }

}  // namespace orgsim::results::schema
