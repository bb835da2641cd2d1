#include "core/org_protection.hpp"

#include <algorithm>

#include "core/evaluation.hpp"

namespace orgsim::core {

std::optional<double> standing(const TwoRateTally& tally, const IncubationRule& rule) {
  const auto rates = annual_rates(tally);
  if (!rates) return std::nullopt;
  return combined_rate(*rates, rule);
}

double expected_rate(double standing, double expected_wait_h, double wait_tolerance_h) {
  return standing * wait_decay(expected_wait_h, wait_tolerance_h);
}

double expected_queue_wait_h(int busy, int queued, int staff, double mean_service_h) {
  const int ahead = busy + queued - staff + 1;
  if (ahead <= 0 || staff <= 0) return 0.0;
  return static_cast<double>(ahead) / static_cast<double>(staff) * mean_service_h;
}

bool declines(double standing, double expected_rate, const ProtectionRule& rule) {
  // 0.8 + 0.05 is 0.8500000000000001 in doubles: a standing of exactly 0.85 is not "below".
  constexpr double kRoundingSlack = 1e-12;
  return standing < rule.threshold + rule.margin - kRoundingSlack &&
         standing - expected_rate > rule.decline_hit;
}

}  // namespace orgsim::core
