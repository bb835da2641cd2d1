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

  void add(std::int64_t targeted_people, std::int64_t attended_people, std::int64_t vote_count,
           std::int64_t satisfied_votes);
};

struct TwoRates {
  double attraction = 0.0;    // attended / targeted, in [0,1]
  double satisfaction = 0.0;  // satisfied / votes, in [0,1]
};

// Pooled annual ratios. Empty when there is no evaluation, or a denominator is zero
// (no one targeted, or no vote cast): such an organization has no rate to judge.
std::optional<TwoRates> annual_rates(const TwoRateTally& tally);

enum class RateCombine { kBoth, kMean, kWeighted };

struct IncubationRule {
  double threshold = 0.80;  // a rate (or combination) below this is denied
  RateCombine combine = RateCombine::kBoth;
  double attraction_weight = 0.5;    // for kWeighted: w*attraction + (1-w)*satisfaction
  std::int64_t min_evaluations = 1;  // fewer evaluations: "insufficient data", not denied
};

enum class IncubationDecision { kIncubated, kDenied, kInsufficientData };

// Whether a pair of rates passes the rule's threshold as the rule combines them (no minimum of
// evaluations here). Also used to judge the rule against organizations' true qualities.
bool rates_pass(const TwoRates& rates, const IncubationRule& rule);

// The rule: kBoth -> both rates >= threshold; kMean -> (a+s)/2 >= threshold;
// kWeighted -> w*a + (1-w)*s >= threshold. "At least the threshold" passes (0.80 passes 0.80).
IncubationDecision decide_incubation(const TwoRateTally& tally, const IncubationRule& rule);

const char* to_string(IncubationDecision decision);
const char* to_string(RateCombine combine);  // both, mean, weighted

}  // namespace orgsim::core
