#pragma once
// Reads a scenario INI (Boost.Program_options), applies --set overrides and --seed, checks every
// value against the catalogue, and returns ALL problems at once. Nothing is simulated or written
// by a caller while problems is non-empty.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace orgsim::config {

struct ConfigProblem {
  std::string file;     // the file name as given (or "--set" for overrides)
  std::string key;      // e.g. "incubation.threshold", or "" for a syntax problem
  std::string value;    // the offending value as written
  std::string problem;  // what is wrong
  std::string allowed;  // what is allowed (may name the nearest valid key)
  // "file: key: value: problem; allowed: allowed"
  std::string to_string() const;
};

struct LoadResult {
  std::optional<Scenario> scenario;  // set only when problems is empty
  std::vector<ConfigProblem> problems;
  // Every parameter with its effective value, as canonical INI text (sections in catalogue
  // order). Loading this text with no overrides gives the same Scenario.
  std::string effective_ini;
};

struct LoadRequest {
  std::string source_name;             // file path shown in messages ("<embedded ouhai.ini>")
  std::string ini_text;                // the file's contents
  std::vector<std::string> overrides;  // "key=value" from --set, applied in order
  std::optional<std::int64_t> seed;    // from --seed: overrides run.seed
};

LoadResult load_scenario(const LoadRequest& request);

// Reads the file at `path` and loads it; a missing or unreadable file is a problem, not a throw.
LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& overrides,
                              std::optional<std::int64_t> seed);

// The text of scenarios/ouhai.ini, compiled into the binary.
const std::string& embedded_default_scenario();

}  // namespace orgsim::config
