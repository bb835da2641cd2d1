// The summary sink on synthetic records: every count and share of the behaviour, truth and
// multi-year parts of the summary, and the JSON keys they are written under.
#define BOOST_BIND_GLOBAL_PLACEHOLDERS  // Boost.PropertyTree's JSON parser includes boost/bind
#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "config/scenario_loader.hpp"
#include "results/summary.hpp"
#include "results/summary_sink.hpp"

namespace {

using boost::property_tree::ptree;
using orgsim::core::AssigneeKind;
using orgsim::core::DeclineRecord;
using orgsim::core::DutyShiftRecord;
using orgsim::core::IncubationDecision;
using orgsim::core::IncubationRecord;
using orgsim::core::InspectionRecord;
using orgsim::core::Kind;
using orgsim::core::Order;
using orgsim::core::SupportOutcome;
using orgsim::results::Summary;
using orgsim::results::SummarySink;

orgsim::config::Scenario scenario_with(const std::vector<std::string>& overrides) {
  const auto loaded = orgsim::config::load_scenario({"test", "", overrides, std::nullopt});
  EXPECT_TRUE(loaded.problems.empty()) << loaded.problems.front().to_string();
  return *loaded.scenario;
}

// Two years, every behaviour switched on, the seed's rule (both rates >= 0.8).
orgsim::config::Scenario two_years() {
  return scenario_with({"run.years=2", "behaviour.leader=tournament",
                        "behaviour.organization=protective", "behaviour.public=trust",
                        "behaviour.roster=fatigue"});
}

Summary summary_of(const orgsim::config::Scenario& scenario, const SummarySink& sink) {
  Summary s;
  orgsim::results::fill_scenario_fields(s, scenario);
  sink.fill(s, 0);
  return s;
}

ptree json_of(const Summary& s) {
  std::istringstream in(orgsim::results::format_summary_json(s));
  ptree tree;
  boost::property_tree::read_json(in, tree);
  return tree;
}

Order order(Kind kind, AssigneeKind assignee, int declines = 0, bool steered = false) {
  Order o;
  o.kind = kind;
  o.assignee_kind = assignee;
  o.declines = static_cast<std::uint8_t>(declines);
  o.steered = steered;
  return o;
}

IncubationRecord decision(int year, IncubationDecision d, bool truly_good,
                          SupportOutcome support = SupportOutcome::kKept) {
  IncubationRecord r;
  r.year = year;
  r.decision = d;
  r.true_attraction_quality = truly_good ? 0.9 : 0.5;
  r.true_satisfaction_quality = truly_good ? 0.95 : 0.85;  // both must reach 0.8
  r.support = support;
  return r;
}

InspectionRecord inspection(int quarter, int branch, int tier, int tier_without_noise,
                            double allowance, double allowance_without_noise, double effort) {
  InspectionRecord r;
  r.quarter = quarter;
  r.branch = branch;
  r.tier = tier;
  r.tier_without_noise = tier_without_noise;
  r.allowance_yuan = allowance;
  r.allowance_without_noise_yuan = allowance_without_noise;
  r.effort = effort;
  return r;
}

std::vector<ptree> items(const ptree& array) {
  std::vector<ptree> out;
  for (const auto& item : array) out.push_back(item.second);
  return out;
}

}  // namespace

