#pragma once
// The JSON summary's keys (`orgsim run --json`, `orgsim summary FILE --json`; docs/RESULTS.md),
// declared once: every key in the order it is written, with its type, unit, one-line
// description and how its value is read from the run's Summary. format_summary_json writes
// exactly what is declared here; the sweep index names the keys it reads through summary_key()
// (headline.cpp); `orgsim describe --run-file-schema` lists every key as a dotted path
// ("json_summary" in analysis/run_file_schema.json), which the Python readers check the keys
// they use against. Adding a key is one entry here (and its field in Summary).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "results/summary.hpp"

namespace orgsim::results::summary_schema {

// kObject: a JSON object of declared `fields`. kArray: a JSON array, of objects (each with the
// declared `fields`, `count` of them) or of plain values (`element`, from `items`). kMap: a
// JSON object whose members' names are data (the scenario's categories), each of type
// `element`.
enum class Type { kInteger, kNumber, kText, kObject, kArray, kMap };
const char* to_string(Type type);

// Where a value is read from: the run's summary and, for a field of an element of an array of
// objects (orders.by_month, incubation.by_year, tiers), that element's index.
struct Row {
  const Summary& summary;
  std::size_t index = 0;
};

// A number is written with JsonWriter's shortest round-trip form, NaN as null.
using Value = std::variant<std::int64_t, double, std::string>;
// The members of a kMap (name, value) or the elements of an array of values ("", value).
using Items = std::vector<std::pair<std::string, Value>>;

struct Key {
  std::string name;  // the member's name in its object
  Type type = Type::kObject;
  std::string unit;                              // "" when it has none
  std::string doc;                               // one line
  std::function<Value(const Row&)> value;        // kInteger, kNumber, kText
  std::vector<Key> fields;                       // kObject; kArray of objects: each element's
  std::function<std::size_t(const Row&)> count;  // kArray of objects: how many elements
  Type element = Type::kInteger;                 // kMap, kArray of values: the values' type
  std::function<Items(const Row&)> items;        // kMap, kArray of values
};

// The summary's top-level keys, in the order they are written (wall_seconds last).
const std::vector<Key>& keys();

// One declared key as a dotted path, in writing order: an array's element is `[]` (each element
// of orders.by_month is orders.by_month[], its field month orders.by_month[].month; each number
// of behaviour.leader_effort_mean is behaviour.leader_effort_mean[]), a member of a kMap is `*`
// (orders.by_category.*).
struct Path {
  std::string path;
  Type type;
  const Key* key;  // the declaration (for a `[]` or `*` path of values: the array's or map's)
};
const std::vector<Path>& paths();

// `dotted` itself (the declared copy, which lives as long as the program) when it is a declared
// path; throws std::logic_error otherwise. The sweep index names the keys it reads through it,
// so a key that is not written fails the first time the list is built, not on every run.
const char* summary_key(const std::string& dotted);

}  // namespace orgsim::results::summary_schema
