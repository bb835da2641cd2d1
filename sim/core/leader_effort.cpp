#include "core/leader_effort.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace orgsim::core {
namespace {

constexpr double kEffortStep = 0.01;

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

double adaptive_effort(double effort, double allowance_yuan, double reference_yuan, double rate,
                       EffortBounds bounds) {
  const double paid_for = allowance_yuan / reference_yuan;
  return std::clamp(effort + rate * (paid_for - effort), bounds.min, bounds.max);
}

double derived_points_per_effort(double activities_weight, double activities_component,
                                 double contacts_weight, double contacts_component, double effort) {
  if (!(effort > 0.0)) return 0.0;
  return 100.0 * (activities_weight * activities_component + contacts_weight * contacts_component) /
         effort;
}

double expected_allowance(double effort, const TournamentView& view,
                          const TournamentBelief& belief) {
  const double forecast = view.last_score + belief.points_per_effort * (effort - view.last_effort);
  double expected = 0.0;
  double reached_above = 0.0;  // P(a tier above t)
  for (std::size_t t = 0; t < view.amounts_yuan.size(); ++t) {
    const double reached = t < view.cutoffs.size()
                               ? normal_cdf((forecast - view.cutoffs[t]) / belief.score_sd)
                               : 1.0;  // the last tier takes everyone else
    expected += view.amounts_yuan[t] * std::max(0.0, reached - reached_above);
    reached_above = std::max(reached_above, reached);
  }
  return expected;
}

double tournament_effort(const TournamentView& view, const TournamentBelief& belief,
                         EffortBounds bounds) {
  double best_effort = bounds.min;
  double best_utility = -std::numeric_limits<double>::infinity();
  const auto steps = static_cast<int>(std::floor((bounds.max - bounds.min) / kEffortStep + 1e-9));
  for (int i = 0; i <= steps; ++i) {
    // The last step may land one rounding above the maximum.
    const double e = std::min(bounds.min + i * kEffortStep, bounds.max);
    const double utility = expected_allowance(e, view, belief) - belief.cost_yuan * e * e / 2.0;
    // Strictly better only: ties go to the lower effort.
    if (utility > best_utility + 1e-9) {
      best_utility = utility;
      best_effort = e;
    }
  }
  return best_effort;
}

}  // namespace orgsim::core
