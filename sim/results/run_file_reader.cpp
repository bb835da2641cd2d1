#include "results/run_file_reader.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <system_error>
#include <vector>

#include "config/scenario_loader.hpp"
#include "results/hdf5_file.hpp"
#include "results/run_file_checks.hpp"
#include "results/run_file_schema.hpp"
#include "results/summary_sink.hpp"

namespace orgsim::results {

namespace {

// A file that is not what orgsim writes: bad input, named.
NotARunFile damaged(const std::string& path, const std::string& what) {
  return NotARunFile(path + ": " + what + " (the file is damaged or was not written by orgsim)");
}

// `read()`, with HDF5's failures sorted: the system's failure to read the file stays an
// h5::Error (the caller's exit 4); any other is HDF5 unable to make sense of the file, which
// is then damaged (NotARunFile, exit 2).
template <class Read>
auto reading(const std::string& path, Read read) -> decltype(read()) {
  try {
    return read();
  } catch (const h5::Error& e) {
    if (e.io()) throw;
    throw damaged(path, e.what());
  }
}

// `object` (an absolute path in the file) must be there, each group on the way to it too. A
// link that is not there is named; a failure to look it up is an h5::Error, never "missing".
void require(hid_t file, const std::string& path, const std::string& object) {
  for (std::size_t slash = object.find('/', 1);; slash = object.find('/', slash + 1)) {
    const std::string step = object.substr(0, slash);
    if (!h5::exists(file, step)) throw damaged(path, step + " is missing");
    if (slash == std::string::npos) return;
  }
}

H5T_class_t class_of(schema::Type type) {
  switch (type) {
    case schema::Type::kFloat64:
      return H5T_FLOAT;
    case schema::Type::kEnum:
      return H5T_ENUM;
    case schema::Type::kString:
      return H5T_STRING;
    default:
      return H5T_INTEGER;
  }
}

// Checks the file's `table` against its declaration: there, made of rows, with every declared
// column of the declared kind (a column missing from the file would read as zeros).
void check_table(hid_t file, const std::string& path, const schema::Table& table) {
  require(file, path, table.path);
  const auto fields = h5::compound_fields(h5::open_dataset(file, table.path), table.path);
  if (fields.empty()) throw damaged(path, table.path + " is not a table of rows");
  for (const schema::Column& column : table.columns) {
    const auto field = std::find_if(fields.begin(), fields.end(),
                                    [&](const h5::Field& f) { return f.name == column.name; });
    if (field == fields.end()) throw damaged(path, table.path + " has no column " + column.name);
    if (field->type_class != class_of(column.type))
      throw damaged(path, table.path + " column " + column.name + " is not of type " +
                              schema::to_string(column.type));
  }
}

// Feeds every row of a table to `emit`, a slice at a time (memory stays bounded).
template <class Row, class Emit>
void replay(hid_t file, const std::string& path, const schema::Table& table, Emit emit) {
  check_table(file, path, table);
  const h5::CompoundType type = schema::compound_type(table);
  const h5::TableReader reader(file, table.path, type.id());
  std::vector<Row> rows(schema::kReadRows);
  for (std::size_t first = 0; first < reader.size(); first += rows.size()) {
    const std::size_t count = std::min(rows.size(), reader.size() - first);
    reader.read(first, count, rows.data());
    for (std::size_t i = 0; i < count; ++i) emit(rows[i]);
  }
}

// Every row of a (small) table.
template <class Row>
std::vector<Row> read_rows(hid_t file, const std::string& path, const schema::Table& table) {
  std::vector<Row> rows;
  replay<Row>(file, path, table, [&](const Row& row) { rows.push_back(row); });
  return rows;
}

// Replays an event table whose every row is checked first (run_file_checks.hpp).
template <class Row, class Emit>
void replay_checked(hid_t file, const std::string& path, const schema::Table& table,
                    const RunFileSizes& sizes, Emit emit) {
  std::size_t row_number = 0;
  replay<Row>(file, path, table, [&](const Row& row) {
    check_row(row, sizes, path + ": " + table.path + " row " + std::to_string(row_number++));
    emit(row);
  });
}

// A whole dataset of exactly `count` values (a file whose dataset holds more or fewer than its
// own sizes say is refused, rather than read past the buffer).
template <class T>
std::vector<T> read_all(hid_t file, const std::string& object, hid_t type, std::size_t count,
                        const std::string& path) {
  require(file, path, object);
  const h5::Handle dataset = h5::open_dataset(file, object);
  std::size_t stored = 1;
  for (const hsize_t n : h5::shape(dataset, object)) stored *= static_cast<std::size_t>(n);
  if (stored != count)
    throw damaged(path, object + " holds " + std::to_string(stored) +
                            " values where the file's sizes call for " + std::to_string(count));
  std::vector<T> values(count);
  h5::check(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read " + object);
  return values;
}

// The declared attributes of `object` (an absolute path in the file), each of which must be
// there.
template <class Record>
Record read_attributes(hid_t file, const std::string& path, const std::string& object,
                       const std::vector<schema::Attribute<Record>>& attributes) {
  require(file, path, object);
  const h5::Handle location(
      h5::check_id(H5Oopen(file, object.c_str(), H5P_DEFAULT), "open " + object));
  Record record;
  for (const auto& a : attributes) {
    if (!h5::has_attribute(location, a.name))
      throw damaged(path, object + " has no attribute " + a.name);
    if (a.integer) record.*a.integer = h5::read_int_attribute(location, a.name);
    if (a.real) record.*a.real = h5::read_double_attribute(location, a.name);
    if (a.text) record.*a.text = h5::read_string_attribute(location, a.name);
  }
  return record;
}

// The sizes the file declares, against which every id read from it is checked.
RunFileSizes declared_sizes(hid_t file, const std::string& path, const config::Scenario& scenario,
                            const schema::SummaryAttributes& totals) {
  RunFileSizes n;
  n.towns = totals.towns;
  n.branches = totals.branches;
  n.social_orgs = totals.social_orgs;
  n.partner_units = totals.partner_units;
  n.officials = totals.officials;
  n.service_points = totals.service_points;
  const schema::Table& members = schema::org_members_table();
  check_table(file, path, members);
  n.org_members = static_cast<std::int64_t>(
      h5::TableReader(file, members.path, schema::compound_type(members).id()).size());
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
  if (!h5::has_attribute(file, "schema_version"))
    throw damaged(path, "/ has no attribute schema_version");
  const auto version = h5::read_int_attribute(file, "schema_version");
  if (version != kRunSchemaVersion)
    throw NotARunFile(path + ": schema version " + std::to_string(version) +
                      " is not known to this orgsim, which reads version " +
                      std::to_string(kRunSchemaVersion));
}

// Each branch's inspection area (/agents/branches, column area), row = branch id.
std::vector<std::int32_t> read_branch_areas(hid_t file, const std::string& path,
                                            std::size_t branches) {
  std::vector<std::int32_t> areas;
  for (const auto& b : read_rows<schema::BranchRow>(file, path, schema::branches_table()))
    areas.push_back(b.area);
  if (areas.size() != branches)
    throw damaged(path, schema::branches_table().path + " has " + std::to_string(areas.size()) +
                            " rows, /summary says " + std::to_string(branches) + " branches");
  return areas;
}

// Opens `path` read-only after checking that it is an orgsim run file this build reads.
h5::Handle open_run_file(const std::string& path) {
  h5::silence_library_errors();
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) throw NotARunFile(path + ": no such file");
  if (!std::filesystem::is_regular_file(status))
    throw NotARunFile(path + ": not an HDF5 file (not a regular file)");
  if (!h5::is_hdf5(path)) throw NotARunFile(path + ": not an HDF5 file");
  h5::Handle file = h5::open_file_read_only(path);
  check_schema(file, path);
  return file;
}

std::string read_ini(hid_t file, const std::string& path) {
  require(file, path, schema::kConfigIni);
  return h5::read_string(file, schema::kConfigIni);
}

// /config/ini loaded by this build's loader.
config::Scenario load_stored_scenario(const std::string& path, const std::string& ini) {
  const auto loaded =
      config::load_scenario({path + ":" + schema::kConfigIni, ini, {}, std::nullopt});
  if (!loaded.problems.empty())
    throw NotARunFile(path + ": its stored scenario does not load in this orgsim: " +
                      loaded.problems.front().to_string());
  return *loaded.scenario;
}

// Every event of the run, through `sink` (docs/RESULTS.md has the tables). Every id and code
// is checked against the sizes the file declares before a sink sees it; those sizes are
// returned.
RunFileSizes replay_tables(hid_t file, const std::string& path, const config::Scenario& scenario,
                           const schema::SummaryAttributes& totals, core::EventSink& sink) {
  const RunFileSizes sizes = declared_sizes(file, path, scenario, totals);
  replay_checked<schema::OrderRow>(
      file, path, schema::orders_table(), sizes,
      [&](const schema::OrderRow& r) { sink.on_order_closed(schema::from_row(r)); });
  replay_checked<schema::ShiftRow>(
      file, path, schema::shifts_table(), sizes,
      [&](const schema::ShiftRow& r) { sink.on_duty_shift(schema::from_row(r)); });
  replay_checked<schema::ActivityRow>(
      file, path, schema::activities_table(), sizes,
      [&](const schema::ActivityRow& r) { sink.on_branch_activity(schema::from_row(r)); });
  replay_checked<schema::DeclineRow>(
      file, path, schema::declines_table(), sizes,
      [&](const schema::DeclineRow& r) { sink.on_decline(schema::from_row(r)); });

  // The inspections, quarter by quarter and branch by branch: the order they were emitted in.
  const auto branches = static_cast<std::size_t>(totals.branches);
  const std::vector<std::int32_t> area = read_branch_areas(file, path, branches);
  const auto cells = 4 * static_cast<std::size_t>(scenario.run.years) * branches;
  const auto& panels = schema::quarterly_panels();
  std::vector<std::vector<double>> values;  // per panel, per cell (an int32 is exact in a double)
  for (const schema::Panel& p : panels) {
    const std::string object = "/quarterly/" + p.name;
    if (p.type == schema::Type::kFloat64) {
      values.push_back(read_all<double>(file, object, H5T_NATIVE_DOUBLE, cells, path));
    } else {
      const auto ints = read_all<std::int32_t>(file, object, H5T_NATIVE_INT32, cells, path);
      values.emplace_back(ints.begin(), ints.end());
    }
  }
  const auto components =
      read_all<double>(file, std::string("/quarterly/") + schema::kComponentsPanel,
                       H5T_NATIVE_DOUBLE, cells * core::kScoreComponentCount, path);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    core::InspectionRecord r;
    for (std::size_t p = 0; p < panels.size(); ++p) panels[p].set(r, values[p][cell]);
    if (r.tier == -1) continue;  // a quarter that was not inspected (the run broke off)
    r.quarter = static_cast<int>(cell / branches);
    r.branch = static_cast<std::int32_t>(cell % branches);
    r.area = area[static_cast<std::size_t>(r.branch)];
    check_inspection(r.tier, r.tier_without_noise, r.rank, r.area, sizes,
                     path + ": /quarterly quarter " + std::to_string(r.quarter + 1) + " branch " +
                         std::to_string(r.branch));
    for (int c = 0; c < core::kScoreComponentCount; ++c)
      r.components[static_cast<std::size_t>(c)] =
          components[cell * core::kScoreComponentCount + static_cast<std::size_t>(c)];
    sink.on_inspection(r);
  }

