#pragma once
// How a part-time branch leader chooses the quarter's effort (behaviour.leader; docs/MODEL.md
// §13.1). Effort e scales the branch's own work (activities, youth contacts); 1 is normal.
#include <vector>

namespace orgsim::core {

struct EffortBounds {
  double min = 0.2;
  double max = 2.0;
};

// adaptive (reinforcement from the allowance received): the leader moves a share `rate` of the
// way from its current effort toward the effort the allowance pays for, allowance / reference
// (the reference allowance pays for effort 1):
//   e' = clamp(e + rate * (allowance / reference - e), min, max).
double adaptive_effort(double effort, double allowance_yuan, double reference_yuan, double rate,
                       EffortBounds bounds);

// What a tournament leader knows at the quarter's start: the published scores of the last
// quarter set the score each tier took (its cut-off), and its own score and effort then.
struct TournamentView {
  double last_score = 0.0;
  double last_effort = 1.0;
  // Lowest score that reached tier t, for every tier but the last, top first (non-increasing).
  std::vector<double> cutoffs;
  std::vector<double> amounts_yuan;  // per tier, top first (cutoffs.size() + 1 of them)
};

struct TournamentBelief {
  double points_per_effort = 15.0;  // the score it expects one unit of effort to add
  double score_sd = 5.0;            // spread of its forecast of its own score (> 0)
  double cost_yuan = 400.0;         // personal cost of effort: c * e^2 / 2 yuan a quarter
};

// Expected allowance at effort e: the forecast score is s(e) = last_score + k * (e -
// last_effort), normal with sd score_sd; P(tier <= t) = Phi((s(e) - cutoff_t) / sd).
double expected_allowance(double effort, const TournamentView& view,
                          const TournamentBelief& belief);

// What effort earned a leader last quarter, read from the inspection's own formula: effort
// scales the branch's activities and youth contacts, whose components (each divided by the
// area's best) carry weights w_a and w_c of 100 points, so one unit of effort added about
//   k = 100 * (w_a * activities_component + w_c * contacts_component) / effort
// points, the area's best held as it was. 0 when the effort was 0.
double derived_points_per_effort(double activities_weight, double activities_component,
                                 double contacts_weight, double contacts_component, double effort);

// tournament (best response to the expected rank distribution): the effort on a grid of step
// 0.01 within the bounds that maximises expected_allowance(e) - c * e^2 / 2 (ties to the lower
// effort). A leader far from every cut-off gains nothing from effort and chooses the minimum.
double tournament_effort(const TournamentView& view, const TournamentBelief& belief,
                         EffortBounds bounds);

}  // namespace orgsim::core
