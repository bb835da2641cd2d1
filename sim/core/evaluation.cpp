#include "core/evaluation.hpp"

#include <algorithm>
#include <cmath>

namespace orgsim::core {

double wait_decay(double wait_h, double wait_tolerance_h) {
  return std::exp(-std::max(0.0, wait_h) / wait_tolerance_h);
}

ServiceOutcome evaluate_service(double attraction_quality, double satisfaction_quality,
                                double wait_h, const EvaluationParams& params, RandomStream& rng) {
  const double decay = wait_decay(wait_h, params.wait_tolerance_h);
  ServiceOutcome out;
  // At least one person is targeted, so the attraction rate always has a denominator.
  out.targeted = static_cast<std::int32_t>(1 + rng.poisson(params.people_targeted_mean - 1.0));
  out.attended = static_cast<std::int32_t>(rng.binomial(out.targeted, attraction_quality * decay));
  out.votes = static_cast<std::int32_t>(rng.binomial(out.attended, params.vote_share));
  out.satisfied = static_cast<std::int32_t>(rng.binomial(out.votes, satisfaction_quality * decay));
  return out;
}

}  // namespace orgsim::core