  // The incubation decisions, year by year and organization by organization.
  replay_checked<schema::IncubationRow>(
      file, path, schema::incubations_table(), sizes,
      [&](const schema::IncubationRow& r) { sink.on_incubation(schema::from_row(r)); });
  return sizes;
}

schema::SummaryAttributes read_totals(hid_t file, const std::string& path) {
  return read_attributes(file, path, "/summary", schema::summary_attributes());
}

}  // namespace

std::string read_run_ini(const std::string& path) {
  return reading(path, [&] { return read_ini(open_run_file(path), path); });
}

config::Scenario read_run_scenario(const std::string& path) {
  return reading(path,
                 [&] { return load_stored_scenario(path, read_ini(open_run_file(path), path)); });
}

void replay_run_file(const std::string& path, core::EventSink& sink) {
  reading(path, [&] {
    const h5::Handle file = open_run_file(path);
    const config::Scenario scenario = load_stored_scenario(path, read_ini(file, path));
    replay_tables(file, path, scenario, read_totals(file, path), sink);
  });
}

StoredRun read_run_file(const std::string& path) {
  return reading(path, [&] {
    const h5::Handle file = open_run_file(path);
    StoredRun run;
    run.effective_ini = read_ini(file, path);
    const config::Scenario scenario = load_stored_scenario(path, run.effective_ini);
    const schema::SummaryAttributes totals = read_totals(file, path);
    const schema::RootAttributes root = read_attributes(file, path, "/", schema::root_attributes());

    SummarySink sink(scenario);
    replay_tables(file, path, scenario, totals, sink);

    Summary& s = run.summary;
    s.towns = totals.towns;
    s.branches = totals.branches;
    s.social_orgs = totals.social_orgs;
    s.partner_units = totals.partner_units;
    s.officials = totals.officials;
    s.service_points = totals.service_points;
    s.actors = totals.actors;
    s.point_hours_staffed = totals.point_hours_staffed;
    s.budget_spent_yuan = totals.budget_spent_yuan;
    s.fund_spent_yuan = totals.fund_spent_yuan;

    fill_scenario_fields(s, scenario);
    s.fingerprint = root.fingerprint;
    s.scenario_digest = scenario_digest(run.effective_ini);
    s.software_version = root.software_version;
    s.wall_seconds = root.wall_seconds;
    sink.fill(s, s.officials);
    return run;
  });
}

