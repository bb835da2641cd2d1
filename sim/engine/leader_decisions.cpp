#include "engine/leader_decisions.hpp"

#include "core/leader_effort.hpp"
#include "core/tiers.hpp"

namespace orgsim::engine {
namespace {

// The cut-offs a leader in `scope` reads off this quarter's published ranking.
std::vector<double> scope_cutoffs(const config::Scenario& s, const std::vector<std::int32_t>& scope,
                                  const std::vector<core::InspectionRecord>& records) {
  std::vector<double> scores;
  std::vector<int> tiers;
  for (auto b : scope) {
    scores.push_back(records[b].score);
    tiers.push_back(records[b].tier);
  }
  return core::published_cutoffs(s.tiers, scores, tiers);
}

}  // namespace

void decide_efforts(const config::Scenario& s, const std::vector<std::vector<std::int32_t>>& scopes,
                    const std::vector<core::InspectionRecord>& records,
                    std::vector<double>& effort) {
  const auto& b = s.behaviour;
  const core::EffortBounds bounds{b.effort_min, b.effort_max};
  switch (b.leader) {
    case config::LeaderModel::kFixed:
      return;
    case config::LeaderModel::kAdaptive:
      // The amount of the tier, per calendar quarter: what the leader reads on the notice.
      for (std::size_t i = 0; i < records.size(); ++i)
        effort[i] = core::adaptive_effort(
            effort[i], s.tiers.amounts_yuan[static_cast<std::size_t>(records[i].tier)],
            b.reference_allowance_yuan, b.adaptation_rate, bounds);
      return;
    case config::LeaderModel::kTournament: {
      core::TournamentBelief belief{b.points_per_effort, b.score_uncertainty, b.effort_cost_yuan};
      const auto activities = static_cast<std::size_t>(core::ScoreComponent::kActivities);
      const auto contacts = static_cast<std::size_t>(core::ScoreComponent::kContacts);
      for (const auto& scope : scopes) {
        core::TournamentView view;
        view.cutoffs = scope_cutoffs(s, scope, records);
        view.amounts_yuan = s.tiers.amounts_yuan;
        for (auto branch : scope) {
          const auto& record = records[branch];
          view.last_score = record.score;
          view.last_effort = effort[branch];
          if (b.effort_points == config::EffortPoints::kDerived)
            belief.points_per_effort = core::derived_points_per_effort(
                s.inspection.weight_activities, record.components[activities],
                s.inspection.weight_contacts, record.components[contacts], effort[branch]);
          effort[branch] = core::tournament_effort(view, belief, bounds);
        }
      }
      return;
    }
  }
}

}  // namespace orgsim::engine
