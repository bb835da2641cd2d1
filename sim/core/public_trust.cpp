#include "core/public_trust.hpp"

#include <algorithm>

namespace orgsim::core {

double trust_target(double satisfaction, const TrustRule& rule) {
  const double g = std::clamp(satisfaction, 0.0, 1.0);
  return std::min(rule.max, g / rule.reference);
}

double updated_trust(double trust, double satisfaction, const TrustRule& rule) {
  const double next = rule.memory * trust + (1.0 - rule.memory) * trust_target(satisfaction, rule);
  return std::clamp(next, 0.0, rule.max);
}

}  // namespace orgsim::core