TEST(SummarySink, OrdersByFinalAssigneeDeclinesAndSteering) {
  const auto scenario = two_years();
  SummarySink sink(scenario);
  sink.on_order_closed(order(Kind::kImmediate, AssigneeKind::kSocialOrg));
  sink.on_order_closed(order(Kind::kImmediate, AssigneeKind::kSocialOrg, 1, true));
  sink.on_order_closed(order(Kind::kImmediate, AssigneeKind::kDistrictCommittee, 3));
  sink.on_order_closed(order(Kind::kNonImmediate, AssigneeKind::kPartnerUnit, 0, true));
  sink.on_order_closed(order(Kind::kSpecial, AssigneeKind::kDistrictCommittee));
  sink.on_order_closed(order(Kind::kSpecial, AssigneeKind::kDistrictCommittee, 2));
  sink.on_order_closed(order(Kind::kSpecial, AssigneeKind::kSocialOrg));
  sink.on_order_closed(order(Kind::kImmediate, AssigneeKind::kNone));
  for (int i = 0; i < 6; ++i) sink.on_decline(DeclineRecord{i % 3, i, 1.0 * i, 0.8, 0.6});

  const Summary s = summary_of(scenario, sink);
  EXPECT_EQ(s.by_assignee[static_cast<int>(AssigneeKind::kNone)], 1);
  EXPECT_EQ(s.by_assignee[static_cast<int>(AssigneeKind::kSocialOrg)], 3);
  EXPECT_EQ(s.by_assignee[static_cast<int>(AssigneeKind::kPartnerUnit)], 1);
  EXPECT_EQ(s.by_assignee[static_cast<int>(AssigneeKind::kDistrictCommittee)], 3);
  EXPECT_EQ(s.special_left_to_committee, 2);
  EXPECT_EQ(s.declines, 6);
  EXPECT_EQ(s.declined_orders, 3);
  EXPECT_EQ(s.declined_to_committee, 2);
  EXPECT_EQ(s.steered_orders, 2);

  const ptree j = json_of(s);
  EXPECT_EQ(j.get<int>("orders.by_assignee.none"), 1);
  EXPECT_EQ(j.get<int>("orders.by_assignee.social_org"), 3);
  EXPECT_EQ(j.get<int>("orders.by_assignee.partner_unit"), 1);
  EXPECT_EQ(j.get<int>("orders.by_assignee.district_committee"), 3);
  EXPECT_EQ(j.get<int>("orders.special_left_to_committee"), 2);
  EXPECT_EQ(j.get<int>("behaviour.declines"), 6);
  EXPECT_EQ(j.get<int>("behaviour.declined_orders"), 3);
  EXPECT_EQ(j.get<int>("behaviour.declined_to_committee"), 2);
  EXPECT_EQ(j.get<int>("behaviour.steered_orders"), 2);
}

// A policy that lowers its own threshold is still judged against the one reference standard:
// an organization of true quality 0.77 is below the standard although the 0.75 rule passes it.
TEST(SummarySink, ThePolicysOwnRuleAndTheReferenceStandardDiffer) {
  const auto scenario = scenario_with({"incubation.threshold=0.75"});
  SummarySink sink(scenario);
  IncubationRecord middling;  // passes 0.75, fails the standard's 0.80
  middling.decision = IncubationDecision::kIncubated;
  middling.true_attraction_quality = 0.77;
  middling.true_satisfaction_quality = 0.9;
  IncubationRecord good = middling;  // passes both, denied by noise
  good.decision = IncubationDecision::kDenied;
  good.true_attraction_quality = 0.85;
  IncubationRecord undecided = good;
  undecided.decision = IncubationDecision::kNotEnoughData;
  for (const auto& r : {middling, good, undecided}) sink.on_incubation(r);
  const Summary s = summary_of(scenario, sink);
  EXPECT_EQ(s.incubation.meets_standard, 2);
  EXPECT_EQ(s.incubation.below_standard(), 1);
  EXPECT_EQ(s.incubation.below_standard_incubated, 1);
  EXPECT_EQ(s.incubation.good_denied, 1);
  EXPECT_EQ(s.incubation.good_not_enough_data, 1);
  EXPECT_EQ(s.incubation.own_rule_good, 3);
  EXPECT_EQ(s.incubation.own_rule_wrongly_incubated, 0);
  EXPECT_EQ(s.incubation.own_rule_wrongly_denied, 1);
  const ptree j = json_of(s);
  EXPECT_DOUBLE_EQ(j.get<double>("incubation.standard.threshold"), 0.8);
  EXPECT_EQ(j.get<std::string>("incubation.standard.waits"), "excluded");
  EXPECT_DOUBLE_EQ(j.get<double>("incubation.good_denied_share"), 0.5);
  EXPECT_DOUBLE_EQ(j.get<double>("incubation.below_standard_incubated_share"), 1.0);
  EXPECT_EQ(j.get<int>("incubation.own_rule.good"), 3);
}

