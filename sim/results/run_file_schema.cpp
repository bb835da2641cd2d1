#include "results/run_file_schema.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
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

ShiftRow to_row(const core::DutyShiftRecord& s) {
  return ShiftRow{s.person,
                  s.point,
                  s.covered_for,
                  s.start_h,
                  s.hours,
                  static_cast<std::uint8_t>(s.role),
                  static_cast<std::uint8_t>(s.attended ? 1 : 0)};
}

core::DutyShiftRecord from_row(const ShiftRow& r) {
  return core::DutyShiftRecord{static_cast<core::DutyRole>(r.role),
                               r.person,
                               r.point,
                               r.start_h,
                               r.hours,
                               r.attended != 0,
                               r.covered_for};
}

ActivityRow to_row(const core::BranchActivityRecord& a) {
  return ActivityRow{a.branch, a.time_h, a.planned_h, a.cost_yuan,
                     static_cast<std::uint8_t>(a.outcome)};
}

core::BranchActivityRecord from_row(const ActivityRow& r) {
  return core::BranchActivityRecord{r.branch, r.time_h, r.planned_h,
                                    static_cast<core::ActivityOutcome>(r.outcome), r.cost_yuan};
}

DeclineRow to_row(const core::DeclineRecord& d) {
  return DeclineRow{d.order_id, d.org, d.time_h, d.standing, d.expected_rate};
}

core::DeclineRecord from_row(const DeclineRow& r) {
  return core::DeclineRecord{r.order_id, r.org, r.time_h, r.standing, r.expected_rate};
}

