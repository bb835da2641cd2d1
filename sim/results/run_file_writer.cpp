#include "results/run_file_writer.hpp"

#include <hdf5_hl.h>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <utility>

#include "config/parameter_catalogue.hpp"
#include "results/hdf5_file.hpp"
#include "results/output_claim.hpp"
#include "results/run_file_schema.hpp"
#include "results/utc_time.hpp"

namespace orgsim::results {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kHoursPerWeek = 168.0;

// Rows appended in chunk-sized batches: each write fills whole chunks.
template <class Row>
class BufferedTable {
 public:
  BufferedTable(hid_t location, const std::string& name, h5::CompoundType type)
      : type_(std::move(type)), table_(location, name, type_.id(), schema::kChunkRows) {
    buffer_.reserve(schema::kChunkRows);
  }
  void add(const Row& row) {
    buffer_.push_back(row);
    if (buffer_.size() == schema::kChunkRows) flush();
  }
  void flush() {
    table_.append(buffer_.data(), buffer_.size());
    buffer_.clear();
  }

 private:
  h5::CompoundType type_;  // before table_, which refers to it
  h5::TableWriter table_;
  std::vector<Row> buffer_;
};

// Per-week tallies for /weekly, filled from each order as it closes.
struct WeeklySeries {
  explicit WeeklySeries(std::size_t weeks)
      : created(weeks),
        closed(weeks),
        placed(weeks),
        answered(weeks),
        wait_sum_h(weeks),
        votes(weeks),
        satisfied(weeks) {}
  std::vector<std::int64_t> created, closed, placed, answered;
  std::vector<double> wait_sum_h;
  std::vector<std::int64_t> votes, satisfied;

  std::size_t week_of(double t_h) const {
    const auto w = static_cast<std::size_t>(std::max(0.0, t_h) / kHoursPerWeek);
    return std::min(w, created.size() - 1);
  }
  void add(const core::Order& o) {
    ++created[week_of(o.created_h)];
    if (o.closed_h >= 0.0) ++closed[week_of(o.closed_h)];
    if (o.dispatched_h >= 0.0) ++placed[week_of(o.dispatched_h)];
    if (o.started_h >= 0.0) {
      const auto w = week_of(o.started_h);
      ++answered[w];
      wait_sum_h[w] += o.started_h - o.created_h;
    }
    if (o.state == core::FinalState::kServed) {
      const auto w = week_of(o.finished_h);
      votes[w] += o.votes;
      satisfied[w] += o.satisfied;
    }
  }
};

struct OfficialDuty {
  std::int32_t shifts = 0;
  std::int32_t missed = 0;
  double hours = 0.0;
};

}  // namespace

struct RunFileWriter::Tables {
  h5::Handle file;
  h5::Handle events;
  BufferedTable<schema::OrderRow> orders;
  BufferedTable<schema::ShiftRow> shifts;
  BufferedTable<schema::ActivityRow> activities;
  BufferedTable<schema::DeclineRow> declines;
  BufferedTable<schema::IncubationRow> incubations;
  std::vector<InspectionRecord> inspections;
  std::vector<std::optional<IncubationRecord>> last_decision;  // by organization
  std::vector<OfficialDuty> officials;
  WeeklySeries weekly;

  Tables(h5::Handle f, std::size_t weeks)
      : file(std::move(f)),
        events(h5::create_group(file, "events")),
        orders(file, "orders", schema::order_type()),
        shifts(events, "duty_shifts", schema::shift_type()),
        activities(events, "branch_activities", schema::activity_type()),
        declines(events, "declines", schema::decline_type()),
        incubations(events, "incubations", schema::incubation_type()),
        weekly(weeks) {}
};

