#include "core/two_rates.hpp"

#include <algorithm>
#include <cmath>

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
  if (targeted_people > 0)
    attraction_event_sum +=
        static_cast<double>(attended_people) / static_cast<double>(targeted_people);
  if (vote_count > 0) {
    satisfaction_event_sum +=
        static_cast<double>(satisfied_votes) / static_cast<double>(vote_count);
    ++events_with_votes;
  }
}

double normal_quantile(double p) {
  // Acklam's rational approximation (relative error below 1.2e-9), refined by one Halley
  // step on erfc, which makes it accurate to double precision.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double low = 0.02425;
  double x;
  if (p < low) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= 1.0 - low) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log(1.0 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2.0 * 3.14159265358979323846) * std::exp(x * x / 2.0);
  return x - u / (1.0 + x * u / 2.0);
}

namespace {
// One end of the Wilson score interval: side -1 the lower bound, +1 the upper.
double wilson_bound(std::int64_t x, std::int64_t n, double confidence, double side) {
  const double z = normal_quantile(0.5 + confidence / 2.0);
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(x) / nn;
  const double z2 = z * z;
  const double centre = p + z2 / (2.0 * nn);
  const double spread = z * std::sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
  return std::clamp((centre + side * spread) / (1.0 + z2 / nn), 0.0, 1.0);
}
}  // namespace

double wilson_lower_bound(std::int64_t x, std::int64_t n, double confidence) {
  return wilson_bound(x, n, confidence, -1.0);
}

double wilson_upper_bound(std::int64_t x, std::int64_t n, double confidence) {
  return wilson_bound(x, n, confidence, +1.0);
}

std::optional<TwoRates> judged_rates(const TwoRateTally& tally, const IncubationRule& rule) {
  if (!annual_rates(tally)) return std::nullopt;
  if (rule.pooling == RatePooling::kPerEvent) {
    if (tally.events_with_votes == 0) return std::nullopt;
    return TwoRates{tally.attraction_event_sum / static_cast<double>(tally.evaluations),
                    tally.satisfaction_event_sum / static_cast<double>(tally.events_with_votes)};
  }
  auto estimate = [&rule](std::int64_t x, std::int64_t n) {
    switch (rule.estimator) {
      case RateEstimator::kRaw:
        return static_cast<double>(x) / static_cast<double>(n);
      case RateEstimator::kWilson:
        return wilson_lower_bound(x, n, rule.wilson_confidence);
      case RateEstimator::kWilsonUpper:
        return wilson_upper_bound(x, n, rule.wilson_confidence);
      case RateEstimator::kBayes:
        return (static_cast<double>(x) + rule.prior_mean * rule.prior_strength) /
               (static_cast<double>(n) + rule.prior_strength);
    }
    return 0.0;
  };
  return TwoRates{estimate(tally.attended, tally.targeted), estimate(tally.satisfied, tally.votes)};
}

double published_two_rate_score(const TwoRateTally& tally) {
  if (tally.evaluations == 0 || tally.targeted == 0) return 1.0;
  const double attraction =
      static_cast<double>(tally.attended) / static_cast<double>(tally.targeted);
  // No vote cast yet (nobody came, or nobody voted): only the attraction rate is known.
  if (tally.votes == 0) return attraction;
  const double satisfaction =
      static_cast<double>(tally.satisfied) / static_cast<double>(tally.votes);
  return 0.5 * (attraction + satisfaction);
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

double combined_rate(const TwoRates& rates, const IncubationRule& rule) {
  switch (rule.combine) {
    case RateCombine::kBoth:
      return std::min(rates.attraction, rates.satisfaction);
    case RateCombine::kMean:
      return 0.5 * (rates.attraction + rates.satisfaction);
    case RateCombine::kWeighted: {
      const double w = rule.attraction_weight;
      return w * rates.attraction + (1.0 - w) * rates.satisfaction;
    }
  }
  return 0.0;
}

bool rates_pass(const TwoRates& rates, const IncubationRule& rule) {
  return combined_rate(rates, rule) >= rule.threshold - kRoundingSlack;
}

IncubationDecision decide_incubation(const TwoRateTally& tally, const IncubationRule& rule) {
  if (tally.evaluations < std::max<std::int64_t>(rule.min_evaluations, 1)) {
    return IncubationDecision::kNotEnoughData;
  }
  const std::optional<TwoRates> rates = judged_rates(tally, rule);
  if (!rates) return IncubationDecision::kNotEnoughData;

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

const char* to_string(RateEstimator estimator) {
  switch (estimator) {
    case RateEstimator::kRaw:
      return "raw";
    case RateEstimator::kWilson:
      return "wilson";
    case RateEstimator::kBayes:
      return "bayes";
    case RateEstimator::kWilsonUpper:
      return "wilson_upper";
  }
  return "unknown";
}

const char* to_string(IncubationDecision decision) {
  switch (decision) {
    case IncubationDecision::kIncubated:
      return "incubated";
    case IncubationDecision::kDenied:
      return "denied";
    case IncubationDecision::kNotEnoughData:
      return "not_enough_data";
  }
  return "unknown";
}

}  // namespace orgsim::core
