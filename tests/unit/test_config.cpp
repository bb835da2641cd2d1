// Tests of sim/config: the parameter catalogue, the INI loader and its problem reports,
// the effective INI, the scenario files and `describe`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/describe.hpp"
#include "config/parameter_catalogue.hpp"
#include "config/scenario_loader.hpp"
#include "config/text.hpp"

namespace orgsim::config {
namespace {

const std::string kSourceDir = ORGSIM_SOURCE_DIR;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

LoadResult load_text(const std::string& ini, const std::vector<std::string>& overrides = {},
                     std::optional<std::int64_t> seed = std::nullopt) {
  LoadRequest request;
  request.source_name = "bad.ini";
  request.ini_text = ini;
  request.overrides = overrides;
  request.seed = seed;
  return load_scenario(request);
}

std::string all_problems(const LoadResult& result) {
  std::string text;
  for (const ConfigProblem& problem : result.problems) text += problem.to_string() + "\n";
  return text;
}

// Loads `ini` and expects no problem; returns the scenario.
Scenario load_ok(const std::string& ini, const std::vector<std::string>& overrides = {},
                 std::optional<std::int64_t> seed = std::nullopt) {
  const LoadResult result = load_text(ini, overrides, seed);
  EXPECT_TRUE(result.problems.empty()) << all_problems(result);
  EXPECT_TRUE(result.scenario.has_value());
  return result.scenario.value_or(Scenario{});
}

// Every field, compared exactly through the catalogue's bindings.
void expect_same_scenario(const Scenario& a, const Scenario& b) {
  for (const ParamSpec& spec : parameter_catalogue()) {
    EXPECT_TRUE(spec.get(a) == spec.get(b)) << spec.key << ": " << format_value(spec, spec.get(a))
                                            << " vs " << format_value(spec, spec.get(b));
  }
}

// ---- A table of bad inputs, each with the message parts it must produce ---------------------

struct BadInput {
  std::string name;
  std::string ini;
  std::vector<std::string> overrides;
  std::vector<std::string> expected;  // substrings of the joined problem lines
  std::optional<std::int64_t> seed = std::nullopt;
};

std::ostream& operator<<(std::ostream& out, const BadInput& input) { return out << input.name; }

class BadInputTest : public testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, ReportsTheProblem) {
  const BadInput& input = GetParam();
  const LoadResult result = load_text(input.ini, input.overrides, input.seed);
  EXPECT_FALSE(result.scenario.has_value());
  EXPECT_TRUE(result.effective_ini.empty());
  ASSERT_FALSE(result.problems.empty());
  const std::string text = all_problems(result);
  for (const std::string& expected : input.expected) {
    EXPECT_NE(text.find(expected), std::string::npos) << "expected \"" << expected << "\" in:\n"
                                                      << text;
  }
}

const BadInput kBadInputs[] = {
    // Keys and sections.
    {"unknown_key",
     "[district]\nbranch = 5\n",
     {},
     {"bad.ini: district.branch: 5: unknown key; allowed: did you mean district.branches?"}},
    {"key_in_wrong_section",
     "[demand]\nbranches = 5\n",
     {},
     {"demand.branches: 5: unknown key", "did you mean district.branches?"}},
    {"key_without_section", "seed = 5\n", {}, {"seed: 5: unknown key", "did you mean run.seed?"}},
    {"unknown_key_far_from_any",
     "[run]\nxyzzy_plugh = 5\n",
     {},
     {"run.xyzzy_plugh: 5: unknown key; allowed: a key of the parameter catalogue"}},
    {"missing_key_name", "[run]\n= 5\n", {}, {"missing key name"}},
    {"unknown_section",
     "[distrct]\nbranches = 5\n",
     {},
     {"bad.ini: [distrct]: : unknown section; allowed: did you mean [district]?"}},
    {"unknown_section_far",
     "[plugins]\nx = 1\n",
     {},
     {"[plugins]: : unknown section; allowed: one of [run], [district]"}},
    {"section_with_spaces", "[ run ]\ndays = 5\n", {}, {"[ run ]", "did you mean [run]?"}},
    {"duplicate_key", "[run]\ndays = 5\ndays = 6\n", {}, {"bad.ini: run.days: 6: key given twice"}},
    {"syntax_error",
     "[run]\njunk line\n",
     {},
     {"bad.ini: : junk line: line 2 is neither [section] nor key = value"}},
    {"two_syntax_errors",
     "junk one\n[run]\ndays = 5\njunk two\n",
     {},
     {"junk one: line 1", "junk two: line 4"}},
    {"unclosed_section", "[run\ndays = 5\n", {}, {"[run: line 1 is neither"}},

    // Types.
    {"not_an_integer",
     "[district]\nbranches = 2.5\n",
     {},
     {"district.branches: 2.5: not an integer; allowed: an integer in [1, 100000]"}},
    {"integer_with_junk",
     "[district]\nbranches = 12x\n",
     {},
     {"district.branches: 12x: not an integer (trailing junk \"x\")"}},
    {"integer_empty", "[run]\ndays =\n", {}, {"run.days: : not an integer (empty value)"}},
    {"not_a_number",
     "[incubation]\nthreshold = high\n",
     {},
     {"incubation.threshold: high: not a number; allowed: a number in [0, 1] (unit: rate)"}},
    {"number_with_junk",
     "[incubation]\nthreshold = 0.8x\n",
     {},
     {"incubation.threshold: 0.8x: not a number (trailing junk \"x\")"}},
    {"number_empty", "[incubation]\nthreshold =\n", {}, {"not a number (empty value)"}},
    {"number_not_finite", "[district]\nscale = inf\n", {}, {"not a number (must be finite)"}},
    {"semicolon_is_not_a_comment",
     "[incubation]\nthreshold = 0.8 ; note\n",
     {},
     {"incubation.threshold: 0.8 ; note: not a number (trailing junk"}},
    {"string_invalid_utf8", "[district]\nname = \xff\xfe\n", {}, {"value is not valid UTF-8"}},
    {"string_with_hash_from_set",
     "",
     {"district.name=a#b"},
     {"--set: district.name: a#b: value contains '#'"}},

    // Ranges.
    {"integer_below_range",
     "[district]\nareas = 0\n",
     {},
     {"district.areas: 0: out of range; allowed: an integer in [1, 1000] (unit: area)"}},
    {"integer_above_range",
     "[run]\ndays = 3661\n",
     {},
     {"run.days: 3661: out of range; allowed: an integer in [1, 3660] (unit: day)"}},
    {"integer_overflow",
     "[run]\nseed = 99999999999999999999\n",
     {},
     {"run.seed: 99999999999999999999: out of range"}},
    {"number_above_range",
     "[incubation]\nthreshold = 1.5\n",
     {},
     {"incubation.threshold: 1.5: out of range; allowed: a number in [0, 1] (unit: rate)"}},
    {"number_at_open_bound",
     "[district]\nscale = 0\n",
     {},
     {"district.scale: 0: out of range; allowed: a number in (0, 1000] (unit: factor)"}},
    {"number_below_range",
     "[demand]\noffline_share = -0.1\n",
     {},
     {"demand.offline_share: -0.1: out of range"}},

    // Choices and lists.
    {"bad_choice",
     "[dispatch]\nrule = fastest\n",
     {},
     {"dispatch.rule: fastest: not a valid choice; allowed: one of shortest_queue, random, "
      "round_robin, best_rated, alliance_first"}},
    {"bad_leader",
     "[behaviour]\nleader = lazy\n",
     {},
     {"bad.ini: behaviour.leader: lazy: not a valid choice; allowed: one of fixed, adaptive, "
      "tournament"}},
    {"bad_roster_model",
     "",
     {"behaviour.roster=tired"},
     {"--set: behaviour.roster: tired: not a valid choice; allowed: one of fixed, fatigue"}},
    {"bad_weekday",
     "[roster]\nopen_weekdays = monday,tue\n",
     {},
     {"roster.open_weekdays: monday,tue: item 1 \"monday\" is not an allowed item",
      "mon, tue, wed, thu, fri, sat, sun"}},
    {"repeated_weekday",
     "[roster]\nopen_weekdays = mon,tue,mon\n",
     {},
     {"item 3 \"mon\" repeats item 1"}},
    {"empty_list_item", "[district]\ntowns = a,,b\n", {}, {"item 2 is empty"}},
    // A NUL would cut the stored scenario; a line end in a --set value would break its INI.
    {"control_character_in_a_name",
     std::string("[run]\nname = a") + '\0' + "b\n",
     {},
     {"run.name", "contains a control character (code 0)"}},
    {"line_end_in_a_set_value",
     "",
     {"district.name=a\nb"},
     {"--set: district.name", "contains a control character (code 10)"}},
    {"control_character_in_a_list_item",
     "[district]\ntowns = a,b\x01"
     "c\n",
     {},
     {"district.towns", "item 2 contains a control character (code 1)"}},
    {"empty_string_list",
     "[demand]\ncategories =\n",
     {},
     {"demand.categories: : has 0 items, expected 1..64"}},
    {"hourly_profile_23_values",
     "[demand]\nhourly_profile = 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n",
     {},
     {"demand.hourly_profile", "has 23 values, expected exactly 24"}},
    {"list_item_not_a_number",
     "[demand]\nweekly_profile = 1,1,1,x,1,1,1\n",
     {},
     {"item 4 \"x\": not a number"}},
    {"list_item_out_of_range",
     "[demand]\nweekly_profile = 1,1,1,-1,1,1,1\n",
     {},
     {"item 4 \"-1\": out of range", "each in [0, 1000000]"}},
    {"list_sums_to_zero", "[demand]\nweekly_profile = 0,0,0,0,0,0,0\n", {}, {"values sum to 0"}},
    {"cutoffs_not_decreasing",
     "[tiers]\nscore_cutoffs = 80,80,50\n",
     {},
     {"tiers.score_cutoffs: 80,80,50: not strictly decreasing"}},

    // Cross-field checks.
    {"immediate_plus_special",
     "[demand]\nimmediate_share = 0.9\nspecial_share = 0.2\n",
     {},
     {"demand.immediate_share, demand.special_share: 0.9 + 0.2",
      "demand.immediate_share + demand.special_share <= 1"}},
    {"categories_per_org",
     "[demand]\ncategories = a\n",
     {},
     {"dispatch.categories_per_org, demand.categories: 2 > 1 categories"}},
    {"close_before_open",
     "[roster]\nopen_hour = 17\nclose_hour = 9\n",
     {},
     {"roster.open_hour, roster.close_hour: 17 to 9", "roster.close_hour > roster.open_hour"}},
    {"shift_longer_than_day",
     "[roster]\nshift_h = 9\n",
     {},
     {"roster.shift_h, roster.open_hour, roster.close_hour: 9 h > 8 h",
      "roster.shift_h <= roster.close_hour - roster.open_hour"}},
    {"renamed_key",
     "[roster]\nclosed_online_share = 0.3\n",
     {},
     {"roster.closed_online_share", "unknown key", "its new name, roster.closed_request_share"}},
    {"closed_shares",
     "[roster]\nclosed_wait_share = 0.8\nclosed_request_share = 0.3\n",
     {},
     {"roster.closed_wait_share, roster.closed_request_share: 0.8 + 0.3"}},
    {"attraction_quality_spread",
     "[service]\nattraction_quality_mean = 0.999\n",
     {},
     {"service.quality_sd, service.attraction_quality_mean", "no Beta distribution"}},
    {"satisfaction_quality_spread",
     "[service]\nsatisfaction_quality_mean = 0.999\n",
     {},
     {"service.quality_sd, service.satisfaction_quality_mean"}},
    {"fund_payout_order",
     "[resources]\nfund_payout_min = 2\n",
     {},
     {"resources.fund_payout_min, resources.fund_payout_max: 2 > 1.5"}},
    {"groups_not_areas",
     "[inspection]\ngroups = 6\n",
     {},
     {"inspection.groups, district.areas: 6 groups, 7 areas",
      "inspection.groups == district.areas"}},
    {"weights_sum",
     "[inspection]\nweight_orders = 0.2\n",
     {},
     {"inspection.weight_orders, inspection.weight_answered", "sum 1.05", "do not sum to 1"}},
    {"tier_shares_count",
     "[tiers]\namounts_yuan = 1500,1200,900\n",
     {},
     {"tiers.shares, tiers.amounts_yuan: 4 shares, 3 amounts"}},
    {"tier_shares_sum",
     "[tiers]\nshares = 0.2,0.3,0.3,0.3\n",
     {},
     {"tiers.shares: sum 1.1", "tier shares do not sum to 1"}},
    {"tier_cutoffs_count",
     "[tiers]\nscheme = score_cutoff\nscore_cutoffs = 80,65\n",
     {},
     {"tiers.score_cutoffs, tiers.amounts_yuan: 2 cutoffs, 4 amounts"}},
    {"fewer_branches_than_areas",
     "[district]\nbranches = 5\n",
     {},
     {"district.branches, district.scale, district.areas: 5 * 1 < 7 areas"}},
    {"scale_leaves_too_few_branches",
     "[district]\nscale = 0.01\n",
     {},
     {"round(district.branches * district.scale) >= district.areas"}},
    {"effort_min_above_max",
     "[behaviour]\neffort_min = 1.5\neffort_max = 1.2\n",
     {},
     {"bad.ini: behaviour.effort_min, behaviour.effort_max: 1.5 > 1.2",
      "the lowest effort a leader chooses is above the highest",
      "allowed: behaviour.effort_min <= behaviour.effort_max"}},
    {"effort_min_above_default_max",
     "",
     {"behaviour.effort_min=2.5"},
     {"behaviour.effort_min, behaviour.effort_max: 2.5 > 2"}},
    {"run_longer_than_ten_years",
     "[run]\ndays = 366\nyears = 11\n",
     {},
     {"bad.ini: run.days, run.years: 366 * 11", "the run is longer than 3660 days",
      "allowed: run.days * run.years <= 3660"}},
    {"run_one_day_too_long",
     "[run]\ndays = 523\nyears = 7\n",  // 3661 days
     {},
     {"run.days, run.years: 523 * 7", "run.days * run.years <= 3660"}},

    // Overrides.
    {"malformed_set", "", {"run.days"}, {"--set: : run.days: not key=value"}},
    {"unknown_set_key",
     "",
     {"run.dayz=3"},
     {"--set: run.dayz: 3: unknown key; allowed: did you mean run.days?"}},
    {"set_value_out_of_range", "", {"run.days=0"}, {"--set: run.days: 0: out of range"}},
    {"negative_seed", "", {}, {"--seed: run.seed: -5: out of range"}, -5},
};

INSTANTIATE_TEST_SUITE_P(Config, BadInputTest, testing::ValuesIn(kBadInputs),
                         [](const testing::TestParamInfo<BadInput>& param_info) {
                           return param_info.param.name;
                         });

// ---- Collecting every problem -----------------------------------------------------------------

TEST(ConfigProblems, OneFileReportsAllItsProblems) {
  const std::string ini =
      "[district]\n"
      "branch = 5\n"    // unknown key
      "areas = 0\n"     // out of range
      "scale = 0.8x\n"  // trailing junk
      "junk\n"          // syntax error
      "[roster]\n"
      "open_weekdays = monday\n"  // bad list item
      "[incubation]\n"
      "threshold = 0.8\n"
      "threshold = 0.9\n"  // duplicate
      "[inspection]\n"
      "weight_duty = 0.5\n";  // cross-field: weights
  const LoadResult result = load_text(ini, {"run.days"});
  const std::string text = all_problems(result);
  for (const char* expected :
       {"unknown key", "out of range", "trailing junk", "line 5 is neither", "\"monday\"",
        "key given twice", "do not sum to 1", "not key=value"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " missing from:\n" << text;
  }
  EXPECT_EQ(result.problems.size(), 8u) << text;
}

TEST(ConfigProblems, KeysUnderAnUnknownSectionAreReportedOnceWithIt) {
  const LoadResult result = load_text("[plugins]\na = 1\nb = 2\n");
  ASSERT_EQ(result.problems.size(), 1u) << all_problems(result);
  EXPECT_EQ(result.problems[0].key, "[plugins]");
}

TEST(ConfigProblems, ABadValueDoesNotTriggerCrossChecksOnTheDefaultLeftInItsPlace) {
  // groups is bad; "groups != areas" would only confuse.
  const LoadResult result = load_text("[inspection]\ngroups = x\n");
  ASSERT_EQ(result.problems.size(), 1u) << all_problems(result);
  EXPECT_EQ(result.problems[0].problem, "not an integer");
}

TEST(ConfigProblems, BehaviourAndRunLengthCrossChecksAreOneProblemNamingBothKeys) {
  LoadResult result = load_text("[behaviour]\neffort_min = 1.5\neffort_max = 1.2\n");
  ASSERT_EQ(result.problems.size(), 1u) << all_problems(result);
  EXPECT_EQ(result.problems[0].key, "behaviour.effort_min, behaviour.effort_max");
  EXPECT_EQ(result.problems[0].value, "1.5 > 1.2");
  result = load_text("[run]\ndays = 200\nyears = 20\n");
  ASSERT_EQ(result.problems.size(), 1u) << all_problems(result);
  EXPECT_EQ(result.problems[0].key, "run.days, run.years");
  EXPECT_EQ(result.problems[0].value, "200 * 20");
}

TEST(ConfigProblems, BehaviourAndRunLengthBoundariesAreAccepted) {
  // Equal bounds: a leader with no choice of effort.
  const Scenario same = load_ok("[behaviour]\neffort_min = 1.3\neffort_max = 1.3\n");
  EXPECT_EQ(same.behaviour.effort_min, 1.3);
  EXPECT_EQ(same.behaviour.effort_max, 1.3);
  // Exactly ten years, however split.
  EXPECT_EQ(load_ok("[run]\ndays = 366\nyears = 10\n").run.years, 10);
  EXPECT_EQ(load_ok("[run]\ndays = 183\nyears = 20\n").run.days, 183);
  EXPECT_EQ(load_ok("[run]\ndays = 3660\nyears = 1\n").run.days, 3660);
}

TEST(ConfigProblems, BadBehaviourOrRunValuesDoNotTriggerTheirCrossChecks) {
  LoadResult result = load_text("[behaviour]\neffort_min = x\neffort_max = 0.1\n");
  ASSERT_EQ(result.problems.size(), 1u) << all_problems(result);
  EXPECT_EQ(result.problems[0].key, "behaviour.effort_min");
  result = load_text("[run]\ndays = 365\nyears = 25\n");
  ASSERT_EQ(result.problems.size(), 1u) << all_problems(result);
  EXPECT_EQ(result.problems[0].key, "run.years");
  EXPECT_EQ(result.problems[0].problem, "out of range");
}

TEST(ConfigProblems, ToStringFormat) {
  const ConfigProblem problem{"f.ini", "run.days", "0", "out of range", "[1, 3660]"};
  EXPECT_EQ(problem.to_string(), "f.ini: run.days: 0: out of range; allowed: [1, 3660]");
}

TEST(ConfigProblems, MissingFileIsAProblemNotAThrow) {
  const std::string path = "/nonexistent/orgsim/none.ini";
  const LoadResult result = load_scenario_file(path, {}, std::nullopt);
  EXPECT_FALSE(result.scenario.has_value());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].file, path);
  EXPECT_EQ(result.problems[0].key, "");
  EXPECT_EQ(result.problems[0].value, path);
  EXPECT_EQ(result.problems[0].problem, "cannot read file (no such file)");
}

