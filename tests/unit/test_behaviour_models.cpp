// The behaviour models (docs/MODEL.md §13): leaders' effort, protective organizations, public
// trust, fatigue on the duty rota, and the two-rate combination they share with incubation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/duty_fatigue.hpp"
#include "core/leader_effort.hpp"
#include "core/org_protection.hpp"
#include "core/public_trust.hpp"
#include "core/tiers.hpp"
#include "core/two_rates.hpp"

namespace orgsim::core {
namespace {

// ---- Leader effort: adaptive -------------------------------------------------------------------

TEST(AdaptiveEffort, MovesTheStatedShareTowardTheEffortTheAllowancePaysFor) {
  const EffortBounds bounds{0.2, 2.0};
  // e' = e + rate * (allowance / reference - e).
  EXPECT_DOUBLE_EQ(adaptive_effort(1.0, 1500.0, 1000.0, 0.5, bounds), 1.25);
  EXPECT_DOUBLE_EQ(adaptive_effort(1.0, 600.0, 1000.0, 0.5, bounds), 0.8);
  EXPECT_DOUBLE_EQ(adaptive_effort(1.5, 600.0, 1000.0, 0.25, bounds), 1.275);
  // The reference allowance pays for effort 1: a leader at 1 stays there at any rate.
  EXPECT_DOUBLE_EQ(adaptive_effort(1.0, 1000.0, 1000.0, 0.7, bounds), 1.0);
  // rate 1 jumps to the paid-for effort; rate 0 keeps the effort.
  EXPECT_DOUBLE_EQ(adaptive_effort(0.4, 1200.0, 1000.0, 1.0, bounds), 1.2);
  EXPECT_DOUBLE_EQ(adaptive_effort(0.4, 1200.0, 1000.0, 0.0, bounds), 0.4);
}

TEST(AdaptiveEffort, ClampsToTheBounds) {
  const EffortBounds bounds{0.2, 2.0};
  EXPECT_DOUBLE_EQ(adaptive_effort(1.0, 5000.0, 1000.0, 1.0, bounds), 2.0);  // paid for 5
  EXPECT_DOUBLE_EQ(adaptive_effort(1.0, 0.0, 1000.0, 1.0, bounds), 0.2);     // paid for 0
  EXPECT_DOUBLE_EQ(adaptive_effort(1.9, 3000.0, 1000.0, 0.5, bounds), 2.0);  // 2.45 -> 2
  EXPECT_DOUBLE_EQ(adaptive_effort(0.3, 0.0, 1000.0, 0.5, bounds), 0.2);     // 0.15 -> 0.2
  // An effort outside the bounds comes back inside even without any adaptation.
  EXPECT_DOUBLE_EQ(adaptive_effort(3.0, 1000.0, 1000.0, 0.0, bounds), 2.0);
  EXPECT_DOUBLE_EQ(adaptive_effort(0.1, 1000.0, 1000.0, 0.0, bounds), 0.2);
  // Narrow bounds win over the paid-for effort.
  EXPECT_DOUBLE_EQ(adaptive_effort(1.0, 1500.0, 1000.0, 0.5, {0.9, 1.1}), 1.1);
}

// ---- Leader effort: the tournament -------------------------------------------------------------

// Three tiers: 1500 from 70 points, 1000 from 50, else 500; the leader scored 60 at effort 1.
TournamentView three_tiers(double last_score = 60.0, double amount_scale = 1.0) {
  TournamentView view;
  view.last_score = last_score;
  view.last_effort = 1.0;
  view.cutoffs = {70.0, 50.0};
  view.amounts_yuan = {1500.0 * amount_scale, 1000.0 * amount_scale, 500.0 * amount_scale};
  return view;
}

TournamentBelief belief_of(double points_per_effort = 15.0, double score_sd = 5.0,
                           double cost_yuan = 400.0) {
  TournamentBelief belief;
  belief.points_per_effort = points_per_effort;
  belief.score_sd = score_sd;
  belief.cost_yuan = cost_yuan;
  return belief;
}

double utility(double effort, const TournamentView& view, const TournamentBelief& belief) {
  return expected_allowance(effort, view, belief) - belief.cost_yuan * effort * effort / 2.0;
}

TEST(ExpectedAllowance, MatchesTheNormalCdfsOfAThreeTierCase) {
  const TournamentView view = three_tiers();
  const TournamentBelief belief = belief_of();
  // Effort 1.2: forecast 60 + 15 * 0.2 = 63; z = (63 - 70) / 5 = -1.4 and (63 - 50) / 5 = 2.6.
  const double p_top = 0.08075665923377108;   // Phi(-1.4)
  const double p_upper = 0.9953388119762813;  // Phi(2.6): tier 0 or 1
  const double expected = 1500.0 * p_top + 1000.0 * (p_upper - p_top) + 500.0 * (1.0 - p_upper);
  EXPECT_NEAR(expected_allowance(1.2, view, belief), expected, 1e-9);
  EXPECT_NEAR(expected_allowance(1.2, view, belief), 1038.0477356050262, 1e-9);
  // Effort 1: forecast 60, halfway between the cut-offs: Phi(-2) * 1500 + ... + Phi(-2) * 500
  // is exactly the middle amount by symmetry.
  EXPECT_NEAR(expected_allowance(1.0, view, belief), 1000.0, 1e-9);
  // The last effort matters only through the gap to it: the same forecast, the same allowance.
  TournamentView shifted = view;
  shifted.last_score = 63.0;
  shifted.last_effort = 2.0;
  EXPECT_NEAR(expected_allowance(2.0, shifted, belief), 1038.0477356050262, 1e-9);
}

TEST(ExpectedAllowance, ANarrowerForecastConcentratesOnTheNearestTier) {
  // Forecast 63 with sd 0.5: almost surely in the middle tier.
  EXPECT_NEAR(expected_allowance(1.2, three_tiers(), belief_of(15.0, 0.5)), 1000.0, 1e-6);
  // With sd 50 the forecast is spread over every tier: strictly between the extremes and
  // away from the middle amount.
  const double wide = expected_allowance(1.2, three_tiers(), belief_of(15.0, 50.0));
  EXPECT_GT(wide, 500.0);
  EXPECT_LT(wide, 1500.0);
}

TEST(ExpectedAllowance, IsNonDecreasingInEffort) {
  for (double last_score : {0.0, 45.0, 50.0, 60.0, 69.0, 80.0, 120.0}) {
    const TournamentView view = three_tiers(last_score);
    const TournamentBelief belief = belief_of();
    double previous = expected_allowance(0.0, view, belief);
    for (int i = 1; i <= 400; ++i) {
      const double e = i * 0.01;
      const double now = expected_allowance(e, view, belief);
      EXPECT_GE(now, previous - 1e-9) << "last score " << last_score << ", effort " << e;
      previous = now;
    }
  }
}

TEST(ExpectedAllowance, IsTheTopAmountFarAboveAndTheBottomAmountFarBelow) {
  const TournamentBelief belief = belief_of();
  EXPECT_NEAR(expected_allowance(1.0, three_tiers(200.0), belief), 1500.0, 1e-9);
  EXPECT_NEAR(expected_allowance(0.2, three_tiers(200.0), belief), 1500.0, 1e-9);
  EXPECT_NEAR(expected_allowance(1.0, three_tiers(-100.0), belief), 500.0, 1e-9);
  EXPECT_NEAR(expected_allowance(2.0, three_tiers(-100.0), belief), 500.0, 1e-9);
}

TEST(ExpectedAllowance, ATierWithEqualCutoffsIsNeverReached) {
  // Nobody reached tier 1 last quarter: its cut-off is tier 0's (rank_cutoffs), so it has no
  // probability of its own, and the allowance is split between tiers 0 and 2 only.
  TournamentView view = three_tiers();
  view.cutoffs = {60.0, 60.0};
  EXPECT_NEAR(expected_allowance(1.0, view, belief_of()), 0.5 * 1500.0 + 0.5 * 500.0, 1e-9);
}

TEST(TournamentEffort, ALeaderFarBelowEveryCutoffGivesUp) {
  const EffortBounds bounds{0.2, 2.0};
  // At effort 2 it expects 15 points: still 7 sd below the lowest cut-off.
  EXPECT_DOUBLE_EQ(tournament_effort(three_tiers(0.0), belief_of(), bounds), 0.2);
  EXPECT_DOUBLE_EQ(tournament_effort(three_tiers(-50.0), belief_of(), {0.5, 1.5}), 0.5);
}

TEST(TournamentEffort, ALeaderFarAboveEveryCutoffIsSecureAndRests) {
  const EffortBounds bounds{0.2, 2.0};
  // Even at effort 0.2 it expects 200 - 12 = 188 points.
  EXPECT_DOUBLE_EQ(tournament_effort(three_tiers(200.0), belief_of(), bounds), 0.2);
  EXPECT_DOUBLE_EQ(tournament_effort(three_tiers(200.0), belief_of(), {0.5, 1.5}), 0.5);
}

TEST(TournamentEffort, ALeaderNearACutoffWorksAndWorksHarderForASteeperGradient) {
  const EffortBounds bounds{0.2, 2.0};
  const TournamentBelief belief = belief_of();
  // Exactly at the lower cut-off: the marginal allowance at effort 1 is
  // 500 * phi(0) * 15 / 5 = 598 yuan against a marginal cost of 400.
  const double base = tournament_effort(three_tiers(50.0), belief, bounds);
  EXPECT_GT(base, 1.0);
  EXPECT_LT(base, 2.0);
  EXPECT_NEAR(base, 1.22, 1e-9);  // the grid optimum of the documented utility
  // Doubling every amount doubles every gap between tiers.
  const double steep = tournament_effort(three_tiers(50.0, 2.0), belief, bounds);
  EXPECT_GT(steep, base);
  EXPECT_NEAR(steep, 1.42, 1e-9);
  // A gradient a hundred times steeper pushes it to the most it will do.
  EXPECT_DOUBLE_EQ(tournament_effort(three_tiers(50.0, 100.0), belief, bounds), 2.0);
  // A dearer effort lowers it.
  EXPECT_LT(tournament_effort(three_tiers(50.0), belief_of(15.0, 5.0, 800.0), bounds), base);
}

TEST(TournamentEffort, MaximisesTheUtilityOverTheGrid) {
  const EffortBounds bounds{0.2, 2.0};
  for (double last_score : {40.0, 48.0, 50.0, 55.0, 62.0, 68.0, 72.0}) {
    for (double scale : {0.5, 1.0, 2.0, 4.0}) {
      const TournamentView view = three_tiers(last_score, scale);
      const TournamentBelief belief = belief_of();
      const double chosen = tournament_effort(view, belief, bounds);
      const double best = utility(chosen, view, belief);
      for (int i = 0; i <= 180; ++i) {
        const double e = 0.2 + i * 0.01;
        EXPECT_LE(utility(e, view, belief), best + 1e-9)
            << "score " << last_score << " scale " << scale << ": effort " << e << " beats "
            << chosen;
      }
    }
  }
}

TEST(TournamentEffort, NeverLeavesTheBoundsAndIsOnTheHundredthGrid) {
  for (const EffortBounds bounds :
       {EffortBounds{0.2, 2.0}, EffortBounds{0.5, 1.5}, EffortBounds{0.25, 1.8}}) {
    for (double last_score = -20.0; last_score <= 120.0; last_score += 2.5) {
      for (double scale : {0.1, 1.0, 3.0, 100.0}) {
        for (double sd : {0.5, 5.0, 30.0}) {
          const double e =
              tournament_effort(three_tiers(last_score, scale), belief_of(15.0, sd, 400.0), bounds);
          EXPECT_GE(e, bounds.min) << last_score << " " << scale << " " << sd;
          EXPECT_LE(e, bounds.max) << last_score << " " << scale << " " << sd;
          EXPECT_NEAR(e * 100.0, std::round(e * 100.0), 1e-7) << e;
        }
      }
    }
  }
}

// The grid is built as min + i * 0.01, which for some bounds lands one ulp above the maximum
// (0.3 + 140 * 0.01 = 1.7000000000000002 > 1.7): the last step is clamped to the maximum.
TEST(TournamentEffort, ReturnsAnUpperBoundThatIsNotOnTheFloatingGridExactly) {
  // The steep gradient makes the maximum the best response.
  for (const EffortBounds bounds : {EffortBounds{0.3, 1.7}, EffortBounds{0.2, 3.0}}) {
    const double e = tournament_effort(three_tiers(50.0, 100.0), belief_of(), bounds);
    EXPECT_LE(e, bounds.max) << "bounds [" << bounds.min << ", " << bounds.max
                             << "]: above the maximum by " << e - bounds.max;
  }
}

// The points a tournament leader expects from effort, read off the inspection's formula.
TEST(DerivedPointsPerEffort, IsWhatTheWeightedComponentsEarnedPerUnitOfEffort) {
  // weights 0.2 and 0.15, components 0.5 and 0.8: 100 * (0.1 + 0.12) = 22 points at effort 1
  EXPECT_NEAR(derived_points_per_effort(0.2, 0.5, 0.15, 0.8, 1.0), 22.0, 1e-12);
  // The same components earned with twice the effort: each unit earned half as much.
  EXPECT_NEAR(derived_points_per_effort(0.2, 0.5, 0.15, 0.8, 2.0), 11.0, 1e-12);
  // Weights at 0: effort earns nothing.
  EXPECT_EQ(derived_points_per_effort(0.0, 0.5, 0.0, 0.8, 1.0), 0.0);
  EXPECT_EQ(derived_points_per_effort(0.2, 0.5, 0.15, 0.8, 0.0), 0.0);
}

TEST(RankCutoffs, AreTheLowestScoreReachingEachTierButTheLast) {
  // Tiers 0,0,1,2,2 of 4 (nobody in tier 3): scores given out of order.
  const std::vector<double> scores = {70.0, 90.0, 50.0, 80.0, 60.0};
  const std::vector<int> tiers = {1, 0, 2, 0, 2};
  EXPECT_EQ(rank_cutoffs(scores, tiers, 4), (std::vector<double>{80.0, 70.0, 50.0}));
  // One tier: no cut-off. Two tiers: the lowest of the top tier.
  EXPECT_TRUE(rank_cutoffs(scores, std::vector<int>(5, 0), 1).empty());
  EXPECT_EQ(rank_cutoffs(scores, {0, 0, 1, 0, 1}, 2), (std::vector<double>{70.0}));
}

TEST(RankCutoffs, ATierNobodyReachedTakesTheCutoffAboveIt) {
  // Nobody in tier 1: its cut-off is tier 0's.
  EXPECT_EQ(rank_cutoffs({90.0, 80.0, 50.0}, {0, 0, 2}, 4),
            (std::vector<double>{80.0, 80.0, 50.0}));
  // Nobody in tiers 0 and 1: both take the top score.
  EXPECT_EQ(rank_cutoffs({40.0, 55.0, 30.0}, {3, 2, 3}, 4),
            (std::vector<double>{55.0, 55.0, 55.0}));
  // Nobody ranked at all.
  EXPECT_EQ(rank_cutoffs({}, {}, 3), (std::vector<double>{0.0, 0.0}));
}

TEST(RankCutoffs, AreNonIncreasing) {
  const std::vector<double> scores = {12.0, 95.0, 33.0, 71.0, 71.0, 8.0, 50.0, 64.0};
  const std::vector<int> tiers = {3, 0, 2, 1, 1, 4, 2, 1};
  const auto cuts = rank_cutoffs(scores, tiers, 6);
  ASSERT_EQ(cuts.size(), 5u);
  EXPECT_EQ(cuts, (std::vector<double>{95.0, 64.0, 33.0, 12.0, 8.0}));
  for (std::size_t t = 1; t < cuts.size(); ++t) EXPECT_LE(cuts[t], cuts[t - 1]);
}

// ---- Protective organizations -----------------------------------------------------------------

IncubationRule combine_rule(RateCombine combine, double weight = 0.5) {
  IncubationRule rule;
  rule.combine = combine;
  rule.attraction_weight = weight;
  return rule;
}

TEST(Standing, CombinesTheRunningRatesAsTheIncubationRuleDoes) {
  TwoRateTally tally;
  tally.add(10, 9, 10, 6);  // attraction 0.9, satisfaction 0.6
  EXPECT_DOUBLE_EQ(standing(tally, combine_rule(RateCombine::kBoth)).value(), 0.6);
  EXPECT_DOUBLE_EQ(standing(tally, combine_rule(RateCombine::kMean)).value(), 0.75);
  EXPECT_DOUBLE_EQ(standing(tally, combine_rule(RateCombine::kWeighted, 0.3)).value(),
                   0.3 * 0.9 + 0.7 * 0.6);
  EXPECT_DOUBLE_EQ(standing(tally, combine_rule(RateCombine::kWeighted, 1.0)).value(), 0.9);
  // Pooled over the services so far: 9+1 of 10+10 came, 6+8 of 10+10 satisfied.
  tally.add(10, 1, 10, 8);
  EXPECT_DOUBLE_EQ(standing(tally, combine_rule(RateCombine::kBoth)).value(), 0.5);
  EXPECT_DOUBLE_EQ(standing(tally, combine_rule(RateCombine::kMean)).value(), 0.6);
}

TEST(Standing, UsesTheRawRatesWhateverTheEstimator) {
  TwoRateTally tally;
  tally.add(10, 9, 10, 6);
  IncubationRule rule = combine_rule(RateCombine::kBoth);
  rule.estimator = RateEstimator::kWilson;
  EXPECT_DOUBLE_EQ(standing(tally, rule).value(), 0.6);
  rule.estimator = RateEstimator::kBayes;
  EXPECT_DOUBLE_EQ(standing(tally, rule).value(), 0.6);
}

TEST(Standing, IsEmptyWithoutAnEvaluationOrAVote) {
  const IncubationRule rule = combine_rule(RateCombine::kMean);
  EXPECT_FALSE(standing(TwoRateTally{}, rule).has_value());
  TwoRateTally no_vote;
  no_vote.add(10, 4, 0, 0);  // evaluated, but nobody voted
  EXPECT_FALSE(standing(no_vote, rule).has_value());
  TwoRateTally nobody_came;
  nobody_came.add(10, 0, 0, 0);
  EXPECT_FALSE(standing(nobody_came, rule).has_value());
  // The first vote gives it a standing.
  no_vote.add(10, 6, 4, 3);
  ASSERT_TRUE(standing(no_vote, rule).has_value());
  EXPECT_DOUBLE_EQ(*standing(no_vote, rule), 0.5 * (0.5 + 0.75));
}

TEST(ExpectedRate, IsTheStandingDecayedByTheExpectedWait) {
  EXPECT_DOUBLE_EQ(expected_rate(0.9, 0.0, 336.0), 0.9);
  EXPECT_DOUBLE_EQ(expected_rate(0.9, 336.0, 336.0), 0.9 * std::exp(-1.0));
  EXPECT_DOUBLE_EQ(expected_rate(0.8, 168.0, 336.0), 0.8 * std::exp(-0.5));
  EXPECT_LT(expected_rate(0.8, 200.0, 336.0), expected_rate(0.8, 100.0, 336.0));
}

TEST(ExpectedQueueWait, IsZeroWhileAStaffMemberIsFree) {
  EXPECT_DOUBLE_EQ(expected_queue_wait_h(0, 0, 1, 24.0), 0.0);
  EXPECT_DOUBLE_EQ(expected_queue_wait_h(1, 0, 2, 24.0), 0.0);
  EXPECT_DOUBLE_EQ(expected_queue_wait_h(2, 0, 3, 24.0), 0.0);
}

TEST(ExpectedQueueWait, SharesTheOrdersAheadAmongTheStaff) {
  // (busy + queued - staff + 1) / staff * mean.
  EXPECT_DOUBLE_EQ(expected_queue_wait_h(1, 0, 1, 24.0), 24.0);
  EXPECT_DOUBLE_EQ(expected_queue_wait_h(2, 0, 2, 24.0), 12.0);
  EXPECT_DOUBLE_EQ(expected_queue_wait_h(2, 3, 2, 24.0), 48.0);
  EXPECT_DOUBLE_EQ(expected_queue_wait_h(3, 1, 3, 30.0), 20.0);
  EXPECT_DOUBLE_EQ(expected_queue_wait_h(1, 4, 1, 10.0), 50.0);
  // Each order more in the queue adds mean / staff.
  for (int queued = 0; queued < 10; ++queued) {
    EXPECT_NEAR(
        expected_queue_wait_h(4, queued + 1, 4, 48.0) - expected_queue_wait_h(4, queued, 4, 48.0),
        12.0, 1e-12);
  }
}

ProtectionRule exact_rule() {
  // Binary fractions, so that the boundaries are exact in doubles.
  ProtectionRule rule;
  rule.threshold = 0.75;
  rule.margin = 0.125;  // protects below 0.875
  rule.decline_hit = 0.0625;
  return rule;
}

TEST(Declines, OnlyInsideTheMarginAndBeyondTheHit) {
  const ProtectionRule rule = exact_rule();
  // Inside the margin, far worse order: declines.
  EXPECT_TRUE(declines(0.8125, 0.5, rule));
  // Already below the threshold: it still protects what it has.
  EXPECT_TRUE(declines(0.625, 0.5, rule));
  // Outside the margin: takes anything.
  EXPECT_FALSE(declines(0.9375, 0.0, rule));
  // Inside the margin but the order costs it no more than the hit: takes it.
  EXPECT_FALSE(declines(0.8125, 0.8125, rule));
  EXPECT_FALSE(declines(0.8125, 0.78125, rule));
}

TEST(Declines, BoundariesAreStrict) {
  const ProtectionRule rule = exact_rule();
  // Standing exactly at threshold + margin: not protecting; within the 1e-12 rounding slack
  // below it neither; clearly below it, protecting.
  EXPECT_FALSE(declines(0.875, 0.0, rule));
  EXPECT_FALSE(declines(std::nextafter(0.875, 0.0), 0.0, rule));
  EXPECT_TRUE(declines(0.875 - 1e-9, 0.0, rule));
  // Expected exactly decline_hit below the standing: takes it; a hair more: declines.
  EXPECT_FALSE(declines(0.8125, 0.75, rule));
  EXPECT_TRUE(declines(0.8125, std::nextafter(0.75, 0.0), rule));
}

TEST(Declines, WithZeroMarginOnlyThoseBelowTheThresholdProtect) {
  ProtectionRule rule = exact_rule();
  rule.margin = 0.0;
  EXPECT_TRUE(declines(0.7, 0.0, rule));    // below the threshold itself
  EXPECT_FALSE(declines(0.75, 0.0, rule));  // at the threshold: nothing to protect
}

// threshold + margin is summed in doubles, 0.8 + 0.05 = 0.8500000000000001: the rounding slack
// keeps an organization whose standing is exactly 0.85 (17 of 20) outside the margin.
TEST(Declines, AStandingExactlyAtThresholdPlusMarginDoesNotProtect) {
  ProtectionRule rule;
  rule.threshold = 0.8;
  rule.margin = 0.05;
  rule.decline_hit = 0.1;
  EXPECT_FALSE(declines(17.0 / 20.0, 0.5, rule));
}

// ---- Public trust -----------------------------------------------------------------------------

TEST(TrustTarget, IsZeroAtZeroOneAtTheReferenceAndGOverRefCappedAtMaxAtOne) {
  const TrustRule rule{0.95, 1.5, 0.8};
  EXPECT_DOUBLE_EQ(trust_target(0.0, rule), 0.0);
  EXPECT_DOUBLE_EQ(trust_target(0.8, rule), 1.0);
  EXPECT_DOUBLE_EQ(trust_target(1.0, rule), 1.25);  // 1 / 0.8, below max
  // Linear: g / ref on both sides of the reference.
  EXPECT_DOUBLE_EQ(trust_target(0.4, rule), 0.5);
  EXPECT_DOUBLE_EQ(trust_target(0.2, rule), 0.25);
  EXPECT_DOUBLE_EQ(trust_target(0.9, rule), 1.125);
  // A lower reference reaches the cap.
  const TrustRule low{0.5, 1.5, 0.5};
  EXPECT_DOUBLE_EQ(trust_target(0.25, low), 0.5);
  EXPECT_DOUBLE_EQ(trust_target(0.5, low), 1.0);
  EXPECT_DOUBLE_EQ(trust_target(0.7, low), 1.4);
  EXPECT_DOUBLE_EQ(trust_target(0.75, low), 1.5);
  EXPECT_DOUBLE_EQ(trust_target(1.0, low), 1.5);  // 2, capped
  EXPECT_DOUBLE_EQ(trust_target(1.0, {0.5, 3.0, 0.5}), 2.0);
  // max 1: good service can only restore demand, never raise it.
  EXPECT_DOUBLE_EQ(trust_target(1.0, {0.95, 1.0, 0.8}), 1.0);
  EXPECT_DOUBLE_EQ(trust_target(0.4, {0.95, 1.0, 0.8}), 0.5);
}

TEST(TrustTarget, ClampsTheSatisfactionAndIsNonDecreasingAndContinuous) {
  const TrustRule rule{0.95, 1.5, 0.8};
  EXPECT_DOUBLE_EQ(trust_target(-0.2, rule), 0.0);
  EXPECT_DOUBLE_EQ(trust_target(1.3, rule), 1.25);
  for (const TrustRule r : {rule, TrustRule{0.95, 1.5, 0.5}}) {
    double previous = trust_target(0.0, r);
    for (int i = 1; i <= 1000; ++i) {
      const double now = trust_target(i / 1000.0, r);
      EXPECT_GE(now, previous) << i;
      EXPECT_LE(now - previous, 0.001 / r.reference + 1e-12) << "a jump at " << i / 1000.0;
      previous = now;
    }
  }
}

TEST(UpdatedTrust, KeepsTheMemoryWeightOfTheOldTrust) {
  const TrustRule rule{0.95, 1.5, 0.8};
  EXPECT_DOUBLE_EQ(updated_trust(1.0, 0.0, rule), 0.95);
  EXPECT_DOUBLE_EQ(updated_trust(1.0, 0.8, rule), 1.0);
  EXPECT_DOUBLE_EQ(updated_trust(1.2, 1.0, rule), 0.95 * 1.2 + 0.05 * 1.25);
  EXPECT_DOUBLE_EQ(updated_trust(0.5, 0.4, rule), 0.95 * 0.5 + 0.05 * 0.5);
  EXPECT_DOUBLE_EQ(updated_trust(0.6, 0.2, rule), 0.95 * 0.6 + 0.05 * 0.25);
  // Memory 0 jumps to the target; memory 1 never moves.
  EXPECT_DOUBLE_EQ(updated_trust(1.2, 0.4, {0.0, 1.5, 0.8}), 0.5);
  EXPECT_DOUBLE_EQ(updated_trust(1.2, 0.0, {1.0, 1.5, 0.8}), 1.2);
  EXPECT_DOUBLE_EQ(updated_trust(0.7, 1.0, {0.5, 2.0, 0.5}), 0.5 * 0.7 + 0.5 * 2.0);
}

TEST(UpdatedTrust, ConvergesToTheTargetAndStaysWithinZeroAndMax) {
  for (const TrustRule rule : {TrustRule{0.9, 1.5, 0.8}, TrustRule{0.9, 1.5, 0.5}}) {
    double trust = 1.0;
    for (int i = 0; i < 500; ++i) {
      trust = updated_trust(trust, 1.0, rule);
      ASSERT_LE(trust, rule.max);
    }
    EXPECT_NEAR(trust, std::min(rule.max, 1.0 / rule.reference), 1e-9);
    for (int i = 0; i < 500; ++i) {
      trust = updated_trust(trust, 0.0, rule);
      ASSERT_GE(trust, 0.0);
    }
    EXPECT_NEAR(trust, 0.0, 1e-9);
  }
  // A trust outside [0, max] comes back inside.
  EXPECT_DOUBLE_EQ(updated_trust(3.0, 1.0, {1.0, 1.5, 0.8}), 1.5);
  EXPECT_DOUBLE_EQ(updated_trust(-1.0, 0.0, {1.0, 1.5, 0.8}), 0.0);
  EXPECT_DOUBLE_EQ(updated_trust(2.0, 1.0, {0.9, 1.5, 0.8}), 1.5);  // 0.9 * 2 + 0.1 * 1.25
}

// ---- Fatigue on the duty rota -----------------------------------------------------------------

TEST(DutyLoad, SumsTheShiftsWithinTheWindow) {
  DutyLoad load;
  EXPECT_DOUBLE_EQ(load.load_h(0.0, 100.0), 0.0);
  load.worked(0.0, 4.0);
  load.worked(24.0, 4.0);
  load.worked(48.0, 3.0);
  EXPECT_DOUBLE_EQ(load.load_h(50.0, 100.0), 11.0);
  // Window 30 h before 60: the shift at 24 is out (60 - 30 = 30 > 24) ...
  EXPECT_DOUBLE_EQ(load.load_h(60.0, 30.0), 3.0);
  // ... and stays out; much later every shift has left the window.
  EXPECT_DOUBLE_EQ(load.load_h(200.0, 30.0), 0.0);
  load.worked(210.0, 5.0);
  EXPECT_DOUBLE_EQ(load.load_h(211.0, 30.0), 5.0);
}

TEST(DutyLoad, KeepsAShiftThatStartedExactlyAWindowAgo) {
  // The window is [now - window, now]: with weekly shifts and a 28-day window, the shift
  // exactly four weeks before counts (it is queried before the current shift is recorded, so
  // four weekly shifts are counted either way).
  const double week = 7.0 * 24.0;
  DutyLoad load;
  for (int w = 0; w < 4; ++w) load.worked(w * week + 9.0, 4.0);
  EXPECT_DOUBLE_EQ(load.load_h(4 * week + 9.0, 4 * week), 16.0);
  // A moment later the first shift has left.
  EXPECT_DOUBLE_EQ(load.load_h(4 * week + 9.0 + 1e-6, 4 * week), 12.0);
}

TEST(DutyLoad, DoesNotDriftAfterManyShifts) {
  DutyLoad load;
  for (int i = 0; i < 10000; ++i) load.worked(i * 8.0, 0.1);
  // 0.1 cannot be summed and subtracted exactly; the load stays close, and is exactly 0 again
  // once the window is empty.
  EXPECT_NEAR(load.load_h(10000 * 8.0, 80.0), 1.0, 1e-6);
  EXPECT_DOUBLE_EQ(load.load_h(1e9, 80.0), 0.0);
}

TEST(MissProbability, IsTheBaseUpToTheLimit) {
  const FatigueRule rule{672.0, 24.0, 0.5};
  EXPECT_DOUBLE_EQ(miss_probability(0.05, 0.0, rule), 0.05);
  EXPECT_DOUBLE_EQ(miss_probability(0.05, 20.0, rule), 0.05);
  EXPECT_DOUBLE_EQ(miss_probability(0.05, 24.0, rule), 0.05);  // at the limit
  EXPECT_DOUBLE_EQ(miss_probability(0.0, 24.0, rule), 0.0);
}

TEST(MissProbability, RisesBySlopePerLimitBeyondItAndIsCappedAtOne) {
  const FatigueRule rule{672.0, 24.0, 0.5};
  EXPECT_DOUBLE_EQ(miss_probability(0.05, 36.0, rule), 0.05 + 0.5 * 0.5);
  EXPECT_DOUBLE_EQ(miss_probability(0.05, 48.0, rule), 0.55);
  // 0.1 + 2 * (30 - 12) / 12 = 3.1, capped.
  EXPECT_DOUBLE_EQ(miss_probability(0.1, 30.0, {672.0, 12.0, 2.0}), 1.0);
  EXPECT_DOUBLE_EQ(miss_probability(0.05, 1000.0, rule), 1.0);
  EXPECT_DOUBLE_EQ(miss_probability(0.05, 72.0, rule), 1.0);  // 0.05 + 1, capped
  EXPECT_DOUBLE_EQ(miss_probability(0.05, 60.0, rule), 0.8);  // 0.05 + 0.75, not yet
  EXPECT_DOUBLE_EQ(miss_probability(1.2, 0.0, rule), 1.0);    // even a base above 1
  EXPECT_DOUBLE_EQ(miss_probability(0.05, 1000.0, {672.0, 24.0, 0.0}), 0.05);  // no slope
}

// ---- The combined two rates --------------------------------------------------------------------

TEST(CombinedRate, IsTheLowerRateTheMeanOrTheWeightedSum) {
  const TwoRates rates{0.9, 0.6};
  EXPECT_DOUBLE_EQ(combined_rate(rates, combine_rule(RateCombine::kBoth)), 0.6);
  EXPECT_DOUBLE_EQ(combined_rate({0.55, 0.7}, combine_rule(RateCombine::kBoth)), 0.55);
  EXPECT_DOUBLE_EQ(combined_rate(rates, combine_rule(RateCombine::kMean)), 0.75);
  EXPECT_DOUBLE_EQ(combined_rate(rates, combine_rule(RateCombine::kWeighted, 0.25)),
                   0.25 * 0.9 + 0.75 * 0.6);
  EXPECT_DOUBLE_EQ(combined_rate(rates, combine_rule(RateCombine::kWeighted, 0.0)), 0.6);
}

TEST(CombinedRate, PassesExactlyWhenRatesPassSays) {
  for (RateCombine combine : {RateCombine::kBoth, RateCombine::kMean, RateCombine::kWeighted}) {
    for (double weight : {0.0, 0.3, 0.5, 1.0}) {
      for (int a = 0; a <= 20; ++a) {
        for (int s = 0; s <= 20; ++s) {
          const TwoRates rates{a / 20.0, s / 20.0};
          IncubationRule rule = combine_rule(combine, weight);
          for (double threshold : {0.0, 0.5, 0.8, 0.85, 1.0}) {
            rule.threshold = threshold;
            const double c = combined_rate(rates, rule);
            // Away from the threshold the two agree plainly.
            if (std::abs(c - threshold) > 1e-9) {
              EXPECT_EQ(rates_pass(rates, rule), c > threshold)
                  << to_string(combine) << " " << rates.attraction << " " << rates.satisfaction;
            }
          }
          // A threshold equal to the combination passes; one just above it does not.
          rule.threshold = combined_rate(rates, rule);
          EXPECT_TRUE(rates_pass(rates, rule));
          rule.threshold += 1e-9;
          EXPECT_FALSE(rates_pass(rates, rule));
        }
      }
    }
  }
  // The rounding case two_rates.cpp allows for: 0.3 * 0.8 + 0.7 * 0.8 < 0.8 in doubles.
  IncubationRule weighted = combine_rule(RateCombine::kWeighted, 0.3);
  weighted.threshold = 0.8;
  EXPECT_LT(combined_rate({0.8, 0.8}, weighted), 0.8);
  EXPECT_TRUE(rates_pass({0.8, 0.8}, weighted));
}

}  // namespace
}  // namespace orgsim::core
