#pragma once
// 评单: how one service is scored right after it ends, on-site and by WeChat votes.
// Our assumption (docs/MODEL.md): each targeted person comes with probability
// q_attraction * exp(-wait/tolerance); each attendee votes with probability vote_share; each vote
// is satisfied with probability q_satisfaction * exp(-wait/tolerance). The seed fixes the two
// rates as the measure; the mechanism that produces them is ours.
#include <cstdint>

#include "core/random_stream.hpp"

namespace orgsim::core {

struct EvaluationParams {
  double people_targeted_mean = 20.0;  // at least 1
  double vote_share = 0.6;
  double wait_tolerance_h = 336.0;
};

struct ServiceOutcome {
  std::int32_t targeted = 0;
  std::int32_t attended = 0;
  std::int32_t votes = 0;
  std::int32_t satisfied = 0;
};

// Probability multiplier for a service that started wait_h after the order was placed.
double wait_decay(double wait_h, double wait_tolerance_h);

ServiceOutcome evaluate_service(double attraction_quality, double satisfaction_quality,
                                double wait_h, const EvaluationParams& params, RandomStream& rng);

}  // namespace orgsim::core
