#include "config/scenario_loader.hpp"

// INI format notes (what Boost.Program_options' config-file reader does, and what we add):
// - `[section]` starts a section; `key = value` inside it sets `section.key`. A dotted key may
//   also be written before any section (`district.branches = 8`).
// - `#` starts a comment ANYWHERE on a line (Boost cuts the line there), so values cannot hold
//   '#'. `;` is NOT a comment: `threshold = 0.8 ; note` is the value "0.8 ; note" (an error for a
//   number, kept as text for a name). Scenario files put comments on their own `#` lines.
// - Whitespace around keys and values is ignored. A UTF-8 byte-order mark is skipped.
#include <algorithm>
#include <boost/program_options/errors.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/value_semantic.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string_view>

#include "config/parameter_catalogue.hpp"
#include "config/text.hpp"
#include "core/calendar.hpp"

namespace orgsim::config {
namespace {

namespace po = boost::program_options;

constexpr const char* kOverrideSource = "--set";
constexpr const char* kSeedSource = "--seed";
constexpr const char* kCatalogueSource = "<catalogue>";
// Sums that must equal 1 may miss by rounding of the decimal inputs (0.15 + 0.2 + ...).
constexpr double kSumTolerance = 1e-9;
constexpr std::int64_t kMaxRunDays = 3660;         // run.days * run.years: ten years
constexpr std::size_t kUnknownKeysSuggested = 20;  // did-you-mean for the first this many

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// A line as Boost's reader sees it: cut at '#', trimmed.
std::string ini_content(const std::string& line) { return trim(line.substr(0, line.find('#'))); }

// A suggestion is made only when the word is close: at most a third of it (at least 2) edited.
std::size_t suggestion_limit(const std::string& given) {
  return std::max<std::size_t>(2, given.size() / 3);
}
bool close_enough(std::size_t distance, const std::string& given) {
  return distance <= suggestion_limit(given);
}

std::string part_before_dot(const std::string& key) { return key.substr(0, key.find('.')); }

std::string part_after_dot(const std::string& key) {
  const auto dot = key.find('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

// The catalogue key nearest to `given`, or "". A right name in the wrong section
// (`branches` at the top, or under [demand]) counts as 2 edits away.
std::string nearest_key(const std::string& given) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  // Distances beyond the limit are not worked out (a word much longer than every key costs
  // no more than its length): no such key can be suggested, whichever is nearest of them.
  const std::size_t limit = suggestion_limit(given);
  const std::string section = part_before_dot(given), name = part_after_dot(given);
  for (const ParamSpec& spec : parameter_catalogue()) {
    const std::size_t penalty = section == spec.section() ? 0 : 2;
    const std::size_t moved = edit_distance_within(name, spec.name(), limit - penalty) + penalty;
    const std::size_t distance = std::min(edit_distance_within(given, spec.key, limit), moved);
    if (distance < best_distance) {
      best_distance = distance;
      best = spec.key;
    }
  }
  return close_enough(best_distance, given) ? best : "";
}

std::string nearest_section(const std::string& given) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  const std::size_t limit = suggestion_limit(given);
  const std::string trimmed = trim(given);
  for (const std::string& section : catalogue_sections()) {
    const std::size_t distance = edit_distance_within(trimmed, section, limit);
    if (distance < best_distance) {
      best_distance = distance;
      best = section;
    }
  }
  return close_enough(best_distance, given) ? best : "";
}

bool is_known_section(const std::string& name) {
  const auto& sections = catalogue_sections();
  return std::find(sections.begin(), sections.end(), name) != sections.end();
}

std::string sections_list() {
  std::string text;
  for (const std::string& section : catalogue_sections()) {
    text += (text.empty() ? "" : ", ") + ("[" + section + "]");
  }
  return text;
}

// Keys that were renamed: a file written for an older orgsim is told the new name, not a guess.
struct RenamedKey {
  const char* old_key;
  const char* now;
};
constexpr RenamedKey kRenamedKeys[] = {
    {"roster.closed_online_share",
     "roster.closed_request_share (renamed in issue 13: a walk-in at a closed point leaves the "
     "order there by self-service, 自助点单, and it counts as in person)"},
};

const RenamedKey* renamed(const std::string& key) {
  for (const RenamedKey& r : kRenamedKeys)
    if (key == r.old_key) return &r;
  return nullptr;
}

std::string unknown_key_allowed(const std::string& key) {
  if (const RenamedKey* r = renamed(key)) return std::string("its new name, ") + r->now;
  const std::string suggestion = nearest_key(key);
  if (!suggestion.empty()) return "did you mean " + suggestion + "?";
  return "a key of the parameter catalogue (orgsim describe lists them)";
}

// One `key = value` that Boost read.
struct IniEntry {
  std::string key;  // with its section prefix, as Boost built it
  std::string value;
  bool registered;  // false: not a catalogue key
};

// Everything one load collects, and the steps that fill it.
class Loader {
 public:
  explicit Loader(const LoadRequest& request) : request_(request) {}

