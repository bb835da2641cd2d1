#include "results/summary_sink.hpp"

#include "core/two_rates.hpp"

namespace orgsim::results {

void fill_scenario_fields(Summary& s, const config::Scenario& scenario) {
  s.scenario_name = scenario.run.name;
  s.seed = scenario.run.seed;
  s.days = scenario.run.days;
  s.scale = scenario.district.scale;
  s.threshold = scenario.incubation.threshold;
  s.combine = core::to_string(scenario.incubation.combine);
  s.estimator = core::to_string(scenario.incubation.estimator);
  s.pooling = scenario.incubation.pooling == core::RatePooling::kPerEvent ? "per_event" : "pooled";
}

SummarySink::SummarySink(const config::Scenario& scenario) : scenario_(scenario) {
  partial_.tiers.resize(4);
  for (auto& q : partial_.tiers) q.branches_per_tier.assign(scenario.tiers.amounts_yuan.size(), 0);
}

void SummarySink::on_order_closed(const core::Order& o) {
  ++partial_.orders_total;
  ++partial_.by_state[static_cast<int>(o.state)];
  ++partial_.by_source[static_cast<int>(o.source)];
  ++partial_.by_channel[static_cast<int>(o.channel)];
  ++partial_.by_kind[static_cast<int>(o.kind)];
  if (o.escalated) ++partial_.escalated;
  if (o.started_h >= 0.0) {
    const double wait = o.started_h - o.created_h;
    waits_h_.push_back(wait);
    if (wait <= scenario_.dispatch.answer_deadline_h) ++on_time_;
  }
  if (o.state == core::FinalState::kServed) {
    responses_h_.push_back(o.finished_h - o.created_h);
    targeted_ += o.targeted;
    attended_ += o.attended;
    votes_ += o.votes;
    satisfied_ += o.satisfied;
  }
}

void SummarySink::on_duty_shift(const DutyShiftRecord& s) {
  ++partial_.shifts;
  if (!s.attended) ++partial_.shifts_missed;
  if (s.role != DutyRole::kOfficial) return;
  const auto person = static_cast<std::size_t>(s.person);
  if (person >= official_hours_.size()) official_hours_.resize(person + 1, 0.0);
  official_hours_[person] += s.hours;
}

void SummarySink::on_branch_activity(const BranchActivityRecord& a) {
  switch (a.outcome) {
    case ActivityOutcome::kHeld:
      ++partial_.activities_held;
      break;
    case ActivityOutcome::kCancelledNoVenue:
      ++partial_.activities_cancelled_no_venue;
      break;
    case ActivityOutcome::kCancelledNoMoney:
      ++partial_.activities_cancelled_no_money;
      break;
  }
}

void SummarySink::on_inspection(const InspectionRecord& r) {
  QuarterTiers& q = partial_.tiers[static_cast<std::size_t>(r.quarter)];
  ++q.branches_per_tier[static_cast<std::size_t>(r.tier)];
  q.allowance_yuan += r.allowance_yuan;
  partial_.allowance_total_yuan += r.allowance_yuan;
}

void SummarySink::on_incubation(const IncubationRecord& r) {
  // Truly good: the rule, applied to the organization's true (hidden) qualities, passes.
  const bool truly_good = core::rates_pass({r.true_attraction_quality, r.true_satisfaction_quality},
                                           scenario_.incubation);
  if (truly_good) ++partial_.truly_good;
  switch (r.decision) {
    case core::IncubationDecision::kIncubated:
      ++partial_.incubated;
      break;
    case core::IncubationDecision::kDenied:
      ++partial_.denied;
      if (truly_good) ++partial_.good_denied;
      break;
    case core::IncubationDecision::kInsufficientData:
      ++partial_.insufficient_data;
      break;
  }
  if (const auto rates = core::annual_rates(r.tally)) {
    org_attraction_.push_back(rates->attraction);
    org_satisfaction_.push_back(rates->satisfaction);
  }
}

void SummarySink::fill(Summary& s, std::int64_t officials) const {
  const Summary& p = partial_;
  s.orders_total = p.orders_total;
  s.by_state = p.by_state;
  s.by_source = p.by_source;
  s.by_channel = p.by_channel;
  s.by_kind = p.by_kind;
  s.escalated = p.escalated;
  // Every order that came due either started within the deadline or was escalated.
  const std::int64_t came_due = on_time_ + p.escalated;
  s.answered_on_time_share =
      came_due > 0 ? static_cast<double>(on_time_) / static_cast<double>(came_due) : 1.0;
  s.wait_h = core::describe(waits_h_);
  s.response_h = core::describe(responses_h_);
  s.attraction_rate =
      targeted_ > 0 ? static_cast<double>(attended_) / static_cast<double>(targeted_) : 0.0;
  s.satisfaction_rate =
      votes_ > 0 ? static_cast<double>(satisfied_) / static_cast<double>(votes_) : 0.0;
  s.org_attraction = core::describe(org_attraction_);
  s.org_satisfaction = core::describe(org_satisfaction_);
  s.incubated = p.incubated;
  s.denied = p.denied;
  s.insufficient_data = p.insufficient_data;
  s.truly_good = p.truly_good;
  s.good_denied = p.good_denied;
  s.tiers = p.tiers;
  s.allowance_total_yuan = p.allowance_total_yuan;
  s.activities_held = p.activities_held;
  s.activities_cancelled_no_venue = p.activities_cancelled_no_venue;
  s.activities_cancelled_no_money = p.activities_cancelled_no_money;
  std::vector<double> hours = official_hours_;
  hours.resize(static_cast<std::size_t>(officials), 0.0);
  s.official_duty_h = core::describe(hours);
  s.shifts = p.shifts;
  s.shifts_missed = p.shifts_missed;
}

}  // namespace orgsim::results