RunFileWriter::RunFileWriter(std::string path, const config::Scenario& scenario,
                             Provenance provenance)
    : path_(std::move(path)),
      partial_path_(path_ + ".partial"),
      scenario_(scenario),
      provenance_(std::move(provenance)) {
  // Every file is closed explicitly (or abandoned); HDF5's own clean-up at exit would only
  // retry what failed, and HDF5 1.10 crashes retrying a close that a full disk made fail.
  // (Effective only before the library's first use, which in `orgsim run` is here.)
  H5dont_atexit();
  h5::silence_library_errors();
  H5set_free_list_limits(1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20);
  // Claimed before HDF5 truncates it: a second orgsim writing the same file is refused here.
  claim_ = std::make_unique<OutputClaim>(partial_path_);
  const double run_h = static_cast<double>(scenario.run.days * scenario.run.years) * 24.0;
  const auto weeks = static_cast<std::size_t>(std::ceil(run_h / kHoursPerWeek));
  try {
    tables_ =
        std::make_unique<Tables>(h5::create_file(partial_path_), std::max<std::size_t>(weeks, 1));
  } catch (...) {
    abandon();  // the destructor does not run for a constructor that throws
    throw;
  }
}

RunFileWriter::~RunFileWriter() {
  if (!done_) abandon();
}

template <class F>
void RunFileWriter::guarded(F&& write) {
  if (failure_) return;
  try {
    write();
  } catch (const std::exception& e) {
    failure_ = std::string("writing ") + partial_path_ + ": " + e.what();
  }
}

void RunFileWriter::on_order_closed(const core::Order& order) {
  guarded([&] {
    tables_->orders.add(schema::to_row(order));
    tables_->weekly.add(order);
  });
}

void RunFileWriter::on_duty_shift(const DutyShiftRecord& shift) {
  guarded([&] {
    tables_->shifts.add(schema::to_row(shift));
    if (shift.role != DutyRole::kOfficial) return;
    auto& officials = tables_->officials;
    const auto person = static_cast<std::size_t>(shift.person);
    if (person >= officials.size()) officials.resize(person + 1);
    ++officials[person].shifts;
    if (!shift.attended) ++officials[person].missed;
    officials[person].hours += shift.hours;
  });
}

void RunFileWriter::on_branch_activity(const BranchActivityRecord& activity) {
  guarded([&] { tables_->activities.add(schema::to_row(activity)); });
}

void RunFileWriter::on_inspection(const InspectionRecord& record) {
  guarded([&] { tables_->inspections.push_back(record); });
}

void RunFileWriter::on_decline(const DeclineRecord& record) {
  guarded([&] { tables_->declines.add(schema::to_row(record)); });
}

void RunFileWriter::on_incubation(const IncubationRecord& record) {
  guarded([&] {
    tables_->incubations.add(schema::to_row(record));
    auto& last = tables_->last_decision;
    const auto org = static_cast<std::size_t>(record.org);
    if (org >= last.size()) last.resize(org + 1);
    last[org] = record;
  });
}

namespace {

// ---- the tables written at the end --------------------------------------------------------

void write_config(hid_t file, const config::Scenario& scenario, const std::string& ini) {
  const h5::Handle config = h5::create_group(file, "config");
  h5::write_string(config, "ini", ini);
  const h5::Handle params = h5::create_group(config, "params");
  for (const config::ParamSpec& spec : config::parameter_catalogue()) {
    const config::ParamValue value = spec.get(scenario);
    if (spec.type == config::ParamType::kChoice) {
      h5::write_attribute(params, spec.key,
                          spec.choices.at(static_cast<std::size_t>(std::get<std::int64_t>(value))));
      continue;
    }
    std::visit([&](const auto& v) { h5::write_attribute(params, spec.key, v); }, value);
  }
}

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
struct SocialOrgRow {
  std::int32_t town, alliance, staff;
  double true_attraction_quality, true_satisfaction_quality;
  schema::TallyColumns tally;
  std::uint8_t decision;
  std::int32_t active_from_year;  // 1-based
};
struct PartnerRow {
  std::int32_t town, alliance, staff;
  double true_attraction_quality, true_satisfaction_quality;
};
struct PointRow {
  std::int32_t town;
  double hours_staffed;
  std::int64_t orders_taken;
};

template <class Row>
void write_table(hid_t location, const std::string& name, const h5::CompoundType& type,
                 const std::vector<Row>& rows) {
  h5::write_array(location, name, {rows.size()}, type.id(), rows.data());
}

template <class Item, class Name>
void write_names(hid_t location, const std::string& name, const std::vector<Item>& items,
                 Name name_of) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(name_of(item));
  h5::write_strings(location, name, names);
}

