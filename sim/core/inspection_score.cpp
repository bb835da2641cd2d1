#include "core/inspection_score.hpp"

#include <algorithm>
#include <cstddef>

#include "core/ranking.hpp"

namespace orgsim::core {
namespace {

double ratio_or(double numerator, double denominator, double fallback) {
  return denominator > 0.0 ? numerator / denominator : fallback;
}

double ratio_or(std::int64_t numerator, std::int64_t denominator, double fallback) {
  return ratio_or(static_cast<double>(numerator), static_cast<double>(denominator), fallback);
}

// The raw components of one branch, before the counts are judged against the area's best.
ScoreComponents raw_components(const BranchQuarterCounts& q, double area_satisfaction) {
  return {static_cast<double>(q.orders_placed),
          // Nothing came due in the quarter: nothing was late.
          ratio_or(q.started_on_time, q.started_on_time + q.escalated, 1.0),
          static_cast<double>(q.activities_held), static_cast<double>(q.youth_contacts),
          ratio_or(q.shifts_attended, q.shifts_assigned, q.town_has_service_point ? 0.0 : 1.0),
          // No vote in the quarter: the area's satisfaction stands in (nothing to judge).
          ratio_or(q.satisfied, q.votes, area_satisfaction)};
}

// Counts (orders, activities, contacts) are judged against the area's best branch; the shares
// (answered, duty, satisfaction) are already in [0, 1].
constexpr bool kIsCount[kScoreComponentCount] = {true, false, true, true, false, false};

}  // namespace

std::vector<ScoreComponents> area_components(const std::vector<BranchQuarterCounts>& area) {
  std::int64_t votes = 0, satisfied = 0;
  for (const auto& q : area) {
    votes += q.votes;
    satisfied += q.satisfied;
  }
  const double area_satisfaction = ratio_or(satisfied, votes, 0.0);
  std::vector<ScoreComponents> components;
  ScoreComponents area_max{};
  for (const auto& q : area) {
    components.push_back(raw_components(q, area_satisfaction));
    for (int c = 0; c < kScoreComponentCount; ++c)
      area_max[c] = std::max(area_max[c], components.back()[c]);
  }
  for (auto& branch : components)
    for (int c = 0; c < kScoreComponentCount; ++c)
      if (kIsCount[c]) branch[c] = ratio_or(branch[c], area_max[c], 0.0);
  return components;
}

double weighted_points(const ScoreComponents& components, const ScoreWeights& weights) {
  double weighted = 0.0;
  for (int c = 0; c < kScoreComponentCount; ++c) weighted += weights[c] * components[c];
  return 100.0 * weighted;
}

ScoreComponents component_points(const ScoreComponents& components, const ScoreWeights& weights) {
  ScoreComponents points{};
  for (int c = 0; c < kScoreComponentCount; ++c) points[c] = 100.0 * weights[c] * components[c];
  return points;
}

InspectionScore inspection_score(const ScoreComponents& components, const ScoreWeights& weights,
                                 double group_bias, double visit_noise) {
  // In this order: the run's fingerprint holds the score's bits.
  return {weighted_points(components, weights) + group_bias + visit_noise,
          group_bias + visit_noise};
}

double score_without_noise(double score, double noise_points) { return score - noise_points; }

std::vector<Placement> place_scope(const std::vector<double>& scores, const TierScheme& scheme,
                                   double year_fraction) {
  const auto ranks = competition_ranks(scores);
  std::vector<Placement> placed(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const int tier = tier_for(ranks[i], static_cast<int>(scores.size()), scores[i], scheme);
    placed[i] = {ranks[i], tier, tier_allowance_yuan(scheme, tier, year_fraction)};
  }
  return placed;
}

ScopePlacements place_scope_with_and_without_noise(const std::vector<double>& scores,
                                                   const std::vector<double>& noise_points,
                                                   const TierScheme& scheme, double year_fraction) {
  std::vector<double> noise_free;
  for (std::size_t i = 0; i < scores.size(); ++i)
    noise_free.push_back(score_without_noise(scores[i], noise_points[i]));
  return {place_scope(scores, scheme, year_fraction),
          place_scope(noise_free, scheme, year_fraction)};
}

}  // namespace orgsim::core
