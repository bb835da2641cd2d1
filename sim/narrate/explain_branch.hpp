#pragma once
// `orgsim explain RUN.h5 --branch B --quarter Q` (issue 6): why a branch (村社团组织) had its
// allowance tier (补贴分档) in a quarter. Everything comes from the recorded inspections of
// that quarter (every branch's core::InspectionRecord, replayed from the run file) and the run's
// scenario (weights, tier scheme, ranking scope): the six components against the area's and
// the district's means, the weighted points, the inspectors' noise, the rank, the tier and its
// cut-off, the gap to the tier above and which component alone would have closed it, and how
// much of the gap or of the tier was noise. The text comes from the one message catalogue.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "core/event_sink.hpp"
#include "narrate/messages.hpp"

namespace orgsim::narrate {

// Keeps every inspection of the run from the replayed events (the other events are ignored).
class InspectionCollector final : public core::EventSink {
 public:
  void on_inspection(const core::InspectionRecord& r) override;

  // Quarters that were inspected: 0-based quarter q is in [0, inspected_quarters()).
  int inspected_quarters() const { return static_cast<int>(by_quarter_.size()); }
  // Every branch's inspection in 0-based `quarter`, in branch order.
  const std::vector<core::InspectionRecord>& quarter(int quarter) const;

 private:
  std::vector<std::vector<core::InspectionRecord>> by_quarter_;
};

// One of the six components of the branch's score.
struct ComponentExplanation {
  double value = 0.0;          // normalised, 0..1
  double area_mean = 0.0;      // the mean of the branch's area that quarter
  double district_mean = 0.0;  // the mean of every branch inspected that quarter
  double weight = 0.0;         // inspection.weight_*
  double points = 0.0;         // 100 * weight * value
  // To reach the tier above with this component alone (others unchanged): the rise needed,
  // gap / (100 * weight), and whether it fits in 1 - value. Unset at the top tier or with
  // weight 0.
  std::optional<double> increase_needed;
  bool closes_gap = false;
};

struct BranchExplanation {
  std::int32_t branch = 0;
  int quarter = 0;  // 0-based, over the whole run
  int year = 0;     // 0-based
  std::int32_t area = 0;
  std::array<ComponentExplanation, core::kScoreComponentCount> components{};
  double weighted_points = 0.0;  // 100 * sum of weight * component: the score without noise
  double noise_points = 0.0;     // the group's bias plus the visit's noise
  double score = 0.0;
  int rank = 0;    // within the ranking scope
  int ranked = 0;  // branches in the scope
  bool area_scope = false;
  int tier = 0;  // 0 = top
  int tier_count = 0;
  double allowance_yuan = 0.0;
  // The cut-off of the branch's tier (unset for the bottom tier, which has none) and of the
  // tier above (unset at the top). Rank shares: the lowest score that reached the tier in the
  // scope that quarter; score cut-offs: the scheme's.
  std::optional<double> own_cutoff;
  std::optional<double> next_cutoff;
  // Rank shares: the worst rank that reaches the tier above (unset under score cut-offs).
  std::optional<int> next_tier_last_rank;
  double next_allowance_yuan = 0.0;  // what the tier above pays for the quarter
  double gap_points = 0.0;           // next_cutoff - score (0 at the top)
  // The noise's part: of the gap when the noise took points off (noise < 0), of the margin
  // above the tier's own cut-off when it added points (noise > 0). Unset when it does not apply.
  std::optional<double> noise_share_of_gap;
  std::optional<double> margin_points;  // score - own_cutoff
  std::optional<double> noise_share_of_margin;
  // Had no score in the scope carried the inspectors' noise: the scope's recorded scores less
  // their noise, ranked and tiered again by the calendar's own rule
  // (core::place_scope_with_and_without_noise).
  int tier_without_noise = 0;
  double allowance_without_noise_yuan = 0.0;
  double effort = 1.0;
};

// `quarter_records`: every branch inspected in one quarter (InspectionCollector::quarter);
// `branch` must be among them (std::invalid_argument otherwise).
BranchExplanation explain_branch(const std::vector<core::InspectionRecord>& quarter_records,
                                 std::int32_t branch, const config::Scenario& scenario);

struct BranchNames {
  std::string branch;
  std::string leader;
  std::string town;
};

std::string format_branch_explanation(const BranchExplanation& e, const BranchNames& names,
                                      const config::Scenario& scenario, Language language);

}  // namespace orgsim::narrate
