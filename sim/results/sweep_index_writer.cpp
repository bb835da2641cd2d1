#include "results/sweep_index_writer.hpp"

#include <cstddef>
#include <cstdio>
#include <cstring>

#include "results/hdf5_file.hpp"
#include "results/output_claim.hpp"
#include "results/utc_time.hpp"

namespace orgsim::results {

const std::vector<SweepTextColumn>& sweep_text_columns() {
  static const std::vector<SweepTextColumn> columns = {{"run_id", &SweepRunRow::run_id},
                                                       {"policy", &SweepRunRow::policy},
                                                       {"file", &SweepRunRow::file},
                                                       {"fingerprint", &SweepRunRow::fingerprint},
                                                       {"error", &SweepRunRow::error}};
  return columns;
}

const std::vector<SweepIntegerColumn>& sweep_integer_columns() {
  static const std::vector<SweepIntegerColumn> columns = {
      {"replication", &SweepRunRow::replication},
      {"seed", &SweepRunRow::seed},
      {"cell", &SweepRunRow::cell}};
  return columns;
}

const std::vector<std::string>& sweep_status_labels() {
  static const std::vector<std::string> labels = {"ok", "failed"};
  return labels;
}

namespace {

// One /runs row in memory: strings as C pointers (variable-length UTF-8 in the file), then the
// numbers, in the order of the declared columns. Built field by field because the grid has as
// many columns as the sweep has keys.
struct RowLayout {
  std::vector<std::size_t> text;     // sweep_text_columns(), then the grid's
  std::vector<std::size_t> integer;  // sweep_integer_columns()
  std::vector<std::size_t> number;   // headline_fields()
  std::size_t status, size;
};

RowLayout layout_for(std::size_t grid_keys) {
  RowLayout l;
  std::size_t offset = 0;
  const auto next = [&offset](std::size_t bytes) {
    const std::size_t at = offset;
    offset += bytes;
    return at;
  };
  for (std::size_t i = 0; i < sweep_text_columns().size() + grid_keys; ++i)
    l.text.push_back(next(sizeof(const char*)));
  for (std::size_t i = 0; i < sweep_integer_columns().size(); ++i)
    l.integer.push_back(next(sizeof(std::int64_t)));
  for (std::size_t i = 0; i < headline_fields().size(); ++i)
    l.number.push_back(next(sizeof(double)));
  l.status = next(sizeof(std::int64_t));  // a uint8 enum, padded to keep rows aligned
  l.size = offset;
  return l;
}

// /design: the design's settings as attributes, one row per cell in each dataset.
void write_design(hid_t file, const SweepDesignTable& d) {
  const h5::Handle group = h5::create_group(file, "design");
  h5::write_attribute(group, "kind", d.kind);
  h5::write_attribute(group, "keys", d.keys);
  h5::write_attribute(group, "low", d.low);
  h5::write_attribute(group, "high", d.high);
  h5::write_attribute(group, "samples", d.samples);
  h5::write_attribute(group, "trajectories", d.trajectories);
  h5::write_attribute(group, "levels", d.levels);
  const hsize_t cells = d.role.size();
  const h5::Handle role = h5::enum_type({"grid", "A", "B", "AB", "trajectory", "lhs", "file"});
  h5::write_array(group, "role", {cells}, role, d.role.data());
  h5::write_array(group, "sample", {cells}, H5T_NATIVE_INT32, d.sample.data());
  h5::write_array(group, "step", {cells}, H5T_NATIVE_INT32, d.step.data());
  h5::write_array(group, "key", {cells}, H5T_NATIVE_INT32, d.key.data());
  h5::write_array(group, "unit", {cells, static_cast<hsize_t>(d.keys.size())}, H5T_NATIVE_DOUBLE,
                  d.unit.data());
}

}  // namespace

void write_sweep_index(const std::string& folder, const SweepIndex& index) {
  h5::silence_library_errors();
  const std::string path = folder + "/sweep.h5";
  const std::string partial = path + ".partial";
  const OutputClaim claim(partial);
  try {
    h5::Handle file = h5::create_file(partial);
    const RowLayout l = layout_for(index.grid_keys.size());
    const h5::Handle text = h5::utf8_string_type();
    const h5::Handle status = h5::enum_type(sweep_status_labels());
    const auto& texts = sweep_text_columns();
    const auto& integers = sweep_integer_columns();
    h5::CompoundType type(l.size);
    for (std::size_t i = 0; i < texts.size(); ++i) type.add(texts[i].name, l.text[i], text);
    for (std::size_t g = 0; g < index.grid_keys.size(); ++g)
      type.add(index.grid_keys[g], l.text[texts.size() + g], text);
    for (std::size_t i = 0; i < integers.size(); ++i)
      type.add(integers[i].name, l.integer[i], H5T_NATIVE_INT64);
    for (std::size_t i = 0; i < headline_fields().size(); ++i)
      type.add(headline_fields()[i].name, l.number[i], H5T_NATIVE_DOUBLE);
    type.add(kSweepStatusColumn, l.status, status);

    std::vector<unsigned char> rows(l.size * index.runs.size());
    for (std::size_t r = 0; r < index.runs.size(); ++r) {
      unsigned char* row = rows.data() + r * l.size;
      const SweepRunRow& run = index.runs[r];
      const auto put_text = [row](std::size_t offset, const std::string& value) {
        const char* p = value.c_str();
        std::memcpy(row + offset, &p, sizeof p);
      };
      for (std::size_t i = 0; i < texts.size(); ++i) put_text(l.text[i], run.*texts[i].value);
      for (std::size_t g = 0; g < index.grid_keys.size(); ++g)
        put_text(l.text[texts.size() + g], run.grid_values.at(g));
      for (std::size_t i = 0; i < integers.size(); ++i)
        std::memcpy(row + l.integer[i], &(run.*integers[i].value), sizeof(std::int64_t));
      const std::vector<double> values = headline_values(run.headline);
      for (std::size_t i = 0; i < values.size(); ++i)
        std::memcpy(row + l.number[i], &values[i], sizeof(double));
      const std::uint8_t code = run.ok ? 0 : 1;
      std::memcpy(row + l.status, &code, sizeof code);
    }
    h5::write_array(file, "runs", {index.runs.size()}, type.id(), rows.data());

    // External links: /run_files/<run_id> opens the run file's root.
    const h5::Handle links = h5::create_group(file, "run_files");
    for (const SweepRunRow& run : index.runs)
      if (run.ok && !run.file.empty())
        h5::check(H5Lcreate_external(run.file.c_str(), "/", links, run.run_id.c_str(), H5P_DEFAULT,
                                     H5P_DEFAULT),
                  "link " + run.file);

    h5::write_strings(file, "policies", index.policies);
    h5::write_strings(file, "policy_labels", index.policy_labels);
    h5::write_string(file, "sweep_ini", index.sweep_file_text);
    h5::write_attribute(file, "schema", std::string(kSweepSchema));
    h5::write_attribute(file, "schema_version", kSweepSchemaVersion);
    h5::write_attribute(file, "name", index.name);
    h5::write_attribute(file, "seed", index.seed);
    h5::write_attribute(file, "replications", index.replications);
    h5::write_attribute(file, "grid_keys", index.grid_keys);
    h5::write_attribute(file, "software_version", index.software_version);
    h5::write_attribute(file, "git_commit", index.git_commit);
    h5::write_attribute(file, "created_utc", utc_now_iso8601());
    h5::write_attribute(file, "keep", index.keep);
    h5::write_attribute(file, "design", index.design.kind);
    write_design(file, index.design);
    h5::close_file(file, partial);
    claim.sync();
    claim.publish(path);
  } catch (...) {
    std::remove(partial.c_str());  // no half-written index is left; the caller reports why
    throw;
  }
}

}  // namespace orgsim::results