  LoadResult load() {
    apply_defaults();
    const std::string text = normalized_text(request_.ini_text);
    check_sections(text);
    for (const IniEntry& entry : read_ini(text)) apply_entry(entry);
    for (const std::string& override_text : request_.overrides) apply_override(override_text);
    if (request_.seed) apply_seed(*request_.seed);
    check_cross_fields();

    LoadResult result;
    result.problems = problems_;
    if (problems_.empty()) {
      result.effective_ini = effective_ini();
      result.scenario = scenario_;
    }
    return result;
  }

 private:
  void report(const std::string& file, const std::string& key, const std::string& value,
              const std::string& problem, const std::string& allowed) {
    problems_.push_back({file, key, value, problem, allowed});
  }

  // Defaults come only from the catalogue; a default that fails its own rules is a bug in
  // the catalogue, reported like any bad value so that a test catches it.
  void apply_defaults() {
    for (const ParamSpec& spec : parameter_catalogue())
      set_value(kCatalogueSource, spec, spec.default_text);
  }

  // Checks `text` against `spec` and stores it, or reports every problem with it.
  void set_value(const std::string& file, const ParamSpec& spec, const std::string& text) {
    const ParsedValue parsed = parse_value(spec, text);
    for (const std::string& problem : parsed.problems) {
      report(file, spec.key, trim(text), problem, allowed_text(spec));
    }
    if (parsed.value) {
      spec.set(scenario_, *parsed.value);
      invalid_keys_.erase(spec.key);
    } else {
      invalid_keys_.insert(spec.key);
    }
  }

  // Boost accepts any [section]; we report the ones the catalogue does not have, once each,
  // and skip the keys under them (one problem per mistake, not one per line).
  void check_sections(const std::string& text) {
    for (const std::string& line : split_lines(text)) {
      const std::string content = ini_content(line);
      if (content.size() < 2 || content.front() != '[' || content.back() != ']') continue;
      const std::string name = content.substr(1, content.size() - 2);
      if (is_known_section(name) || !unknown_sections_.insert(name).second) continue;
      const std::string suggestion = nearest_section(name);
      report(
          request_.source_name, "[" + name + "]", "", "unknown section",
          suggestion.empty() ? "one of " + sections_list() : "did you mean [" + suggestion + "]?");
    }
  }

