#include "sweep/sweep_plan.hpp"

#include <boost/program_options/errors.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "config/parameter_catalogue.hpp"
#include "config/text.hpp"
#include "core/fingerprint.hpp"
#include "core/random_stream.hpp"
#include "sweep/latin_hypercube.hpp"
#include "sweep/points_file.hpp"
#include "sweep/sensitivity_designs.hpp"

namespace orgsim::sweep {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

constexpr const char* kEmbedded = "<embedded scenarios/ouhai.ini>";
constexpr std::int64_t kDefaultReplications = 10;
constexpr std::int64_t kMaxReplications = 100000;
constexpr std::int64_t kDefaultMorrisLevels = 4;

bool valid_policy_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return false;
  return true;
}

// Splits a [vary] value list at '|' (lists such as tier shares contain commas).
std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> values;
  std::size_t start = 0;
  for (;;) {
    const auto bar = text.find('|', start);
    values.push_back(config::trim(
        text.substr(start, bar == std::string::npos ? std::string::npos : bar - start)));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return values;
}

// A whole number in [low, high] by the scenario files' rule (config::to_int: "3abc" is not
// one), or nothing and `why` says what is wrong: to_int's reason, or "out of range".
std::optional<std::int64_t> whole_number(const std::string& text, std::int64_t low,
                                         std::int64_t high, std::string& why) {
  const auto value = config::to_int(config::trim(text), why);
  if (!value || (*value >= low && *value <= high)) return value;
  why = "out of range";
  return std::nullopt;
}

// A policy's label: `label = ...` under [policy.NAME] (not a scenario key: those have a dot).
constexpr const char* kLabelSuffix = ".label";

// The reference standard ([truth]) must be the same for every policy: it is the yardstick.
bool sets_the_standard(const std::string& override_or_key) {
  return override_or_key.rfind("truth.", 0) == 0;
}

struct Raw {
  std::map<std::string, std::string> sweep;                                // [sweep] key -> value
  std::vector<std::pair<std::string, std::vector<std::string>>> policies;  // name -> overrides
  std::map<std::string, std::string> labels;                               // name -> label
  std::vector<std::pair<std::string, std::vector<std::string>>> vary;      // key -> values
};

// Removes `name` from the [vary] entries and returns its single value, if it was there.
std::optional<std::string> take_setting(
    std::vector<std::pair<std::string, std::vector<std::string>>>& vary, const std::string& name) {
  for (auto it = vary.begin(); it != vary.end(); ++it)
    if (it->first == name) {
      const std::string value = it->second.empty() ? "" : it->second.front();
      vary.erase(it);
      return value;
    }
  return std::nullopt;
}

// A positive whole number setting of [vary] (samples, trajectories, levels), or nullopt with
// a problem when it is missing or out of [min, kMaxReplications].
template <class Problem>
std::optional<std::int64_t> count_setting(const std::string& name,
                                          const std::optional<std::string>& text, std::int64_t min,
                                          const std::string& design, Problem problem) {
  std::string why = "missing";
  const auto value = text ? whole_number(*text, min, kMaxReplications, why) : std::nullopt;
  if (value) return value;
  problem("vary." + name, text.value_or(""), why,
          "design = " + design + " needs " + name + ", an integer in [" + std::to_string(min) +
              ", " + std::to_string(kMaxReplications) + "]");
  return std::nullopt;
}

// Range designs (lhs, sobol, morris): every [vary] key holds a range "low..high" of a number
// parameter.
template <class Problem>
std::vector<VaryRange> parse_ranges(
    const std::vector<std::pair<std::string, std::vector<std::string>>>& vary,
    const std::string& design, Problem problem) {
  std::vector<VaryRange> ranges;
  for (const auto& [key, values] : vary) {
    const config::ParamSpec* spec = config::find_parameter(key);
    const std::string text = values.empty() ? "" : values.front();
    const auto dots = text.find("..");
    double low = 0, high = 0;
    bool ok = spec != nullptr && values.size() == 1 && dots != std::string::npos &&
              (spec->type == config::ParamType::kReal || spec->type == config::ParamType::kInt);
    std::string why;  // which end is not a number, and why ("6x: not a number (trailing ...)")
    if (ok) {
      const auto end = [&why](const std::string& end_text) {
        std::string not_a_number;
        const auto value = config::to_real(end_text, not_a_number);
        if (!value && why.empty()) why = " (" + end_text + ": " + not_a_number + ")";
        return value;
      };
      const auto parsed_low = end(config::trim(text.substr(0, dots)));
      const auto parsed_high = end(config::trim(text.substr(dots + 2)));
      ok = parsed_low && parsed_high && *parsed_low <= *parsed_high;
      if (ok) {
        low = *parsed_low;
        high = *parsed_high;
      }
    }
    if (!ok) {
      problem("vary." + key, text, "not a range of a number parameter" + why,
              "with design = " + design +
                  ": low..high, e.g. 0.70..0.90, for a real or integer scenario key");
      continue;
    }
    ranges.push_back({key, low, high, spec->type == config::ParamType::kInt});
  }
  if (vary.empty())
    problem("vary", "", "design = " + design + " without any key to vary",
            "at least one key = low..high");
  return ranges;
}

