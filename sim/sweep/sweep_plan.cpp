#include "sweep/sweep_plan.hpp"

#include <boost/program_options/errors.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "config/parameter_catalogue.hpp"
#include "config/text.hpp"
#include "core/fingerprint.hpp"
#include "core/random_stream.hpp"
#include "sweep/latin_hypercube.hpp"

namespace orgsim::sweep {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

constexpr const char* kEmbedded = "<embedded scenarios/ouhai.ini>";
constexpr std::int64_t kDefaultReplications = 10;
constexpr std::int64_t kMaxReplications = 100000;

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

std::optional<std::int64_t> parse_int(const std::string& text) {
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used != text.size()) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
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

// design = lhs: every [vary] key holds a range "low..high" of a number parameter.
template <class Problem>
std::vector<std::vector<std::pair<std::string, std::string>>> lhs_design(
    const std::vector<std::pair<std::string, std::vector<std::string>>>& vary,
    const std::optional<std::string>& samples_text, std::int64_t seed, Problem problem) {
  const auto samples = samples_text ? parse_int(*samples_text) : std::nullopt;
  const std::int64_t count = samples.value_or(0);
  const bool samples_ok = count >= 1 && count <= kMaxReplications;
  if (!samples_ok)
    problem(
        "vary.samples", samples_text.value_or(""), "missing or not a whole number in range",
        "design = lhs needs samples, an integer in [1, " + std::to_string(kMaxReplications) + "]");
  std::vector<VaryRange> ranges;
  for (const auto& [key, values] : vary) {
    const config::ParamSpec* spec = config::find_parameter(key);
    const std::string text = values.empty() ? "" : values.front();
    const auto dots = text.find("..");
    double low = 0, high = 0;
    bool ok = spec != nullptr && values.size() == 1 && dots != std::string::npos &&
              (spec->type == config::ParamType::kReal || spec->type == config::ParamType::kInt);
    if (ok) {
      try {
        low = std::stod(text.substr(0, dots));
        high = std::stod(text.substr(dots + 2));
        ok = low <= high;
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok) {
      problem("vary." + key, text, "not a range of a number parameter",
              "low..high, e.g. 0.70..0.90, for a real or integer scenario key");
      continue;
    }
    ranges.push_back({key, low, high, spec->type == config::ParamType::kInt});
  }
  if (!samples_ok) return {{}};
  return latin_hypercube(ranges, count, static_cast<std::uint64_t>(seed));
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

SweepLoadResult load_sweep(const std::string& source_name, const std::string& text,
                           const std::string& folder) {
  SweepLoadResult result;
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
  {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      const std::string content = config::trim(line.substr(0, line.find('#')));
      if (content.size() > 9 && content.rfind("[policy.", 0) == 0 && content.back() == ']') {
        const std::string name = content.substr(8, content.size() - 9);
        if (valid_policy_name(name))
          policy(name);
        else
          problem("[" + content.substr(1, content.size() - 2) + "]", "", "not a policy name",
                  "[policy.NAME] with NAME of letters, digits, '.', '-' and '_'");
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
                 valid_policy_name(key.substr(7, key.size() - 7 - std::strlen(kLabelSuffix)))) {
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
        if (!valid_policy_name(name)) {
          problem(
              key, value, "not a policy setting",
              "[policy.NAME] with NAME of letters, digits, '.', '-' and '_', then scenario keys");
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
    const auto n = parse_int(raw.sweep["replications"]);
    if (!n || *n < 1 || *n > kMaxReplications)
      problem("sweep.replications", raw.sweep["replications"], "not a whole number in range",
              "an integer in [1, " + std::to_string(kMaxReplications) + "]");
    else
      plan.replications = *n;
  }
  plan.seed = 1;
  if (raw.sweep.count("seed")) {
    const auto n = parse_int(raw.sweep["seed"]);
    if (!n || *n < 0)
      problem("sweep.seed", raw.sweep["seed"], "not a whole number in range",
              "an integer in [0, 9223372036854775807]");
    else
      plan.seed = *n;
  }
  std::string base_name = kEmbedded;
  plan.base_text = config::embedded_default_scenario();
  const std::string base = raw.sweep.count("base") ? raw.sweep["base"] : "";
  if (!base.empty() && base != "default") {
    const fs::path path = fs::path(base).is_absolute() ? fs::path(base) : fs::path(folder) / base;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      problem("sweep.base", base, "cannot read " + path.string(),
              "a scenario file (relative to the sweep file's folder), or default");
    } else {
      std::ostringstream content;
      content << in.rdbuf();
      plan.base_text = content.str();
      plan.base_path = path.string();
      base_name = path.string();
    }
  }

  // 3. The points: every policy (or the base alone) crossed with the [vary] design: a full
  // grid of the listed values, or a Latin hypercube over ranges (design = lhs).
  if (raw.policies.empty()) raw.policies.push_back({"base", {}});
  std::vector<std::vector<std::pair<std::string, std::string>>> grid = {{}};
  const auto design = take_setting(raw.vary, "design");
  const auto samples = take_setting(raw.vary, "samples");
  if (design && *design == "lhs") {
    grid = lhs_design(raw.vary, samples, plan.seed, problem);
  } else if (design && *design != "grid") {
    problem("vary.design", *design, "unknown design", "grid (the default) or lhs");
  } else if (samples) {
    problem("vary.samples", *samples, "only for design = lhs", "design = lhs with samples");
  }
  for (const auto& [key, values] : design&&* design == "lhs" ? decltype(raw.vary){} : raw.vary) {
    for (const auto& v : values)
      if (v.empty())
        problem("vary." + key, "", "an empty value in the list", "values separated by |");
    std::vector<std::vector<std::pair<std::string, std::string>>> next;
    for (const auto& cell : grid)
      for (const auto& v : values) {
        auto extended = cell;
        extended.emplace_back(key, v);
        next.push_back(extended);
      }
    grid = next;
  }
  // Every policy is judged against the base scenario's standard, so none may change it.
  const std::string one_standard = "truth.* only in the base scenario (one standard for all)";
  for (const auto& [key, values] : raw.vary)
    if (sets_the_standard(key)) {
      std::string listed;
      for (const auto& v : values) listed += (listed.empty() ? "" : " | ") + v;
      problem("vary." + key, listed, "would vary the reference standard", one_standard);
    }
  for (const auto& [policy_name, overrides] : raw.policies) {
    for (const auto& o : overrides)
      if (sets_the_standard(o))
        problem("policy." + policy_name + "." + o.substr(0, o.find('=')), o.substr(o.find('=') + 1),
                "would change the reference standard", one_standard);
    for (const auto& [key, values] : raw.vary)
      for (const auto& o : overrides)
        if (o.rfind(key + "=", 0) == 0)
          problem("policy." + policy_name + "." + key, "", "also set in [vary]",
                  "each key in a policy or in [vary], not both");
    for (const auto& cell : grid) {
      SweepPoint point{policy_name, cell, overrides};
      for (const auto& [key, value] : cell) point.overrides.push_back(key + "=" + value);
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

  // 5. The runs, replication-major, with ids from their content.
  for (std::int64_t rep = 0; rep < plan.replications; ++rep)
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
      core::Fingerprint id;
      id.add(std::string_view(plan.points[p].policy));
      for (const auto& o : plan.points[p].overrides) id.add(std::string_view(o));
      id.add(rep);
      plan.runs.push_back({id.hex(), p, rep, replication_seed(plan.seed, rep)});
    }
  result.plan = plan;
  return result;
}

SweepLoadResult load_sweep_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    SweepLoadResult r;
    r.problems.push_back({path, "", path, "cannot read file", "an existing, readable sweep file"});
    return r;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const fs::path folder = fs::path(path).parent_path();
  return load_sweep(path, text.str(), folder.empty() ? "." : folder.string());
}

}  // namespace orgsim::sweep