ProviderColumns to_columns(const core::ServiceProvider& p) {
  return {p.town, p.alliance, p.staff, p.attraction_quality, p.satisfaction_quality};
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

IncubationRow to_row(const core::IncubationRecord& i) {
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

core::IncubationRecord from_row(const IncubationRow& r) {
  core::IncubationRecord i;
  i.year = r.year - 1;
  i.org = r.org;
  i.tally = from_columns(r.tally);
  i.decision = static_cast<core::IncubationDecision>(r.decision);
  i.true_attraction_quality = r.true_attraction_quality;
  i.true_satisfaction_quality = r.true_satisfaction_quality;
  i.experienced_attraction = r.experienced_attraction;
  i.experienced_satisfaction = r.experienced_satisfaction;
  i.staff = r.staff;
  i.support = static_cast<core::SupportOutcome>(r.support);
  i.staff_after = r.staff_after;
  return i;
}

namespace {

Column column(const char* name, Type type, std::size_t offset, const char* unit = "") {
  return Column{name, type, offset, unit, {}};
}

Column enum_column(const char* name, std::size_t offset, std::vector<std::string> codes) {
  return Column{name, Type::kEnum, offset, "", std::move(codes)};
}

// The tally's columns, for a row type holding a TallyColumns at `offset`.
void add_tally_columns(std::vector<Column>& columns, std::size_t offset) {
  const auto at = [offset](std::size_t field) { return offset + field; };
  columns.insert(
      columns.end(),
      {column("evaluations", Type::kInt64, at(offsetof(TallyColumns, evaluations))),
       column("targeted", Type::kInt64, at(offsetof(TallyColumns, targeted)), "people"),
       column("attended", Type::kInt64, at(offsetof(TallyColumns, attended)), "people"),
       column("votes", Type::kInt64, at(offsetof(TallyColumns, votes)), "votes"),
       column("satisfied", Type::kInt64, at(offsetof(TallyColumns, satisfied)), "votes"),
       column("attraction_rate", Type::kFloat64, at(offsetof(TallyColumns, attraction_rate))),
       column("satisfaction_rate", Type::kFloat64, at(offsetof(TallyColumns, satisfaction_rate))),
       column("attraction_event_sum", Type::kFloat64,
              at(offsetof(TallyColumns, attraction_event_sum))),
       column("satisfaction_event_sum", Type::kFloat64,
              at(offsetof(TallyColumns, satisfaction_event_sum))),
       column("events_with_votes", Type::kInt64, at(offsetof(TallyColumns, events_with_votes)))});
}

// The provider's columns, for a row type holding a ProviderColumns at `offset`.
std::vector<Column> provider_columns(std::size_t offset) {
  const auto at = [offset](std::size_t field) { return offset + field; };
  using P = ProviderColumns;
  return {
      column("town", Type::kInt32, at(offsetof(P, town))),
      column("alliance", Type::kInt32, at(offsetof(P, alliance))),
      column("staff", Type::kInt32, at(offsetof(P, staff)), "people"),
      column("true_attraction_quality", Type::kFloat64, at(offsetof(P, true_attraction_quality))),
      column("true_satisfaction_quality", Type::kFloat64,
             at(offsetof(P, true_satisfaction_quality)))};
}

const std::vector<std::string> kDecisionLabels = {"incubated", "denied", "not_enough_data"};

hid_t native_type(Type type) {
  switch (type) {
    case Type::kInt32:
      return H5T_NATIVE_INT32;
    case Type::kInt64:
      return H5T_NATIVE_INT64;
    case Type::kUInt8:
    case Type::kFlag:
      return H5T_NATIVE_UINT8;
    case Type::kFloat64:
      return H5T_NATIVE_DOUBLE;
    case Type::kEnum:
    case Type::kString:
      break;
  }
  throw h5::Error(std::string("no native type for a column of type ") + to_string(type));
}

}  // namespace

const char* to_string(Type type) {
  switch (type) {
    case Type::kInt32:
      return "int32";
    case Type::kInt64:
      return "int64";
    case Type::kUInt8:
      return "uint8";
    case Type::kFlag:
      return "flag";
    case Type::kFloat64:
      return "float64";
    case Type::kEnum:
      return "enum";
    case Type::kString:
      return "string";
  }
  return "?";
}

h5::CompoundType compound_type(const Table& table) {
  h5::CompoundType type(table.row_size);
  for (const Column& c : table.columns) {
    if (c.type == Type::kEnum)
      type.add(c.name, c.offset, h5::enum_type(c.labels));
    else
      type.add(c.name, c.offset, native_type(c.type));
  }
  return type;
}

const Table& orders_table() {
  using R = OrderRow;
  static const Table table{
      "/orders",
      sizeof(R),
      {column("id", Type::kInt64, offsetof(R, id)),
       enum_column("source", offsetof(R, source), labels<core::Source, core::kSourceCount>()),
       enum_column("channel", offsetof(R, channel), labels<core::Channel, core::kChannelCount>()),
       enum_column("kind", offsetof(R, kind), labels<core::Kind, core::kKindCount>()),
       column("category", Type::kInt32, offsetof(R, category)),
       column("branch", Type::kInt32, offsetof(R, branch)),
       column("town", Type::kInt32, offsetof(R, town)),
       enum_column("assignee_kind", offsetof(R, assignee_kind),
                   labels<core::AssigneeKind, core::kAssigneeKindCount>()),
       column("assignee", Type::kInt32, offsetof(R, assignee)),
       column("campaign", Type::kInt32, offsetof(R, campaign)),
       column("needs_venue", Type::kFlag, offsetof(R, needs_venue)),
       column("escalated", Type::kFlag, offsetof(R, escalated)),
       column("steered", Type::kFlag, offsetof(R, steered)),
       column("declines", Type::kUInt8, offsetof(R, declines), "organizations"),
       column("created_h", Type::kFloat64, offsetof(R, created_h), "h"),
       column("dispatched_h", Type::kFloat64, offsetof(R, dispatched_h), "h"),
       column("started_h", Type::kFloat64, offsetof(R, started_h), "h"),
       column("finished_h", Type::kFloat64, offsetof(R, finished_h), "h"),
       column("closed_h", Type::kFloat64, offsetof(R, closed_h), "h"),
       column("cost_yuan", Type::kFloat64, offsetof(R, cost_yuan), "yuan"),
       column("targeted", Type::kInt32, offsetof(R, targeted), "people"),
       column("attended", Type::kInt32, offsetof(R, attended), "people"),
       column("votes", Type::kInt32, offsetof(R, votes), "votes"),
       column("satisfied", Type::kInt32, offsetof(R, satisfied), "votes"),
       enum_column("state", offsetof(R, state),
                   labels<core::FinalState, core::kFinalStateCount>())}};
  return table;
}

const Table& shifts_table() {
  using R = ShiftRow;
  static const Table table{"/events/duty_shifts",
                           sizeof(R),
                           {enum_column("role", offsetof(R, role), {"official", "org_member"}),
                            column("person", Type::kInt32, offsetof(R, person)),
                            column("point", Type::kInt32, offsetof(R, point)),
                            column("start_h", Type::kFloat64, offsetof(R, start_h), "h"),
                            column("hours", Type::kFloat64, offsetof(R, hours), "h"),
                            column("attended", Type::kFlag, offsetof(R, attended)),
                            column("covered_for", Type::kInt32, offsetof(R, covered_for))}};
  return table;
}

const Table& activities_table() {
  using R = ActivityRow;
  static const Table table{"/events/branch_activities",
                           sizeof(R),
                           {column("branch", Type::kInt32, offsetof(R, branch)),
                            column("time_h", Type::kFloat64, offsetof(R, time_h), "h"),
                            column("planned_h", Type::kFloat64, offsetof(R, planned_h), "h"),
                            enum_column("outcome", offsetof(R, outcome),
                                        {"held", "cancelled_no_venue", "cancelled_no_money"}),
                            column("cost_yuan", Type::kFloat64, offsetof(R, cost_yuan), "yuan")}};
  return table;
}

const Table& declines_table() {
  using R = DeclineRow;
  static const Table table{"/events/declines",
                           sizeof(R),
                           {column("order_id", Type::kInt64, offsetof(R, order_id)),
                            column("org", Type::kInt32, offsetof(R, org)),
                            column("time_h", Type::kFloat64, offsetof(R, time_h), "h"),
                            column("standing", Type::kFloat64, offsetof(R, standing)),
                            column("expected_rate", Type::kFloat64, offsetof(R, expected_rate))}};
  return table;
}

const Table& incubations_table() {
  using R = IncubationRow;
  static const Table table = [] {
    Table t{"/events/incubations",
            sizeof(R),
            {column("year", Type::kInt32, offsetof(R, year)),
             column("org", Type::kInt32, offsetof(R, org))}};
    add_tally_columns(t.columns, offsetof(R, tally));
    t.columns.insert(
        t.columns.end(),
        {enum_column("decision", offsetof(R, decision), kDecisionLabels),
         column("true_attraction_quality", Type::kFloat64, offsetof(R, true_attraction_quality)),
         column("true_satisfaction_quality", Type::kFloat64,
                offsetof(R, true_satisfaction_quality)),
         column("experienced_attraction", Type::kFloat64, offsetof(R, experienced_attraction)),
         column("experienced_satisfaction", Type::kFloat64, offsetof(R, experienced_satisfaction)),
         column("staff", Type::kInt32, offsetof(R, staff), "people"),
         enum_column("support", offsetof(R, support), {"kept", "shrunk", "exited"}),
         column("staff_after", Type::kInt32, offsetof(R, staff_after), "people")});
    return t;
  }();
  return table;
}

const Table& towns_table() {
  using R = TownRow;
  static const Table table{"/agents/towns",
                           sizeof(R),
                           {column("alliance", Type::kInt32, offsetof(R, alliance)),
                            column("branches", Type::kInt32, offsetof(R, branches)),
                            column("service_points", Type::kInt32, offsetof(R, service_points))},
                           true};
  return table;
}

const Table& branches_table() {
  using R = BranchRow;
  static const Table table{
      "/agents/branches",
      sizeof(R),
      {column("town", Type::kInt32, offsetof(R, town)),
       column("area", Type::kInt32, offsetof(R, area)),
       column("fund_payout_ratio", Type::kFloat64, offsetof(R, fund_payout_ratio))},
      true};
  return table;
}

const Table& officials_table() {
  using R = OfficialRow;
  static const Table table{"/agents/officials",
                           sizeof(R),
                           {column("town", Type::kInt32, offsetof(R, town)),
                            column("shifts", Type::kInt32, offsetof(R, shifts)),
                            column("shifts_missed", Type::kInt32, offsetof(R, shifts_missed)),
                            column("duty_h", Type::kFloat64, offsetof(R, duty_h), "h")},
                           true};
  return table;
}

const Table& org_members_table() {
  using R = OrgMemberRow;
  static const Table table{"/agents/org_members",
                           sizeof(R),
                           {column("org", Type::kInt32, offsetof(R, org)),
                            column("town", Type::kInt32, offsetof(R, town))}};
  return table;
}

const Table& social_orgs_table() {
  using R = SocialOrgRow;
  static const Table table = [] {
    Table t{"/agents/social_orgs", sizeof(R), provider_columns(offsetof(R, provider)), true};
    add_tally_columns(t.columns, offsetof(R, tally));
    t.columns.insert(t.columns.end(),
                     {enum_column("decision", offsetof(R, decision), kDecisionLabels),
                      column("active_from_year", Type::kInt32, offsetof(R, active_from_year))});
    return t;
  }();
  return table;
}

const Table& partner_units_table() {
  static const Table table{"/agents/partner_units", sizeof(PartnerRow), provider_columns(0), true};
  return table;
}

const Table& service_points_table() {
  using R = PointRow;
  static const Table table{
      "/agents/service_points",
      sizeof(R),
      {column("town", Type::kInt32, offsetof(R, town)),
       column("hours_staffed", Type::kFloat64, offsetof(R, hours_staffed), "h"),
       column("orders_taken", Type::kInt64, offsetof(R, orders_taken), "orders")},
      true};
  return table;
}

const Table& weekly_table() {
  using R = WeekRow;
  static const Table table{"/weekly",
                           sizeof(R),
                           {column("week", Type::kInt32, offsetof(R, week)),
                            column("start_h", Type::kFloat64, offsetof(R, start_h), "h"),
                            column("placed", Type::kInt64, offsetof(R, placed), "orders"),
                            column("answered", Type::kInt64, offsetof(R, answered), "orders"),
                            column("open", Type::kInt64, offsetof(R, open), "orders"),
                            column("mean_wait_h", Type::kFloat64, offsetof(R, mean_wait_h), "h"),
                            column("satisfaction", Type::kFloat64, offsetof(R, satisfaction))}};
  return table;
}

const Table& warnings_table() {
  using R = WarningRow;
  static const Table table{
      "/summary/warnings",
      sizeof(R),
      {enum_column("assignee", offsetof(R, assignee),
                   labels<core::AssigneeKind, core::kAssigneeKindCount>()),
       column("orders", Type::kInt64, offsetof(R, orders), "orders"),
       column("open_at_end", Type::kInt64, offsetof(R, open_at_end), "orders"),
       column("first_half_wait_h", Type::kFloat64, offsetof(R, first_half_wait_h), "h"),
       column("second_half_wait_h", Type::kFloat64, offsetof(R, second_half_wait_h), "h"),
       column("backlog", Type::kFlag, offsetof(R, backlog)),
       column("wait_growth", Type::kFlag, offsetof(R, wait_growth))}};
  return table;
}

const std::vector<const Table*>& tables() {
  static const std::vector<const Table*> all = {
      &orders_table(),      &shifts_table(),      &activities_table(),    &declines_table(),
      &incubations_table(), &towns_table(),       &branches_table(),      &officials_table(),
      &org_members_table(), &social_orgs_table(), &partner_units_table(), &service_points_table(),
      &weekly_table(),      &warnings_table()};
  return all;
}

const std::vector<Panel>& quarterly_panels() {
  using R = core::InspectionRecord;
  static const std::vector<Panel> panels = {
      {"score", Type::kFloat64, "points", [](const R& r) { return r.score; },
       [](R& r, double v) { r.score = v; }},
      {"allowance_yuan", Type::kFloat64, "yuan", [](const R& r) { return r.allowance_yuan; },
       [](R& r, double v) { r.allowance_yuan = v; }},
      {"rank", Type::kInt32, "", [](const R& r) { return static_cast<double>(r.rank); },
       [](R& r, double v) { r.rank = static_cast<int>(v); }},
      {"tier", Type::kInt32, "", [](const R& r) { return static_cast<double>(r.tier); },
       [](R& r, double v) { r.tier = static_cast<int>(v); }},
      {"effort", Type::kFloat64, "", [](const R& r) { return r.effort; },
       [](R& r, double v) { r.effort = v; }},
      {"noise_points", Type::kFloat64, "points", [](const R& r) { return r.noise_points; },
       [](R& r, double v) { r.noise_points = v; }},
      {"tier_without_noise", Type::kInt32, "",
       [](const R& r) { return static_cast<double>(r.tier_without_noise); },
       [](R& r, double v) { r.tier_without_noise = static_cast<int>(v); }},
      {"allowance_without_noise_yuan", Type::kFloat64, "yuan",
       [](const R& r) { return r.allowance_without_noise_yuan; },
       [](R& r, double v) { r.allowance_without_noise_yuan = v; }},
      {"youth_contacts", Type::kInt32, "people",
       [](const R& r) { return static_cast<double>(r.youth_contacts); },
       [](R& r, double v) { r.youth_contacts = static_cast<std::int64_t>(v); }}};
  return panels;
}

const std::vector<std::string>& component_names() {
  static const std::vector<std::string> names = {"orders",   "answered", "activities",
                                                 "contacts", "duty",     "satisfaction"};
  return names;
}

const std::vector<Attribute<RootAttributes>>& root_attributes() {
  using R = RootAttributes;
  const auto text = [](const char* name, std::string R::*field) {
    return Attribute<R>{name, Type::kString, "", nullptr, nullptr, field};
  };
  const auto integer = [](const char* name, std::int64_t R::*field) {
    return Attribute<R>{name, Type::kInt64, "", field, nullptr, nullptr};
  };
  static const std::vector<Attribute<R>> attributes = {
      text("schema", &R::schema),
      integer("schema_version", &R::schema_version),
      text("software_version", &R::software_version),
      text("git_commit", &R::git_commit),
      text("created_utc", &R::created_utc),
      integer("seed", &R::seed),
      integer("years", &R::years),
      text("scenario_name", &R::scenario_name),
      text("scenario_source", &R::scenario_source),
      text("fingerprint", &R::fingerprint),
      text("simgrid_version", &R::simgrid_version),
      text("hdf5_version", &R::hdf5_version),
      Attribute<R>{"wall_seconds", Type::kFloat64, "s", nullptr, &R::wall_seconds, nullptr}};
  return attributes;
}

const std::vector<Attribute<SummaryAttributes>>& summary_attributes() {
  using R = SummaryAttributes;
  const auto count = [](const char* name, std::int64_t R::*field) {
    return Attribute<R>{name, Type::kInt64, "", field, nullptr, nullptr};
  };
  const auto real = [](const char* name, const char* unit, double R::*field) {
    return Attribute<R>{name, Type::kFloat64, unit, nullptr, field, nullptr};
  };
  static const std::vector<Attribute<R>> attributes = {
      count("towns", &R::towns),
      count("branches", &R::branches),
      count("social_orgs", &R::social_orgs),
      count("partner_units", &R::partner_units),
      count("officials", &R::officials),
      count("service_points", &R::service_points),
      count("actors", &R::actors),
      count("orders_created", &R::orders_created),
      real("point_hours_staffed", "h", &R::point_hours_staffed),
      real("budget_spent_yuan", "yuan", &R::budget_spent_yuan),
      real("fund_spent_yuan", "yuan", &R::fund_spent_yuan)};
  return attributes;
}

std::string names_of(const Table& table) { return table.path + "_names"; }

std::vector<std::string> string_datasets() {
  std::vector<std::string> paths;
  for (const Table* table : tables())
    if (table->named) paths.push_back(names_of(*table));
  paths.insert(paths.end(), {kBranchLeaders, kCategories, kWarningMessages});
  return paths;
}

}  // namespace orgsim::results::schema