TEST(ConfigProblems, DirectoryIsAProblem) {
  const LoadResult result = load_scenario_file(kSourceDir + "/scenarios", {}, std::nullopt);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].problem, "not a regular file");
}

// `orgsim validate /dev/zero` used to read for ever: only regular files are read.
TEST(ConfigProblems, ADeviceIsNotReadWithoutEnd) {
  const LoadResult result = load_scenario_file("/dev/zero", {}, std::nullopt);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].problem, "not a regular file");
}

// Work per value and per line is bounded: a list of 50,000 repeated names used to take a
// minute and gigabytes (every item checked against every earlier one, each message quoting
// the whole list); lines of junk were each re-read from the start.
TEST(ConfigProblems, HugeListsAndManyBadLinesCostLittle) {
  std::string towns;
  for (int i = 0; i < 50000; ++i) towns += (i ? ",a" : "a");
  const LoadResult huge = load_text("[district]\ntowns = " + towns + "\n");
  ASSERT_EQ(huge.problems.size(), 1u) << all_problems(huge);
  EXPECT_EQ(huge.problems[0].problem, "has 50000 items, expected 1..1000");
  EXPECT_LT(huge.problems[0].to_string().size(), 600u);  // the value is quoted, not copied

  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += (i ? ",a" : "a");
  const LoadResult repeated = load_text("[district]\ntowns = " + fifty + "\n");
  ASSERT_EQ(repeated.problems.size(), 21u);  // 20 listed, then how many more
  EXPECT_EQ(repeated.problems.back().problem, "and 29 more problems with its items");

  std::string junk = "[district]\n";
  for (int i = 0; i < 5000; ++i) junk += "junk" + std::to_string(i) + "\n";
  const LoadResult lines = load_text(junk);
  ASSERT_EQ(lines.problems.size(), 5000u);
  EXPECT_EQ(lines.problems[4999].problem, "line 5001 is neither [section] nor key = value");
}