// truth.waits = included judges the qualities as experienced after the waits; without a
// service (no experienced qualities) it falls back to the true ones.
TEST(SummarySink, TheStandardWithWaitsJudgesTheExperiencedQualities) {
  const auto scenario = scenario_with({"truth.waits=included"});
  SummarySink sink(scenario);
  IncubationRecord waited;
  waited.decision = IncubationDecision::kDenied;
  waited.true_attraction_quality = 0.9;
  waited.true_satisfaction_quality = 0.9;
  waited.experienced_attraction = 0.78;  // waits took it below 0.8
  waited.experienced_satisfaction = 0.85;
  IncubationRecord idle = waited;  // no service: experienced is NaN
  idle.experienced_attraction = std::nan("");
  idle.experienced_satisfaction = std::nan("");
  sink.on_incubation(waited);
  sink.on_incubation(idle);
  const Summary s = summary_of(scenario, sink);
  EXPECT_EQ(s.incubation.meets_standard, 1);  // only the idle one, on its true qualities
  EXPECT_EQ(s.incubation.good_denied, 1);
  EXPECT_EQ(s.incubation.own_rule_good, 2);  // its own rule ignores waits
}

TEST(SummarySink, ShiftsCoveredBySwaps) {
  const auto scenario = two_years();
  SummarySink sink(scenario);
  DutyShiftRecord own;
  DutyShiftRecord swap;
  swap.covered_for = 0;  // row 0 of the rota is a real member: 0 is a swap, -1 is not
  DutyShiftRecord missed;
  missed.attended = false;
  for (const auto& shift : {own, swap, swap, missed}) sink.on_duty_shift(shift);
  const Summary s = summary_of(scenario, sink);
  EXPECT_EQ(s.shifts, 4);
  EXPECT_EQ(s.shifts_missed, 1);
  EXPECT_EQ(s.shifts_covered, 2);
  EXPECT_EQ(json_of(s).get<int>("behaviour.shifts_covered"), 2);
}

TEST(SummarySink, IncubationJudgedAgainstTheTruthYearByYear) {
  const auto scenario = two_years();
  SummarySink sink(scenario);
  // Year 1: every combination of decision and truth.
  sink.on_incubation(decision(0, IncubationDecision::kIncubated, true));
  sink.on_incubation(decision(0, IncubationDecision::kDenied, true));      // wrongly denied
  sink.on_incubation(decision(0, IncubationDecision::kIncubated, false));  // wrongly incubated
  sink.on_incubation(decision(0, IncubationDecision::kDenied, false));
  sink.on_incubation(decision(0, IncubationDecision::kNotEnoughData, true));
  // Year 2: what the decisions did to the organizations' support.
  sink.on_incubation(decision(1, IncubationDecision::kIncubated, false));  // wrongly incubated
  sink.on_incubation(decision(1, IncubationDecision::kDenied, true, SupportOutcome::kExited));
  sink.on_incubation(decision(1, IncubationDecision::kDenied, false, SupportOutcome::kShrunk));
  sink.on_incubation(decision(1, IncubationDecision::kDenied, false, SupportOutcome::kExited));

  const Summary s = summary_of(scenario, sink);
  ASSERT_EQ(s.incubation_by_year.size(), 2u);
  const auto& y1 = s.incubation_by_year[0];
  EXPECT_EQ(y1.incubated, 2);
  EXPECT_EQ(y1.denied, 2);
  EXPECT_EQ(y1.not_enough_data, 1);
  EXPECT_EQ(y1.meets_standard, 3);
  EXPECT_EQ(y1.good_denied, 1);
  EXPECT_EQ(y1.below_standard_incubated, 1);
  EXPECT_EQ(y1.exited, 0);
  EXPECT_EQ(y1.shrunk, 0);
  const auto& y2 = s.incubation_by_year[1];
  EXPECT_EQ(y2.incubated, 1);
  EXPECT_EQ(y2.denied, 3);
  EXPECT_EQ(y2.meets_standard, 1);
  EXPECT_EQ(y2.good_denied, 1);
  EXPECT_EQ(y2.below_standard_incubated, 1);
  EXPECT_EQ(y2.exited, 2);
  EXPECT_EQ(y2.shrunk, 1);
  // The top-level counts are the totals over both years.
  EXPECT_EQ(s.incubation.incubated, 3);
  EXPECT_EQ(s.incubation.denied, 5);
  EXPECT_EQ(s.incubation.not_enough_data, 1);
  EXPECT_EQ(s.incubation.meets_standard, 4);
  EXPECT_EQ(s.incubation.good_denied, 2);
  EXPECT_EQ(s.incubation.below_standard_incubated, 2);
  EXPECT_EQ(s.incubation.exited, 2);
  EXPECT_EQ(s.incubation.shrunk, 1);

  const ptree j = json_of(s);
  EXPECT_EQ(j.get<int>("incubation.not_enough_data"), 1);
  EXPECT_EQ(j.get<int>("incubation.good_denied"), 2);
  EXPECT_EQ(j.get<int>("incubation.below_standard_incubated"), 2);
  EXPECT_EQ(j.get<int>("incubation.exited"), 2);
  EXPECT_EQ(j.get<int>("incubation.shrunk"), 1);
  EXPECT_FALSE(j.get_child_optional("incubation.insufficient_data"));  // renamed
  EXPECT_FALSE(j.get_child_optional("incubation.wrongly_denied"));     // now own_rule.*
  const auto years = items(j.get_child("incubation.by_year"));
  ASSERT_EQ(years.size(), 2u);
  EXPECT_EQ(years[0].get<int>("year"), 1);
  EXPECT_EQ(years[0].get<int>("below_standard_incubated"), 1);
  EXPECT_EQ(years[0].get<int>("not_enough_data"), 1);
  EXPECT_EQ(years[1].get<int>("year"), 2);
  EXPECT_EQ(years[1].get<int>("incubated"), 1);
  EXPECT_EQ(years[1].get<int>("denied"), 3);
  EXPECT_EQ(years[1].get<int>("meets_standard"), 1);
  EXPECT_EQ(years[1].get<int>("good_denied"), 1);
  EXPECT_EQ(years[1].get<int>("exited"), 2);
  EXPECT_EQ(years[1].get<int>("shrunk"), 1);
}