void write_agents(hid_t file, const core::World& w, const RunEnd& end,
                  const std::vector<OfficialDuty>& duty,
                  const std::vector<std::optional<IncubationRecord>>& last_decision) {
  const h5::Handle agents = h5::create_group(file, "agents");

  std::vector<TownRow> towns;
  for (const auto& t : w.towns)
    towns.push_back({t.alliance, static_cast<std::int32_t>(t.branches.size()),
                     static_cast<std::int32_t>(t.service_points.size())});
  h5::CompoundType town_type(sizeof(TownRow));
  town_type.add("alliance", offsetof(TownRow, alliance), H5T_NATIVE_INT32)
      .add("branches", offsetof(TownRow, branches), H5T_NATIVE_INT32)
      .add("service_points", offsetof(TownRow, service_points), H5T_NATIVE_INT32);
  write_table(agents, "towns", town_type, towns);
  write_names(agents, "towns_names", w.towns, [](const core::Town& t) { return t.name; });

  std::vector<BranchRow> branches;
  for (const auto& b : w.branches) branches.push_back({b.town, b.area, b.fund_payout_ratio});
  h5::CompoundType branch_type(sizeof(BranchRow));
  branch_type.add("town", offsetof(BranchRow, town), H5T_NATIVE_INT32)
      .add("area", offsetof(BranchRow, area), H5T_NATIVE_INT32)
      .add("fund_payout_ratio", offsetof(BranchRow, fund_payout_ratio), H5T_NATIVE_DOUBLE);
  write_table(agents, "branches", branch_type, branches);
  write_names(agents, "branches_names", w.branches, [](const core::Branch& b) { return b.name; });
  write_names(agents, "branches_leaders", w.branches,
              [](const core::Branch& b) { return b.leader; });

  std::vector<OfficialRow> officials;
  for (std::size_t i = 0; i < w.officials.size(); ++i) {
    const OfficialDuty d = i < duty.size() ? duty[i] : OfficialDuty{};
    officials.push_back({w.officials[i].town, d.shifts, d.missed, d.hours});
  }
  h5::CompoundType official_type(sizeof(OfficialRow));
  official_type.add("town", offsetof(OfficialRow, town), H5T_NATIVE_INT32)
      .add("shifts", offsetof(OfficialRow, shifts), H5T_NATIVE_INT32)
      .add("shifts_missed", offsetof(OfficialRow, shifts_missed), H5T_NATIVE_INT32)
      .add("duty_h", offsetof(OfficialRow, duty_h), H5T_NATIVE_DOUBLE);
  write_table(agents, "officials", official_type, officials);
  write_names(agents, "officials_names", w.officials,
              [](const core::Official& o) { return o.name; });

  std::vector<OrgMemberRow> members;
  for (const auto& m : w.org_members) members.push_back({m.org, m.town});
  h5::CompoundType member_type(sizeof(OrgMemberRow));
  member_type.add("org", offsetof(OrgMemberRow, org), H5T_NATIVE_INT32)
      .add("town", offsetof(OrgMemberRow, town), H5T_NATIVE_INT32);
  write_table(agents, "org_members", member_type, members);

  std::vector<SocialOrgRow> orgs;
  for (std::size_t i = 0; i < w.social_orgs.size(); ++i) {
    const auto& p = w.social_orgs[i];
    SocialOrgRow r{p.town,
                   p.alliance,
                   p.staff,
                   p.attraction_quality,
                   p.satisfaction_quality,
                   schema::to_columns(core::TwoRateTally{}),
                   static_cast<std::uint8_t>(core::IncubationDecision::kNotEnoughData),
                   p.active_from_year + 1};
    if (i < last_decision.size() && last_decision[i]) {
      r.tally = schema::to_columns(last_decision[i]->tally);
      r.decision = static_cast<std::uint8_t>(last_decision[i]->decision);
    }
    orgs.push_back(r);
  }
  const h5::Handle decision = schema::decision_enum();
  h5::CompoundType org_type(sizeof(SocialOrgRow));
  org_type.add("town", offsetof(SocialOrgRow, town), H5T_NATIVE_INT32)
      .add("alliance", offsetof(SocialOrgRow, alliance), H5T_NATIVE_INT32)
      .add("staff", offsetof(SocialOrgRow, staff), H5T_NATIVE_INT32)
      .add("true_attraction_quality", offsetof(SocialOrgRow, true_attraction_quality),
           H5T_NATIVE_DOUBLE)
      .add("true_satisfaction_quality", offsetof(SocialOrgRow, true_satisfaction_quality),
           H5T_NATIVE_DOUBLE);
  schema::add_tally_columns(org_type, offsetof(SocialOrgRow, tally));
  org_type.add("decision", offsetof(SocialOrgRow, decision), decision)
      .add("active_from_year", offsetof(SocialOrgRow, active_from_year), H5T_NATIVE_INT32);
  write_table(agents, "social_orgs", org_type, orgs);
  write_names(agents, "social_orgs_names", w.social_orgs,
              [](const core::ServiceProvider& p) { return p.name; });

  std::vector<PartnerRow> partners;
  for (const auto& p : w.partner_units)
    partners.push_back({p.town, p.alliance, p.staff, p.attraction_quality, p.satisfaction_quality});
  h5::CompoundType partner_type(sizeof(PartnerRow));
  partner_type.add("town", offsetof(PartnerRow, town), H5T_NATIVE_INT32)
      .add("alliance", offsetof(PartnerRow, alliance), H5T_NATIVE_INT32)
      .add("staff", offsetof(PartnerRow, staff), H5T_NATIVE_INT32)
      .add("true_attraction_quality", offsetof(PartnerRow, true_attraction_quality),
           H5T_NATIVE_DOUBLE)
      .add("true_satisfaction_quality", offsetof(PartnerRow, true_satisfaction_quality),
           H5T_NATIVE_DOUBLE);
  write_table(agents, "partner_units", partner_type, partners);
  write_names(agents, "partner_units_names", w.partner_units,
              [](const core::ServiceProvider& p) { return p.name; });

  std::vector<PointRow> points;
  for (std::size_t i = 0; i < w.service_points.size(); ++i)
    points.push_back(
        {w.service_points[i].town, end.point_hours_staffed.at(i), end.point_orders_taken.at(i)});
  h5::CompoundType point_type(sizeof(PointRow));
  point_type.add("town", offsetof(PointRow, town), H5T_NATIVE_INT32)
      .add("hours_staffed", offsetof(PointRow, hours_staffed), H5T_NATIVE_DOUBLE)
      .add("orders_taken", offsetof(PointRow, orders_taken), H5T_NATIVE_INT64);
  write_table(agents, "service_points", point_type, points);
  write_names(agents, "service_points_names", w.service_points,
              [](const core::ServicePoint& p) { return p.name; });
}