TEST(ConfigProblems, AnInputLargerThanTheBoundIsRefusedUnread) {
  const std::string path = testing::TempDir() + "/orgsim-huge.ini";
  {
    std::ofstream out(path, std::ios::binary);
    const std::string line = "# " + std::string(1022, 'x') + "\n";
    for (std::size_t written = 0; written <= orgsim::config::kMaxInputBytes; written += line.size())
      out << line;
  }
  const LoadResult result = load_scenario_file(path, {}, std::nullopt);
  std::remove(path.c_str());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].problem, "larger than 16 MiB");
}

// ---- Defaults and the catalogue ---------------------------------------------------------------

TEST(Catalogue, EmptyIniGivesTheTableDefaults) {
  const Scenario s = load_ok("");
  EXPECT_EQ(s.run.seed, 1);
  EXPECT_EQ(s.run.days, 365);
  EXPECT_EQ(s.run.name, "ouhai");
  EXPECT_EQ(s.district.name, "瓯海区");
  ASSERT_EQ(s.district.towns.size(), 13u);
  EXPECT_EQ(s.district.towns.front(), "景山街道");
  EXPECT_EQ(s.district.towns.back(), "泽雅镇");
  EXPECT_EQ(s.district.branches, 250);
  EXPECT_EQ(s.district.areas, 7);
  EXPECT_EQ(s.district.scale, 1.0);
  EXPECT_EQ(s.district.officials_per_town, 2);
  EXPECT_EQ(s.district.committee_staff, 4);
  EXPECT_EQ(s.district.social_orgs, 60);
  EXPECT_EQ(s.district.partner_units, 26);
  EXPECT_EQ(s.district.alliances, 12);
  EXPECT_EQ(s.demand.public_orders_per_branch_week, 1.5);
  EXPECT_EQ(s.demand.menu_items, 26);
  EXPECT_EQ(s.demand.campaigns_per_year, 33);
  EXPECT_EQ(s.demand.special_share, 0.05);
  EXPECT_EQ(s.demand.categories.size(), 8u);
  EXPECT_EQ(s.demand.categories[2], "legal_aid");
  ASSERT_EQ(s.demand.hourly_profile.size(), 24u);
  EXPECT_EQ(s.demand.hourly_profile[10], 1.6);
  EXPECT_EQ(s.demand.weekly_profile, (std::vector<double>{1, 1, 1, 1, 1, 1.3, 1.3}));
  EXPECT_EQ(s.dispatch.rule, DispatchRule::kShortestQueue);
  EXPECT_EQ(s.dispatch.tie_break, orgsim::config::TieBreak::kLeastRecent);
  EXPECT_EQ(s.dispatch.answer_deadline_h, 168);
  EXPECT_EQ(s.dispatch.categories_per_org, 2);
  EXPECT_EQ(s.roster.service_points_per_town, 1);
  EXPECT_EQ(s.roster.open_hour, 9);
  EXPECT_EQ(s.roster.close_hour, 17);
  EXPECT_EQ(s.roster.shift_h, 4);
  EXPECT_EQ(s.roster.open_weekdays, (std::vector<std::string>{"mon", "tue", "wed", "thu", "fri"}));
  EXPECT_EQ(s.roster.closed_wait_share, 0.0);
  EXPECT_EQ(s.roster.closed_request_share, 1.0);  // 自助点单: nobody gives up (issue 13)
  EXPECT_EQ(s.service.duration_model, DurationModel::kLognormal);
  EXPECT_EQ(s.service.org_staff_mean, 3);
  EXPECT_EQ(s.service.org_staff_model, StaffModel::kPoisson);
  EXPECT_EQ(s.service.attraction_quality_mean, 0.86);
  EXPECT_EQ(s.service.satisfaction_quality_mean, 0.88);
  EXPECT_EQ(s.service.quality_sd, 0.06);
  EXPECT_EQ(s.service.wait_tolerance_h, 336);
  EXPECT_EQ(s.resources.venues_per_street, 50);
  EXPECT_EQ(s.resources.budget_yuan, 200000);
  EXPECT_EQ(s.resources.budget_growth, 0.1);
  EXPECT_EQ(s.resources.fund_payout_min, 1.1);
  EXPECT_EQ(s.resources.fund_payout_max, 1.5);
  EXPECT_EQ(s.branch.leader_effort, 1.0);
  EXPECT_EQ(s.branch.activities_per_quarter, 3);
  EXPECT_EQ(s.branch.activity_duration_h, 3);
  EXPECT_EQ(s.branch.youth_contacts_per_quarter, 25);
  EXPECT_EQ(s.inspection.groups, 7);
  EXPECT_EQ(s.inspection.weight_satisfaction, 0.2);
  EXPECT_EQ(s.inspection.visit_noise_sd, 3);
  EXPECT_EQ(s.inspection.ranking, RankingScope::kDistrict);
  EXPECT_EQ(s.tiers.kind, core::TierSchemeKind::kRankShare);
  EXPECT_EQ(s.tiers.shares, (std::vector<double>{0.2, 0.3, 0.3, 0.2}));
  EXPECT_EQ(s.tiers.score_cutoffs, (std::vector<double>{80, 65, 50}));
  EXPECT_EQ(s.tiers.amounts_yuan, (std::vector<double>{1500, 1200, 900, 600}));
  EXPECT_EQ(s.incubation.threshold, 0.8);
  EXPECT_EQ(s.incubation.combine, core::RateCombine::kBoth);
  EXPECT_EQ(s.incubation.attraction_weight, 0.5);
  EXPECT_EQ(s.incubation.min_evaluations, 1);
}