TEST(SummarySink, TierNoiseAndLeaderEffortPerQuarter) {
  const auto scenario = two_years();
  SummarySink sink(scenario);
  // Quarter 1: the noise swapped the two branches' tiers, moving 300 yuan from one to the other.
  sink.on_inspection(inspection(0, 0, 0, 1, 1500, 1200, 1.2));
  sink.on_inspection(inspection(0, 1, 1, 0, 1200, 1500, 0.6));
  // Quarter 6 (year 2, its second quarter): no change.
  sink.on_inspection(inspection(5, 0, 2, 2, 900, 900, 0.5));
  sink.on_inspection(inspection(5, 1, 3, 3, 600, 600, 2.0));

  const Summary s = summary_of(scenario, sink);
  ASSERT_EQ(s.tiers.size(), 8u);  // 4 quarters a year, 2 years
  EXPECT_EQ(s.tiers[0].changed_by_noise, 2);
  EXPECT_EQ(s.tiers[5].changed_by_noise, 0);
  EXPECT_DOUBLE_EQ(s.tiers[0].leader_effort_mean(), 0.9);
  EXPECT_DOUBLE_EQ(s.tiers[5].leader_effort_mean(), 1.25);
  EXPECT_TRUE(std::isnan(s.tiers[1].leader_effort_mean()));  // not inspected
  EXPECT_EQ(s.noise_branch_quarters, 4);
  EXPECT_EQ(s.noise_changed, 2);
  EXPECT_DOUBLE_EQ(s.noise_allowance_moved_yuan, 300.0);
  EXPECT_DOUBLE_EQ(s.allowance_total_yuan, 4200.0);

  const ptree j = json_of(s);
  EXPECT_EQ(j.get<int>("tier_noise.branch_quarters"), 4);
  EXPECT_EQ(j.get<int>("tier_noise.changed"), 2);
  EXPECT_DOUBLE_EQ(j.get<double>("tier_noise.changed_share"), 0.5);
  EXPECT_DOUBLE_EQ(j.get<double>("tier_noise.allowance_moved_yuan"), 300.0);
  const auto tiers = items(j.get_child("tiers"));
  ASSERT_EQ(tiers.size(), 8u);
  EXPECT_EQ(tiers[0].get<int>("year"), 1);
  EXPECT_EQ(tiers[0].get<int>("quarter"), 1);
  EXPECT_EQ(tiers[0].get<int>("changed_by_noise"), 2);
  EXPECT_EQ(tiers[5].get<int>("year"), 2);
  EXPECT_EQ(tiers[5].get<int>("quarter"), 6);  // global quarter number
  EXPECT_DOUBLE_EQ(tiers[5].get<double>("allowance_yuan"), 1500.0);
  const auto effort = items(j.get_child("behaviour.leader_effort_mean"));
  ASSERT_EQ(effort.size(), 8u);
  EXPECT_DOUBLE_EQ(effort[0].get_value<double>(), 0.9);
  EXPECT_EQ(effort[1].data(), "null");
  EXPECT_DOUBLE_EQ(effort[5].get_value<double>(), 1.25);
}

