#pragma once
// The parameter catalogue: every scenario parameter is declared here ONCE, with its INI key,
// type, default, unit, allowed range, one-line description and the Scenario field it sets.
// The loader, the effective INI, `describe` and the defaults of a Scenario all read this table,
// so a parameter cannot have two defaults or two ranges.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/scenario.hpp"

namespace orgsim::config {

enum class ParamType { kInt, kReal, kString, kStringList, kRealList, kChoice };

// "int", "real", "string", "string-list", "real-list", "choice" (the words of the docs table).
const char* to_string(ParamType type);

// A parameter's typed value. A kChoice value is the index of its word in ParamSpec::choices,
// which lists the words in the order of the matching enum in scenario.hpp.
using ParamValue =
    std::variant<std::int64_t, double, std::string, std::vector<std::string>, std::vector<double>>;

// Allowed reals: for kReal values and for each item of a kRealList. An infinite end is no bound.
struct RealBounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  // true: min itself is excluded
  bool max_open = false;  // true: max itself is excluded
  bool zero_too = false;  // true: 0 is allowed as well, with a meaning of its own (e.g. "never")
};

// Rules of a kStringList or kRealList value.
struct ListRule {
  std::size_t min_items = 0;
  std::size_t max_items = std::numeric_limits<std::size_t>::max();
  bool unique = false;               // string lists: no item may repeat
  bool positive_sum = false;         // real lists: the items add up to more than 0
  bool strictly_decreasing = false;  // real lists: each item is below the one before
};

struct ParamSpec {
  std::string key;  // "section.name", as written in INI under [section]
  ParamType type = ParamType::kInt;
  std::string default_text;  // the default as it would be written in INI
  std::string unit;          // "-" when the value has no unit
  std::string description;   // one line
  std::int64_t int_min = 0;  // kInt: inclusive range
  std::int64_t int_max = 0;
  RealBounds real;  // kReal, and each item of a kRealList
  ListRule list;    // kStringList, kRealList
  // kChoice: the allowed words, in enum order. kStringList: if non-empty, the only allowed items.
  std::vector<std::string> choices;
  // kString: what the text must be when more than any non-empty text (describe's range; the
  // check itself is the loader's).
  std::string text_form;
  // How the value binds to its Scenario field.
  std::function<void(Scenario&, const ParamValue&)> set;
  std::function<ParamValue(const Scenario&)> get;

  std::string section() const;  // the part before the first '.'
  std::string name() const;     // the part after the first '.'
};

// Every parameter, grouped by section, sections in catalogue_sections() order.
const std::vector<ParamSpec>& parameter_catalogue();

// The INI sections in catalogue order: run, district, demand, ..., incubation.
const std::vector<std::string>& catalogue_sections();

// The parameter with this exact key, or nullptr.
const ParamSpec* find_parameter(const std::string& key);

// The range column of the docs table: "[1, 100000]", "(0, 1]", "exactly 24 values, each >= 0,
// sum > 0", "shortest_queue, random, ...".
std::string range_text(const ParamSpec& spec);

// What a value of this parameter must be, for problem messages: the type, the range and the
// unit, e.g. "an integer in [1, 100000] (unit: branch)".
std::string allowed_text(const ParamSpec& spec);

// Result of converting the text of one value.
struct ParsedValue {
  std::optional<ParamValue> value;    // set only when problems is empty
  std::vector<std::string> problems;  // e.g. "not an integer", "out of range"
};

// Converts and checks `text` (surrounding whitespace is ignored) against the spec: type, range,
// choices, list items. Every problem of the value is listed.
ParsedValue parse_value(const ParamSpec& spec, const std::string& text);

// Canonical INI text of a value: lists comma-separated without spaces, reals in the shortest
// form that reads back to the same double. parse_value(format_value(v)) gives v again.
std::string format_value(const ParamSpec& spec, const ParamValue& value);

// Shortest text that reads back (std::from_chars) to exactly `x`; fixed notation unless that is
// long ("200000", "0.1", "1e-300").
std::string format_real(double x);

}  // namespace orgsim::config