TEST(Catalogue, EveryEntryIsCompleteAndItsDefaultIsInsideItsOwnRange) {
  std::set<std::string> keys;
  const auto& sections = catalogue_sections();
  for (const ParamSpec& spec : parameter_catalogue()) {
    SCOPED_TRACE(spec.key);
    EXPECT_TRUE(keys.insert(spec.key).second) << "declared twice";
    EXPECT_NE(std::find(sections.begin(), sections.end(), spec.section()), sections.end());
    EXPECT_FALSE(spec.name().empty());
    EXPECT_FALSE(spec.unit.empty());
    EXPECT_FALSE(spec.description.empty());
    EXPECT_FALSE(range_text(spec).empty());
    EXPECT_TRUE(spec.set && spec.get);
    const ParsedValue parsed = parse_value(spec, spec.default_text);
    EXPECT_TRUE(parsed.problems.empty()) << parsed.problems.front();
    ASSERT_TRUE(parsed.value.has_value());
    // The canonical text of the default reads back to the same value.
    EXPECT_TRUE(parse_value(spec, format_value(spec, *parsed.value)).value == parsed.value);
  }
  EXPECT_EQ(sections,
            (std::vector<std::string>{"run", "district", "demand", "dispatch", "roster", "service",
                                      "resources", "branch", "inspection", "tiers", "incubation",
                                      "truth", "behaviour", "succession", "warnings"}));
}

