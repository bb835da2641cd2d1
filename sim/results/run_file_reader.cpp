#include "results/run_file_reader.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "config/scenario_loader.hpp"
#include "results/hdf5_file.hpp"
#include "results/run_file_checks.hpp"
#include "results/run_file_schema.hpp"
#include "results/run_file_writer.hpp"
#include "results/summary_sink.hpp"

namespace orgsim::results {

namespace {

// Feeds every row of a table to `emit`, a slice at a time (memory stays bounded).
template <class Row, class Emit>
void replay(hid_t location, const std::string& name, const h5::CompoundType& type, Emit emit) {
  const h5::TableReader table(location, name, type.id());
  std::vector<Row> rows(schema::kChunkRows);
  for (std::size_t first = 0; first < table.size(); first += rows.size()) {
    const std::size_t count = std::min(rows.size(), table.size() - first);
    table.read(first, count, rows.data());
    for (std::size_t i = 0; i < count; ++i) emit(rows[i]);
  }
}

// Replays an event table whose every row is checked first (run_file_checks.hpp).
template <class Row, class Emit>
void replay_checked(hid_t location, const std::string& path, const std::string& table_path,
                    const h5::CompoundType& type, const RunFileSizes& sizes, Emit emit) {
  std::size_t row_number = 0;
  const std::string name = table_path.substr(table_path.rfind('/') + 1);
  replay<Row>(location, name, type, [&](const Row& row) {
    check_row(row, sizes, path + ": " + table_path + " row " + std::to_string(row_number++));
    emit(row);
  });
}

// A whole dataset of exactly `count` values (a file whose dataset holds more or fewer than its
// own sizes say is refused, rather than read past the buffer).
template <class T>
std::vector<T> read_all(hid_t location, const std::string& name, hid_t type, std::size_t count,
                        const std::string& path) {
  const h5::Handle dataset = h5::open_dataset(location, name);
  const h5::Handle space(h5::check_id(H5Dget_space(dataset), "open the space of " + name));
  const hssize_t stored = H5Sget_simple_extent_npoints(space);
  if (stored < 0 || static_cast<std::size_t>(stored) != count)
    throw NotARunFile(path + ": " + name + " holds " + std::to_string(stored) +
                      " values where the file's sizes call for " + std::to_string(count) +
                      " (the file is damaged or was not written by orgsim)");
  std::vector<T> values(count);
  h5::check(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read " + name);
  return values;
}

// The sizes the file declares, against which every id read from it is checked.
RunFileSizes declared_sizes(hid_t file, const config::Scenario& scenario) {
  const h5::Handle summary = h5::open_group(file, "summary");
  RunFileSizes n;
  n.towns = h5::read_int_attribute(summary, "towns");
  n.branches = h5::read_int_attribute(summary, "branches");
  n.social_orgs = h5::read_int_attribute(summary, "social_orgs");
  n.partner_units = h5::read_int_attribute(summary, "partner_units");
  n.officials = h5::read_int_attribute(summary, "officials");
  n.service_points = h5::read_int_attribute(summary, "service_points");
  struct Member {
    std::int32_t org;
  };
  h5::CompoundType member(sizeof(Member));
  member.add("org", offsetof(Member, org), H5T_NATIVE_INT32);
  n.org_members = static_cast<std::int64_t>(
      h5::TableReader(h5::open_group(file, "agents"), "org_members", member.id()).size());
  n.categories = static_cast<std::int64_t>(scenario.demand.categories.size());
  n.tiers = static_cast<std::int64_t>(scenario.tiers.amounts_yuan.size());
  n.areas = scenario.district.areas;
  n.years = scenario.run.years;
  return n;
}

void check_schema(hid_t file, const std::string& path) {
  if (!h5::has_attribute(file, "schema"))
    throw NotARunFile(path + ": not an orgsim run file (it has no 'schema' attribute)");
  const std::string schema_name = h5::read_string_attribute(file, "schema");
  if (schema_name != kRunSchema)
    throw NotARunFile(path + ": not an orgsim run file (its schema is '" + schema_name +
                      "', not '" + kRunSchema + "')");
  const auto version = h5::read_int_attribute(file, "schema_version");
  if (version != kRunSchemaVersion)
    throw NotARunFile(path + ": schema version " + std::to_string(version) +
                      " is not known to this orgsim, which reads version " +
                      std::to_string(kRunSchemaVersion));
}

// Each branch's inspection area (/agents/branches, column area), row = branch id.
std::vector<std::int32_t> read_branch_areas(hid_t file, std::size_t branches) {
  struct Area {
    std::int32_t area;
  };
  h5::CompoundType type(sizeof(Area));
  type.add("area", offsetof(Area, area), H5T_NATIVE_INT32);
  std::vector<std::int32_t> areas;
  replay<Area>(h5::open_group(file, "agents"), "branches", type,
               [&](const Area& a) { areas.push_back(a.area); });
  if (areas.size() != branches)
    throw h5::Error("agents/branches has " + std::to_string(areas.size()) +
                    " rows, the summary says " + std::to_string(branches) + " branches");
  return areas;
}

// Opens `path` read-only after checking that it is an orgsim run file this build reads.
h5::Handle open_run_file(const std::string& path) {
  h5::silence_library_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw NotARunFile(path + ": not an HDF5 file (or it cannot be read)");
  h5::Handle file = h5::open_file_read_only(path);
  check_schema(file, path);
  return file;
}

// /config/ini loaded by this build's loader.
config::Scenario load_stored_scenario(const std::string& path, const std::string& ini) {
  const auto loaded = config::load_scenario({path + ":/config/ini", ini, {}, std::nullopt});
  if (!loaded.problems.empty())
    throw NotARunFile(path + ": its stored scenario does not load in this orgsim: " +
                      loaded.problems.front().to_string());
  return *loaded.scenario;
}

// Every event of the run, through `sink` (docs/RESULTS.md has the tables). Every id and code
// is checked against the sizes the file declares before a sink sees it; those sizes are
// returned.
RunFileSizes replay_tables(hid_t file, const std::string& path, const config::Scenario& scenario,
                           ResultSink& sink) {
  const RunFileSizes sizes = declared_sizes(file, scenario);
  replay_checked<schema::OrderRow>(
      file, path, "/orders", schema::order_type(), sizes,
      [&](const schema::OrderRow& r) { sink.on_order_closed(schema::from_row(r)); });
  const h5::Handle events = h5::open_group(file, "events");
  replay_checked<schema::ShiftRow>(
      events, path, "/events/duty_shifts", schema::shift_type(), sizes,
      [&](const schema::ShiftRow& r) { sink.on_duty_shift(schema::from_row(r)); });
  replay_checked<schema::ActivityRow>(
      events, path, "/events/branch_activities", schema::activity_type(), sizes,
      [&](const schema::ActivityRow& r) { sink.on_branch_activity(schema::from_row(r)); });
  replay_checked<schema::DeclineRow>(
      events, path, "/events/declines", schema::decline_type(), sizes,
      [&](const schema::DeclineRow& r) { sink.on_decline(schema::from_row(r)); });

  // The inspections, quarter by quarter and branch by branch: the order they were emitted in.
  const auto branches =
      static_cast<std::size_t>(h5::read_int_attribute(h5::open_group(file, "summary"), "branches"));
  const std::vector<std::int32_t> area = read_branch_areas(file, branches);
  const h5::Handle quarterly = h5::open_group(file, "quarterly");
  const auto cells = 4 * static_cast<std::size_t>(scenario.run.years) * branches;
  const auto real_panel = [&](const char* name) {
    return read_all<double>(quarterly, name, H5T_NATIVE_DOUBLE, cells, path);
  };
  const auto int_panel = [&](const char* name) {
    return read_all<std::int32_t>(quarterly, name, H5T_NATIVE_INT32, cells, path);
  };
  const auto score = real_panel("score");
  const auto allowance = real_panel("allowance_yuan");
  const auto rank = int_panel("rank");
  const auto tier = int_panel("tier");
  const auto effort = real_panel("effort");
  const auto noise = real_panel("noise_points");
  const auto tier_without_noise = int_panel("tier_without_noise");
  const auto allowance_without_noise = real_panel("allowance_without_noise_yuan");
  const auto youth_contacts = int_panel("youth_contacts");
  const auto components = read_all<double>(quarterly, "components", H5T_NATIVE_DOUBLE,
                                           cells * kScoreComponentCount, path);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (tier[cell] == -1) continue;  // a quarter that was not inspected (the run broke off)
    InspectionRecord r;
    r.quarter = static_cast<int>(cell / branches);
    r.branch = static_cast<std::int32_t>(cell % branches);
    r.area = area[static_cast<std::size_t>(r.branch)];
    check_inspection(tier[cell], tier_without_noise[cell], rank[cell], r.area, sizes,
                     path + ": /quarterly quarter " + std::to_string(r.quarter + 1) + " branch " +
                         std::to_string(r.branch));
    for (int c = 0; c < kScoreComponentCount; ++c)
      r.components[static_cast<std::size_t>(c)] =
          components[cell * kScoreComponentCount + static_cast<std::size_t>(c)];
    r.score = score[cell];
    r.rank = rank[cell];
    r.tier = tier[cell];
    r.allowance_yuan = allowance[cell];
    r.effort = effort[cell];
    r.noise_points = noise[cell];
    r.tier_without_noise = tier_without_noise[cell];
    r.allowance_without_noise_yuan = allowance_without_noise[cell];
    r.youth_contacts = youth_contacts[cell];
    sink.on_inspection(r);
  }

  // The incubation decisions, year by year and organization by organization.
  replay_checked<schema::IncubationRow>(
      events, path, "/events/incubations", schema::incubation_type(), sizes,
      [&](const schema::IncubationRow& r) { sink.on_incubation(schema::from_row(r)); });
  return sizes;
}

}  // namespace

std::string read_run_ini(const std::string& path) {
  const h5::Handle file = open_run_file(path);
  return h5::read_string(h5::open_group(file, "config"), "ini");
}

config::Scenario read_run_scenario(const std::string& path) {
  const h5::Handle file = open_run_file(path);
  return load_stored_scenario(path, h5::read_string(h5::open_group(file, "config"), "ini"));
}

void replay_run_file(const std::string& path, ResultSink& sink) {
  const h5::Handle file = open_run_file(path);
  const config::Scenario scenario =
      load_stored_scenario(path, h5::read_string(h5::open_group(file, "config"), "ini"));
  replay_tables(file, path, scenario, sink);
}

StoredRun read_run_file(const std::string& path) {
  const h5::Handle file = open_run_file(path);
  StoredRun run;
  run.effective_ini = h5::read_string(h5::open_group(file, "config"), "ini");
  const config::Scenario scenario = load_stored_scenario(path, run.effective_ini);

  SummarySink sink(scenario);
  const RunFileSizes sizes = replay_tables(file, path, scenario, sink);

  const h5::Handle summary_group = h5::open_group(file, "summary");
  Summary& s = run.summary;
  s.towns = sizes.towns;
  s.branches = sizes.branches;
  s.social_orgs = sizes.social_orgs;
  s.partner_units = sizes.partner_units;
  s.officials = sizes.officials;
  s.service_points = sizes.service_points;
  s.actors = h5::read_int_attribute(summary_group, "actors");
  s.point_hours_staffed = h5::read_double_attribute(summary_group, "point_hours_staffed");
  s.budget_spent_yuan = h5::read_double_attribute(summary_group, "budget_spent_yuan");
  s.fund_spent_yuan = h5::read_double_attribute(summary_group, "fund_spent_yuan");

  fill_scenario_fields(s, scenario);
  s.fingerprint = h5::read_string_attribute(file, "fingerprint");
  s.software_version = h5::read_string_attribute(file, "software_version");
  s.wall_seconds = h5::read_double_attribute(file, "wall_seconds");
  sink.fill(s, s.officials);
  return run;
}

RunAgents read_run_agents(const std::string& path) {
  const h5::Handle file = open_run_file(path);
  const h5::Handle agents = h5::open_group(file, "agents");
  RunAgents a;
  a.town_names = h5::read_strings(agents, "towns_names");
  a.branch_names = h5::read_strings(agents, "branches_names");
  a.branch_leaders = h5::read_strings(agents, "branches_leaders");
  a.org_names = h5::read_strings(agents, "social_orgs_names");
  a.partner_unit_names = h5::read_strings(agents, "partner_units_names");
  a.official_names = h5::read_strings(agents, "officials_names");

  struct BranchPlace {
    std::int32_t town, area;
  };
  h5::CompoundType branch_type(sizeof(BranchPlace));
  branch_type.add("town", offsetof(BranchPlace, town), H5T_NATIVE_INT32)
      .add("area", offsetof(BranchPlace, area), H5T_NATIVE_INT32);
  replay<BranchPlace>(agents, "branches", branch_type, [&](const BranchPlace& b) {
    a.branch_town.push_back(b.town);
    a.branch_area.push_back(b.area);
  });

  struct OrgPlace {
    std::int32_t town, active_from_year;
  };
  h5::CompoundType org_type(sizeof(OrgPlace));
  org_type.add("town", offsetof(OrgPlace, town), H5T_NATIVE_INT32)
      .add("active_from_year", offsetof(OrgPlace, active_from_year), H5T_NATIVE_INT32);
  replay<OrgPlace>(agents, "social_orgs", org_type, [&](const OrgPlace& o) {
    a.org_town.push_back(o.town);
    a.org_active_from_year.push_back(o.active_from_year);
  });

  // Names and places are looked up by the ids of the events: every table must have a row for
  // every id the file declares, and every place must be a town of the file.
  const h5::Handle summary = h5::open_group(file, "summary");
  const auto expect_rows = [&](std::size_t rows, const char* attribute, const char* table) {
    const auto declared = h5::read_int_attribute(summary, attribute);
    if (declared < 0 || rows != static_cast<std::size_t>(declared))
      throw NotARunFile(path + ": /agents/" + table + " has " + std::to_string(rows) +
                        " rows where /summary declares " + std::to_string(declared) + " " +
                        attribute + " (the file is damaged or was not written by orgsim)");
  };
  expect_rows(a.town_names.size(), "towns", "towns_names");
  expect_rows(a.branch_names.size(), "branches", "branches_names");
  expect_rows(a.branch_leaders.size(), "branches", "branches_leaders");
  expect_rows(a.branch_town.size(), "branches", "branches");
  expect_rows(a.org_names.size(), "social_orgs", "social_orgs_names");
  expect_rows(a.org_town.size(), "social_orgs", "social_orgs");
  expect_rows(a.partner_unit_names.size(), "partner_units", "partner_units_names");
  expect_rows(a.official_names.size(), "officials", "officials_names");
  const auto towns = static_cast<std::int32_t>(a.town_names.size());
  for (const auto* places : {&a.branch_town, &a.org_town})
    for (const auto town : *places)
      if (town < 0 || town >= towns)
        throw NotARunFile(path + ": /agents: town " + std::to_string(town) +
                          " is not one of the file's " + std::to_string(towns) + " towns");
  return a;
}

}  // namespace orgsim::results
