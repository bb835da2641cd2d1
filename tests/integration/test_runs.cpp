// Small simulated years, end to end through the binary.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "config/population_estimate.hpp"
#include "config/scenario_loader.hpp"
#include "core/erlang_c.hpp"
#include "run_binary.hpp"

using orgsim::testing::parse_json;
using orgsim::testing::run_orgsim;
using orgsim::testing::source_path;
using orgsim::testing::temp_file;

namespace {

// A tiny district (25 branches) so each year runs in a fraction of a second.
const std::string kSmall = "--set district.scale=0.1 --quiet";

std::string without_wall_seconds(const std::string& json) {
  const auto pos = json.find("\"wall_seconds\"");
  return json.substr(0, pos);
}

std::int64_t sum_children(const boost::property_tree::ptree& node) {
  std::int64_t total = 0;
  for (const auto& child : node) total += child.second.get_value<std::int64_t>();
  return total;
}

}  // namespace

TEST(Runs, DefaultScenarioRunsFromAnyFolder) {
  const auto r = run_orgsim("run --quiet");  // the embedded scenario: no file argument
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("fingerprint"), std::string::npos);
  EXPECT_NE(r.out.find("incubated"), std::string::npos);
}

TEST(Runs, EveryOrderEndsInExactlyOneState) {
  const auto r = run_orgsim("run " + kSmall + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json(r.out);
  const auto total = j.get<std::int64_t>("orders.total");
  EXPECT_GT(total, 100);
  EXPECT_EQ(sum_children(j.get_child("orders.by_state")), total);
  EXPECT_EQ(sum_children(j.get_child("orders.by_source")), total);
  EXPECT_EQ(sum_children(j.get_child("orders.by_channel")), total);
  EXPECT_EQ(sum_children(j.get_child("orders.by_kind")), total);
  EXPECT_GT(j.get<std::int64_t>("orders.by_state.served"), total / 2);
  const auto orgs = j.get<std::int64_t>("organizations.count");
  EXPECT_EQ(j.get<std::int64_t>("incubation.incubated") + j.get<std::int64_t>("incubation.denied") +
                j.get<std::int64_t>("incubation.not_enough_data"),
            orgs);
  for (const auto& quarter : j.get_child("tiers"))
    EXPECT_EQ(sum_children(quarter.second.get_child("branches_per_tier")),
              j.get<std::int64_t>("population.branches"));
}

TEST(Runs, SameSeedSameBytesDifferentSeedDifferentFingerprint) {
  const auto a = run_orgsim("run " + kSmall + " --json --seed 11");
  const auto b = run_orgsim("run " + kSmall + " --json --seed 11");
  const auto c = run_orgsim("run " + kSmall + " --json --seed 12");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(without_wall_seconds(a.out), without_wall_seconds(b.out));
  EXPECT_NE(parse_json(a.out).get<std::string>("fingerprint"),
            parse_json(c.out).get<std::string>("fingerprint"));
  EXPECT_EQ(parse_json(a.out).get<std::int64_t>("seed"), 11);
}

TEST(Runs, RaisingTheThresholdNeverIncubatesMore) {
  std::int64_t previous = -1;
  for (const char* threshold : {"0.95", "0.9", "0.85", "0.8", "0.7", "0.5"}) {
    const auto r = run_orgsim("run " + kSmall + " --json --set incubation.threshold=" + threshold);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto incubated = parse_json(r.out).get<std::int64_t>("incubation.incubated");
    EXPECT_GE(incubated, previous) << "threshold " << threshold;
    previous = incubated;
  }
  EXPECT_GT(previous, 0);
}

TEST(Runs, ThresholdChangesOnlyTheDecisionNotTheYear) {
  const auto a = run_orgsim("run " + kSmall + " --json --set incubation.threshold=0.7");
  const auto b = run_orgsim("run " + kSmall + " --json --set incubation.threshold=0.9");
  const auto ja = parse_json(a.out), jb = parse_json(b.out);
  EXPECT_EQ(ja.get<std::int64_t>("orders.total"), jb.get<std::int64_t>("orders.total"));
  EXPECT_EQ(ja.get<double>("orders.wait_h.mean"), jb.get<double>("orders.wait_h.mean"));
  EXPECT_LE(ja.get<std::int64_t>("incubation.denied"), jb.get<std::int64_t>("incubation.denied"));
}

TEST(Runs, RuianParkScenarioRuns) {
  const auto r = run_orgsim("run " + source_path("scenarios/ruian-park.ini") + " --json --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(parse_json(r.out).get<std::string>("scenario"), "ruian-park");
}

TEST(Runs, BadInputListsEveryProblemExitsTwoAndRunsNothing) {
  const std::string path = temp_file(
      "[incubation]\nthreshold = 1.5\n[district]\nbranchs = 20\n[dispatch]\nrule = fastest\n");
  const auto r = run_orgsim("run " + path + " --json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("incubation.threshold"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("district.branches"), std::string::npos) << r.err;  // the suggestion
  EXPECT_NE(r.err.find("dispatch.rule"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;

  const auto v = run_orgsim("validate " + path);
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_EQ(v.err, r.err);
}

TEST(Runs, ValidateSaysOkForTheShippedScenarios) {
  for (const char* file :
       {"scenarios/ouhai.ini", "scenarios/ruian-park.ini", "scenarios/ouhai-tight.ini"}) {
    const auto r = run_orgsim(std::string("validate ") + source_path(file));
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_EQ(r.out, "ok\n");
  }
}

TEST(Runs, UnknownVerbAndUnknownFlagExitTwo) {
  EXPECT_EQ(run_orgsim("fly").exit_code, 2);
  EXPECT_EQ(run_orgsim("run --frobnicate").exit_code, 2);
}

TEST(Runs, DescribeListsEveryParameterWithUnitAndRange) {
  const auto r = run_orgsim("describe");
  ASSERT_EQ(r.exit_code, 0);
  for (const char* key :
       {"incubation.threshold", "district.scale", "tiers.amounts_yuan", "roster.shift_h"})
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
}

// The queue really queues: one desk with c staff, Poisson arrivals (flat profiles) and
// exponential service is an M/M/c queue, so the mean wait must agree with Erlang C. The check
// uses independent replications, so its tolerance is the replications' own standard error.
namespace {

struct MMcCase {
  int staff;
  double mean_service_h;
  double lambda_per_h;
};

// A one-branch district whose only orders are public orders of one kind, served by one desk:
// `kind_sets` says which kind and which desk (a social organization or a partner unit).
void expect_erlang_c_mean_wait(const MMcCase& q, const std::string& kind_sets) {
  std::string hourly = "1";
  for (int i = 1; i < 24; ++i) hourly += ",1";
  const std::string sets =
      " --set district.branches=1 --set district.areas=1 --set inspection.groups=1"
      " --set district.towns=town --set district.social_orgs=1 --set district.partner_units=1"
      " --set dispatch.categories_per_org=1 --set demand.categories=service"
      " --set demand.category_labels_zh=" +
      kind_sets + " --set service.duration_model=exponential" +
      " --set demand.public_orders_per_branch_week=" + std::to_string(q.lambda_per_h * 168.0) +
      " --set demand.offline_share=0 --set demand.special_share=0"
      " --set demand.menu_orders_per_branch_week=0 --set demand.campaigns_per_year=0"
      " --set resources.activity_share=0 --set dispatch.answer_deadline_h=8760"
      " --set demand.hourly_profile=" +
      hourly +
      " --set demand.weekly_profile=1,1,1,1,1,1,1"
      " --set roster.service_points_per_town=0 --set branch.activities_per_quarter=0";
  std::vector<double> means;
  for (int seed = 1; seed <= 8; ++seed) {
    const auto r = run_orgsim("run --quiet --json --seed " + std::to_string(seed) + sets);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    means.push_back(parse_json(r.out).get<double>("orders.wait_h.mean"));
  }
  const double n = static_cast<double>(means.size());
  const double mean = std::accumulate(means.begin(), means.end(), 0.0) / n;
  double ss = 0.0;
  for (double m : means) ss += (m - mean) * (m - mean);
  const double standard_error = std::sqrt(ss / (n - 1.0) / n);
  const double expected =
      orgsim::core::erlang_c_mean_wait(q.lambda_per_h, 1.0 / q.mean_service_h, q.staff);
  EXPECT_NEAR(mean, expected, 4.0 * standard_error + 0.02 * expected)
      << "simulated " << mean << " h, Erlang C " << expected << " h, standard error "
      << standard_error;
  EXPECT_GT(mean, 0.5 * expected);  // a queue that never waits would fail here
}

}  // namespace

TEST(Queueing, MeanWaitAgreesWithErlangC) {
  const MMcCase q{3, 2.0, 1.2};  // utilisation 0.8
  expect_erlang_c_mean_wait(q,
                            " --set demand.immediate_share=1"
                            " --set service.org_staff_model=fixed --set service.org_staff_mean=" +
                                std::to_string(q.staff) + " --set service.immediate_mean_h=" +
                                std::to_string(q.mean_service_h));
}

// Partner units that take each order into their queue at once (no planning meetings, issue
// 13) are a plain M/M/c queue too; with meetings every order would also wait for the next one.
TEST(Queueing, ContinuousPartnerUnitAgreesWithErlangC) {
  const MMcCase q{2, 4.0, 0.4};  // utilisation 0.8
  expect_erlang_c_mean_wait(q,
                            " --set demand.immediate_share=0"
                            " --set dispatch.partner_meeting_interval_h=0"
                            " --set service.partner_staff=" +
                                std::to_string(q.staff) + " --set service.non_immediate_mean_h=" +
                                std::to_string(q.mean_service_h));
}

// A district that cannot fit in the machine is refused with the estimate, at once, instead of
// being killed by the kernel at gigabytes (issue 12); --allow-large would run it all the same.
TEST(Runs, ADistrictTooLargeForTheMachineIsRefusedWithItsEstimate) {
  const auto r = run_orgsim("run --quiet --set district.branches=100000 --set district.scale=1000");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("would need about"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--allow-large"), std::string::npos) << r.err;
}

// The estimate counts the actors the runs create (the inspection groups, the calendar and the
// campaign source; the committee's staff are on timers), whatever the scale and the numbers of
// each.
TEST(Runs, TheEstimatedActorsAreTheRunsOwn) {
  for (const std::string overrides :
       {"", " --set district.scale=2.5",
        " --set district.committee_staff=9 --set district.areas=3 --set inspection.groups=3"}) {
    const auto r = run_orgsim("run --quiet --json" + overrides);
    ASSERT_EQ(r.exit_code, 0) << overrides << ": " << r.err;
    std::vector<std::string> sets;
    std::istringstream words(overrides);
    for (std::string word; words >> word;)
      if (word != "--set") sets.push_back(word);
    const auto loaded = orgsim::config::load_scenario({"test", "", sets, std::nullopt});
    ASSERT_TRUE(loaded.scenario) << overrides;
    EXPECT_EQ(parse_json(r.out).get<std::int64_t>("population.actors"),
              orgsim::config::estimate_population(*loaded.scenario).actors)
        << overrides;
  }
}

TEST(Logging, OffByDefaultAndOnPerCategoryWithTheSimulatedTimeInHours) {
  const std::string run = "run " + kSmall + " --json --set run.days=40";
  const auto quiet = run_orgsim(run);
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("orgsim_"), std::string::npos) << quiet.err;
  const auto logged = run_orgsim(run + " --log orgsim_calendar.thres:info");
  ASSERT_EQ(logged.exit_code, 0) << logged.err;
  // 40 days have quarters of 10 days: the first ranking at 240 h, the last at 960 h.
  EXPECT_NE(logged.err.find("[   240.000 h] [orgsim_calendar/INFO] quarter 1 ranked"),
            std::string::npos)
      << logged.err;
  EXPECT_NE(logged.err.find("[   960.000 h] [orgsim_calendar/INFO] quarter 4 ranked"),
            std::string::npos)
      << logged.err;
  EXPECT_EQ(logged.err.find("orgsim_orders"), std::string::npos);  // only the category asked
  // Logging changes nothing in the run.
  EXPECT_EQ(parse_json(quiet.out).get<std::string>("fingerprint"),
            parse_json(logged.out).get<std::string>("fingerprint"));
}

TEST(Logging, ABadLogSettingIsBadInputNamingWhatIsAllowed) {
  const auto r = run_orgsim("run --log orgsim_nothing.thres:info --log orgsim.thres:loud");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--log orgsim_nothing.thres:info: no log category orgsim_nothing"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--log orgsim.thres:loud: no log level loud"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("orgsim_orders"), std::string::npos) << r.err;  // the allowed list
  EXPECT_TRUE(r.out.empty());
}