// Every field of the XxxParams structs in scenario.hpp has its catalogue key (section.field),
// and nothing else is in those sections. Catches a field added to Scenario but not here.
TEST(Catalogue, CoversEveryFieldOfScenarioHpp) {
  const std::string header = read_text(kSourceDir + "/sim/config/scenario.hpp");
  std::map<std::string, std::string> section_of_struct;  // "RunParams" -> "run"
  const std::regex member(R"(\n\s+(\w+Params)\s+(\w+);)");
  for (std::sregex_iterator it(header.begin(), header.end(), member), end; it != end; ++it) {
    section_of_struct[(*it)[1]] = (*it)[2];
  }
  ASSERT_EQ(section_of_struct.size(), 12u);

  std::set<std::string> fields;
  const std::regex struct_block(R"(struct (\w+Params) \{([^}]*)\})");
  const std::regex field(R"(\n\s+[\w:<>]+\s+(\w+);)");
  for (std::sregex_iterator it(header.begin(), header.end(), struct_block), end; it != end; ++it) {
    const std::string section = section_of_struct.at((*it)[1]);
    const std::string body = (*it)[2];
    for (std::sregex_iterator f(body.begin(), body.end(), field); f != end; ++f) {
      std::string key = section + "." + std::string((*f)[1]);
      // `public` is a C++ keyword: the field behind behaviour.public is public_model.
      if (key == "behaviour.public_model") key = "behaviour.public";
      fields.insert(key);
    }
  }
  std::set<std::string> keys;
  for (const ParamSpec& spec : parameter_catalogue()) {
    // These three sections bind to structs of core/ (TierScheme, IncubationRule,
    // ReferenceStandard), not to XxxParams of scenario.hpp.
    if (spec.section() != "tiers" && spec.section() != "incubation" && spec.section() != "truth")
      keys.insert(spec.key);
  }
  EXPECT_EQ(fields, keys);
}

// docs/PARAMETERS.md is generated by `orgsim describe --markdown`: it must still match the code.
TEST(Catalogue, DocsParameterTableMatchesTheCatalogue) {
  std::ifstream in(kSourceDir + "/docs/PARAMETERS.md", std::ios::binary);
  ASSERT_TRUE(in) << "docs/PARAMETERS.md is missing";
  std::ostringstream text;
  text << in.rdbuf();
  const std::string table = describe_catalogue(true);
  const std::string doc = text.str();
  ASSERT_GE(doc.size(), table.size());
  EXPECT_EQ(doc.substr(doc.size() - table.size()), table)
      << "regenerate: see the header of docs/PARAMETERS.md";
}

