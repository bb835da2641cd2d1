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

// Rows appended in batches of whole chunks: one HDF5 write (and one growth of the table) per
// schema::kWriteRows rows rather than per chunk.
template <class Row>
class BufferedTable {
 public:
  BufferedTable(hid_t file, const schema::Table& table, h5::Compression compression)
      : type_(schema::compound_type(table)),
        table_(file, table.path, type_.id(), schema::kChunkRows, compression) {
    buffer_.reserve(schema::kWriteRows);
  }
  void add(const Row& row) {
    buffer_.push_back(row);
    if (buffer_.size() == schema::kWriteRows) flush();
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
  std::vector<core::InspectionRecord> inspections;
  std::vector<std::optional<core::IncubationRecord>> last_decision;  // by organization
  std::vector<OfficialDuty> officials;
  WeeklySeries weekly;

  Tables(h5::Handle f, std::size_t weeks, h5::Compression compression)
      : file(std::move(f)),
        events(h5::create_group(file, "events")),
        orders(file, schema::orders_table(), compression),
        shifts(file, schema::shifts_table(), compression),
        activities(file, schema::activities_table(), compression),
        declines(file, schema::declines_table(), compression),
        incubations(file, schema::incubations_table(), compression),
        weekly(weeks) {}
};

RunFileWriter::RunFileWriter(std::string path, const config::Scenario& scenario,
                             Provenance provenance, bool compress)
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
    tables_ = std::make_unique<Tables>(
        h5::create_file(partial_path_), std::max<std::size_t>(weeks, 1),
        compress ? h5::Compression::kShuffleDeflate : h5::Compression::kNone);
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

void RunFileWriter::on_duty_shift(const core::DutyShiftRecord& shift) {
  guarded([&] {
    tables_->shifts.add(schema::to_row(shift));
    if (shift.role != core::DutyRole::kOfficial) return;
    auto& officials = tables_->officials;
    const auto person = static_cast<std::size_t>(shift.person);
    if (person >= officials.size()) officials.resize(person + 1);
    ++officials[person].shifts;
    if (!shift.attended) ++officials[person].missed;
    officials[person].hours += shift.hours;
  });
}

void RunFileWriter::on_branch_activity(const core::BranchActivityRecord& activity) {
  guarded([&] { tables_->activities.add(schema::to_row(activity)); });
}

void RunFileWriter::on_inspection(const core::InspectionRecord& record) {
  guarded([&] { tables_->inspections.push_back(record); });
}

void RunFileWriter::on_decline(const core::DeclineRecord& record) {
  guarded([&] { tables_->declines.add(schema::to_row(record)); });
}

void RunFileWriter::on_incubation(const core::IncubationRecord& record) {
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
  h5::write_string(file, schema::kConfigIni, ini);
  const h5::Handle params = h5::create_group(file, schema::kConfigParams);
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

// A table written whole, as the schema declares it, its rows' padding set to zero.
template <class Row>
void write_table(hid_t file, const schema::Table& table, std::vector<Row> rows) {
  const h5::CompoundType type = schema::compound_type(table);
  h5::zero_padding(h5::padding_of(type.id()), sizeof(Row), rows.data(), rows.size());
  h5::write_array(file, table.path, {rows.size()}, type.id(), rows.data());
}

template <class Item, class Name>
void write_names(hid_t file, const std::string& path, const std::vector<Item>& items,
                 Name name_of) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(name_of(item));
  h5::write_strings(file, path, names);
}

// An agent table and its names.
template <class Row, class Item>
void write_agents_of(hid_t file, const schema::Table& table, const std::vector<Row>& rows,
                     const std::vector<Item>& items) {
  write_table(file, table, rows);
  write_names(file, schema::names_of(table), items, [](const Item& item) { return item.name; });
}

void write_agents(hid_t file, const core::World& w, const RunEnd& end,
                  const std::vector<OfficialDuty>& duty,
                  const std::vector<std::optional<core::IncubationRecord>>& last_decision) {
  const h5::Handle agents = h5::create_group(file, "agents");  // the tables below go in it

  std::vector<schema::TownRow> towns;
  for (const auto& t : w.towns)
    towns.push_back({t.alliance, static_cast<std::int32_t>(t.branches.size()),
                     static_cast<std::int32_t>(t.service_points.size())});
  write_agents_of(file, schema::towns_table(), towns, w.towns);

  std::vector<schema::BranchRow> branches;
  for (const auto& b : w.branches) branches.push_back({b.town, b.area, b.fund_payout_ratio});
  write_agents_of(file, schema::branches_table(), branches, w.branches);
  write_names(file, schema::kBranchLeaders, w.branches,
              [](const core::Branch& b) { return b.leader; });

  std::vector<schema::OfficialRow> officials;
  for (std::size_t i = 0; i < w.officials.size(); ++i) {
    const OfficialDuty d = i < duty.size() ? duty[i] : OfficialDuty{};
    officials.push_back({w.officials[i].town, d.shifts, d.missed, d.hours});
  }
  write_agents_of(file, schema::officials_table(), officials, w.officials);

  std::vector<schema::OrgMemberRow> members;
  for (const auto& m : w.org_members) members.push_back({m.org, m.town});
  write_table(file, schema::org_members_table(), members);

  std::vector<schema::SocialOrgRow> orgs;
  for (std::size_t i = 0; i < w.social_orgs.size(); ++i) {
    const auto& p = w.social_orgs[i];
    schema::SocialOrgRow r{schema::to_columns(p), schema::to_columns(core::TwoRateTally{}),
                           static_cast<std::uint8_t>(core::IncubationDecision::kNotEnoughData),
                           p.active_from_year + 1};
    if (i < last_decision.size() && last_decision[i]) {
      r.tally = schema::to_columns(last_decision[i]->tally);
      r.decision = static_cast<std::uint8_t>(last_decision[i]->decision);
    }
    orgs.push_back(r);
  }
  write_agents_of(file, schema::social_orgs_table(), orgs, w.social_orgs);

  std::vector<schema::PartnerRow> partners;
  for (const auto& p : w.partner_units) partners.push_back(schema::to_columns(p));
  write_agents_of(file, schema::partner_units_table(), partners, w.partner_units);

  std::vector<schema::PointRow> points;
  for (std::size_t i = 0; i < w.service_points.size(); ++i)
    points.push_back(
        {w.service_points[i].town, end.point_hours_staffed.at(i), end.point_orders_taken.at(i)});
  write_agents_of(file, schema::service_points_table(), points, w.service_points);
}

void attach_scale(hid_t dataset, hid_t scale, unsigned dimension) {
  h5::check(H5DSattach_scale(dataset, scale, dimension), "attach a dimension scale");
}

// A [quarter][branch] panel of one field of the inspections (`fill` where none was made).
template <class T>
std::vector<T> panel_of(const std::vector<core::InspectionRecord>& records, std::size_t quarters,
                        std::size_t branches, T fill, const schema::Panel& field) {
  std::vector<T> panel(quarters * branches, fill);
  for (const auto& r : records)
    panel[static_cast<std::size_t>(r.quarter) * branches + static_cast<std::size_t>(r.branch)] =
        static_cast<T>(field.get(r));
  return panel;
}

void write_quarterly(hid_t file, std::size_t branches, std::size_t quarters,
                     const std::vector<core::InspectionRecord>& records) {
  const h5::Handle group = h5::create_group(file, "quarterly");
  constexpr auto kComponents = static_cast<std::size_t>(core::kScoreComponentCount);
  std::vector<double> components(quarters * branches * kComponents, kNaN);
  for (const auto& r : records) {
    const auto cell =
        static_cast<std::size_t>(r.quarter) * branches + static_cast<std::size_t>(r.branch);
    for (std::size_t c = 0; c < kComponents; ++c)
      components[cell * kComponents + c] = r.components[c];
  }
  std::vector<std::int32_t> quarter_numbers(quarters), years(quarters), of_year(quarters),
      ids(branches);
  for (std::size_t q = 0; q < quarters; ++q) {
    quarter_numbers[q] = static_cast<std::int32_t>(q + 1);
    years[q] = static_cast<std::int32_t>(q / 4 + 1);
    of_year[q] = static_cast<std::int32_t>(q % 4 + 1);
  }
  for (std::size_t b = 0; b < branches; ++b) ids[b] = static_cast<std::int32_t>(b);
  const auto quarter_scale = h5::write_array(group, schema::kQuarterScale, {quarters},
                                             H5T_NATIVE_INT32, quarter_numbers.data());
  const auto branch_scale =
      h5::write_array(group, schema::kBranchScale, {branches}, H5T_NATIVE_INT32, ids.data());
  h5::write_strings(group, schema::kComponentScale, schema::component_names());
  const auto component_scale = h5::open_dataset(group, schema::kComponentScale);
  h5::check(H5DSset_scale(quarter_scale, schema::kQuarterScale), "make quarter a dimension scale");
  h5::check(H5DSset_scale(branch_scale, schema::kBranchScale), "make branch a dimension scale");
  h5::check(H5DSset_scale(component_scale, schema::kComponentScale),
            "make component a dimension scale");
  // The coordinates along quarter: not dimension scales (two scales on one dimension made
  // netCDF readers label it by the second, `year`), but variables over the quarter dimension.
  for (const auto& [name, values] : {std::pair{schema::kYearCoordinate, &years},
                                     std::pair{schema::kQuarterOfYearCoordinate, &of_year}}) {
    const auto c = h5::write_array(group, name, {quarters}, H5T_NATIVE_INT32, values->data());
    attach_scale(c, quarter_scale, 0);
  }
  const std::string coordinates =
      std::string(schema::kYearCoordinate) + " " + schema::kQuarterOfYearCoordinate;
  const auto along_quarter_and_branch = [&](hid_t d, const std::string& unit) {
    attach_scale(d, quarter_scale, 0);
    attach_scale(d, branch_scale, 1);
    h5::write_attribute(d, "coordinates", coordinates);
    if (!unit.empty()) h5::write_attribute(d, "units", unit);
  };
  const std::vector<hsize_t> panel = {quarters, branches};
  for (const schema::Panel& p : schema::quarterly_panels()) {
    const bool real = p.type == schema::Type::kFloat64;
    const auto d =
        real ? h5::write_array(group, p.name, panel, H5T_NATIVE_DOUBLE,
                               panel_of<double>(records, quarters, branches, kNaN, p).data())
             : h5::write_array(group, p.name, panel, H5T_NATIVE_INT32,
                               panel_of<std::int32_t>(records, quarters, branches, -1, p).data());
    along_quarter_and_branch(d, p.unit);
  }
  const auto d = h5::write_array(group, schema::kComponentsPanel, {quarters, branches, kComponents},
                                 H5T_NATIVE_DOUBLE, components.data());
  along_quarter_and_branch(d, "");
  attach_scale(d, component_scale, 2);
}

void write_weekly(hid_t file, const WeeklySeries& w) {
  std::vector<schema::WeekRow> rows;
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
  write_table(file, schema::weekly_table(), rows);
}

// /summary/warnings (one row per queue that does not settle) and their sentences.
void write_warnings(hid_t file, const std::vector<QueueWarning>& warnings) {
  std::vector<schema::WarningRow> rows;
  std::vector<std::string> messages;
  for (const auto& w : warnings) {
    rows.push_back({static_cast<std::uint8_t>(w.assignee), static_cast<std::uint8_t>(w.backlog),
                    static_cast<std::uint8_t>(w.wait_growth), w.orders, w.open_at_end,
                    w.first_half_wait_h, w.second_half_wait_h});
    messages.push_back(w.message());
  }
  write_table(file, schema::warnings_table(), rows);
  h5::write_strings(file, schema::kWarningMessages, messages);
}

// Reads the closed file back: its stored scenario and the agents' names must be what was
// written (on a full disk HDF5 1.10 was seen to lose every string and still close the file).
void verify_written(const std::string& path, const std::string& ini, const core::World& w) {
  const h5::Handle file = h5::open_file_read_only(path);
  if (h5::read_string(file, schema::kConfigIni) != ini)
    throw h5::Error("reading " + path + " back: its stored scenario is not the one written");
  const auto check_names = [&](const schema::Table& table, const auto& items) {
    const std::string names = schema::names_of(table);
    const std::vector<std::string> stored = h5::read_strings(file, names);
    bool same = stored.size() == items.size();
    for (std::size_t i = 0; same && i < items.size(); ++i) same = stored[i] == items[i].name;
    if (!same) throw h5::Error("reading " + path + " back: " + names + " is not what was written");
  };
  check_names(schema::towns_table(), w.towns);
  check_names(schema::branches_table(), w.branches);
  check_names(schema::social_orgs_table(), w.social_orgs);
  check_names(schema::partner_units_table(), w.partner_units);
  check_names(schema::officials_table(), w.officials);
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
    h5::write_strings(t.file, schema::kCategories, scenario_.demand.categories);
    write_quarterly(t.file, w.branches.size(), static_cast<std::size_t>(4 * scenario_.run.years),
                    t.inspections);
    write_weekly(t.file, t.weekly);

    const h5::Handle summary = h5::create_group(t.file, "summary");
    schema::SummaryAttributes totals;
    totals.towns = static_cast<std::int64_t>(w.towns.size());
    totals.branches = static_cast<std::int64_t>(w.branches.size());
    totals.social_orgs = static_cast<std::int64_t>(w.social_orgs.size());
    totals.partner_units = static_cast<std::int64_t>(w.partner_units.size());
    totals.officials = static_cast<std::int64_t>(w.officials.size());
    totals.service_points = static_cast<std::int64_t>(w.service_points.size());
    totals.actors = end.actors;
    totals.orders_created = end.orders_created;
    totals.point_hours_staffed = end.point_hours_total;
    totals.budget_spent_yuan = end.budget_spent_yuan;
    totals.fund_spent_yuan = end.fund_spent_yuan;
    schema::write_attributes(summary, schema::summary_attributes(), totals);
    write_warnings(t.file, end.warnings);

    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    schema::RootAttributes root;
    root.software_version = provenance_.software_version;
    root.git_commit = provenance_.git_commit;
    root.created_utc = utc_now_iso8601();
    root.seed = scenario_.run.seed;
    root.years = scenario_.run.years;
    root.scenario_name = scenario_.run.name;
    root.scenario_source = provenance_.scenario_source;
    root.fingerprint = end.fingerprint;
    root.simgrid_version = provenance_.simgrid_version;
    root.hdf5_version =
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
    root.wall_seconds = end.wall_seconds;
    schema::write_attributes(t.file, schema::root_attributes(), root);
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