  // Reads every `key = value` with Boost. Boost stops at the first invalid line; we report
  // it, blank it and read again, so that every invalid line and every other problem is found.
  std::vector<IniEntry> read_ini(const std::string& text) {
    po::options_description options;
    for (const ParamSpec& spec : parameter_catalogue()) {
      // Registered as plain strings: the typed conversion is ours, so it can report all
      // problems instead of throwing at the first.
      options.add_options()(spec.key.c_str(), po::value<std::string>());
    }
    std::vector<std::string> lines = split_lines(text);
    // Lines that are neither a section, a key = value nor blank are reported and blanked in
    // one pass: letting Boost stop at each and reading again was quadratic in their number.
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string content = ini_content(lines[i]);
      const bool section = content.size() >= 2 && content.front() == '[' && content.back() == ']';
      if (content.empty() || section || content.find('=') != std::string::npos) continue;
      report(request_.source_name, "", content,
             "line " + std::to_string(i + 1) + " is neither [section] nor key = value",
             "[section], key = value, or a # comment");
      lines[i].clear();
    }
    while (true) {
      std::istringstream in(join_lines(lines));
      try {
        const po::parsed_options parsed =
            po::parse_config_file(in, options, /*allow_unregistered=*/true);
        std::vector<IniEntry> entries;
        for (const po::option& option : parsed.options) {
          const std::string value = option.value.empty() ? "" : option.value.front();
          entries.push_back({option.string_key, value, !option.unregistered});
        }
        return entries;
      } catch (const po::invalid_config_file_syntax& error) {
        if (!blank_invalid_line(lines, error.tokens())) return {};
      } catch (const po::error& error) {
        report(request_.source_name, "", "", error.what(), "[section], key = value, # comment");
        return {};
      }
    }
  }