void attach_scale(hid_t dataset, hid_t scale, unsigned dimension) {
  h5::check(H5DSattach_scale(dataset, scale, dimension), "attach a dimension scale");
}

// A [quarter][branch] panel of one field of the inspections (`fill` where none was made).
template <class T, class Field>
std::vector<T> panel_of(const std::vector<InspectionRecord>& records, std::size_t quarters,
                        std::size_t branches, T fill, Field field) {
  std::vector<T> panel(quarters * branches, fill);
  for (const auto& r : records)
    panel[static_cast<std::size_t>(r.quarter) * branches + static_cast<std::size_t>(r.branch)] =
        static_cast<T>(field(r));
  return panel;
}

void write_quarterly(hid_t file, std::size_t branches, std::size_t quarters,
                     const std::vector<InspectionRecord>& records) {
  const h5::Handle group = h5::create_group(file, "quarterly");
  constexpr auto kComponents = static_cast<std::size_t>(kScoreComponentCount);
  std::vector<double> components(quarters * branches * kComponents, kNaN);
  for (const auto& r : records) {
    const auto cell =
        static_cast<std::size_t>(r.quarter) * branches + static_cast<std::size_t>(r.branch);
    for (std::size_t c = 0; c < kComponents; ++c)
      components[cell * kComponents + c] = r.components[c];
  }
  std::vector<std::int32_t> quarter_numbers(quarters), years(quarters), ids(branches);
  for (std::size_t q = 0; q < quarters; ++q) {
    quarter_numbers[q] = static_cast<std::int32_t>(q + 1);
    years[q] = static_cast<std::int32_t>(q / 4 + 1);
  }
  for (std::size_t b = 0; b < branches; ++b) ids[b] = static_cast<std::int32_t>(b);
  const auto quarter_scale =
      h5::write_array(group, "quarter", {quarters}, H5T_NATIVE_INT32, quarter_numbers.data());
  const auto year_scale =
      h5::write_array(group, "year", {quarters}, H5T_NATIVE_INT32, years.data());
  const auto branch_scale =
      h5::write_array(group, "branch", {branches}, H5T_NATIVE_INT32, ids.data());
  h5::write_strings(group, "component",
                    {"orders", "answered", "activities", "contacts", "duty", "satisfaction"});
  const auto component_scale = h5::open_dataset(group, "component");
  h5::check(H5DSset_scale(quarter_scale, "quarter"), "make quarter a dimension scale");
  h5::check(H5DSset_scale(year_scale, "year"), "make year a dimension scale");
  h5::check(H5DSset_scale(branch_scale, "branch"), "make branch a dimension scale");
  h5::check(H5DSset_scale(component_scale, "component"), "make component a dimension scale");
  const std::vector<hsize_t> panel = {quarters, branches};
  const auto write_panel = [&](const char* name, hid_t type, const void* data) {
    const auto d = h5::write_array(group, name, panel, type, data);
    attach_scale(d, quarter_scale, 0);
    attach_scale(d, year_scale, 0);
    attach_scale(d, branch_scale, 1);
  };
  using R = InspectionRecord;
  const auto real_panel = [&](const char* name, auto field) {
    write_panel(name, H5T_NATIVE_DOUBLE,
                panel_of<double>(records, quarters, branches, kNaN, field).data());
  };
  const auto int_panel = [&](const char* name, auto field) {
    write_panel(name, H5T_NATIVE_INT32,
                panel_of<std::int32_t>(records, quarters, branches, -1, field).data());
  };
  real_panel("score", [](const R& r) { return r.score; });
  real_panel("allowance_yuan", [](const R& r) { return r.allowance_yuan; });
  int_panel("rank", [](const R& r) { return r.rank; });
  int_panel("tier", [](const R& r) { return r.tier; });
  real_panel("effort", [](const R& r) { return r.effort; });
  real_panel("noise_points", [](const R& r) { return r.noise_points; });
  int_panel("tier_without_noise", [](const R& r) { return r.tier_without_noise; });
  real_panel("allowance_without_noise_yuan",
             [](const R& r) { return r.allowance_without_noise_yuan; });
  int_panel("youth_contacts", [](const R& r) { return r.youth_contacts; });
  const auto d = h5::write_array(group, "components", {quarters, branches, kComponents},
                                 H5T_NATIVE_DOUBLE, components.data());
  attach_scale(d, quarter_scale, 0);
  attach_scale(d, year_scale, 0);
  attach_scale(d, branch_scale, 1);
  attach_scale(d, component_scale, 2);
}