RunAgents read_run_agents(const std::string& path) {
  return reading(path, [&] {
    const h5::Handle file = open_run_file(path);
    const auto names = [&](const std::string& object) {
      require(file, path, object);
      return h5::read_strings(file, object);
    };
    RunAgents a;
    a.town_names = names(schema::names_of(schema::towns_table()));
    a.branch_names = names(schema::names_of(schema::branches_table()));
    a.branch_leaders = names(schema::kBranchLeaders);
    a.org_names = names(schema::names_of(schema::social_orgs_table()));
    a.partner_unit_names = names(schema::names_of(schema::partner_units_table()));
    a.official_names = names(schema::names_of(schema::officials_table()));
    for (const auto& b : read_rows<schema::BranchRow>(file, path, schema::branches_table())) {
      a.branch_town.push_back(b.town);
      a.branch_area.push_back(b.area);
    }
    for (const auto& o : read_rows<schema::SocialOrgRow>(file, path, schema::social_orgs_table())) {
      a.org_town.push_back(o.provider.town);
      a.org_active_from_year.push_back(o.active_from_year);
    }

    // Names and places are looked up by the ids of the events: every table must have a row for
    // every id the file declares, and every place must be a town of the file.
    const schema::SummaryAttributes totals = read_totals(file, path);
    const auto expect_rows = [&](std::size_t rows, std::int64_t declared, const char* what,
                                 const std::string& table) {
      if (declared < 0 || rows != static_cast<std::size_t>(declared))
        throw damaged(path, table + " has " + std::to_string(rows) +
                                " rows where /summary declares " + std::to_string(declared) + " " +
                                what);
    };
    const auto& towns = schema::towns_table();
    const auto& branches = schema::branches_table();
    const auto& orgs = schema::social_orgs_table();
    expect_rows(a.town_names.size(), totals.towns, "towns", schema::names_of(towns));
    expect_rows(a.branch_names.size(), totals.branches, "branches", schema::names_of(branches));
    expect_rows(a.branch_leaders.size(), totals.branches, "branches", schema::kBranchLeaders);
    expect_rows(a.branch_town.size(), totals.branches, "branches", branches.path);
    expect_rows(a.org_names.size(), totals.social_orgs, "social_orgs", schema::names_of(orgs));
    expect_rows(a.org_town.size(), totals.social_orgs, "social_orgs", orgs.path);
    expect_rows(a.partner_unit_names.size(), totals.partner_units, "partner_units",
                schema::names_of(schema::partner_units_table()));
    expect_rows(a.official_names.size(), totals.officials, "officials",
                schema::names_of(schema::officials_table()));
    const auto town_count = static_cast<std::int32_t>(a.town_names.size());
    for (const auto* places : {&a.branch_town, &a.org_town})
      for (const auto town : *places)
        if (town < 0 || town >= town_count)
          throw NotARunFile(path + ": /agents: town " + std::to_string(town) +
                            " is not one of the file's " + std::to_string(town_count) + " towns");
    return a;
  });
}

}  // namespace orgsim::results
