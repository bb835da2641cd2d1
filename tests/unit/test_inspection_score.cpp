// The quarterly inspection score (core/inspection_score.hpp, docs/MODEL.md §10): the six
// components and their fallbacks, the weighted score with the inspectors' bias and noise, the
// ranks, tiers and pro-rata allowances of a scope, and the counterfactual without the noise.
// Every expected value is worked out by hand from MODEL.md's equations (shown in the comments).
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/scenario_loader.hpp"
#include "core/inspection_score.hpp"
#include "core/money.hpp"

namespace orgsim::core {
namespace {

// ---- the components and their fallbacks (§10.1) ----

// An area of three branches; the rows test branch 0 (B) and change what they need.
//   B: 4 orders, 3 on time + 1 escalated, 2 activities, 10 contacts, duty 9 of 10, 3 of 4
//      votes satisfied;
//   N: the area's best counts: 8 orders, 4 activities, 20 contacts; 3 of 6 votes satisfied;
//   M: nothing counted, duty 10 of 10, 2 of 2 votes satisfied.
std::vector<BranchQuarterCounts> base_area() {
  BranchQuarterCounts b;
  b.orders_placed = 4;
  b.started_on_time = 3;
  b.escalated = 1;
  b.activities_held = 2;
  b.youth_contacts = 10;
  b.shifts_assigned = 10;
  b.shifts_attended = 9;
  b.town_has_service_point = true;
  b.votes = 4;
  b.satisfied = 3;
  BranchQuarterCounts n = b;
  n.orders_placed = 8;
  n.started_on_time = 5;
  n.escalated = 0;
  n.activities_held = 4;
  n.youth_contacts = 20;
  n.votes = 6;
  n.satisfied = 3;
  BranchQuarterCounts m;
  m.shifts_assigned = 10;
  m.shifts_attended = 10;
  m.town_has_service_point = true;
  m.votes = 2;
  m.satisfied = 2;
  return {b, n, m};
}

struct ComponentCase {
  std::string name;
  std::function<void(std::vector<BranchQuarterCounts>&)> change;
  ScoreComponents
      expected;  // branch B's: orders, answered, activities, contacts, duty, satisfaction
};

std::ostream& operator<<(std::ostream& os, const ComponentCase& c) { return os << c.name; }

class AreaComponents : public testing::TestWithParam<ComponentCase> {};

TEST_P(AreaComponents, OfTheFirstBranch) {
  const ComponentCase& c = GetParam();
  auto area = base_area();
  c.change(area);
  const auto components = area_components(area);
  ASSERT_EQ(components.size(), area.size());
  for (int k = 0; k < kScoreComponentCount; ++k)
    EXPECT_DOUBLE_EQ(components[0][k], c.expected[k]) << "component " << k;
}

const auto kUnchanged = [](std::vector<BranchQuarterCounts>&) {};

INSTANTIATE_TEST_SUITE_P(
    Fallbacks, AreaComponents,
    testing::Values(
        // 4/8, 3/(3+1), 2/4, 10/20, 9/10, 3/4.
        ComponentCase{"counts_against_the_areas_best_shares_as_they_are",
                      kUnchanged,
                      {0.5, 0.75, 0.5, 0.5, 0.9, 0.75}},
        // The best branch of the area scores 1 on a count, a tie for the best too.
        ComponentCase{"the_areas_best_count_scores_one",
                      [](auto& a) {
                        a[0].orders_placed = 10;
                        a[0].youth_contacts = 20;
                      },
                      {1.0, 0.75, 0.5, 1.0, 0.9, 0.75}},
        ComponentCase{"no_count_in_the_whole_area_scores_zero",
                      [](auto& a) {
                        for (auto& b : a) b.activities_held = 0;
                      },
                      {0.5, 0.75, 0.0, 0.5, 0.9, 0.75}},
        // Nothing came due: nothing was late.
        ComponentCase{"answered_nothing_came_due_is_one",
                      [](auto& a) {
                        a[0].started_on_time = 0;
                        a[0].escalated = 0;
                      },
                      {0.5, 1.0, 0.5, 0.5, 0.9, 0.75}},
        ComponentCase{"answered_all_escalated_is_zero",
                      [](auto& a) {
                        a[0].started_on_time = 0;
                        a[0].escalated = 2;
                      },
                      {0.5, 0.0, 0.5, 0.5, 0.9, 0.75}},
        // Points but nobody assigned: no duty done, 0.
        ComponentCase{"duty_no_shift_in_a_town_with_a_point_is_zero",
                      [](auto& a) {
                        a[0].shifts_assigned = 0;
                        a[0].shifts_attended = 0;
                      },
                      {0.5, 0.75, 0.5, 0.5, 0.0, 0.75}},
        // No point: no duty to judge, full marks.
        ComponentCase{"duty_no_shift_in_a_town_without_a_point_is_one",
                      [](auto& a) {
                        a[0].shifts_assigned = 0;
                        a[0].shifts_attended = 0;
                        a[0].town_has_service_point = false;
                      },
                      {0.5, 0.75, 0.5, 0.5, 1.0, 0.75}},
        // No vote: the area's pooled ratio (3 + 2) / (6 + 2) = 0.625 (not the mean of the
        // other branches' ratios, (0.5 + 1) / 2 = 0.75).
        ComponentCase{"satisfaction_no_vote_takes_the_areas_pooled_ratio",
                      [](auto& a) {
                        a[0].votes = 0;
                        a[0].satisfied = 0;
                      },
                      {0.5, 0.75, 0.5, 0.5, 0.9, 0.625}},
        ComponentCase{"satisfaction_no_vote_in_the_area_is_zero",
                      [](auto& a) {
                        for (auto& b : a) {
                          b.votes = 0;
                          b.satisfied = 0;
                        }
                      },
                      {0.5, 0.75, 0.5, 0.5, 0.9, 0.0}}),
    [](const testing::TestParamInfo<ComponentCase>& row) { return row.param.name; });

TEST(AreaComponents, EveryBranchOfTheAreaInOrder) {
  const auto components = area_components(base_area());
  // N: 8/8, 5/5, 4/4, 20/20, 9/10, 3/6; M: 0/8, nothing due, 0/4, 0/20, 10/10, 2/2.
  const ScoreComponents n = {1.0, 1.0, 1.0, 1.0, 0.9, 0.5};
  const ScoreComponents m = {0.0, 1.0, 0.0, 0.0, 1.0, 1.0};
  for (int k = 0; k < kScoreComponentCount; ++k) {
    EXPECT_DOUBLE_EQ(components[1][k], n[k]) << "component " << k;
    EXPECT_DOUBLE_EQ(components[2][k], m[k]) << "component " << k;
  }
  EXPECT_TRUE(area_components({}).empty());
}

// ---- the score (§10.2) ----

// The default weights: orders 0.15, answered 0.2, activities 0.2, contacts 0.15, duty 0.1,
// satisfaction 0.2.
const ScoreWeights kDefaultWeights = {0.15, 0.2, 0.2, 0.15, 0.1, 0.2};

struct ScoreCase {
  std::string name;
  ScoreComponents components;
  double bias;
  double visit;
  double score;  // 100 * sum(weight * component) + bias + visit
  double noise;  // bias + visit
};

std::ostream& operator<<(std::ostream& os, const ScoreCase& c) { return os << c.name; }

class Score : public testing::TestWithParam<ScoreCase> {};

TEST_P(Score, WeightedPointsPlusBiasAndNoise) {
  const ScoreCase& c = GetParam();
  const InspectionScore s = inspection_score(c.components, kDefaultWeights, c.bias, c.visit);
  EXPECT_NEAR(s.score, c.score, 1e-9);
  EXPECT_NEAR(s.noise_points, c.noise, 1e-12);
  EXPECT_NEAR(score_without_noise(s.score, s.noise_points), c.score - c.noise, 1e-9);
  EXPECT_NEAR(weighted_points(c.components, kDefaultWeights), c.score - c.noise, 1e-9);
}

INSTANTIATE_TEST_SUITE_P(
    Table, Score,
    testing::Values(
        ScoreCase{"full_marks", {1, 1, 1, 1, 1, 1}, 0.0, 0.0, 100.0, 0.0},
        ScoreCase{"nothing_but_noise", {0, 0, 0, 0, 0, 0}, 2.0, -3.0, -1.0, -1.0},
        // One component at a time: its weight times 100.
        ScoreCase{"orders_alone", {1, 0, 0, 0, 0, 0}, 0.0, 0.0, 15.0, 0.0},
        ScoreCase{"answered_alone", {0, 1, 0, 0, 0, 0}, 0.0, 0.0, 20.0, 0.0},
        ScoreCase{"activities_alone", {0, 0, 1, 0, 0, 0}, 0.0, 0.0, 20.0, 0.0},
        ScoreCase{"contacts_alone", {0, 0, 0, 1, 0, 0}, 0.0, 0.0, 15.0, 0.0},
        ScoreCase{"duty_alone", {0, 0, 0, 0, 1, 0}, 0.0, 0.0, 10.0, 0.0},
        ScoreCase{"satisfaction_alone", {0, 0, 0, 0, 0, 1}, 0.0, 0.0, 20.0, 0.0},
        // 7.5 + 15 + 10 + 7.5 + 9 + 15 = 64 points, + 1.5 + 0.25.
        ScoreCase{"a_typical_branch", {0.5, 0.75, 0.5, 0.5, 0.9, 0.75}, 1.5, 0.25, 65.75, 1.75}),
    [](const testing::TestParamInfo<ScoreCase>& row) { return row.param.name; });

TEST(Score, ComponentPointsAreEachWeightTimesOneHundredTimesTheValue) {
  const ScoreComponents c = {0.5, 0.75, 0.5, 0.5, 0.9, 0.75};
  const ScoreComponents expected = {7.5, 15.0, 10.0, 7.5, 9.0, 15.0};
  const ScoreComponents points = component_points(c, kDefaultWeights);
  for (int k = 0; k < kScoreComponentCount; ++k) EXPECT_NEAR(points[k], expected[k], 1e-12);
}

// The scenario's weights land on their own components (six distinct weights summing to 1).
TEST(Score, ScenarioWeightsInComponentOrder) {
  const auto loaded =
      config::load_scenario({"test",
                             "",
                             {"inspection.weight_orders=0.05", "inspection.weight_answered=0.1",
                              "inspection.weight_activities=0.15", "inspection.weight_contacts=0.2",
                              "inspection.weight_duty=0.22", "inspection.weight_satisfaction=0.28"},
                             std::nullopt});
  ASSERT_TRUE(loaded.scenario);
  const ScoreWeights w = loaded.scenario->inspection.weights();
  EXPECT_EQ(w[static_cast<int>(ScoreComponent::kOrders)], 0.05);
  EXPECT_EQ(w[static_cast<int>(ScoreComponent::kAnswered)], 0.1);
  EXPECT_EQ(w[static_cast<int>(ScoreComponent::kActivities)], 0.15);
  EXPECT_EQ(w[static_cast<int>(ScoreComponent::kContacts)], 0.2);
  EXPECT_EQ(w[static_cast<int>(ScoreComponent::kDuty)], 0.22);
  EXPECT_EQ(w[static_cast<int>(ScoreComponent::kSatisfaction)], 0.28);
}

// ---- rank, tier and allowance of a scope (§10.3, §10.4) ----

TierScheme rank_shares(std::vector<double> shares, std::vector<double> amounts) {
  TierScheme s;
  s.kind = TierSchemeKind::kRankShare;
  s.shares = std::move(shares);
  s.amounts_yuan = std::move(amounts);
  return s;
}

TierScheme score_cutoffs(std::vector<double> cutoffs, std::vector<double> amounts) {
  TierScheme s;
  s.kind = TierSchemeKind::kScoreCutoff;
  s.score_cutoffs = std::move(cutoffs);
  s.amounts_yuan = std::move(amounts);
  return s;
}

const TierScheme kDefaultTiers = rank_shares({0.2, 0.3, 0.3, 0.2}, {1500, 1200, 900, 600});

struct PlaceCase {
  std::string name;
  TierScheme scheme;
  double year_fraction;
  std::vector<double> scores;
  std::vector<int> ranks;
  std::vector<int> tiers;
  std::vector<double> allowances;
};

std::ostream& operator<<(std::ostream& os, const PlaceCase& c) { return os << c.name; }

class PlaceScope : public testing::TestWithParam<PlaceCase> {};

TEST_P(PlaceScope, RanksTiersAndAllowances) {
  const PlaceCase& c = GetParam();
  const auto placed = place_scope(c.scores, c.scheme, c.year_fraction);
  ASSERT_EQ(placed.size(), c.scores.size());
  for (std::size_t i = 0; i < placed.size(); ++i) {
    EXPECT_EQ(placed[i].rank, c.ranks[i]) << "branch " << i;
    EXPECT_EQ(placed[i].tier, c.tiers[i]) << "branch " << i;
    EXPECT_NEAR(placed[i].allowance_yuan, c.allowances[i], 1e-9) << "branch " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, PlaceScope,
    testing::Values(
        // Five ranked: bounds round(5 * 0.2) = 1, round(5 * 0.5) = round(2.5) = 3 (half up),
        // round(5 * 0.8) = 4. The two tied at 85 share rank 2 and tier 1.
        PlaceCase{"ties_share_a_rank_and_the_next_rank_skips",
                  kDefaultTiers,
                  1.0,
                  {90, 85, 85, 70, 60},
                  {1, 2, 2, 4, 5},
                  {0, 1, 1, 2, 3},
                  {1500, 1200, 1200, 900, 600}},
        // Tied at ranks 3 and 4 across the bound 3: both rank 3, both in tier 1; tier 2 is
        // left empty and rank 5 is past the bound 4.
        PlaceCase{"a_tie_across_a_bound_takes_the_better_tier",
                  kDefaultTiers,
                  1.0,
                  {90, 85, 80, 80, 60},
                  {1, 2, 3, 3, 5},
                  {0, 1, 1, 1, 3},
                  {1500, 1200, 1200, 1200, 600}},
        PlaceCase{"input_order_does_not_matter",
                  kDefaultTiers,
                  1.0,
                  {60, 90, 80, 80, 85},
                  {5, 1, 3, 3, 2},
                  {3, 0, 1, 1, 1},
                  {600, 1500, 1200, 1200, 1200}},
        PlaceCase{"all_tied_all_in_the_top_tier",
                  kDefaultTiers,
                  1.0,
                  {70, 70, 70, 70},
                  {1, 1, 1, 1},
                  {0, 0, 0, 0},
                  {1500, 1500, 1500, 1500}},
        // At least the cut-off: 80 reaches tier 0, 79.5 does not; 50 reaches tier 2.
        PlaceCase{"score_cutoffs_at_least_the_cutoff",
                  score_cutoffs({80, 65, 50}, {1500, 1200, 900, 600}),
                  1.0,
                  {85, 80, 79.5, 50, 49.5},
                  {1, 2, 3, 4, 5},
                  {0, 0, 1, 2, 3},
                  {1500, 1500, 1200, 900, 600}},
        // A 73-day run: year fraction 73 / 365 = 0.2 of each quarterly amount.
        PlaceCase{"pro_rata_a_73_day_run_pays_a_fifth",
                  kDefaultTiers,
                  0.2,
                  {90, 85, 80, 80, 60},
                  {1, 2, 3, 3, 5},
                  {0, 1, 1, 1, 3},
                  {300, 240, 240, 240, 120}}),
    [](const testing::TestParamInfo<PlaceCase>& row) { return row.param.name; });

TEST(Allowance, IsTheTiersAmountTimesTheYearFraction) {
  EXPECT_NEAR(tier_allowance_yuan(kDefaultTiers, 0, 1.0), 1500.0, 1e-12);
  EXPECT_NEAR(tier_allowance_yuan(kDefaultTiers, 3, 1.0), 600.0, 1e-12);
  // 30 days: 900 * 30 / 365 = 27000 / 365 = 73.972602739726...
  EXPECT_NEAR(tier_allowance_yuan(kDefaultTiers, 2, year_fraction(30)), 73.97260273972603, 1e-9);
  EXPECT_THROW(tier_allowance_yuan(kDefaultTiers, 4, 1.0), std::out_of_range);
}

// ---- the counterfactual without the inspectors' noise (§10.4) ----

struct NoiseCase {
  std::string name;
  TierScheme scheme;
  double year_fraction;
  std::vector<double> scores;
  std::vector<double> noise;
  std::vector<int> tiers;
  std::vector<int> tiers_without_noise;
  std::vector<double> allowances_without_noise;
};

std::ostream& operator<<(std::ostream& os, const NoiseCase& c) { return os << c.name; }

class WithoutNoise : public testing::TestWithParam<NoiseCase> {};

TEST_P(WithoutNoise, TheScopeRankedAgainFreeOfNoise) {
  const NoiseCase& c = GetParam();
  const auto placed =
      place_scope_with_and_without_noise(c.scores, c.noise, c.scheme, c.year_fraction);
  ASSERT_EQ(placed.with_noise.size(), c.scores.size());
  ASSERT_EQ(placed.without_noise.size(), c.scores.size());
  for (std::size_t i = 0; i < c.scores.size(); ++i) {
    EXPECT_EQ(placed.with_noise[i].tier, c.tiers[i]) << "branch " << i;
    EXPECT_EQ(placed.without_noise[i].tier, c.tiers_without_noise[i]) << "branch " << i;
    EXPECT_NEAR(placed.without_noise[i].allowance_yuan, c.allowances_without_noise[i], 1e-9)
        << "branch " << i;
  }
}

const TierScheme kTwoTiers = rank_shares({0.5, 0.5}, {1000, 500});

INSTANTIATE_TEST_SUITE_P(
    Table, WithoutNoise,
    testing::Values(
        // Free of noise the scores are 74, 78, 76, 60: the first drops to the lower half and
        // the third, which carried no noise itself, rises.
        NoiseCase{"anothers_noise_moves_a_branch_without_noise",
                  kTwoTiers,
                  1.0,
                  {80, 78, 76, 60},
                  {6, 0, 0, 0},
                  {0, 0, 1, 1},
                  {1, 0, 0, 1},
                  {500, 1000, 1000, 500}},
        NoiseCase{"no_noise_changes_nothing",
                  kTwoTiers,
                  1.0,
                  {80, 78, 76, 60},
                  {0, 0, 0, 0},
                  {0, 0, 1, 1},
                  {0, 0, 1, 1},
                  {1000, 1000, 500, 500}},
        // The same bias on every score leaves the ranking, so the rank-share tiers, as they are.
        NoiseCase{"a_common_bias_cancels_in_a_ranking",
                  kTwoTiers,
                  1.0,
                  {75, 72, 70, 65},
                  {3, 3, 3, 3},
                  {0, 0, 1, 1},
                  {0, 0, 1, 1},
                  {1000, 1000, 500, 500}},
        // Cut-offs judge each score alone: 82 - 4 = 78 is below 80, 79 + 2 = 81 above.
        NoiseCase{"score_cutoffs_judge_the_noise_free_score",
                  score_cutoffs({80}, {1000, 500}),
                  1.0,
                  {82, 79},
                  {4, -2},
                  {0, 1},
                  {1, 0},
                  {500, 1000}},
        // Free of noise the first three are equal at 80: all rank 1, all in the top tier,
        // though the bound is 2; with the noise the second was third, in the lower tier.
        NoiseCase{"a_tie_without_noise_shares_the_tier",
                  kTwoTiers,
                  1.0,
                  {85, 79, 81, 60},
                  {5, -1, 1, 0},
                  {0, 1, 0, 1},
                  {0, 0, 0, 1},
                  {1000, 1000, 1000, 500}},
        NoiseCase{"pro_rata_like_the_paid_allowance",
                  kTwoTiers,
                  0.2,
                  {80, 78, 76, 60},
                  {6, 0, 0, 0},
                  {0, 0, 1, 1},
                  {1, 0, 0, 1},
                  {100, 200, 200, 100}}),
    [](const testing::TestParamInfo<NoiseCase>& row) { return row.param.name; });

}  // namespace
}  // namespace orgsim::core