struct WeekRow {
  std::int32_t week;
  double start_h;
  std::int64_t placed, answered, open;
  double mean_wait_h, satisfaction;
};

void write_weekly(hid_t file, const WeeklySeries& w) {
  std::vector<WeekRow> rows;
  std::int64_t open = 0;
  for (std::size_t i = 0; i < w.created.size(); ++i) {
    open += w.created[i] - w.closed[i];
    rows.push_back({static_cast<std::int32_t>(i), static_cast<double>(i) * kHoursPerWeek,
                    w.placed[i], w.answered[i], open,
                    w.answered[i] > 0 ? w.wait_sum_h[i] / static_cast<double>(w.answered[i]) : kNaN,
                    w.votes[i] > 0
                        ? static_cast<double>(w.satisfied[i]) / static_cast<double>(w.votes[i])
                        : kNaN});
  }
  h5::CompoundType type(sizeof(WeekRow));
  type.add("week", offsetof(WeekRow, week), H5T_NATIVE_INT32)
      .add("start_h", offsetof(WeekRow, start_h), H5T_NATIVE_DOUBLE)
      .add("placed", offsetof(WeekRow, placed), H5T_NATIVE_INT64)
      .add("answered", offsetof(WeekRow, answered), H5T_NATIVE_INT64)
      .add("open", offsetof(WeekRow, open), H5T_NATIVE_INT64)
      .add("mean_wait_h", offsetof(WeekRow, mean_wait_h), H5T_NATIVE_DOUBLE)
      .add("satisfaction", offsetof(WeekRow, satisfaction), H5T_NATIVE_DOUBLE);
  write_table(file, "weekly", type, rows);
}

