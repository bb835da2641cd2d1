#include "core/two_rates.hpp"

#include <algorithm>

namespace orgsim::core {

namespace {

// Rates are ratios of counts, so a combination that is mathematically equal to the threshold can
// land one ulp below it (0.3 * 0.8 + 0.7 * 0.8 is 0.79999999999999993 in doubles). Differences this
// small are rounding, not performance: two distinct ratios of counts below 10^6 differ by far more.
constexpr double kRoundingSlack = 1e-12;

}  // namespace

void TwoRateTally::add(std::int64_t targeted_people, std::int64_t attended_people,
                       std::int64_t vote_count, std::int64_t satisfied_votes) {
  ++evaluations;
  targeted += targeted_people;
  attended += attended_people;
  votes += vote_count;
  satisfied += satisfied_votes;
}

std::optional<TwoRates> annual_rates(const TwoRateTally& tally) {
  if (tally.evaluations <= 0 || tally.targeted <= 0 || tally.votes <= 0) return std::nullopt;
  // Pooled over the year (sum of numerators over sum of denominators), so a large service weighs
  // more than a small one. Not clamped: a rate above 1 is an invariant the engine checks.
  TwoRates rates;
  rates.attraction = static_cast<double>(tally.attended) / static_cast<double>(tally.targeted);
  rates.satisfaction = static_cast<double>(tally.satisfied) / static_cast<double>(tally.votes);
  return rates;
}

bool rates_pass(const TwoRates& rates, const IncubationRule& rule) {
  const double pass_mark = rule.threshold - kRoundingSlack;
  switch (rule.combine) {
    case RateCombine::kBoth:
      return rates.attraction >= pass_mark && rates.satisfaction >= pass_mark;
    case RateCombine::kMean:
      return 0.5 * (rates.attraction + rates.satisfaction) >= pass_mark;
    case RateCombine::kWeighted: {
      const double w = rule.attraction_weight;
      return w * rates.attraction + (1.0 - w) * rates.satisfaction >= pass_mark;
    }
  }
  return false;
}

IncubationDecision decide_incubation(const TwoRateTally& tally, const IncubationRule& rule) {
  if (tally.evaluations < std::max<std::int64_t>(rule.min_evaluations, 1)) {
    return IncubationDecision::kInsufficientData;
  }
  const std::optional<TwoRates> rates = annual_rates(tally);
  if (!rates) return IncubationDecision::kInsufficientData;

  return rates_pass(*rates, rule) ? IncubationDecision::kIncubated : IncubationDecision::kDenied;
}

const char* to_string(RateCombine combine) {
  switch (combine) {
    case RateCombine::kBoth:
      return "both";
    case RateCombine::kMean:
      return "mean";
    case RateCombine::kWeighted:
      return "weighted";
  }
  return "unknown";
}

const char* to_string(IncubationDecision decision) {
  switch (decision) {
    case IncubationDecision::kIncubated:
      return "incubated";
    case IncubationDecision::kDenied:
      return "denied";
    case IncubationDecision::kInsufficientData:
      return "insufficient_data";
  }
  return "unknown";
}

}  // namespace orgsim::core
