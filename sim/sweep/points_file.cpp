#include "sweep/points_file.hpp"

#include <set>

#include "config/text.hpp"

namespace orgsim::sweep {

namespace {

// The records of a CSV text, each a list of fields; `unclosed` is set when a quote never ends.
std::vector<std::vector<std::string>> csv_records(const std::string& text, bool& unclosed) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  std::size_t i = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) i = 3;  // a UTF-8 byte-order mark
  const auto end_field = [&] {
    record.push_back(field);
    field.clear();
    field_started = false;
  };
  const auto end_record = [&] {
    end_field();
    const bool blank = record.size() == 1 && config::trim(record[0]).empty();
    if (!blank) records.push_back(record);
    record.clear();
  };
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      end_record();
    } else if (c != '\r') {
      field += c;
      field_started = true;
    }
  }
  unclosed = quoted;
  if (!field.empty() || !record.empty()) end_record();
  return records;
}

}  // namespace

PointsFile parse_points_csv(const std::string& text) {
  PointsFile out;
  bool unclosed = false;
  const auto records = csv_records(text, unclosed);
  if (unclosed) out.problems.push_back("a quoted value never ends");
  if (records.empty()) {
    out.problems.push_back("no header row of scenario keys");
    return out;
  }
  std::set<std::string> seen;
  for (std::size_t k = 0; k < records[0].size(); ++k) {
    const std::string key = config::trim(records[0][k]);
    if (key.empty())
      out.problems.push_back("column " + std::to_string(k + 1) + " of the header has no key");
    else if (!seen.insert(key).second)
      out.problems.push_back("key " + key + " is in the header twice");
    out.keys.push_back(key);
  }
  if (records.size() == 1) out.problems.push_back("a header but no point");
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& fields = records[r];
    const std::string row = "row " + std::to_string(r + 1);
    if (fields.size() != out.keys.size()) {
      out.problems.push_back(row + " has " + std::to_string(fields.size()) + " values for " +
                             std::to_string(out.keys.size()) + " keys");
      continue;
    }
    DesignCell cell;
    cell.role = DesignRole::kFile;
    cell.sample = static_cast<std::int32_t>(r - 1);
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const std::string value = config::trim(fields[k]);
      const std::string column =
          out.keys[k].empty() ? "column " + std::to_string(k + 1) : out.keys[k];
      if (value.empty()) out.problems.push_back(row + ": " + column + " has no value");
      cell.values.emplace_back(out.keys[k], value);
    }
    out.cells.push_back(std::move(cell));
  }
  return out;
}

}  // namespace orgsim::sweep
