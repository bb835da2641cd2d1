#include "results/summary_sink.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <variant>

#include "config/parameter_catalogue.hpp"
#include "core/fingerprint.hpp"
#include "core/two_rates.hpp"

namespace orgsim::results {

namespace {

// Efforts come from a grid of 0.01 and clamps; a leader at the floor holds exactly effort_min.
constexpr double kEffortSlack = 1e-9;

// The word of a choice parameter as the scenario has it (the catalogue lists the words in the
// order of the enum).
std::string choice_word(const config::Scenario& scenario, const std::string& key) {
  const config::ParamSpec* spec = config::find_parameter(key);
  if (spec == nullptr || spec->type != config::ParamType::kChoice) return "unknown";
  const auto index = static_cast<std::size_t>(std::get<std::int64_t>(spec->get(scenario)));
  return index < spec->choices.size() ? spec->choices[index] : "unknown";
}

// `good`: by the reference standard; `own_good`: by the run's own rule on the true qualities.
void count_incubation(IncubationCounts& c, const core::IncubationRecord& r, bool good,
                      bool own_good) {
  if (good) ++c.meets_standard;
  if (own_good) ++c.own_rule_good;
  switch (r.decision) {
    case core::IncubationDecision::kIncubated:
      ++c.incubated;
      if (!good) ++c.below_standard_incubated;
      if (!own_good) ++c.own_rule_wrongly_incubated;
      break;
    case core::IncubationDecision::kDenied:
      ++c.denied;
      if (good) ++c.good_denied;
      if (own_good) ++c.own_rule_wrongly_denied;
      break;
    case core::IncubationDecision::kNotEnoughData:
      ++c.not_enough_data;
      if (good) ++c.good_not_enough_data;
      break;
  }
  switch (r.support) {
    case core::SupportOutcome::kKept:
      break;
    case core::SupportOutcome::kShrunk:
      ++c.shrunk;
      break;
    case core::SupportOutcome::kExited:
      ++c.exited;
      break;
  }
}

}  // namespace

double QuarterTiers::leader_effort_mean() const {
  return inspected > 0 ? effort_sum / static_cast<double>(inspected)
                       : std::numeric_limits<double>::quiet_NaN();
}

std::string scenario_digest(const std::string& effective_ini) {
  core::Fingerprint digest;
  digest.add(std::string_view(effective_ini));
  return digest.hex();
}

void fill_scenario_fields(Summary& s, const config::Scenario& scenario) {
  s.scenario_name = scenario.run.name;
  s.seed = scenario.run.seed;
  s.days = scenario.run.days;
  s.years = scenario.run.years;
  s.scale = scenario.district.scale;
  s.threshold = scenario.incubation.threshold;
  s.combine = core::to_string(scenario.incubation.combine);
  s.estimator = core::to_string(scenario.incubation.estimator);
  s.pooling = choice_word(scenario, "incubation.pooling");
  s.standard = scenario.truth;
  s.category_names = scenario.demand.categories;
  s.effort_floor = scenario.behaviour.effort_min;
  s.leader_model = choice_word(scenario, "behaviour.leader");
  s.organization_model = choice_word(scenario, "behaviour.organization");
  s.public_model = choice_word(scenario, "behaviour.public");
  s.roster_model = choice_word(scenario, "behaviour.roster");
}

SummarySink::SummarySink(const config::Scenario& scenario)
    : scenario_(scenario),
      horizon_h_(static_cast<double>(scenario.run.days * scenario.run.years) * 24.0),
      month_h_(static_cast<double>(scenario.run.days) * 24.0 / 12.0) {
  partial_.by_category.assign(scenario.demand.categories.size(), 0);
  partial_.by_month.resize(
      static_cast<std::size_t>(12 * std::max<std::int64_t>(scenario.run.years, 1)));
  const auto years = static_cast<std::size_t>(std::max<std::int64_t>(scenario.run.years, 1));
  partial_.tiers.resize(4 * years);
  for (auto& q : partial_.tiers) q.branches_per_tier.assign(scenario.tiers.amounts_yuan.size(), 0);
  partial_.incubation_by_year.resize(years);
}

void SummarySink::on_order_closed(const core::Order& o) {
  ++partial_.orders_total;
  ++partial_.by_state[static_cast<int>(o.state)];
  ++partial_.by_source[static_cast<int>(o.source)];
  ++partial_.by_channel[static_cast<int>(o.channel)];
  ++partial_.by_kind[static_cast<int>(o.kind)];
  ++partial_.by_assignee[static_cast<int>(o.assignee_kind)];
  if (o.category >= 0 && static_cast<std::size_t>(o.category) < partial_.by_category.size())
    ++partial_.by_category[static_cast<std::size_t>(o.category)];
  const auto month = std::min(partial_.by_month.size() - 1,
                              static_cast<std::size_t>(std::max(0.0, o.created_h) / month_h_));
  ++partial_.by_month[month].by_source[static_cast<int>(o.source)];
  ++partial_.by_month[month].by_channel[static_cast<int>(o.channel)];
  if (o.campaign >= 0) {
    const auto c = static_cast<std::size_t>(o.campaign);
    if (c >= campaign_seen_.size()) campaign_seen_.resize(c + 1, false);
    if (!campaign_seen_[c]) {
      campaign_seen_[c] = true;
      ++partial_.campaigns_started;
    }
  }
  const bool to_committee = o.assignee_kind == core::AssigneeKind::kDistrictCommittee;
  if (o.kind == core::Kind::kSpecial && to_committee) ++partial_.special_left_to_committee;
  if (o.declines > 0) {
    ++partial_.declined_orders;
    if (to_committee) ++partial_.declined_to_committee;
  }
  if (o.steered) ++partial_.steered_orders;
  if (o.escalated) ++partial_.escalated;
  if (o.started_h >= 0.0) {
    const double wait = o.started_h - o.created_h;
    waits_h_.push_back(wait);
    if (wait <= scenario_.dispatch.answer_deadline_h) ++on_time_;
    ++partial_.wait_incl_open_count;
    wait_incl_open_sum_h_ += wait;
  } else if (o.state == core::FinalState::kOpenAtYearEnd) {
    ++partial_.wait_incl_open_count;
    ++partial_.still_waiting_at_end;
    wait_incl_open_sum_h_ += horizon_h_ - o.created_h;
  }
  partial_.queues[static_cast<std::size_t>(o.assignee_kind)].add(o, horizon_h_);
  if (o.state == core::FinalState::kServed) {
    responses_h_.push_back(o.finished_h - o.created_h);
    targeted_ += o.targeted;
    attended_ += o.attended;
    votes_ += o.votes;
    satisfied_ += o.satisfied;
  }
}

void SummarySink::on_duty_shift(const core::DutyShiftRecord& s) {
  ++partial_.shifts;
  if (!s.attended) ++partial_.shifts_missed;
  if (s.covered_for >= 0) ++partial_.shifts_covered;
  if (s.role != core::DutyRole::kOfficial) return;
  const auto person = static_cast<std::size_t>(s.person);
  if (person >= official_hours_.size()) official_hours_.resize(person + 1, 0.0);
  official_hours_[person] += s.hours;
}

void SummarySink::on_branch_activity(const core::BranchActivityRecord& a) {
  switch (a.outcome) {
    case core::ActivityOutcome::kHeld:
      ++partial_.activities_held;
      break;
    case core::ActivityOutcome::kCancelledNoVenue:
      ++partial_.activities_cancelled_no_venue;
      break;
    case core::ActivityOutcome::kCancelledNoMoney:
      ++partial_.activities_cancelled_no_money;
      break;
  }
}

void SummarySink::on_inspection(const core::InspectionRecord& r) {
  const auto quarter = static_cast<std::size_t>(r.quarter);
  if (quarter >= partial_.tiers.size()) {
    partial_.tiers.resize(quarter + 1);
    for (auto& q : partial_.tiers)
      q.branches_per_tier.resize(scenario_.tiers.amounts_yuan.size(), 0);
  }
  QuarterTiers& q = partial_.tiers[quarter];
  ++q.branches_per_tier[static_cast<std::size_t>(r.tier)];
  // A leader who responds to the rules and chose the least effort has given up.
  if (scenario_.behaviour.leader != config::LeaderModel::kFixed &&
      r.effort <= scenario_.behaviour.effort_min + kEffortSlack)
    ++q.leaders_at_floor;
  partial_.youth_contacts += r.youth_contacts;
  q.allowance_yuan += r.allowance_yuan;
  q.effort_sum += r.effort;
  ++q.inspected;
  partial_.allowance_total_yuan += r.allowance_yuan;
  ++partial_.noise_branch_quarters;
  if (r.tier != r.tier_without_noise) {
    ++q.changed_by_noise;
    ++partial_.noise_changed;
  }
  partial_.noise_allowance_moved_yuan +=
      std::max(0.0, r.allowance_yuan - r.allowance_without_noise_yuan);
}

void SummarySink::on_decline(const core::DeclineRecord& /*r*/) { ++partial_.declines; }

void SummarySink::on_incubation(const core::IncubationRecord& r) {
  const core::TwoRates quality{r.true_attraction_quality, r.true_satisfaction_quality};
  std::optional<core::TwoRates> experienced;
  if (!std::isnan(r.experienced_attraction) && !std::isnan(r.experienced_satisfaction))
    experienced = core::TwoRates{r.experienced_attraction, r.experienced_satisfaction};
  // Good by the one reference standard, the same for every policy ([truth]).
  const bool good = core::meets_standard(quality, experienced, scenario_.truth);
  // Good by the run's own rule applied to the true (hidden) qualities.
  const bool own_good = core::rates_pass(quality, scenario_.incubation);
  const auto year = static_cast<std::size_t>(std::max(r.year, 0));
  if (year >= partial_.incubation_by_year.size()) partial_.incubation_by_year.resize(year + 1);
  count_incubation(partial_.incubation, r, good, own_good);
  count_incubation(partial_.incubation_by_year[year], r, good, own_good);
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
  s.by_assignee = p.by_assignee;
  s.special_left_to_committee = p.special_left_to_committee;
  s.campaigns_started = p.campaigns_started;
  s.by_category = p.by_category;
  s.by_month = p.by_month;
  s.escalated = p.escalated;
  // Every order that came due either started within the deadline or was escalated.
  const std::int64_t came_due = on_time_ + p.escalated;
  s.answered_on_time_share =
      came_due > 0 ? static_cast<double>(on_time_) / static_cast<double>(came_due) : 0.0;
  s.wait_h = core::describe(waits_h_);
  s.response_h = core::describe(responses_h_);
  s.wait_incl_open_count = p.wait_incl_open_count;
  s.still_waiting_at_end = p.still_waiting_at_end;
  s.wait_incl_open_mean_h =
      p.wait_incl_open_count > 0
          ? wait_incl_open_sum_h_ / static_cast<double>(p.wait_incl_open_count)
          : 0.0;
  s.queues = p.queues;
  s.warnings = assess_queues(p.queues, scenario_.warnings);
  s.attraction_rate =
      targeted_ > 0 ? static_cast<double>(attended_) / static_cast<double>(targeted_) : 0.0;
  s.satisfaction_rate =
      votes_ > 0 ? static_cast<double>(satisfied_) / static_cast<double>(votes_) : 0.0;
  s.org_attraction = core::describe(org_attraction_);
  s.org_satisfaction = core::describe(org_satisfaction_);
  s.incubation = p.incubation;
  s.incubation_by_year = p.incubation_by_year;
  s.tiers = p.tiers;
  s.allowance_total_yuan = p.allowance_total_yuan;
  s.noise_branch_quarters = p.noise_branch_quarters;
  s.noise_changed = p.noise_changed;
  s.noise_allowance_moved_yuan = p.noise_allowance_moved_yuan;
  s.activities_held = p.activities_held;
  s.activities_cancelled_no_venue = p.activities_cancelled_no_venue;
  s.activities_cancelled_no_money = p.activities_cancelled_no_money;
  s.youth_contacts = p.youth_contacts;
  std::vector<double> hours = official_hours_;
  hours.resize(static_cast<std::size_t>(officials), 0.0);
  s.official_duty_h = core::describe(hours);
  s.shifts = p.shifts;
  s.shifts_missed = p.shifts_missed;
  s.shifts_covered = p.shifts_covered;
  s.declines = p.declines;
  s.declined_orders = p.declined_orders;
  s.declined_to_committee = p.declined_to_committee;
  s.steered_orders = p.steered_orders;
}

}  // namespace orgsim::results
