// 两率, the published score dispatch reads, and the incubation rule: edge cases at and around
// the 80% threshold.
#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>

#include "core/order.hpp"
#include "core/two_rates.hpp"

namespace orgsim::core {
namespace {

// A tally from pooled totals: `evaluations` services adding up to these counts.
TwoRateTally tally_of(std::int64_t evaluations, std::int64_t targeted, std::int64_t attended,
                      std::int64_t votes, std::int64_t satisfied) {
  TwoRateTally t;
  t.evaluations = evaluations;
  t.targeted = targeted;
  t.attended = attended;
  t.votes = votes;
  t.satisfied = satisfied;
  return t;
}

IncubationRule rule_of(RateCombine combine, double threshold = 0.80, double weight = 0.5,
                       std::int64_t min_evaluations = 1) {
  IncubationRule r;
  r.combine = combine;
  r.threshold = threshold;
  r.attraction_weight = weight;
  r.min_evaluations = min_evaluations;
  return r;
}

struct Case {
  std::string name;
  TwoRateTally tally;
  IncubationRule rule;
  IncubationDecision expected;
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

class DecideIncubation : public testing::TestWithParam<Case> {};

TEST_P(DecideIncubation, Decides) {
  const Case& c = GetParam();
  EXPECT_STREQ(to_string(decide_incubation(c.tally, c.rule)), to_string(c.expected));
}

constexpr auto kIn = IncubationDecision::kIncubated;
constexpr auto kOut = IncubationDecision::kDenied;
constexpr auto kNoData = IncubationDecision::kNotEnoughData;
constexpr auto kBoth = RateCombine::kBoth;
constexpr auto kMean = RateCombine::kMean;
constexpr auto kWeighted = RateCombine::kWeighted;

INSTANTIATE_TEST_SUITE_P(
    EdgeCases, DecideIncubation,
    testing::Values(
        // At the threshold exactly: "at least" passes.
        Case{"both_exactly_080", tally_of(3, 10, 8, 50, 40), rule_of(kBoth), kIn},
        Case{"both_exactly_080_other_denominators", tally_of(1, 1000, 800, 5, 4), rule_of(kBoth),
             kIn},
        // Just below, on either rate.
        Case{"attraction_07999", tally_of(1, 10000, 7999, 10, 10), rule_of(kBoth), kOut},
        Case{"satisfaction_07999", tally_of(1, 10, 10, 10000, 7999), rule_of(kBoth), kOut},
        Case{"both_high", tally_of(5, 100, 95, 100, 99), rule_of(kBoth), kIn},
        // One rate below: denied under kBoth, passes under kMean when the mean holds.
        Case{"one_below_both", tally_of(2, 100, 70, 100, 95), rule_of(kBoth), kOut},
        Case{"one_below_mean", tally_of(2, 100, 70, 100, 95), rule_of(kMean), kIn},
        Case{"mean_exactly_080", tally_of(2, 10, 7, 10, 9), rule_of(kMean), kIn},
        Case{"mean_just_below", tally_of(2, 10, 7, 10000, 8999), rule_of(kMean), kOut},
        // kWeighted at its extremes: w = 1 is attraction alone, w = 0 satisfaction alone.
        Case{"weight1_uses_attraction", tally_of(1, 10, 9, 10, 1), rule_of(kWeighted, 0.8, 1.0),
             kIn},
        Case{"weight1_ignores_satisfaction", tally_of(1, 10, 1, 10, 9),
             rule_of(kWeighted, 0.8, 1.0), kOut},
        Case{"weight0_uses_satisfaction", tally_of(1, 10, 1, 10, 9), rule_of(kWeighted, 0.8, 0.0),
             kIn},
        Case{"weight0_ignores_attraction", tally_of(1, 10, 9, 10, 1), rule_of(kWeighted, 0.8, 0.0),
             kOut},
        // 0.3 * 0.8 + 0.7 * 0.8 is 0.79999999999999993 in doubles: still "at the threshold".
        Case{"weighted_exactly_080", tally_of(1, 10, 8, 10, 8), rule_of(kWeighted, 0.8, 0.3), kIn},
        // 0.3 * 0.6 + 0.7 * (13/14 ~ 0.92857) = 0.83: passes; with w = 0.5: 0.764, denied.
        Case{"weighted_030", tally_of(1, 10, 6, 14, 13), rule_of(kWeighted, 0.8, 0.3), kIn},
        Case{"weighted_050", tally_of(1, 10, 6, 14, 13), rule_of(kWeighted, 0.8, 0.5), kOut},
        // Threshold 0 lets any rated organization through; threshold 1 needs perfection.
        Case{"threshold0_zero_rates", tally_of(1, 10, 0, 10, 0), rule_of(kBoth, 0.0), kIn},
        Case{"threshold1_perfect", tally_of(1, 10, 10, 10, 10), rule_of(kBoth, 1.0), kIn},
        Case{"threshold1_almost", tally_of(1, 10, 10, 1000, 999), rule_of(kBoth, 1.0), kOut},
        // No data: nothing to judge, which is not the same as failing.
        Case{"zero_evaluations", tally_of(0, 0, 0, 0, 0), rule_of(kBoth), kNoData},
        Case{"zero_evaluations_min0", tally_of(0, 0, 0, 0, 0), rule_of(kBoth, 0.8, 0.5, 0),
             kNoData},
        Case{"below_min_evaluations", tally_of(2, 100, 100, 100, 100), rule_of(kBoth, 0.8, 0.5, 3),
             kNoData},
        Case{"at_min_evaluations", tally_of(3, 100, 100, 100, 100), rule_of(kBoth, 0.8, 0.5, 3),
             kIn},
        Case{"at_min_evaluations_bad", tally_of(3, 100, 10, 100, 100), rule_of(kBoth, 0.8, 0.5, 3),
             kOut},
        Case{"zero_votes", tally_of(4, 100, 100, 0, 0), rule_of(kBoth), kNoData},
        Case{"zero_votes_mean", tally_of(4, 100, 100, 0, 0), rule_of(kMean), kNoData},
        Case{"zero_targeted", tally_of(4, 0, 0, 100, 100), rule_of(kBoth), kNoData}),
    [](const testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

TEST(TwoRateTally, AddAccumulatesAndCountsEvaluations) {
  TwoRateTally t;
  t.add(10, 8, 5, 4);
  t.add(20, 15, 6, 6);
  EXPECT_EQ(t.evaluations, 2);
  EXPECT_EQ(t.targeted, 30);
  EXPECT_EQ(t.attended, 23);
  EXPECT_EQ(t.votes, 11);
  EXPECT_EQ(t.satisfied, 10);
}

// The annual rates pool the counts: sum(attended) / sum(targeted), not the average of each
// service's ratio. Here the per-service ratios 1/1 and 70/99 average 0.854 (a pass) while the
// pooled rate is 71/100 (a fail).
TEST(AnnualRates, ArePooledRatiosNotAveragesOfRatios) {
  TwoRateTally t;
  t.add(1, 1, 1, 1);
  t.add(99, 70, 99, 70);
  const auto rates = annual_rates(t);
  ASSERT_TRUE(rates.has_value());
  EXPECT_DOUBLE_EQ(rates->attraction, 0.71);
  EXPECT_DOUBLE_EQ(rates->satisfaction, 0.71);
  EXPECT_EQ(decide_incubation(t, IncubationRule{}), IncubationDecision::kDenied);
}

TEST(AnnualRates, EmptyWithoutEvaluationsOrDenominators) {
  EXPECT_FALSE(annual_rates(TwoRateTally{}).has_value());
  EXPECT_FALSE(annual_rates(tally_of(1, 0, 0, 5, 5)).has_value());
  EXPECT_FALSE(annual_rates(tally_of(1, 5, 5, 0, 0)).has_value());
  const auto rates = annual_rates(tally_of(2, 8, 6, 4, 1));
  ASSERT_TRUE(rates.has_value());
  EXPECT_DOUBLE_EQ(rates->attraction, 0.75);
  EXPECT_DOUBLE_EQ(rates->satisfaction, 0.25);
}

TEST(IncubationRule, DefaultIsBothRatesAtLeast80Percent) {
  const IncubationRule rule;
  EXPECT_EQ(rule.threshold, 0.80);
  EXPECT_EQ(rule.combine, RateCombine::kBoth);
  EXPECT_EQ(rule.min_evaluations, 1);
}

// The names appear in output files: they are part of the results' format.
TEST(ToString, IncubationDecisionNames) {
  EXPECT_STREQ(to_string(IncubationDecision::kIncubated), "incubated");
  EXPECT_STREQ(to_string(IncubationDecision::kDenied), "denied");
  EXPECT_STREQ(to_string(IncubationDecision::kNotEnoughData), "not_enough_data");
}

TEST(ToString, OrderEnumNames) {
  EXPECT_STREQ(to_string(Source::kPartyGov), "party_gov");
  EXPECT_STREQ(to_string(Source::kPublic), "public");
  EXPECT_STREQ(to_string(Source::kLeagueMenu), "league_menu");
  EXPECT_STREQ(to_string(Channel::kAssigned), "assigned");
  EXPECT_STREQ(to_string(Channel::kOnline), "online");
  EXPECT_STREQ(to_string(Channel::kOffline), "offline");
  EXPECT_STREQ(to_string(Kind::kImmediate), "immediate");
  EXPECT_STREQ(to_string(Kind::kNonImmediate), "non_immediate");
  EXPECT_STREQ(to_string(Kind::kSpecial), "special");
  EXPECT_STREQ(to_string(AssigneeKind::kNone), "none");
  EXPECT_STREQ(to_string(AssigneeKind::kSocialOrg), "social_org");
  EXPECT_STREQ(to_string(AssigneeKind::kPartnerUnit), "partner_unit");
  EXPECT_STREQ(to_string(AssigneeKind::kDistrictCommittee), "district_committee");
  EXPECT_STREQ(to_string(FinalState::kServed), "served");
  EXPECT_STREQ(to_string(FinalState::kGaveUp), "gave_up");
  EXPECT_STREQ(to_string(FinalState::kCancelledNoVenue), "cancelled_no_venue");
  EXPECT_STREQ(to_string(FinalState::kCancelledNoMoney), "cancelled_no_money");
  EXPECT_STREQ(to_string(FinalState::kOpenAtYearEnd), "open_at_year_end");
}

// The published score dispatch reads (docs/MODEL.md §5.2): 1 with no evaluation yet,
// attended / targeted with no vote yet, else the mean of the two running rates.
struct PublishedCase {
  std::string name;
  TwoRateTally tally;
  double score;
};

std::ostream& operator<<(std::ostream& os, const PublishedCase& c) { return os << c.name; }

class PublishedScore : public testing::TestWithParam<PublishedCase> {};

TEST_P(PublishedScore, OfTheRunningTally) {
  const PublishedCase& c = GetParam();
  EXPECT_DOUBLE_EQ(published_two_rate_score(c.tally), c.score);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PublishedScore,
    testing::Values(
        // Not yet evaluated: the top, so that it is tried and gets data.
        PublishedCase{"no_evaluation_scores_one", tally_of(0, 0, 0, 0, 0), 1.0},
        PublishedCase{"nobody_targeted_scores_one", tally_of(2, 0, 0, 0, 0), 1.0},
        // 6 of 10 came, nobody voted: the attraction rate alone.
        PublishedCase{"no_vote_attraction_alone", tally_of(2, 10, 6, 0, 0), 0.6},
        PublishedCase{"nobody_came_scores_zero", tally_of(1, 10, 0, 0, 0), 0.0},
        // (8/10 + 3/4) / 2 = 0.775.
        PublishedCase{"mean_of_the_two_rates", tally_of(3, 10, 8, 4, 3), 0.775},
        // Pooled: (9/20 + 10/10) / 2 = 0.725, whatever the split between services.
        PublishedCase{"pooled_over_the_evaluations", tally_of(4, 20, 9, 10, 10), 0.725}),
    [](const testing::TestParamInfo<PublishedCase>& row) { return row.param.name; });

}  // namespace
}  // namespace orgsim::core

// ---- Estimators of the two rates (incubation.estimator, incubation.pooling) ---------------

using orgsim::core::annual_rates;
using orgsim::core::decide_incubation;
using orgsim::core::IncubationDecision;
using orgsim::core::IncubationRule;
using orgsim::core::TwoRateTally;

TEST(RateEstimators, NormalQuantileMatchesKnownValues) {
  EXPECT_NEAR(orgsim::core::normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(orgsim::core::normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(orgsim::core::normal_quantile(0.01), -2.326347874040841, 1e-12);
  EXPECT_NEAR(orgsim::core::normal_quantile(0.999), 3.090232306167814, 1e-11);
}

TEST(RateEstimators, WilsonLowerBoundMatchesTheFormulaAndShrinksSmallSamples) {
  // 8 of 10 at 95%: (0.8 + 1.92/10 - 1.96*sqrt(0.016 + 0.0096)) / 1.384 = 0.4902
  EXPECT_NEAR(orgsim::core::wilson_lower_bound(8, 10, 0.95), 0.49016, 1e-4);
  // The same ratio on more evidence sits closer to it.
  EXPECT_GT(orgsim::core::wilson_lower_bound(800, 1000, 0.95),
            orgsim::core::wilson_lower_bound(8, 10, 0.95));
  EXPECT_LT(orgsim::core::wilson_lower_bound(800, 1000, 0.95), 0.8);
  EXPECT_GE(orgsim::core::wilson_lower_bound(0, 5, 0.95), 0.0);
}

TEST(RateEstimators, EachEstimatorJudgesTheSameCountsDifferently) {
  TwoRateTally small;  // a small organization at exactly 90% on both rates
  small.add(10, 9, 10, 9);
  IncubationRule raw;
  EXPECT_EQ(decide_incubation(small, raw), IncubationDecision::kIncubated);
  IncubationRule wilson = raw;
  wilson.estimator = orgsim::core::RateEstimator::kWilson;
  EXPECT_EQ(decide_incubation(small, wilson), IncubationDecision::kDenied);  // bound ~0.60
  IncubationRule bayes = raw;
  bayes.estimator = orgsim::core::RateEstimator::kBayes;
  bayes.prior_mean = 0.5;
  bayes.prior_strength = 10;  // (9 + 5) / (10 + 10) = 0.70
  const auto judged = orgsim::core::judged_rates(small, bayes);
  ASSERT_TRUE(judged);
  EXPECT_DOUBLE_EQ(judged->attraction, 0.7);
  EXPECT_EQ(decide_incubation(small, bayes), IncubationDecision::kDenied);
}

TEST(RateEstimators, PerEventAverageWeighsEveryServiceTheSame) {
  TwoRateTally t;
  t.add(100, 100, 50, 50);  // a large, perfect service
  t.add(10, 0, 0, 0);       // a small empty one: attraction 0, no vote
  t.add(10, 5, 4, 1);       // a small one: attraction 0.5, satisfaction 0.25
  IncubationRule per_event;
  per_event.pooling = orgsim::core::RatePooling::kPerEvent;
  const auto judged = orgsim::core::judged_rates(t, per_event);
  ASSERT_TRUE(judged);
  EXPECT_DOUBLE_EQ(judged->attraction, (1.0 + 0.0 + 0.5) / 3.0);
  EXPECT_DOUBLE_EQ(judged->satisfaction, (1.0 + 0.25) / 2.0);  // services with a vote only
  const auto pooled = annual_rates(t);
  EXPECT_DOUBLE_EQ(pooled->attraction, 105.0 / 120.0);
}

TEST(RateEstimators, WilsonUpperBoundGivesTheBenefitOfTheDoubt) {
  // 7 of 10: raw 0.70 is below 0.8, but with 10 people the interval still reaches above it.
  const double upper = orgsim::core::wilson_upper_bound(7, 10, 0.95);
  const double lower = orgsim::core::wilson_lower_bound(7, 10, 0.95);
  EXPECT_NEAR(upper, 0.8922, 1e-4);  // Wilson 95% interval of 7/10: [0.3968, 0.8922]
  EXPECT_NEAR(lower, 0.3968, 1e-4);
  // The interval is symmetric under swapping successes and failures.
  EXPECT_NEAR(orgsim::core::wilson_upper_bound(3, 10, 0.95), 1.0 - lower, 1e-12);
  TwoRateTally small;
  small.add(10, 7, 10, 7);
  IncubationRule raw;
  EXPECT_EQ(decide_incubation(small, raw), IncubationDecision::kDenied);
  IncubationRule upper_rule = raw;
  upper_rule.estimator = orgsim::core::RateEstimator::kWilsonUpper;
  EXPECT_EQ(decide_incubation(small, upper_rule), IncubationDecision::kIncubated);
  // With much more evidence at the same ratio the doubt is gone: denied.
  TwoRateTally large;
  large.add(1000, 700, 1000, 700);
  EXPECT_EQ(decide_incubation(large, upper_rule), IncubationDecision::kDenied);
}
