#include "results/shard_index.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace orgsim::results {

namespace {

constexpr const char* kEnd = "# end";  // the last line: a shard index cut short lacks it

std::string header() {
  std::string h = "run_id\tstatus\tfingerprint";
  for (const auto& name : headline_names()) h += "\t" + name;
  return h + "\terror";
}

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return text;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
    fields.push_back(line.substr(start, tab - start));
  fields.push_back(line.substr(start));
  return fields;
}

}  // namespace

bool write_shard_index(const std::string& path, const std::vector<ShardIndexLine>& lines) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary);
    out << header() << "\n";
    char number[32];
    for (const auto& line : lines) {
      out << line.run_id << "\t" << (line.ok ? "ok" : "failed") << "\t" << line.fingerprint;
      for (double value : headline_values(line.headline)) {
        std::snprintf(number, sizeof number, "%.17g", value);
        out << "\t" << number;
      }
      out << "\t" << one_line(line.error) << "\n";
    }
    out << kEnd << "\n";
    if (!out.flush()) return false;
  }
  return std::rename(partial.c_str(), path.c_str()) == 0;
}

std::optional<std::vector<ShardIndexLine>> read_shard_index(const std::string& path,
                                                            std::string& problem) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = path + ": cannot be read";
    return std::nullopt;
  }
  std::string text;
  if (!std::getline(in, text) || text != header()) {
    problem = path + ": not a shard index of this version of orgsim (its header differs)";
    return std::nullopt;
  }
  const auto& fields = headline_fields();
  std::vector<ShardIndexLine> lines;
  bool ended = false;
  for (std::size_t number = 2; std::getline(in, text); ++number) {
    if (text == kEnd) {
      ended = true;
      break;
    }
    const auto cells = split_tabs(text);
    if (cells.size() != fields.size() + 4 || (cells[1] != "ok" && cells[1] != "failed")) {
      problem = path + ": line " + std::to_string(number) + ": not a run's line";
      return std::nullopt;
    }
    ShardIndexLine line;
    line.run_id = cells[0];
    line.ok = cells[1] == "ok";
    line.fingerprint = cells[2];
    for (std::size_t i = 0; i < fields.size(); ++i) {
      char* end = nullptr;
      line.headline.*fields[i].value = std::strtod(cells[3 + i].c_str(), &end);
      if (cells[3 + i].empty() || *end != '\0') {
        problem = path + ": line " + std::to_string(number) + ": " + fields[i].name + ": " +
                  cells[3 + i] + ": not a number";
        return std::nullopt;
      }
    }
    line.error = cells.back();
    lines.push_back(line);
  }
  if (!ended) {
    problem = path + ": cut short (no end line)";
    return std::nullopt;
  }
  return lines;
}

}  // namespace orgsim::results