struct WarningRow {
  std::uint8_t assignee, backlog, wait_growth;
  std::int64_t orders, open_at_end;
  double first_half_wait_h, second_half_wait_h;
};

// /summary/warnings (one row per queue that does not settle) and their sentences.
void write_warnings(hid_t summary, const std::vector<QueueWarning>& warnings) {
  std::vector<WarningRow> rows;
  std::vector<std::string> messages;
  for (const auto& w : warnings) {
    rows.push_back({static_cast<std::uint8_t>(w.assignee), static_cast<std::uint8_t>(w.backlog),
                    static_cast<std::uint8_t>(w.wait_growth), w.orders, w.open_at_end,
                    w.first_half_wait_h, w.second_half_wait_h});
    messages.push_back(w.message());
  }
  const auto assignee = schema::assignee_enum();
  h5::CompoundType type(sizeof(WarningRow));
  type.add("assignee", offsetof(WarningRow, assignee), assignee)
      .add("orders", offsetof(WarningRow, orders), H5T_NATIVE_INT64)
      .add("open_at_end", offsetof(WarningRow, open_at_end), H5T_NATIVE_INT64)
      .add("first_half_wait_h", offsetof(WarningRow, first_half_wait_h), H5T_NATIVE_DOUBLE)
      .add("second_half_wait_h", offsetof(WarningRow, second_half_wait_h), H5T_NATIVE_DOUBLE)
      .add("backlog", offsetof(WarningRow, backlog), H5T_NATIVE_UINT8)
      .add("wait_growth", offsetof(WarningRow, wait_growth), H5T_NATIVE_UINT8);
  write_table(summary, "warnings", type, rows);
  h5::write_strings(summary, "warning_messages", messages);
}

// Reads the closed file back: its stored scenario and the agents' names must be what was
// written (on a full disk HDF5 1.10 was seen to lose every string and still close the file).
void verify_written(const std::string& path, const std::string& ini, const core::World& w) {
  const h5::Handle file = h5::open_file_read_only(path);
  if (h5::read_string(h5::open_group(file, "config"), "ini") != ini)
    throw h5::Error("reading " + path + " back: its stored scenario is not the one written");
  const h5::Handle agents = h5::open_group(file, "agents");
  const auto check_names = [&](const char* dataset, const auto& items) {
    const std::vector<std::string> stored = h5::read_strings(agents, dataset);
    bool same = stored.size() == items.size();
    for (std::size_t i = 0; same && i < items.size(); ++i) same = stored[i] == items[i].name;
    if (!same)
      throw h5::Error("reading " + path + " back: /agents/" + dataset + " is not what was written");
  };
  check_names("towns_names", w.towns);
  check_names("branches_names", w.branches);
  check_names("social_orgs_names", w.social_orgs);
  check_names("partner_units_names", w.partner_units);
  check_names("officials_names", w.officials);
}

}  // namespace