  // Reports the invalid line Boost named and blanks it. False if it cannot be found.
  bool blank_invalid_line(std::vector<std::string>& lines, const std::string& invalid) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (ini_content(lines[i]) != invalid) continue;
      report(request_.source_name, "", invalid,
             "line " + std::to_string(i + 1) + " is neither [section] nor key = value",
             "[section], key = value, or a # comment");
      lines[i].clear();
      return true;
    }
    report(request_.source_name, "", invalid, "invalid line",
           "[section], key = value, or a # comment");
    return false;
  }

  void apply_entry(const IniEntry& entry) {
    if (!entry.registered) {
      if (under_unknown_section(entry.key)) return;  // reported with its section
      if (part_after_dot(entry.key).empty() || entry.key.back() == '.') {
        report(request_.source_name, entry.key, entry.value, "missing key name", "key = value");
        return;
      }
      // A suggestion costs an edit distance to every key: beyond a few, none is worked out.
      report(request_.source_name, entry.key, entry.value, "unknown key",
             ++unknown_keys_ <= kUnknownKeysSuggested || renamed(entry.key) != nullptr
                 ? unknown_key_allowed(entry.key)
                 : "a key of the parameter catalogue (orgsim describe lists them)");
      return;
    }
    if (!keys_in_file_.insert(entry.key).second) {
      report(request_.source_name, entry.key, entry.value, "key given twice",
             "each key at most once in a file");
      return;
    }
    set_value(request_.source_name, *find_parameter(entry.key), entry.value);
  }

  bool under_unknown_section(const std::string& key) const {
    return std::any_of(unknown_sections_.begin(), unknown_sections_.end(),
                       [&key](const std::string& section) {
                         return key.compare(0, section.size() + 1, section + ".") == 0;
                       });
  }

  // "--set key=value": later overrides of the same key win, as the user typed them in order.
  void apply_override(const std::string& override_text) {
    const auto equals = override_text.find('=');
    if (equals == std::string::npos) {
      report(kOverrideSource, "", override_text, "not key=value", "key=value, e.g. run.days=30");
      return;
    }
    const std::string key = trim(std::string_view(override_text).substr(0, equals));
    const std::string value = override_text.substr(equals + 1);
    const ParamSpec* spec = find_parameter(key);
    if (spec == nullptr) {
      report(kOverrideSource, key, trim(value), key.empty() ? "missing key name" : "unknown key",
             unknown_key_allowed(key));
      return;
    }
    set_value(kOverrideSource, *spec, value);
  }

  void apply_seed(std::int64_t seed) {
    set_value(kSeedSource, *find_parameter("run.seed"), std::to_string(seed));
  }

  // ---- Cross-field checks: each its own problem naming the keys involved ---------------------

  // A check runs only when all its keys hold valid values; otherwise it would judge defaults
  // left in place of bad values and report a second, confusing problem.
  bool usable(std::initializer_list<const char*> keys) const {
    return std::none_of(keys.begin(), keys.end(),
                        [this](const char* key) { return invalid_keys_.count(key) > 0; });
  }

  void report_cross(const std::string& keys, const std::string& values, const std::string& problem,
                    const std::string& allowed) {
    report(request_.source_name, keys, values, problem, allowed);
  }

  void check_cross_fields() {
    const Scenario& s = scenario_;
    if (usable({"demand.immediate_share", "demand.special_share"}) &&
        s.demand.immediate_share + s.demand.special_share > 1 + kSumTolerance) {
      report_cross(
          "demand.immediate_share, demand.special_share",
          format_real(s.demand.immediate_share) + " + " + format_real(s.demand.special_share),
          "shares of immediate items and special needs add up to more than 1",
          "demand.immediate_share + demand.special_share <= 1");
    }
    if (usable({"dispatch.categories_per_org", "demand.categories"}) &&
        s.dispatch.categories_per_org > static_cast<std::int64_t>(s.demand.categories.size())) {
      report_cross("dispatch.categories_per_org, demand.categories",
                   std::to_string(s.dispatch.categories_per_org) + " > " +
                       std::to_string(s.demand.categories.size()) + " categories",
                   "an organization cannot serve more categories than there are",
                   "dispatch.categories_per_org <= number of demand.categories");
    }
    if (usable({"demand.category_labels_zh", "demand.categories"}) &&
        !s.demand.category_labels_zh.empty() &&
        s.demand.category_labels_zh.size() != s.demand.categories.size()) {
      report_cross("demand.category_labels_zh, demand.categories",
                   std::to_string(s.demand.category_labels_zh.size()) + " labels for " +
                       std::to_string(s.demand.categories.size()) + " categories",
                   "each category needs exactly one label",
                   "no labels, or as many as demand.categories, in the same order");
    }
    check_roster_hours();
    if (usable({"roster.closed_wait_share", "roster.closed_request_share"}) &&
        s.roster.closed_wait_share + s.roster.closed_request_share > 1 + kSumTolerance) {
      report_cross("roster.closed_wait_share, roster.closed_request_share",
                   format_real(s.roster.closed_wait_share) + " + " +
                       format_real(s.roster.closed_request_share),
                   "shares of walk-ins at a closed point add up to more than 1",
                   "roster.closed_wait_share + roster.closed_request_share <= 1");
    }
    check_quality_spread("service.attraction_quality_mean", s.service.attraction_quality_mean);
    check_quality_spread("service.satisfaction_quality_mean", s.service.satisfaction_quality_mean);
    if (usable({"resources.fund_payout_min", "resources.fund_payout_max"}) &&
        s.resources.fund_payout_min > s.resources.fund_payout_max) {
      report_cross("resources.fund_payout_min, resources.fund_payout_max",
                   format_real(s.resources.fund_payout_min) + " > " +
                       format_real(s.resources.fund_payout_max),
                   "the fund's smallest payout ratio is above its largest",
                   "resources.fund_payout_min <= resources.fund_payout_max");
    }
    if (usable({"incubation.pooling", "incubation.estimator"}) &&
        s.incubation.pooling == core::RatePooling::kPerEvent &&
        s.incubation.estimator != core::RateEstimator::kRaw) {
      report_cross("incubation.pooling, incubation.estimator",
                   std::string("per_event, ") + core::to_string(s.incubation.estimator),
                   "the per-event average is of raw ratios",
                   "incubation.pooling = per_event with incubation.estimator = raw");
    }
    if (usable({"behaviour.effort_min", "behaviour.effort_max"}) &&
        s.behaviour.effort_min > s.behaviour.effort_max) {
      report_cross(
          "behaviour.effort_min, behaviour.effort_max",
          format_real(s.behaviour.effort_min) + " > " + format_real(s.behaviour.effort_max),
          "the lowest effort a leader chooses is above the highest",
          "behaviour.effort_min <= behaviour.effort_max");
    }
    if (usable({"run.days", "run.years"}) && s.run.days * s.run.years > kMaxRunDays) {
      report_cross("run.days, run.years",
                   std::to_string(s.run.days) + " * " + std::to_string(s.run.years),
                   "the run is longer than " + std::to_string(kMaxRunDays) + " days",
                   "run.days * run.years <= " + std::to_string(kMaxRunDays));
    }
    if (usable({"inspection.groups", "district.areas"}) &&
        s.inspection.groups != s.district.areas) {
      report_cross("inspection.groups, district.areas",
                   std::to_string(s.inspection.groups) + " groups, " +
                       std::to_string(s.district.areas) + " areas",
                   "there must be one inspection group per area",
                   "inspection.groups == district.areas");
    }
    check_inspection_weights();
    check_tiers();
    check_start_date();
    if (usable({"district.branches", "district.scale", "district.areas"}) &&
        std::llround(static_cast<double>(s.district.branches) * s.district.scale) <
            s.district.areas) {
      report_cross("district.branches, district.scale, district.areas",
                   std::to_string(s.district.branches) + " * " + format_real(s.district.scale) +
                       " < " + std::to_string(s.district.areas) + " areas",
                   "fewer branches than areas: each area needs a branch",
                   "round(district.branches * district.scale) >= district.areas");
    }
  }

  void check_roster_hours() {
    const RosterParams& roster = scenario_.roster;
    if (!usable({"roster.open_hour", "roster.close_hour"})) return;
    if (roster.close_hour <= roster.open_hour) {
      report_cross("roster.open_hour, roster.close_hour",
                   std::to_string(roster.open_hour) + " to " + std::to_string(roster.close_hour),
                   "the duty day closes before it opens", "roster.close_hour > roster.open_hour");
      return;
    }
    const auto day_h = static_cast<double>(roster.close_hour - roster.open_hour);
    if (usable({"roster.shift_h"}) && roster.shift_h > day_h) {
      report_cross("roster.shift_h, roster.open_hour, roster.close_hour",
                   format_real(roster.shift_h) + " h > " + format_real(day_h) + " h",
                   "a shift is longer than the duty day",
                   "roster.shift_h <= roster.close_hour - roster.open_hour");
    }
  }

  // True quality is Beta-distributed with this mean and sd; a Beta exists only if
  // sd^2 < mean * (1 - mean).
  void check_quality_spread(const char* mean_key, double mean) {
    const double sd = scenario_.service.quality_sd;
    if (!usable({mean_key, "service.quality_sd"}) || sd * sd < mean * (1 - mean)) return;
    report_cross(std::string("service.quality_sd, ") + mean_key,
                 "sd " + format_real(sd) + ", mean " + format_real(mean),
                 "no Beta distribution has this mean and spread",
                 "service.quality_sd^2 < m * (1 - m) for m = " + std::string(mean_key));
  }

  void check_inspection_weights() {
    const InspectionParams& w = scenario_.inspection;
    if (!usable({"inspection.weight_orders", "inspection.weight_answered",
                 "inspection.weight_activities", "inspection.weight_contacts",
                 "inspection.weight_duty", "inspection.weight_satisfaction"})) {
      return;
    }
    const double sum = w.weight_orders + w.weight_answered + w.weight_activities +
                       w.weight_contacts + w.weight_duty + w.weight_satisfaction;
    if (std::fabs(sum - 1) > kSumTolerance) {
      report_cross(
          "inspection.weight_orders, inspection.weight_answered, inspection.weight_activities, "
          "inspection.weight_contacts, inspection.weight_duty, inspection.weight_satisfaction",
          "sum " + format_real(sum), "the six inspection weights do not sum to 1",
          "the six inspection.weight_* sum to 1");
    }
  }

  void check_start_date() {
    const std::string& text = scenario_.run.start_date;
    if (text == "none" || !usable({"run.start_date"})) return;
    const auto date = core::parse_date(text);
    if (!date) {
      report_cross("run.start_date", text, "not a date",
                   "a date YYYY-MM-DD that is a Monday, or none");
    } else if (date->weekday != 0) {
      report_cross("run.start_date", text, "not a Monday (day 0 of the run is a Monday)",
                   "a date YYYY-MM-DD that is a Monday, or none");
    }
  }

  void check_tiers() {
    const core::TierScheme& tiers = scenario_.tiers;
    if (!usable({"tiers.scheme", "tiers.amounts_yuan"})) return;
    const std::string tier_count = std::to_string(tiers.amounts_yuan.size());
    if (tiers.kind == core::TierSchemeKind::kRankShare && usable({"tiers.shares"})) {
      if (tiers.shares.size() != tiers.amounts_yuan.size()) {
        report_cross("tiers.shares, tiers.amounts_yuan",
                     std::to_string(tiers.shares.size()) + " shares, " + tier_count + " amounts",
                     "rank_share needs one share per tier",
                     "as many tiers.shares as tiers.amounts_yuan");
      }
      double sum = 0;
      for (double share : tiers.shares) sum += share;
      if (std::fabs(sum - 1) > kSumTolerance) {
        report_cross("tiers.shares", "sum " + format_real(sum), "tier shares do not sum to 1",
                     "tiers.shares sum to 1");
      }
    }
    if (tiers.kind == core::TierSchemeKind::kScoreCutoff && usable({"tiers.score_cutoffs"}) &&
        tiers.score_cutoffs.size() + 1 != tiers.amounts_yuan.size()) {
      report_cross(
          "tiers.score_cutoffs, tiers.amounts_yuan",
          std::to_string(tiers.score_cutoffs.size()) + " cutoffs, " + tier_count + " amounts",
          "score_cutoff needs one cutoff per tier but the last",
          "one tiers.score_cutoffs value fewer than tiers.amounts_yuan");
    }
  }

  // ---- The effective INI ---------------------------------------------------------------------

  // Canonical: every parameter, catalogue order, one comment line each. It names no source
  // file, so that loading it again gives the same text.
  std::string effective_ini() const {
    std::string text =
        "# orgsim effective scenario: every parameter with its effective value.\n"
        "# Loading this file with no overrides gives the same scenario.\n";
    std::string section;
    for (const ParamSpec& spec : parameter_catalogue()) {
      if (spec.section() != section) {
        section = spec.section();
        text += "\n[" + section + "]\n";
      }
      text +=
          "# " + spec.description + (spec.unit == "-" ? "" : " (unit: " + spec.unit + ")") + "\n";
      const std::string value = format_value(spec, spec.get(scenario_));
      text += spec.name() + (value.empty() ? " =" : " = " + value) + "\n";
    }
    return text;
  }

  const LoadRequest& request_;
  Scenario scenario_{};
  std::vector<ConfigProblem> problems_;
  std::set<std::string> invalid_keys_;      // keys whose last given value was rejected
  std::set<std::string> keys_in_file_;      // to find a key given twice
  std::set<std::string> unknown_sections_;  // [sections] already reported
  std::size_t unknown_keys_ = 0;            // unknown keys reported so far
};

}  // namespace

