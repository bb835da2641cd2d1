#include "results/file_schemas.hpp"

#include "results/json_writer.hpp"
#include "results/run_file_schema.hpp"
#include "results/summary_schema.hpp"
#include "results/sweep_index_writer.hpp"

namespace orgsim::results {
namespace {

void strings(JsonWriter& j, const char* key, const std::vector<std::string>& items) {
  j.begin_array(key);
  for (const auto& item : items) j.value("", item);
  j.end_array();
}

// {"name", "type", "unit" (when it has one), "labels" (for an enum)}, under `key` in an object.
void entry(JsonWriter& j, const std::string& name, schema::Type type, const std::string& unit,
           const std::vector<std::string>& labels = {}, std::string_view key = {}) {
  j.begin_object(key).value("name", name).value("type", schema::to_string(type));
  if (!unit.empty()) j.value("unit", unit);
  if (type == schema::Type::kEnum) strings(j, "labels", labels);
  j.end_object();
}

template <class Record>
void attributes(JsonWriter& j, const char* key,
                const std::vector<schema::Attribute<Record>>& declared) {
  j.begin_array(key);
  for (const auto& a : declared) entry(j, a.name, a.type, a.unit);
  j.end_array();
}

void run_file(JsonWriter& j) {
  j.begin_object("run_file").value("schema", kRunSchema).value("schema_version", kRunSchemaVersion);
  attributes(j, "root_attributes", schema::root_attributes());
  j.begin_array("tables");
  for (const schema::Table* table : schema::tables()) {
    j.begin_object().value("path", table->path);
    if (table->named) j.value("names", schema::names_of(*table));
    j.begin_array("columns");
    for (const schema::Column& c : table->columns) entry(j, c.name, c.type, c.unit, c.labels);
    j.end_array().end_object();
  }
  j.end_array();
  j.begin_object("quarterly")
      .value("group", "/quarterly")
      .value("comment",
             "each panel is [quarter][branch], with the dimension scale quarter on dimension 0 "
             "and branch on dimension 1; components is [quarter][branch][component] with the "
             "scale component on dimension 2; the coordinates are datasets [quarter] along the "
             "quarter scale, named in each panel's attribute coordinates; a panel's unit is its "
             "attribute units");
  strings(j, "scales", {schema::kQuarterScale, schema::kBranchScale, schema::kComponentScale});
  strings(j, "coordinates", {schema::kYearCoordinate, schema::kQuarterOfYearCoordinate});
  j.begin_array("panels");
  for (const schema::Panel& p : schema::quarterly_panels()) entry(j, p.name, p.type, p.unit);
  j.end_array();
  j.value("components", schema::kComponentsPanel);
  strings(j, "component_names", schema::component_names());
  j.end_object();
  attributes(j, "summary_attributes", schema::summary_attributes());
  strings(j, "string_datasets", schema::string_datasets());
  j.value("config_ini", schema::kConfigIni).value("config_params", schema::kConfigParams);
  j.end_object();
}

void sweep_index(JsonWriter& j) {
  j.begin_object("sweep_index")
      .value("schema", kSweepSchema)
      .value("schema_version", kSweepSchemaVersion);
  j.begin_object("runs")
      .value("path", "/runs")
      .value("comment",
             "columns in order: text_columns, one string column per grid key (the root "
             "attribute grid_keys), integer_columns, indicators, status");
  std::vector<std::string> names;
  for (const auto& c : sweep_text_columns()) names.emplace_back(c.name);
  strings(j, "text_columns", names);
  names.clear();
  for (const auto& c : sweep_integer_columns()) names.emplace_back(c.name);
  strings(j, "integer_columns", names);
  j.begin_array("indicators");
  for (const HeadlineField& f : headline_fields()) {
    j.begin_object().value("name", f.name).value("type", "float64");
    if (f.summary_key != nullptr) j.value("summary_key", f.summary_key);
    j.end_object();
  }
  j.end_array();
  entry(j, kSweepStatusColumn, schema::Type::kEnum, "", sweep_status_labels(), "status");
  j.end_object().end_object();
}

// Every key of the JSON summary as a dotted path, in the order they are written.
void json_summary(JsonWriter& j) {
  namespace ss = summary_schema;
  j.begin_object("json_summary")
      .value("comment",
             "the keys of `orgsim run --json` and `orgsim summary FILE --json` in the order "
             "they are written (sim/results/summary_schema.hpp); a path's [] is every element "
             "of an array, its * every member of a map (an object keyed by data: the "
             "scenario's categories); a number may be null (NaN) where its doc says so");
  j.begin_array("keys");
  for (const ss::Path& p : ss::paths()) {
    // An array's or a map's unit is its values', given on their `[]` or `*` path.
    const bool element = p.path.back() == ']' || p.path.back() == '*';
    const bool container = p.type == ss::Type::kArray || p.type == ss::Type::kMap;
    j.begin_object().value("key", p.path).value("type", ss::to_string(p.type));
    if (!p.key->unit.empty() && !container) j.value("unit", p.key->unit);
    if (!element) j.value("doc", p.key->doc);
    j.end_object();
  }
  j.end_array().end_object();
}

}  // namespace

std::string result_files_schema_json() {
  JsonWriter j;
  j.begin_object().value("generated_by", "orgsim describe --run-file-schema");
  run_file(j);
  sweep_index(j);
  json_summary(j);
  j.end_object();
  return j.str() + "\n";
}

}  // namespace orgsim::results