TEST(Catalogue, ChoicesMapToTheirEnums) {
  const Scenario s = load_ok("", {"dispatch.rule=best_rated", "service.duration_model=exponential",
                                  "inspection.ranking=area", "tiers.scheme=score_cutoff",
                                  "incubation.combine=weighted", "service.org_staff_model=fixed"});
  EXPECT_EQ(s.dispatch.rule, DispatchRule::kBestRated);
  EXPECT_EQ(s.service.duration_model, DurationModel::kExponential);
  EXPECT_EQ(s.inspection.ranking, RankingScope::kArea);
  EXPECT_EQ(s.tiers.kind, core::TierSchemeKind::kScoreCutoff);
  EXPECT_EQ(s.incubation.combine, core::RateCombine::kWeighted);
  EXPECT_EQ(s.service.org_staff_model, StaffModel::kFixed);
  EXPECT_EQ(load_ok("[dispatch]\nrule = alliance_first\n").dispatch.rule,
            DispatchRule::kAllianceFirst);
}

TEST(Catalogue, BehaviourChoicesMapToTheirEnums) {
  const Scenario fixed = load_ok("");
  EXPECT_EQ(fixed.behaviour.leader, LeaderModel::kFixed);
  EXPECT_EQ(fixed.behaviour.organization, OrganizationModel::kFixed);
  EXPECT_EQ(fixed.behaviour.public_model, PublicModel::kFixed);
  EXPECT_EQ(fixed.behaviour.roster, RosterModel::kFixed);
  const Scenario s =
      load_ok("", {"behaviour.leader=tournament", "behaviour.organization=protective",
                   "behaviour.public=trust", "behaviour.roster=fatigue"});
  EXPECT_EQ(s.behaviour.leader, LeaderModel::kTournament);
  EXPECT_EQ(s.behaviour.organization, OrganizationModel::kProtective);
  EXPECT_EQ(s.behaviour.public_model, PublicModel::kTrust);
  EXPECT_EQ(s.behaviour.roster, RosterModel::kFatigue);
  EXPECT_EQ(load_ok("[behaviour]\nleader = adaptive\n").behaviour.leader, LeaderModel::kAdaptive);
}

TEST(Catalogue, FormatRealIsShortestAndExact) {
  EXPECT_EQ(format_real(0.1), "0.1");
  EXPECT_EQ(format_real(200000), "200000");
  EXPECT_EQ(format_real(1.0), "1");
  EXPECT_EQ(format_real(1e-300), "1e-300");
  EXPECT_EQ(format_real(0.1 + 0.2), "0.30000000000000004");
  for (double x : {0.1 + 0.2, 1.0 / 3, 1e300, -2.5e-7, 123456789.123}) {
    const ParamSpec& spec = *find_parameter("tiers.score_cutoffs");
    const ParsedValue parsed = parse_value(spec, format_real(x));
    ASSERT_TRUE(parsed.value.has_value()) << format_real(x);
    EXPECT_EQ(std::get<std::vector<double>>(*parsed.value).at(0), x);
  }
}

// ---- INI format details -----------------------------------------------------------------------

// The distance with a limit is the distance when within it, and limit + 1 beyond, whatever the
// pair: checked against the full table over many random pairs and every limit up to 12.
TEST(Text, EditDistanceWithinALimitIsExactUpToItAndBeyondItSaysSo) {
  EXPECT_EQ(edit_distance_within("treshold", "threshold", 1), 1u);
  EXPECT_EQ(edit_distance_within("treshold", "threshold", 0), 1u);
  EXPECT_EQ(edit_distance_within(std::string(5000, 'a'), "abc", 40), 41u);
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  for (int pair = 0; pair < 2000; ++pair) {
    std::string a, b;
    const std::size_t length_a = next() % 14, length_b = next() % 14;
    const char* letters[] = {"a", "b", "c", "娄"};  // a Chinese character is one code point
    for (std::size_t i = 0; i < length_a; ++i) a += letters[next() % 4];
    for (std::size_t i = 0; i < length_b; ++i) b += letters[next() % 3];
    const std::size_t full = edit_distance(a, b);
    for (std::size_t limit = 0; limit <= 12; ++limit)
      ASSERT_EQ(edit_distance_within(a, b, limit), full <= limit ? full : limit + 1)
          << "\"" << a << "\" \"" << b << "\" limit " << limit;
  }
}