namespace {

// A value as a problem line quotes it: a long one (a list of thousands of items) is cut after
// kQuotedBytes, at a UTF-8 character boundary, with its length said.
constexpr std::size_t kQuotedBytes = 200;

std::string quoted(const std::string& value) {
  if (value.size() <= kQuotedBytes) return value;
  std::size_t cut = kQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return value.substr(0, cut) + "... (" + std::to_string(value.size()) + " bytes)";
}

}  // namespace

std::string ConfigProblem::to_string() const {
  std::string text = file + ": " + key + ": " + quoted(value) + ": " + problem;
  if (!allowed.empty()) text += "; allowed: " + allowed;
  return text;
}

LoadResult load_scenario(const LoadRequest& request) { return Loader(request).load(); }

LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& overrides,
                              std::optional<std::int64_t> seed) {
  LoadRequest request;
  request.source_name = path;
  request.overrides = overrides;
  request.seed = seed;

  InputFile file = read_input_file(path);
  if (!file.text) {
    LoadResult result;
    result.problems.push_back({path, "", path, file.problem,
                               "a readable scenario INI file of at most " +
                                   std::to_string(kMaxInputBytes >> 20) + " MiB"});
    return result;
  }
  request.ini_text = std::move(*file.text);
  return load_scenario(request);
}

}  // namespace orgsim::config