// The full grid of the listed values (design = grid, the default).
template <class Problem>
std::vector<DesignCell> grid_cells(
    const std::vector<std::pair<std::string, std::vector<std::string>>>& vary, Problem problem) {
  std::vector<std::vector<std::pair<std::string, std::string>>> grid = {{}};
  for (const auto& [key, values] : vary) {
    std::set<std::string> listed;
    for (const auto& v : values) {
      if (v.empty())
        problem("vary." + key, "", "an empty value in the list", "values separated by |");
      // Two equal values would make two equal points, run twice into the same files.
      else if (!listed.insert(v).second)
        problem("vary." + key, v, "listed twice", "each value once");
    }
    std::vector<std::vector<std::pair<std::string, std::string>>> next;
    for (const auto& cell : grid)
      for (const auto& v : values) {
        auto extended = cell;
        extended.emplace_back(key, v);
        next.push_back(extended);
      }
    grid = next;
  }
  std::vector<DesignCell> cells;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    DesignCell cell;
    cell.values = grid[i];
    cell.sample = static_cast<std::int32_t>(i);
    cells.push_back(std::move(cell));
  }
  return cells;
}

}  // namespace

std::string SweepPoint::label() const {
  std::string text = policy;
  for (std::size_t i = 0; i < grid.size(); ++i)
    text += (i == 0 ? " | " : ", ") + grid[i].first + "=" + grid[i].second;
  return text;
}

std::int64_t replication_seed(std::int64_t sweep_seed, std::int64_t replication) {
  const auto seed = core::derive_stream_seed(static_cast<std::uint64_t>(sweep_seed), "replication",
                                             static_cast<std::uint64_t>(replication));
  return static_cast<std::int64_t>(seed >> 1);
}

