#pragma once
// 两率: the two rates every service is scored on, and the year-end incubation rule (孵化).
// Seed (Part 1, §6): "年度'两率'低于80%的社会组织将不予孵化" - a social organization whose annual
// two rates fall below 80% is not incubated.
#include <cstdint>
#include <optional>

namespace orgsim::core {

// Running totals of one organization's evaluations over the year.
struct TwoRateTally {
  std::int64_t evaluations = 0;  // services evaluated
  std::int64_t targeted = 0;     // people the services targeted
  std::int64_t attended = 0;     // people who came (群众吸引率 numerator)
  std::int64_t votes = 0;        // on-site and online votes cast
  std::int64_t satisfied = 0;    // satisfied votes (群众满意率 numerator)
  // For the per-event average: the sum of each service's own ratios.
  double attraction_event_sum = 0.0;    // sum of attended/targeted, one term per service
  double satisfaction_event_sum = 0.0;  // sum of satisfied/votes over services with a vote
  std::int64_t events_with_votes = 0;

  void add(std::int64_t targeted_people, std::int64_t attended_people, std::int64_t vote_count,
           std::int64_t satisfied_votes);
};

struct TwoRates {
  double attraction = 0.0;    // attended / targeted, in [0,1]
  double satisfaction = 0.0;  // satisfied / votes, in [0,1]
};

// The published score of an organization (the live 两率 ranking that dispatch reads,
// docs/MODEL.md §5.2): the mean of its two running rates, pooled over its evaluations so far;
// the attraction rate alone while no vote has been cast. An organization not yet evaluated
// (or whose services targeted nobody) scores 1, the top, so that it gets orders and data.
double published_two_rate_score(const TwoRateTally& tally);

// Pooled annual ratios. Empty when there is no evaluation, or a denominator is zero
// (no one targeted, or no vote cast): such an organization has no rate to judge.
std::optional<TwoRates> annual_rates(const TwoRateTally& tally);

enum class RateCombine { kBoth, kMean, kWeighted };
// How a rate is estimated from the year's counts x of n:
//   kRaw     x / n (the seed's annual ratio)
//   kWilson  the lower bound of the Wilson score interval at `wilson_confidence`: a small
//            organization must show more before it is judged above the line
//   kBayes   the posterior mean under a Beta prior of mean m and strength s (in people or
//            votes): (x + m*s) / (n + s)
//   kWilsonUpper  the upper bound of the same interval: the benefit of the doubt, a small
//            organization is denied only when even the upper bound is below the line
enum class RateEstimator { kRaw, kWilson, kBayes, kWilsonUpper };
// kPooled: the year's sums (a large service weighs more); kPerEvent: the mean of each
// service's own ratio (every service weighs the same; raw ratios only).
enum class RatePooling { kPooled, kPerEvent };

struct IncubationRule {
  double threshold = 0.80;  // a rate (or combination) below this is denied
  RateCombine combine = RateCombine::kBoth;
  double attraction_weight = 0.5;    // for kWeighted: w*attraction + (1-w)*satisfaction
  std::int64_t min_evaluations = 1;  // fewer evaluations: "insufficient data", not denied
  RateEstimator estimator = RateEstimator::kRaw;
  double wilson_confidence = 0.95;  // two-sided confidence of the Wilson interval
  double prior_mean = 0.8;          // kBayes: the prior's mean rate
  double prior_strength = 10.0;     // kBayes: the prior's weight, in people (or votes)
  RatePooling pooling = RatePooling::kPooled;
};

// The standard normal quantile (inverse CDF) for p in (0, 1).
double normal_quantile(double p);
// The lower bound of the Wilson score interval for x successes in n trials (n > 0).
double wilson_lower_bound(std::int64_t x, std::int64_t n, double confidence);
// The upper bound of the same interval.
double wilson_upper_bound(std::int64_t x, std::int64_t n, double confidence);

// The rates the rule judges, by its estimator and pooling. Empty as annual_rates is.
std::optional<TwoRates> judged_rates(const TwoRateTally& tally, const IncubationRule& rule);

enum class IncubationDecision { kIncubated, kDenied, kNotEnoughData };

// The one number the rule compares with the threshold: kBoth -> the lower rate; kMean -> their
// mean; kWeighted -> w*a + (1-w)*s.
double combined_rate(const TwoRates& rates, const IncubationRule& rule);

// Whether a pair of rates passes the rule's threshold as the rule combines them (no minimum of
// evaluations here). Also used to judge the rule against organizations' true qualities.
bool rates_pass(const TwoRates& rates, const IncubationRule& rule);

// The rule, on judged_rates: kBoth -> both rates >= threshold; kMean -> (a+s)/2 >= threshold;
// kWeighted -> w*a + (1-w)*s >= threshold. "At least the threshold" passes (0.80 passes 0.80).
IncubationDecision decide_incubation(const TwoRateTally& tally, const IncubationRule& rule);

const char* to_string(IncubationDecision decision);
const char* to_string(RateCombine combine);      // both, mean, weighted
const char* to_string(RateEstimator estimator);  // raw, wilson, bayes

}  // namespace orgsim::core
