#pragma once
// The quarterly inspection (考核) of a branch as pure functions (docs/MODEL.md §10): its six
// components from the quarter's counts, with the fallbacks for a component that has no data;
// the score from the components, the weights and the inspectors' bias and noise; and, for one
// ranking scope, each branch's rank, tier and allowance (补贴分档), and what they would have been
// had no score in the scope carried the inspectors' noise. The calendar actor calls them (it
// draws the bias and the noise from its own streams) and so does `orgsim explain`.
#include <array>
#include <cstdint>
#include <vector>

#include "core/tiers.hpp"

namespace orgsim::core {

// The six parts of a branch's quarterly inspection score, each normalised to [0, 1].
enum class ScoreComponent : int {
  kOrders,
  kAnswered,
  kActivities,
  kContacts,
  kDuty,
  kSatisfaction
};
inline constexpr int kScoreComponentCount = 6;

// One value per component, in ScoreComponent order.
using ScoreComponents = std::array<double, kScoreComponentCount>;
// inspection.weight_* in ScoreComponent order (validation makes them sum to 1).
using ScoreWeights = std::array<double, kScoreComponentCount>;

// What an inspection group counts for one branch over one quarter.
struct BranchQuarterCounts {
  std::int64_t orders_placed = 0;
  std::int64_t started_on_time = 0;  // came due and started within the deadline
  std::int64_t escalated = 0;        // came due (deadline passed) without being started
  std::int64_t activities_held = 0;
  std::int64_t youth_contacts = 0;
  std::int64_t shifts_assigned = 0;  // in the branch's town
  std::int64_t shifts_attended = 0;  // in the branch's town
  bool town_has_service_point = false;
  std::int64_t votes = 0;
  std::int64_t satisfied = 0;
};

// The components of every branch of one area, in the order of `area` (§10.1):
//   orders, activities, contacts  the count divided by the area's largest (0 if that is 0);
//   answered      started_on_time / (started_on_time + escalated); 1 if nothing came due;
//   duty          shifts_attended / shifts_assigned; if none was assigned, 1 for a town with
//                 no service point (no duty to judge), 0 for a town with one;
//   satisfaction  satisfied / votes; if no vote, the area's pooled satisfied / votes (0 if the
//                 area had no vote either).
std::vector<ScoreComponents> area_components(const std::vector<BranchQuarterCounts>& area);

// 100 * sum_c(weight_c * component_c): the score's points before the inspectors' noise.
double weighted_points(const ScoreComponents& components, const ScoreWeights& weights);

// Each component's share of those points, 100 * weight_c * component_c.
ScoreComponents component_points(const ScoreComponents& components, const ScoreWeights& weights);

struct InspectionScore {
  double score = 0.0;         // points: weighted points + group bias + visit noise
  double noise_points = 0.0;  // the inspectors' part: group bias + visit noise
};

// The score of §10.2. `group_bias` and `visit_noise` (points) are drawn by the caller.
InspectionScore inspection_score(const ScoreComponents& components, const ScoreWeights& weights,
                                 double group_bias, double visit_noise);

// The score the counterfactual ranks: the recorded score less its noise.
double score_without_noise(double score, double noise_points);

// Where one branch landed in its ranking scope.
struct Placement {
  int rank = 0;                 // 1-based competition rank ("1224")
  int tier = 0;                 // 0 = top
  double allowance_yuan = 0.0;  // for the quarter: tier_allowance_yuan
};

// Ranks `scores` (one ranking scope, any order) and gives each its tier under `scheme` and
// that tier's allowance for a quarter of a run `year_fraction` years long. In input order.
std::vector<Placement> place_scope(const std::vector<double>& scores, const TierScheme& scheme,
                                   double year_fraction);

struct ScopePlacements {
  std::vector<Placement> with_noise;     // the scores as recorded: what was paid
  std::vector<Placement> without_noise;  // every score in the scope free of noise
};

// The placements of a scope's scores and the counterfactual without the inspectors' noise:
// the same ranking and tier rule applied to score_without_noise of every branch in the scope.
// `noise_points` goes with `scores`, one per branch.
ScopePlacements place_scope_with_and_without_noise(const std::vector<double>& scores,
                                                   const std::vector<double>& noise_points,
                                                   const TierScheme& scheme, double year_fraction);

}  // namespace orgsim::core