void RunFileWriter::finish(const RunEnd& end) {
  if (failure_) throw h5::Error(*failure_);
  try {
    Tables& t = *tables_;
    t.orders.flush();
    t.shifts.flush();
    t.activities.flush();
    t.declines.flush();
    t.incubations.flush();
    const core::World& w = *end.world;
    write_config(t.file, scenario_, provenance_.effective_ini);
    write_agents(t.file, w, end, t.officials, t.last_decision);
    const h5::Handle lookup = h5::create_group(t.file, "lookup");
    h5::write_strings(lookup, "categories", scenario_.demand.categories);
    write_quarterly(t.file, w.branches.size(), static_cast<std::size_t>(4 * scenario_.run.years),
                    t.inspections);
    write_weekly(t.file, t.weekly);

    const h5::Handle summary = h5::create_group(t.file, "summary");
    h5::write_attribute(summary, "towns", static_cast<std::int64_t>(w.towns.size()));
    h5::write_attribute(summary, "branches", static_cast<std::int64_t>(w.branches.size()));
    h5::write_attribute(summary, "social_orgs", static_cast<std::int64_t>(w.social_orgs.size()));
    h5::write_attribute(summary, "partner_units",
                        static_cast<std::int64_t>(w.partner_units.size()));
    h5::write_attribute(summary, "officials", static_cast<std::int64_t>(w.officials.size()));
    h5::write_attribute(summary, "service_points",
                        static_cast<std::int64_t>(w.service_points.size()));
    h5::write_attribute(summary, "actors", end.actors);
    h5::write_attribute(summary, "orders_created", end.orders_created);
    h5::write_attribute(summary, "point_hours_staffed", end.point_hours_total);
    h5::write_attribute(summary, "budget_spent_yuan", end.budget_spent_yuan);
    h5::write_attribute(summary, "fund_spent_yuan", end.fund_spent_yuan);
    write_warnings(summary, end.warnings);

    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    const hid_t root = t.file;
    h5::write_attribute(root, "schema", std::string(kRunSchema));
    h5::write_attribute(root, "schema_version", kRunSchemaVersion);
    h5::write_attribute(root, "software_version", provenance_.software_version);
    h5::write_attribute(root, "git_commit", provenance_.git_commit);
    h5::write_attribute(root, "created_utc", utc_now_iso8601());
    h5::write_attribute(root, "seed", scenario_.run.seed);
    h5::write_attribute(root, "years", scenario_.run.years);
    h5::write_attribute(root, "scenario_name", scenario_.run.name);
    h5::write_attribute(root, "scenario_source", provenance_.scenario_source);
    h5::write_attribute(root, "fingerprint", end.fingerprint);
    h5::write_attribute(root, "simgrid_version", provenance_.simgrid_version);
    h5::write_attribute(
        root, "hdf5_version",
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release));
    h5::write_attribute(root, "wall_seconds", end.wall_seconds);
    h5::close_file(t.file, partial_path_);
    tables_.reset();
    // A full disk can lose a file's strings without an error from HDF5: read back what matters
    // before the file gets its name, and flush it to the disk.
    verify_written(partial_path_, provenance_.effective_ini, w);
    claim_->sync();
    claim_->publish(path_);
    claim_.reset();
    done_ = true;
  } catch (const std::exception& e) {
    abandon();
    throw h5::Error(std::string(e.what()));
  }
}

void RunFileWriter::abandon() {
  tables_.reset();                                 // closes the file, if it is still open
  if (claim_) std::remove(partial_path_.c_str());  // only a file this writer claimed
  claim_.reset();
  done_ = true;
}

}  // namespace orgsim::results