// The one edit distance behind "did you mean" and the nearest names: counted in code points,
// so a Chinese character is one edit, as is an ASCII letter.
TEST(Text, EditDistanceCountsCodePoints) {
  EXPECT_EQ(edit_distance("treshold", "threshold"), 1u);
  EXPECT_EQ(edit_distance("娄桥", "楼桥"), 1u);
  EXPECT_EQ(edit_distance("娄桥街道", "娄桥"), 2u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
  EXPECT_EQ(edit_distance("\xff", "a"), 1u);  // a malformed byte is one code point
  EXPECT_EQ(code_point_at("楼", 0).value, U'楼');
  EXPECT_EQ(code_point_at("楼", 0).bytes, 3u);
  EXPECT_EQ(code_point_at("\xe6\xa5", 0).bytes, 2u);  // cut short by the end of the text
}

TEST(IniFormat, HashStartsACommentAnywhere) {
  EXPECT_EQ(load_ok("# heading\n[run]\ndays = 30 # a month\n").run.days, 30);
}

TEST(IniFormat, SemicolonIsKeptInNames) {
  EXPECT_EQ(load_ok("[run]\nname = a ; b\n").run.name, "a ; b");
}

TEST(IniFormat, WhitespaceCrlfBomAndPlusAreAccepted) {
  EXPECT_EQ(load_ok("[run]\r\ndays =   30   \r\n").run.days, 30);
  EXPECT_EQ(load_ok("\xEF\xBB\xBF[run]\ndays = 31\n").run.days, 31);
  EXPECT_EQ(load_ok("[run]\ndays = +32\n").run.days, 32);
  EXPECT_EQ(load_ok("", {" run.days =  33 "}).run.days, 33);
  EXPECT_EQ(load_ok("[district]\ntowns = a , b\n").district.towns,
            (std::vector<std::string>{"a", "b"}));
}

// A file with old-Mac line ends (CR alone) is not one long comment-free line that runs the
// defaults: its keys are read like any others.
TEST(IniFormat, CrOnlyLineEndsAreLineEnds) {
  const Scenario s = load_ok("[run]\rdays = 40\r# a comment\r[district]\rscale = 0.5\r");
  EXPECT_EQ(s.run.days, 40);
  EXPECT_DOUBLE_EQ(s.district.scale, 0.5);
}

TEST(IniFormat, DottedKeyBeforeAnySection) {
  EXPECT_EQ(load_ok("district.branches = 8\ndistrict.areas = 2\ninspection.groups = 2\n")
                .district.branches,
            8);
}

TEST(IniFormat, EmptyListWhereAllowed) {
  const Scenario s =
      load_ok("[tiers]\nscheme = score_cutoff\nscore_cutoffs =\namounts_yuan = 500\n");
  EXPECT_TRUE(s.tiers.score_cutoffs.empty());
  EXPECT_EQ(s.tiers.amounts_yuan, std::vector<double>{500});
}

TEST(IniFormat, Utf8NamesAreKeptByteForByte) {
  const LoadResult result = load_text(
      "[district]\nname = 瓯海区\ntowns = 景山街道, 新桥街道,泽雅镇\n", {"run.name=瑞安 园区"});
  ASSERT_TRUE(result.scenario.has_value()) << all_problems(result);
  EXPECT_EQ(result.scenario->district.name, "\xE7\x93\xAF\xE6\xB5\xB7\xE5\x8C\xBA");  // 瓯海区
  EXPECT_EQ(result.scenario->district.towns,
            (std::vector<std::string>{"景山街道", "新桥街道", "泽雅镇"}));
  EXPECT_EQ(result.scenario->run.name, "瑞安 园区");
  EXPECT_NE(result.effective_ini.find("towns = 景山街道,新桥街道,泽雅镇\n"), std::string::npos);
}

// ---- Overrides ----------------------------------------------------------------------------------

TEST(Overrides, SetBeatsTheFileAndLaterSetsWin) {
  const Scenario s = load_ok("[run]\ndays = 100\n", {"run.days=10", "run.days = 20"});
  EXPECT_EQ(s.run.days, 20);
}

TEST(Overrides, AGoodSetDoesNotHideABadFileValue) {
  // The file must be fixed even if --set gives a good value.
  const LoadResult result = load_text("[run]\ndays = x\n", {"run.days=10"});
  EXPECT_EQ(result.problems.size(), 1u) << all_problems(result);
}

TEST(Overrides, SeedOverridesRunSeed) {
  const LoadResult result = load_text("[run]\nseed = 7\n", {"run.seed=8"}, 42);
  ASSERT_TRUE(result.scenario.has_value()) << all_problems(result);
  EXPECT_EQ(result.scenario->run.seed, 42);
  EXPECT_NE(result.effective_ini.find("\nseed = 42\n"), std::string::npos);
}

// ---- The effective INI ------------------------------------------------------------------------

void expect_round_trip(const std::string& ini, const std::vector<std::string>& overrides) {
  const LoadResult first = load_text(ini, overrides);
  ASSERT_TRUE(first.scenario.has_value()) << all_problems(first);
  const LoadResult second = load_text(first.effective_ini);
  ASSERT_TRUE(second.scenario.has_value()) << all_problems(second);
  expect_same_scenario(*first.scenario, *second.scenario);
  EXPECT_EQ(first.effective_ini, second.effective_ini);
}

TEST(EffectiveIni, RoundTripsExactly) {
  expect_round_trip("", {});
  expect_round_trip(read_text(kSourceDir + "/scenarios/ruian-park.ini"), {});
  expect_round_trip(
      "", {"incubation.threshold=0.30000000000000004", "tiers.score_cutoffs=1e300,0.1,-1e-300",
           "resources.budget_yuan=123456789.123", "district.scale=0.7",
           "run.seed=9223372036854775807", "tiers.scheme=score_cutoff"});
  expect_round_trip("[tiers]\nscheme = score_cutoff\nscore_cutoffs =\namounts_yuan = 500\n", {});
}

TEST(EffectiveIni, ListsEveryParameterWithItsDescriptionInSections) {
  const LoadResult result = load_text("");
  const std::string& ini = result.effective_ini;
  std::size_t position = 0;
  for (const std::string& section : catalogue_sections()) {
    const std::size_t found = ini.find("\n[" + section + "]\n", position);
    ASSERT_NE(found, std::string::npos) << section;
    position = found;
  }
  for (const ParamSpec& spec : parameter_catalogue()) {
    EXPECT_NE(ini.find("# " + spec.description), std::string::npos) << spec.key;
    EXPECT_NE(ini.find("\n" + spec.name() + " ="), std::string::npos) << spec.key;
  }
  EXPECT_NE(ini.find("# length of each simulated year (shorter: a part-year, pro rata); day 0 is a "
                     "Monday (unit: day)\ndays = 365"),
            std::string::npos);
}

// ---- Scenario files -----------------------------------------------------------------------------

// Keys set in an INI text, by a plain scan of `[section]` and `key = value` lines.
std::vector<std::string> keys_in(const std::string& ini) {
  std::vector<std::string> keys;
  std::istringstream in(ini);
  std::string section;
  const std::regex header(R"(^\[(\w+)\]\s*$)");
  const std::regex assignment(R"(^(\w+)\s*=)");
  std::smatch match;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, match, header)) section = match[1];
    if (std::regex_search(line, match, assignment)) keys.push_back(section + "." + match[1].str());
  }
  return keys;
}

std::vector<std::string> catalogue_keys() {
  std::vector<std::string> keys;
  for (const ParamSpec& spec : parameter_catalogue()) keys.push_back(spec.key);
  return keys;
}

TEST(ScenarioFiles, OuhaiLoadsSetsEveryParameterAndEqualsTheDefaults) {
  const std::string path = kSourceDir + "/scenarios/ouhai.ini";
  const LoadResult result = load_scenario_file(path, {}, std::nullopt);
  ASSERT_TRUE(result.scenario.has_value()) << all_problems(result);
  EXPECT_EQ(keys_in(read_text(path)), catalogue_keys());  // all, in catalogue order
  // The categories' Chinese labels belong to ouhai.ini's categories; the catalogue's default
  // (no labels: the names) keeps a scenario that lists its own categories valid.
  Scenario defaults = load_ok("");
  defaults.demand.category_labels_zh = result.scenario->demand.category_labels_zh;
  EXPECT_EQ(result.scenario->demand.category_labels_zh.size(),
            result.scenario->demand.categories.size());
  expect_same_scenario(*result.scenario, defaults);
  EXPECT_EQ(result.scenario->run.name, "ouhai");
}