TEST(SummarySink, NoInspectionMeansNoShareOfNoise) {
  const auto scenario = scenario_with({});
  const SummarySink sink(scenario);
  const ptree j = json_of(summary_of(scenario, sink));
  EXPECT_EQ(j.get<int>("tier_noise.branch_quarters"), 0);
  EXPECT_DOUBLE_EQ(j.get<double>("tier_noise.changed_share"), 0.0);
  EXPECT_EQ(items(j.get_child("tiers")).size(), 4u);
  EXPECT_EQ(items(j.get_child("incubation.by_year")).size(), 1u);
}

TEST(SummarySink, ScenarioWordsAndYears) {
  const auto defaults = scenario_with({});
  Summary s;
  orgsim::results::fill_scenario_fields(s, defaults);
  EXPECT_EQ(s.years, 1);
  EXPECT_EQ(s.leader_model, "fixed");
  EXPECT_EQ(s.organization_model, "fixed");
  EXPECT_EQ(s.public_model, "fixed");
  EXPECT_EQ(s.roster_model, "fixed");
  EXPECT_EQ(s.pooling, "pooled");

  const auto changed = scenario_with({"run.years=3", "behaviour.leader=adaptive",
                                      "behaviour.organization=protective", "behaviour.public=trust",
                                      "behaviour.roster=fatigue"});
  orgsim::results::fill_scenario_fields(s, changed);
  const ptree j = json_of(s);
  EXPECT_EQ(j.get<int>("years"), 3);
  EXPECT_EQ(j.get<std::string>("behaviour.leader"), "adaptive");
  EXPECT_EQ(j.get<std::string>("behaviour.organization"), "protective");
  EXPECT_EQ(j.get<std::string>("behaviour.public"), "trust");
  EXPECT_EQ(j.get<std::string>("behaviour.roster"), "fatigue");
}

TEST(SummarySink, KeyOrderYearsAfterDaysBehaviourBeforeWallSeconds) {
  const auto scenario = two_years();
  const SummarySink sink(scenario);
  const std::string text = orgsim::results::format_summary_json(summary_of(scenario, sink));
  const auto at = [&](const std::string& key) { return text.find("\n  \"" + key + "\": "); };
  ASSERT_NE(at("days"), std::string::npos);
  EXPECT_LT(at("days"), at("years"));
  EXPECT_LT(at("years"), at("scale"));
  EXPECT_LT(at("allowance_total_yuan"), at("tier_noise"));
  EXPECT_LT(at("duty"), at("behaviour"));
  EXPECT_LT(at("behaviour"), at("wall_seconds"));
  EXPECT_EQ(text.find("\"", at("wall_seconds") + 20), std::string::npos);  // the last key
}

// One rule for empty denominators: a share of the summary with nothing to divide is 0 (as in a
// sweep's index), never 1 nor NaN; a mean over nothing is null in the JSON, never NaN or inf.
TEST(SummarySink, ASummaryOfNothingHasZeroSharesAndNoNaN) {
  const auto scenario = scenario_with({});
  SummarySink sink(scenario);
  const Summary s = summary_of(scenario, sink);
  EXPECT_EQ(s.answered_on_time_share, 0.0);
  EXPECT_EQ(s.attraction_rate, 0.0);
  EXPECT_EQ(s.satisfaction_rate, 0.0);
  const std::string json = orgsim::results::format_summary_json(s);
  for (const char* bad : {"nan", "NaN", "inf", "Infinity"})
    EXPECT_EQ(json.find(bad), std::string::npos) << bad;
  const ptree j = json_of(s);
  EXPECT_EQ(j.get<double>("orders.answered_on_time_share"), 0.0);
  EXPECT_EQ(j.get<double>("incubation.good_denied_share"), 0.0);
}
