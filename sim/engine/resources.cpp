#include "engine/resources.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/money.hpp"

namespace orgsim::engine {

Resources::Resources(const config::Scenario& scenario, const World& world)
    : venues_free_(world.towns.size(), scenario.resources.venues_per_street),
      budget_left_(world.towns.size()),
      fund_left_(world.branches.size()),
      payout_ratio_(world.branches.size()),
      venue_waiting_(world.towns.size()) {
  for (std::size_t b = 0; b < world.branches.size(); ++b)
    payout_ratio_[b] = world.branches[b].fund_payout_ratio;
  start_year(scenario, 0);
}

void Resources::start_year(const config::Scenario& scenario, int year) {
  // A run shorter (or longer) than a year gets that fraction of the yearly money.
  const double fraction = core::year_fraction(scenario.run.days);
  std::fill(budget_left_.begin(), budget_left_.end(),
            yearly_budget_yuan(scenario.resources, year) * fraction);
  for (std::size_t b = 0; b < fund_left_.size(); ++b)
    fund_left_[b] = scenario.resources.fund_deposit_yuan * payout_ratio_[b] * fraction;
}

double Resources::yearly_budget_yuan(const config::ResourceParams& params, int year) {
  return params.budget_yuan * std::pow(1.0 + params.budget_growth,
                                       static_cast<double>(params.programme_year - 1 + year));
}

void Resources::take_venue(std::int32_t town) {
  if (venues_free_[town] <= 0) throw std::logic_error("venue taken in a town with none free");
  --venues_free_[town];
}

void Resources::release_venue(std::int32_t town) { ++venues_free_[town]; }

bool Resources::pay(std::int32_t town, std::int32_t branch, double cost_yuan) {
  const core::Payment paid =
      core::pay_activity({budget_left_[town], fund_left_[branch]}, cost_yuan);
  budget_left_[town] = paid.left.budget_yuan;
  fund_left_[branch] = paid.left.fund_yuan;
  if (paid.from == core::PaidFrom::kBudget) spent_budget_ += cost_yuan;
  if (paid.from == core::PaidFrom::kFund) spent_fund_ += cost_yuan;
  return paid.from != core::PaidFrom::kNeither;
}

}  // namespace orgsim::engine