TEST(ScenarioFiles, RuianParkLoadsAndSetsEveryParameter) {
  const std::string path = kSourceDir + "/scenarios/ruian-park.ini";
  const LoadResult result = load_scenario_file(path, {}, std::nullopt);
  ASSERT_TRUE(result.scenario.has_value()) << all_problems(result);
  EXPECT_EQ(keys_in(read_text(path)), catalogue_keys());
  const Scenario& s = *result.scenario;
  EXPECT_EQ(s.run.name, "ruian-park");
  EXPECT_EQ(s.district.branches, 8);
  EXPECT_EQ(s.district.areas, 2);
  EXPECT_EQ(s.inspection.groups, 2);
  EXPECT_EQ(s.district.officials_per_town * static_cast<std::int64_t>(s.district.towns.size()), 7);
  EXPECT_EQ(s.district.partner_units, 12);
  EXPECT_EQ(s.district.social_orgs, 12);
  EXPECT_EQ(s.roster.open_weekdays.size(), 7u);
  EXPECT_NE(std::find(s.demand.categories.begin(), s.demand.categories.end(), "legal_aid"),
            s.demand.categories.end());
  // 126 consultations at the help desk in about 122 days: the public's orders brought in person.
  const double at_desk_per_day = s.demand.public_orders_per_branch_week * s.demand.offline_share *
                                 static_cast<double>(s.district.branches) * s.district.scale / 7;
  EXPECT_NEAR(at_desk_per_day * 122, 126, 15);
  // 20+ activities in the year.
  EXPECT_GE(s.branch.activities_per_quarter * 4 * static_cast<double>(s.district.branches), 20);
}

// The stress case is ouhai.ini but for the lines it marks "stress:" (docs/MODEL.md §8.5).
TEST(ScenarioFiles, OuhaiTightIsOuhaiButForItsStressLines) {
  const std::string path = kSourceDir + "/scenarios/ouhai-tight.ini";
  const LoadResult tight = load_scenario_file(path, {}, std::nullopt);
  ASSERT_TRUE(tight.scenario.has_value()) << all_problems(tight);
  EXPECT_EQ(keys_in(read_text(path)), catalogue_keys());
  const LoadResult ouhai =
      load_scenario_file(kSourceDir + "/scenarios/ouhai.ini", {}, std::nullopt);
  ASSERT_TRUE(ouhai.scenario.has_value()) << all_problems(ouhai);
  std::vector<std::string> changed;
  for (const ParamSpec& spec : parameter_catalogue())
    if (!(spec.get(*tight.scenario) == spec.get(*ouhai.scenario))) changed.push_back(spec.key);
  EXPECT_EQ(changed,
            (std::vector<std::string>{"run.years", "run.name", "service.org_staff_mean",
                                      "service.org_staff_model", "resources.venues_per_street",
                                      "resources.budget_yuan"}));
  std::size_t stress_lines = 0;
  std::istringstream in(read_text(path));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("# stress:", 0) == 0) ++stress_lines;
  EXPECT_EQ(stress_lines, 5u);  // one per changed value but the name
}

TEST(ScenarioFiles, EmbeddedDefaultIsOuhaiIniAndLoads) {
  EXPECT_EQ(embedded_default_scenario(), read_text(kSourceDir + "/scenarios/ouhai.ini"));
  LoadRequest request;
  request.source_name = "<embedded ouhai.ini>";
  request.ini_text = embedded_default_scenario();
  const LoadResult result = load_scenario(request);
  ASSERT_TRUE(result.scenario.has_value()) << all_problems(result);
  Scenario defaults = load_ok("");  // but for the categories' labels (see above)
  defaults.demand.category_labels_zh = result.scenario->demand.category_labels_zh;
  expect_same_scenario(*result.scenario, defaults);
}

// ---- describe -----------------------------------------------------------------------------------

TEST(Describe, MarkdownHasOneRowPerParameter) {
  const std::string table = describe_catalogue(true);
  EXPECT_EQ(table.rfind("| key | type | default | unit | range / allowed | description |\n", 0),
            0u);
  for (const ParamSpec& spec : parameter_catalogue()) {
    EXPECT_NE(table.find("| " + spec.key + " | " + to_string(spec.type) + " | " +
                         spec.default_text + " | " + spec.unit + " | " + range_text(spec) + " | " +
                         spec.description + " |\n"),
              std::string::npos)
        << spec.key;
  }
}

TEST(Describe, PlainTextGroupsBySectionAndCutsLongDefaultsCleanly) {
  const std::string table = describe_catalogue(false);
  for (const std::string& section : catalogue_sections()) {
    EXPECT_NE(table.find("\n[" + section + "]\n"), std::string::npos) << section;
  }
  for (const ParamSpec& spec : parameter_catalogue()) {
    EXPECT_NE(table.find(spec.key + " "), std::string::npos) << spec.key;
  }
  // The 13 towns are cut to 32 columns (Chinese characters take two) on a character boundary.
  EXPECT_NE(table.find(" 景山街道,新桥街道,娄桥街道,潘... "), std::string::npos);
  EXPECT_EQ(table.find("泽雅镇"), std::string::npos);
}

// A key or section far longer than any is named unknown without a suggestion: it is no typo
// of one, and comparing a pasted paragraph with every key took seconds under the sanitizers
// (a fuzzed key of 8,800 bytes, tests/fuzz/regressions/scenario/key-of-4400-list-items.ini,
// which test_fuzz_regressions replays). Every key's one-letter typo still gets its suggestion,
// the longest keys' included.
TEST(ScenarioLoader, AKeyFarLongerThanAnyGetsNoSuggestionATypoOfEveryKeyDoes) {
  const std::string pasted(3000, 'a');
  const std::string keys = all_problems(load_text("", {"district." + pasted + "=5"}));
  EXPECT_NE(keys.find("unknown key; allowed: a key of the parameter catalogue"), std::string::npos)
      << keys;
  EXPECT_EQ(keys.find("did you mean"), std::string::npos) << keys;
  const std::string sections = all_problems(load_text("[" + pasted + "]\ndays = 5\n"));
  EXPECT_NE(sections.find("unknown section"), std::string::npos) << sections;
  EXPECT_EQ(sections.find("did you mean"), std::string::npos) << sections;
  for (const ParamSpec& spec : parameter_catalogue()) {
    const std::string typo = all_problems(load_text("", {spec.key + "x=1"}));
    EXPECT_NE(typo.find("did you mean " + spec.key + "?"), std::string::npos) << typo;
  }
}

}  // namespace
}  // namespace orgsim::config
