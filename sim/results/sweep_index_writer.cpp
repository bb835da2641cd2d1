#include "results/sweep_index_writer.hpp"

#include <cstddef>
#include <cstdio>
#include <cstring>

#include "results/hdf5_file.hpp"
#include "results/output_claim.hpp"
#include "results/utc_time.hpp"

namespace orgsim::results {

namespace {

struct HeadlineField {
  const char* name;
  double Headline::*value;
};

// Every indicator once: its /runs column and its field, in the order of the columns.
const std::vector<HeadlineField>& headline_fields() {
  static const std::vector<HeadlineField> fields = {
      {"incubation_rate", &Headline::incubation_rate},
      {"incubated", &Headline::incubated},
      {"denied", &Headline::denied},
      {"not_enough_data", &Headline::not_enough_data},
      {"good_denied", &Headline::good_denied},
      {"good_denied_share", &Headline::good_denied_share},
      {"below_standard_incubated", &Headline::below_standard_incubated},
      {"below_standard_incubated_share", &Headline::below_standard_incubated_share},
      {"good_not_enough_data", &Headline::good_not_enough_data},
      {"own_rule_wrongly_denied_share", &Headline::own_rule_wrongly_denied_share},
      {"own_rule_wrongly_incubated_share", &Headline::own_rule_wrongly_incubated_share},
      {"mean_response_h", &Headline::mean_response_h},
      {"mean_wait_incl_open_h", &Headline::mean_wait_incl_open_h},
      {"still_waiting_at_end", &Headline::still_waiting_at_end},
      {"backlog_total", &Headline::backlog_total},
      {"backlog_committee", &Headline::backlog_committee},
      {"escalated", &Headline::escalated},
      {"answered_on_time_share", &Headline::answered_on_time_share},
      {"satisfaction_rate", &Headline::satisfaction_rate},
      {"activities_held", &Headline::activities_held},
      {"activities_cancelled", &Headline::activities_cancelled},
      {"youth_contacts", &Headline::youth_contacts},
      {"leaders_gave_up", &Headline::leaders_gave_up},
      {"leader_effort_mean", &Headline::leader_effort_mean},
      {"allowance_total_yuan", &Headline::allowance_total_yuan},
      {"official_duty_h_mean", &Headline::official_duty_h_mean},
      {"declined_orders", &Headline::declined_orders},
      {"tier_noise_share", &Headline::tier_noise_share},
      {"special_left_to_committee_share", &Headline::special_left_to_committee_share},
      {"warnings", &Headline::warnings},
      {"years", &Headline::years},
      {"orders_total", &Headline::orders_total},
      {"wall_seconds", &Headline::wall_seconds}};
  return fields;
}

}  // namespace

const std::vector<std::string>& headline_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& f : headline_fields()) out.emplace_back(f.name);
    return out;
  }();
  return names;
}

std::vector<double> headline_values(const Headline& h) {
  std::vector<double> out;
  for (const auto& f : headline_fields()) out.push_back(h.*f.value);
  return out;
}

namespace {

// One /runs row in memory: strings as C pointers (variable-length UTF-8 in the file), then the
// numbers. Built field by field because the grid has as many columns as the sweep has keys.
struct RowLayout {
  std::vector<std::size_t> string_offsets;  // run_id, policy, file, fingerprint, error, grid...
  std::size_t replication, seed, cell, status;
  std::vector<std::size_t> number_offsets;  // headline indicators
  std::size_t size;
};

RowLayout layout_for(std::size_t grid_keys) {
  RowLayout l;
  std::size_t offset = 0;
  for (std::size_t i = 0; i < 5 + grid_keys; ++i, offset += sizeof(const char*))
    l.string_offsets.push_back(offset);
  l.replication = offset;
  offset += sizeof(std::int64_t);
  l.seed = offset;
  offset += sizeof(std::int64_t);
  l.cell = offset;
  offset += sizeof(std::int64_t);
  for (std::size_t i = 0; i < headline_names().size(); ++i, offset += sizeof(double))
    l.number_offsets.push_back(offset);
  l.status = offset;
  offset += sizeof(std::int64_t);  // a uint8 enum, padded to keep rows aligned
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
    const h5::Handle status = h5::enum_type({"ok", "failed"});
    h5::CompoundType type(l.size);
    const std::vector<std::string> string_fields = {"run_id", "policy", "file", "fingerprint",
                                                    "error"};
    for (std::size_t i = 0; i < string_fields.size(); ++i)
      type.add(string_fields[i], l.string_offsets[i], text);
    for (std::size_t g = 0; g < index.grid_keys.size(); ++g)
      type.add(index.grid_keys[g], l.string_offsets[5 + g], text);
    type.add("replication", l.replication, H5T_NATIVE_INT64)
        .add("seed", l.seed, H5T_NATIVE_INT64)
        .add("cell", l.cell, H5T_NATIVE_INT64);
    for (std::size_t i = 0; i < headline_names().size(); ++i)
      type.add(headline_names()[i], l.number_offsets[i], H5T_NATIVE_DOUBLE);
    type.add("status", l.status, status);

    std::vector<unsigned char> rows(l.size * index.runs.size());
    for (std::size_t r = 0; r < index.runs.size(); ++r) {
      unsigned char* row = rows.data() + r * l.size;
      const SweepRunRow& run = index.runs[r];
      const std::vector<const std::string*> strings = {&run.run_id, &run.policy, &run.file,
                                                       &run.fingerprint, &run.error};
      for (std::size_t i = 0; i < strings.size(); ++i) {
        const char* p = strings[i]->c_str();
        std::memcpy(row + l.string_offsets[i], &p, sizeof p);
      }
      for (std::size_t g = 0; g < index.grid_keys.size(); ++g) {
        const char* p = run.grid_values.at(g).c_str();
        std::memcpy(row + l.string_offsets[5 + g], &p, sizeof p);
      }
      std::memcpy(row + l.replication, &run.replication, sizeof run.replication);
      std::memcpy(row + l.seed, &run.seed, sizeof run.seed);
      std::memcpy(row + l.cell, &run.cell, sizeof run.cell);
      const std::vector<double> values = headline_values(run.headline);
      for (std::size_t i = 0; i < values.size(); ++i)
        std::memcpy(row + l.number_offsets[i], &values[i], sizeof(double));
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
    std::remove(partial.c_str());
    throw;
  }
}

}  // namespace orgsim::results
