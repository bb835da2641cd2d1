// The explanations of `orgsim explain` (sim/narrate/explain_branch, explain_org) on synthetic
// records: the means, cut-offs, gap, the component that closes it and the noise's share for a
// branch; the rates, intervals, rule, truth and declines for an organization; and the text in
// both languages.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "config/scenario_loader.hpp"
#include "core/two_rates.hpp"
#include "narrate/explain_branch.hpp"
#include "narrate/explain_org.hpp"

namespace {

using orgsim::core::AssigneeKind;
using orgsim::core::DeclineRecord;
using orgsim::core::FinalState;
using orgsim::core::IncubationDecision;
using orgsim::core::IncubationRecord;
using orgsim::core::InspectionRecord;
using orgsim::core::Kind;
using orgsim::core::Order;
using orgsim::narrate::Language;

orgsim::config::Scenario scenario_with(const std::vector<std::string>& overrides) {
  const auto loaded = orgsim::config::load_scenario({"test", "", overrides, std::nullopt});
  EXPECT_TRUE(loaded.problems.empty()) << loaded.problems.front().to_string();
  return *loaded.scenario;
}

// Weights 0.5 (orders), 0.5 (satisfaction), nothing else; two tiers of half the branches each.
orgsim::config::Scenario two_tiers(const std::string& ranking = "district") {
  return scenario_with({"inspection.weight_orders=0.5", "inspection.weight_answered=0",
                        "inspection.weight_activities=0", "inspection.weight_contacts=0",
                        "inspection.weight_duty=0", "inspection.weight_satisfaction=0.5",
                        "tiers.shares=0.5,0.5", "tiers.amounts_yuan=1000,500",
                        "inspection.ranking=" + ranking});
}

// A branch with orders `o` and satisfaction `s` and noise, scored as the inspection does.
InspectionRecord branch(std::int32_t id, std::int32_t area, double o, double s, double noise,
                        int rank, int tier, int tier_without_noise) {
  InspectionRecord r;
  r.quarter = 5;
  r.branch = id;
  r.area = area;
  r.components = {o, 1.0, 0.0, 0.0, 1.0, s};
  r.noise_points = noise;
  r.score = 100.0 * (0.5 * o + 0.5 * s) + noise;
  r.rank = rank;
  r.tier = tier;
  r.allowance_yuan = tier == 0 ? 1000.0 : 500.0;
  r.tier_without_noise = tier_without_noise;
  r.allowance_without_noise_yuan = tier_without_noise == 0 ? 1000.0 : 500.0;
  r.effort = 1.25;
  return r;
}

// Scores 90, 80 (the top tier), 64 (70 points and -6 of noise), 40.
std::vector<InspectionRecord> four_branches() {
  return {branch(0, 0, 0.9, 0.9, 0.0, 1, 0, 0), branch(1, 0, 0.8, 0.8, 0.0, 2, 0, 0),
          branch(2, 1, 0.6, 0.8, 0.0 - 6.0, 3, 1, 1), branch(3, 1, 0.4, 0.4, 0.0, 4, 1, 1)};
}

TEST(ExplainBranch, MeansCutoffsGapAndTheComponentThatClosesIt) {
  const auto s = two_tiers();
  const auto e = orgsim::narrate::explain_branch(four_branches(), 2, s);
  EXPECT_EQ(e.quarter, 5);
  EXPECT_EQ(e.year, 1);
  EXPECT_EQ(e.ranked, 4);
  EXPECT_FALSE(e.area_scope);
  // Means: orders in area 1 are 0.6 and 0.4; in the district 0.9, 0.8, 0.6, 0.4.
  EXPECT_DOUBLE_EQ(e.components[0].area_mean, 0.5);
  EXPECT_DOUBLE_EQ(e.components[0].district_mean, 0.675);
  EXPECT_DOUBLE_EQ(e.components[0].points, 30.0);
  EXPECT_DOUBLE_EQ(e.weighted_points, 70.0);
  // The bottom tier has no cut-off; the top tier's is the lowest score in it, 80.
  EXPECT_FALSE(e.own_cutoff);
  ASSERT_TRUE(e.next_cutoff);
  EXPECT_DOUBLE_EQ(*e.next_cutoff, 80.0);
  EXPECT_EQ(e.next_tier_last_rank, 2);
  EXPECT_NEAR(e.gap_points, 16.0, 1e-9);  // 80 - (70 - 6)
  // Orders: +16 / 50 = 0.32 from 0.6 fits; satisfaction: 0.32 from 0.8 does not; the others
  // weigh nothing.
  ASSERT_TRUE(e.components[0].increase_needed);
  EXPECT_NEAR(*e.components[0].increase_needed, 0.32, 1e-12);
  EXPECT_TRUE(e.components[0].closes_gap);
  EXPECT_FALSE(e.components[5].closes_gap);
  EXPECT_FALSE(e.components[1].increase_needed);
  // The noise took 6 of the 16 points.
  ASSERT_TRUE(e.noise_share_of_gap);
  EXPECT_NEAR(*e.noise_share_of_gap, 6.0 / 16.0, 1e-12);
  EXPECT_FALSE(e.noise_share_of_margin);
  EXPECT_DOUBLE_EQ(e.next_allowance_yuan, 1000.0);
  EXPECT_DOUBLE_EQ(e.effort, 1.25);
}

TEST(ExplainBranch, TopTierHasNothingAboveAndAreaScopeRanksWithinTheArea) {
  auto records = four_branches();
  records[0].noise_points = 4.0;  // 94 with 4 points of noise, 14 above the cut-off of 80
  records[0].score += 4.0;
  const auto top = orgsim::narrate::explain_branch(records, 0, two_tiers());
  EXPECT_FALSE(top.next_cutoff);
  ASSERT_TRUE(top.own_cutoff);
  EXPECT_DOUBLE_EQ(*top.own_cutoff, 80.0);
  ASSERT_TRUE(top.noise_share_of_margin);
  EXPECT_NEAR(*top.noise_share_of_margin, 4.0 / 14.0, 1e-12);

  // Ranked within area 1 (branches 2 and 3): branch 3 is second of two, the cut-off is 64.
  records[2].rank = 1;
  records[2].tier = 0;
  records[3].rank = 2;
  const auto area = orgsim::narrate::explain_branch(records, 3, two_tiers("area"));
  EXPECT_TRUE(area.area_scope);
  EXPECT_EQ(area.ranked, 2);
  ASSERT_TRUE(area.next_cutoff);
  EXPECT_NEAR(*area.next_cutoff, 64.0, 1e-9);
  EXPECT_NEAR(area.gap_points, 24.0, 1e-9);
  EXPECT_THROW(orgsim::narrate::explain_branch(records, 9, two_tiers()), std::invalid_argument);
}

TEST(ExplainBranch, ScoreCutoffsComeFromTheScheme) {
  auto s = two_tiers();
  s.tiers.kind = orgsim::core::TierSchemeKind::kScoreCutoff;
  s.tiers.score_cutoffs = {75.0};
  const auto e = orgsim::narrate::explain_branch(four_branches(), 3, s);
  ASSERT_TRUE(e.next_cutoff);
  EXPECT_DOUBLE_EQ(*e.next_cutoff, 75.0);
  EXPECT_FALSE(e.next_tier_last_rank);
  EXPECT_NEAR(e.gap_points, 35.0, 1e-9);
  // Neither orders (+0.7 from 0.4) nor satisfaction alone can close 35 points.
  EXPECT_FALSE(e.components[0].closes_gap);
  EXPECT_FALSE(e.components[5].closes_gap);
}

TEST(ExplainBranch, TierWithoutNoiseIsTheScopeRankedAgainWithoutIt) {
  // Branch 1's 80 carries 12 points of noise (68 without); free of noise the district's scores
  // are 90, 68, 70, 40, so branch 2 (64 with -6 of noise) would have been in the top tier, and
  // branch 1 in the lower one: explain ranks the scope again (core/inspection_score.hpp), it
  // does not take the record's word for it.
  auto records = four_branches();
  records[1] = branch(1, 0, 0.68, 0.68, 12.0, 2, 0, 0);
  for (auto& r : records) {
    r.tier_without_noise = 3;  // not read
    r.allowance_without_noise_yuan = -1.0;
  }
  const auto s = two_tiers();
  const auto raised = orgsim::narrate::explain_branch(records, 2, s);
  EXPECT_EQ(raised.tier, 1);
  EXPECT_EQ(raised.tier_without_noise, 0);
  EXPECT_DOUBLE_EQ(raised.allowance_without_noise_yuan, 1000.0);
  const auto lowered = orgsim::narrate::explain_branch(records, 1, s);
  EXPECT_EQ(lowered.tier, 0);
  EXPECT_EQ(lowered.tier_without_noise, 1);
  EXPECT_DOUBLE_EQ(lowered.allowance_without_noise_yuan, 500.0);
  // Under area ranking branch 2 is ranked with branch 3 alone: first of two with or without.
  const auto area = orgsim::narrate::explain_branch(records, 2, two_tiers("area"));
  EXPECT_EQ(area.tier_without_noise, 0);
}

TEST(ExplainBranch, BothLanguagesSayTheSameNumbers) {
  const auto s = two_tiers();
  const auto e = orgsim::narrate::explain_branch(four_branches(), 2, s);
  const orgsim::narrate::BranchNames names{"东风村", "东风村·负责人", "娄桥街道"};
  const std::string en = orgsim::narrate::format_branch_explanation(e, names, s, Language::kEn);
  const std::string zh = orgsim::narrate::format_branch_explanation(e, names, s, Language::kZh);
  for (const char* number : {"70.00", "64.00", "80.00", "16.00", "0.320", "37.5%", "-6.00"}) {
    EXPECT_NE(en.find(number), std::string::npos) << number << "\n" << en;
    EXPECT_NE(zh.find(number), std::string::npos) << number << "\n" << zh;
  }
  EXPECT_NE(en.find("tier 2"), std::string::npos);
  EXPECT_NE(zh.find("第2档"), std::string::npos);
  EXPECT_NE(zh.find("点单数"), std::string::npos);
  EXPECT_NE(zh.find("督查误差"), std::string::npos);
}

Order served(std::int64_t id, std::int32_t org, double finished_h, int targeted, int attended,
             int votes, int satisfied) {
  Order o;
  o.id = id;
  o.assignee_kind = AssigneeKind::kSocialOrg;
  o.assignee = org;
  o.state = FinalState::kServed;
  o.finished_h = finished_h;
  o.targeted = targeted;
  o.attended = attended;
  o.votes = votes;
  o.satisfied = satisfied;
  return o;
}

IncubationRecord decision(int year, const orgsim::core::TwoRateTally& tally, IncubationDecision d,
                          double qa, double qs) {
  IncubationRecord r;
  r.year = year;
  r.org = 7;
  r.tally = tally;
  r.decision = d;
  r.true_attraction_quality = qa;
  r.true_satisfaction_quality = qs;
  r.staff_after = 3;
  return r;
}

TEST(ExplainOrg, CollectsTheYearsDeclinesAndDecision) {
  const double year_h = 365.0 * 24.0;
  orgsim::narrate::OrgEventCollector events(7, year_h, 2);
  // Year 1: 10 and 10 people targeted, 9 and 7 came; 10 and 10 votes, 8 and 7 satisfied.
  events.on_order_closed(served(0, 7, 100.0, 10, 9, 10, 8));
  events.on_order_closed(served(1, 3, 150.0, 10, 1, 10, 1));  // another organization's
  events.on_order_closed(served(2, 7, 200.0, 10, 7, 10, 7));
  events.on_order_closed(served(3, 7, year_h + 5.0, 10, 10, 10, 10));  // year 2
  Order declined;
  declined.id = 4;
  declined.kind = Kind::kSpecial;
  declined.declines = 1;
  declined.assignee_kind = AssigneeKind::kDistrictCommittee;
  declined.assignee = 0;
  declined.state = FinalState::kServed;
  events.on_order_closed(declined);
  events.on_decline(DeclineRecord{4, 7, 50.5, 0.82, 0.6});
  events.on_decline(DeclineRecord{4, 3, 50.5, 0.7, 0.5});  // another organization's
  orgsim::core::TwoRateTally tally;
  tally.add(10, 9, 10, 8);
  tally.add(10, 7, 10, 7);
  events.on_incubation(decision(0, tally, IncubationDecision::kDenied, 0.85, 0.9));

  EXPECT_EQ(events.decided_years(), std::vector<int>{0});
  const auto facts = events.facts(0);
  ASSERT_EQ(facts.declines.size(), 1u);
  ASSERT_TRUE(facts.declines[0].order);
  EXPECT_EQ(facts.declines[0].order->assignee_kind, AssigneeKind::kDistrictCommittee);
  EXPECT_FALSE(events.facts(1).record);
  EXPECT_TRUE(events.facts(1).declines.empty());

  const auto s = scenario_with({});
  const auto e = orgsim::narrate::explain_org_year(facts, s.incubation, s.truth);
  EXPECT_TRUE(e.decided);
  EXPECT_EQ(e.record.tally.evaluations, 2);  // the orders it served in the year
  ASSERT_TRUE(e.attraction.rate && e.satisfaction.rate);
  EXPECT_DOUBLE_EQ(*e.attraction.rate, 0.8);
  EXPECT_DOUBLE_EQ(*e.satisfaction.rate, 0.75);
  EXPECT_DOUBLE_EQ(*e.attraction.low, orgsim::core::wilson_lower_bound(16, 20, 0.95));
  EXPECT_DOUBLE_EQ(*e.satisfaction.high, orgsim::core::wilson_upper_bound(15, 20, 0.95));
  ASSERT_TRUE(e.combined);
  EXPECT_DOUBLE_EQ(*e.combined, 0.75);  // both: the lower rate
  EXPECT_FALSE(e.passes);
  EXPECT_EQ(e.recomputed, IncubationDecision::kDenied);
  EXPECT_TRUE(e.meets_standard);  // 0.85 and 0.9 pass the standard's 0.8
  EXPECT_TRUE(e.good_denied);
  EXPECT_FALSE(e.below_standard_incubated);

  orgsim::narrate::OrgNames names;
  names.org = "青年社会组织8";
  names.town = "娄桥街道";
  const std::string en = orgsim::narrate::format_org_explanation({e}, names, s, Language::kEn);
  const std::string zh = orgsim::narrate::format_org_explanation({e}, names, s, Language::kZh);
  // the default run.start_date (2024-01-01) dates the decline (50.5 h: Wednesday 3 January)
  for (const char* text : {"16 of 20", "0.800", "0.750", "wrongly denied", "declined 1 orders",
                           "Wed 1/3 02:30", "0.820", "district committee"})
    EXPECT_NE(en.find(text), std::string::npos) << text << "\n" << en;
  for (const char* text :
       {"16/20", "不予孵化", "误拒", "群众吸引率", "1月3日 周三 02:30", "团区委"})
    EXPECT_NE(zh.find(text), std::string::npos) << text << "\n" << zh;
  // run.start_date = none: the day of the run, counted from 1 in an explanation
  auto days = s;
  days.run.start_date = "none";
  const std::string en_days =
      orgsim::narrate::format_org_explanation({e}, names, days, Language::kEn);
  const std::string zh_days =
      orgsim::narrate::format_org_explanation({e}, names, days, Language::kZh);
  EXPECT_NE(en_days.find("day 3 02:30: order 4"), std::string::npos) << en_days;
  EXPECT_NE(zh_days.find("第3天 02:30"), std::string::npos) << zh_days;
}

TEST(ExplainOrg, TooFewEvaluations) {
  const auto s = scenario_with({"incubation.min_evaluations=5"});
  orgsim::narrate::OrgYearFacts facts;
  orgsim::core::TwoRateTally tally;
  tally.add(10, 9, 10, 9);
  facts.record = decision(0, tally, IncubationDecision::kNotEnoughData, 0.7, 0.7);
  const auto e = orgsim::narrate::explain_org_year(facts, s.incubation, s.truth);
  EXPECT_EQ(e.record.tally.evaluations, 1);
  EXPECT_EQ(e.shortfall, orgsim::narrate::Shortfall::kFewEvaluations);
  EXPECT_EQ(e.recomputed, IncubationDecision::kNotEnoughData);
  EXPECT_FALSE(e.meets_standard);
  const std::string en =
      orgsim::narrate::format_org_explanation({e}, orgsim::narrate::OrgNames{}, s, Language::kEn);
  EXPECT_NE(en.find("fewer than the 5"), std::string::npos) << en;
  EXPECT_NE(en.find("not judged"), std::string::npos) << en;
}

}  // namespace

namespace {

// The recorded tally carries the per-event sums, so per-event pooling is judged on it alone.
TEST(ExplainOrg, PerEventPoolingIsJudgedOnTheRecordedTally) {
  const auto s = scenario_with({"incubation.pooling=per_event"});
  orgsim::core::TwoRateTally tally;
  tally.add(100, 100, 50, 50);  // a large, perfect service
  tally.add(10, 5, 4, 1);       // a small one: attraction 0.5, satisfaction 0.25
  orgsim::narrate::OrgYearFacts facts;
  facts.record = decision(0, tally, IncubationDecision::kDenied, 0.9, 0.9);
  const auto e = orgsim::narrate::explain_org_year(facts, s.incubation, s.truth);
  ASSERT_TRUE(e.judged);
  EXPECT_DOUBLE_EQ(e.judged->attraction, 0.75);
  EXPECT_DOUBLE_EQ(e.judged->satisfaction, 0.625);
  EXPECT_EQ(e.recomputed, IncubationDecision::kDenied);
}

}  // namespace