SweepLoadResult load_sweep(const std::string& source_name, const std::string& file_text,
                           const std::string& folder, std::int64_t max_runs) {
  SweepLoadResult result;
  const std::string text = config::normalized_text(file_text);
  auto problem = [&](const std::string& key, const std::string& value, const std::string& what,
                     const std::string& allowed) {
    result.problems.push_back({source_name, key, value, what, allowed});
  };

  // 1. Read the sections (Boost.Program_options, every option unregistered). Boost reports
  // keys, not sections, so the [policy.NAME] headers are found first, in file order: a policy
  // with no override (the baseline, typically) is a policy all the same.
  Raw raw;
  auto policy = [&raw](const std::string& name) -> std::vector<std::string>& {
    auto it = std::find_if(raw.policies.begin(), raw.policies.end(),
                           [&](const auto& p) { return p.first == name; });
    if (it == raw.policies.end()) it = raw.policies.insert(raw.policies.end(), {name, {}});
    return it->second;
  };
  std::set<std::string> declared;  // the [policy.NAME] headers' names
  {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      const std::string content = config::trim(line.substr(0, line.find('#')));
      if (content.size() > 9 && content.rfind("[policy.", 0) == 0 && content.back() == ']') {
        const std::string name = content.substr(8, content.size() - 9);
        const std::string header = "[" + content.substr(1, content.size() - 2) + "]";
        const auto dot = name.rfind('.');
        if (!valid_policy_name(name)) {
          problem(header, "", "not a policy name",
                  "[policy.NAME] with NAME of letters, digits, '.', '-' and '_'");
        } else if (!declared.insert(name).second) {
          // Boost would merge the two sections' keys into one policy without a word.
          problem(header, "", "given twice", "each [policy.NAME] once");
        } else if (dot != std::string::npos &&
                   std::find(config::catalogue_sections().begin(),
                             config::catalogue_sections().end(),
                             name.substr(dot + 1)) != config::catalogue_sections().end()) {
          problem(header, "", "ends in a scenario section",
                  "[policy." + name.substr(0, dot) + "] with keys written as " +
                      name.substr(dot + 1) + ".KEY = value");
        } else {
          policy(name);
        }
      }
    }
  }
  std::set<std::string> seen;
  try {
    std::istringstream in(text);
    const po::options_description none;
    const auto parsed = po::parse_config_file(in, none, true);
    for (const auto& option : parsed.options) {
      const std::string& key = option.string_key;
      const std::string value = option.value.empty() ? "" : config::trim(option.value.front());
      if (!seen.insert(key).second) {
        problem(key, value, "given twice", "each key once");
        continue;
      }
      if (key.rfind("sweep.", 0) == 0) {
        raw.sweep[key.substr(6)] = value;
      } else if (key.rfind("vary.", 0) == 0) {
        raw.vary.emplace_back(key.substr(5), split_values(value));
      } else if (key.rfind("policy.", 0) == 0 && key.size() > 7 + std::strlen(kLabelSuffix) &&
                 key.compare(key.size() - std::strlen(kLabelSuffix), std::string::npos,
                             kLabelSuffix) == 0 &&
                 declared.count(key.substr(7, key.size() - 7 - std::strlen(kLabelSuffix)))) {
        const std::string name = key.substr(7, key.size() - 7 - std::strlen(kLabelSuffix));
        policy(name);
        if (value.empty())
          problem(key, value, "an empty label", "a label to show instead of the policy's name");
        else
          raw.labels[name] = value;
      } else if (key.rfind("policy.", 0) == 0) {
        // policy.NAME.section.key: scenario keys have exactly one dot, so the name is what
        // lies between "policy." and the key (a name may hold dots: threshold-0.70).
        const auto key_dot = key.rfind('.');
        const auto name_end =
            key_dot == std::string::npos ? std::string::npos : key.rfind('.', key_dot - 1);
        const std::string name =
            name_end == std::string::npos || name_end <= 7 ? "" : key.substr(7, name_end - 7);
        if (!valid_policy_name(name) || !declared.count(name)) {
          problem(key, value, "not a policy setting",
                  "under [policy.NAME] (NAME of letters, digits, '.', '-' and '_') scenario keys "
                  "written with their section, e.g. incubation.threshold = 0.75");
          continue;
        }
        policy(name).push_back(key.substr(name_end + 1) + "=" + value);
      } else {
        problem(key, value, "unknown section or key", "[sweep], [policy.NAME] and [vary]");
      }
    }
  } catch (const po::error& e) {
    problem("", "", std::string("cannot be read as INI: ") + e.what(),
            "[section] lines and key = value lines");
    return result;
  }

  // 2. The [sweep] section.
  SweepLoadResult& r = result;
  SweepPlan plan;
  plan.file = source_name;
  const std::set<std::string> sweep_keys = {"name", "base", "replications", "seed"};
  for (const auto& [key, value] : raw.sweep)
    if (!sweep_keys.count(key))
      problem("sweep." + key, value, "unknown key",
              "sweep.name, sweep.base, sweep.replications, sweep.seed");
  plan.name = raw.sweep.count("name") ? raw.sweep["name"] : fs::path(source_name).stem().string();
  if (plan.name.empty()) problem("sweep.name", "", "empty", "a name for the sweep");
  plan.replications = kDefaultReplications;
  if (raw.sweep.count("replications")) {
    std::string why;
    const auto n = whole_number(raw.sweep["replications"], 1, kMaxReplications, why);
    if (!n)
      problem("sweep.replications", raw.sweep["replications"], why,
              "an integer in [1, " + std::to_string(kMaxReplications) + "]");
    else
      plan.replications = *n;
  }
  plan.seed = 1;
  if (raw.sweep.count("seed")) {
    std::string why;
    const auto n =
        whole_number(raw.sweep["seed"], 0, std::numeric_limits<std::int64_t>::max(), why);
    if (!n)
      problem("sweep.seed", raw.sweep["seed"], why, "an integer in [0, 9223372036854775807]");
    else
      plan.seed = *n;
  }
  std::string base_name = kEmbedded;
  plan.base_text = config::embedded_default_scenario();
  const std::string base = raw.sweep.count("base") ? raw.sweep["base"] : "";
  if (!base.empty() && base != "default") {
    const fs::path path = fs::path(base).is_absolute() ? fs::path(base) : fs::path(folder) / base;
    config::InputFile file = config::read_input_file(path.string());
    if (!file.text) {
      problem("sweep.base", base, path.string() + ": " + file.problem,
              "a scenario file (relative to the sweep file's folder), or default");
    } else {
      plan.base_text = std::move(*file.text);
      plan.base_path = path.string();
      base_name = path.string();
    }
  }

  // 3. The points: every policy (or the base alone) at every cell of the [vary] design: a full
  // grid of the listed values, a Latin hypercube, a Sobol (Saltelli) or Morris design over
  // ranges, or the rows of a points file.
  if (raw.policies.empty()) raw.policies.push_back({"base", {}});
  SweepDesign& design = plan.design;
  const auto design_word = take_setting(raw.vary, "design");
  design.kind = design_word.value_or("grid");
  // The design's own settings, each allowed with some designs only.
  const std::vector<std::pair<std::string, std::vector<std::string>>> settings_of = {
      {"samples", {"lhs", "sobol"}},
      {"trajectories", {"morris"}},
      {"levels", {"morris"}},
      {"file", {"file"}}};
  std::map<std::string, std::optional<std::string>> setting;
  for (const auto& [name, designs] : settings_of) {
    setting[name] = take_setting(raw.vary, name);
    if (setting[name] && std::find(designs.begin(), designs.end(), design.kind) == designs.end())
      problem("vary." + name, *setting[name], "not a setting of design = " + design.kind,
              name + " goes with design = " + designs.front() +
                  (designs.size() > 1 ? " or " + designs.back() : ""));
  }
  const std::set<std::string> designs = {"grid", "lhs", "sobol", "morris", "file"};
  if (!designs.count(design.kind))
    problem("vary.design", design.kind, "unknown design",
            "grid (the default), lhs, sobol, "
            "morris or file");
  // Count the runs before building anything: a grid of 10^12 points must not be built.
  {
    double cells = 1.0;
    const auto k = static_cast<double>(raw.vary.size());
    const auto setting_value = [&](const char* name) {
      std::string reported_below;  // a bad setting is reported when the design is built
      const auto value = setting[name]
                             ? whole_number(*setting[name], 0, kMaxReplications, reported_below)
                             : std::nullopt;
      return value ? static_cast<double>(*value) : 0.0;
    };
    if (design.kind == "grid")
      for (const auto& [key, values] : raw.vary) cells *= static_cast<double>(values.size());
    else if (design.kind == "lhs")
      cells = setting_value("samples");
    else if (design.kind == "sobol")
      cells = setting_value("samples") * (k + 2.0);
    else if (design.kind == "morris")
      cells = setting_value("trajectories") * (k + 1.0);
    const double runs = cells * static_cast<double>(std::max<std::size_t>(raw.policies.size(), 1)) *
                        static_cast<double>(plan.replications);
    if (runs > static_cast<double>(max_runs)) {
      char count[32];
      std::snprintf(count, sizeof count, "%.4g", runs);
      problem("vary", "", std::string("the plan has ") + count + " runs",
              "at most " + std::to_string(max_runs) +
                  " (orgsim sweep --max-runs N for more; check the values and samples)");
      return result;
    }
  }
  std::vector<VaryRange> ranges;
  if (design.kind == "grid") {
    design.cells = grid_cells(raw.vary, problem);
  } else if (design.kind == "lhs" || design.kind == "sobol" || design.kind == "morris") {
    ranges = parse_ranges(raw.vary, design.kind, problem);
    if (design.kind == "morris") {
      const auto trajectories =
          count_setting("trajectories", setting["trajectories"], 1, "morris", problem);
      const auto levels = setting["levels"]
                              ? count_setting("levels", setting["levels"], 2, "morris", problem)
                              : std::optional<std::int64_t>(kDefaultMorrisLevels);
      if (trajectories && levels) {
        design.trajectories = *trajectories;
        design.levels = *levels;
        design.cells =
            morris_design(ranges, *trajectories, *levels, static_cast<std::uint64_t>(plan.seed));
      }
    } else if (const auto samples =
                   count_setting("samples", setting["samples"], 1, design.kind, problem)) {
      design.samples = *samples;
      design.cells = design.kind == "lhs"
                         ? latin_hypercube(ranges, *samples, static_cast<std::uint64_t>(plan.seed))
                         : sobol_design(ranges, *samples, static_cast<std::uint64_t>(plan.seed));
    }
  } else if (design.kind == "file") {
    for (const auto& [key, values] : raw.vary)
      problem("vary." + key, "", "a key in [vary] with design = file",
              "the points file's header lists the keys");
    const std::string name = setting["file"].value_or("");
    const fs::path path =
        name.empty() || fs::path(name).is_absolute() ? fs::path(name) : fs::path(folder) / name;
    config::InputFile file = name.empty() ? config::InputFile{} : config::read_input_file(path);
    if (!file.text) {
      problem("vary.file", name, name.empty() ? "missing" : path.string() + ": " + file.problem,
              "a CSV file of points (header: scenario keys), relative to the sweep file");
    } else {
      PointsFile points = parse_points_csv(*file.text);
      for (const auto& p : points.problems)
        problem("vary.file", name, p,
                "a CSV file of points "
                "(RFC 4180): a header of scenario keys, then "
                "one value per key on every row");
      for (const auto& key : points.keys)
        if (!key.empty() && config::find_parameter(key) == nullptr)
          problem("vary.file", name, "the header's " + key + " is not a scenario key",
                  "keys listed by orgsim describe");
      design.keys = points.keys;
      design.cells = std::move(points.cells);
    }
  }
  if (design.kind != "file")
    for (const auto& [key, values] : raw.vary) design.keys.push_back(key);
  for (const auto& key : design.keys) {
    const auto range = std::find_if(ranges.begin(), ranges.end(),
                                    [&](const VaryRange& range_of) { return range_of.key == key; });
    const double nan = std::numeric_limits<double>::quiet_NaN();
    design.low.push_back(range != ranges.end() ? range->low : nan);
    design.high.push_back(range != ranges.end() ? range->high : nan);
  }
  // Every policy is judged against the base scenario's standard, so none may change it.
  const std::string one_standard = "truth.* only in the base scenario (one standard for all)";
  for (const auto& key : design.keys)
    if (sets_the_standard(key)) {
      std::string listed;  // the values as the sweep file lists them (none for a points file)
      for (const auto& [vary_key, values] : raw.vary)
        if (vary_key == key)
          for (const auto& v : values) listed += (listed.empty() ? "" : " | ") + v;
      problem("vary." + key, listed, "would vary the reference standard", one_standard);
    }
  for (const auto& [policy_name, overrides] : raw.policies) {
    for (const auto& o : overrides)
      if (sets_the_standard(o))
        problem("policy." + policy_name + "." + o.substr(0, o.find('=')), o.substr(o.find('=') + 1),
                "would change the reference standard", one_standard);
    for (const auto& key : design.keys)
      for (const auto& o : overrides)
        if (o.rfind(key + "=", 0) == 0)
          problem("policy." + policy_name + "." + key, "", "also set in [vary]",
                  "each key in a policy or in [vary], not both");
    for (std::size_t c = 0; c < design.cells.size(); ++c) {
      SweepPoint point{policy_name, design.cells[c].values, overrides, c};
      for (const auto& [key, value] : design.cells[c].values)
        point.overrides.push_back(key + "=" + value);
      plan.points.push_back(point);
    }
  }

  // 4. Every point's scenario must load; its problems name the point.
  std::set<std::string> reported;
  for (const SweepPoint& point : plan.points) {
    const auto loaded =
        config::load_scenario({base_name, plan.base_text, point.overrides, std::nullopt});
    for (auto p : loaded.problems) {
      if (p.file == "--set") p.file = source_name + " [" + point.label() + "]";
      if (reported.insert(p.to_string()).second) r.problems.push_back(p);
    }
  }
  if (!r.problems.empty()) return result;
  plan.policy_labels = raw.labels;

  // 5. The runs, replication-major, with ids from their content. Cells of a drawn or file
  // design may repeat a point (an integer range rounded to the same value, two equal rows):
  // their cell number is part of the id, so two runs never share a file. A grid's points are
  // distinct (a value listed twice is refused above).
  const bool cell_in_id = design.kind != "grid";
  for (std::int64_t rep = 0; rep < plan.replications; ++rep)
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
      core::Fingerprint id;
      id.add(std::string_view(plan.points[p].policy));
      for (const auto& o : plan.points[p].overrides) id.add(std::string_view(o));
      if (cell_in_id) id.add(static_cast<std::int64_t>(plan.points[p].cell));
      id.add(rep);
      plan.runs.push_back({id.hex(), p, rep, replication_seed(plan.seed, rep)});
    }
  result.plan = plan;
  return result;
}

SweepLoadResult load_sweep_file(const std::string& path, std::int64_t max_runs) {
  config::InputFile file = config::read_input_file(path);
  if (!file.text) {
    SweepLoadResult r;
    r.problems.push_back({path, "", path, file.problem,
                          "an existing, readable sweep file of at most " +
                              std::to_string(config::kMaxInputBytes >> 20) + " MiB"});
    return r;
  }
  const fs::path folder = fs::path(path).parent_path();
  return load_sweep(path, *file.text, folder.empty() ? "." : folder.string(), max_runs);
}

}  // namespace orgsim::sweep
