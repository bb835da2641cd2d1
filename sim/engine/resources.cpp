#include "engine/resources.hpp"

#include <cmath>
#include <stdexcept>

namespace orgsim::engine {

double year_fraction(const config::Scenario& scenario) {
  return static_cast<double>(scenario.run.days) / 365.0;
}

Resources::Resources(const config::Scenario& scenario, const World& world)
    : venues_free_(world.towns.size(), scenario.resources.venues_per_street),
      // A run shorter (or longer) than a year gets that fraction of the yearly money.
      budget_left_(world.towns.size(),
                   yearly_budget_yuan(scenario.resources) * year_fraction(scenario)),
      fund_left_(world.branches.size()),
      venue_waiting_(world.towns.size()) {
  for (std::size_t b = 0; b < world.branches.size(); ++b)
    fund_left_[b] = scenario.resources.fund_deposit_yuan * world.branches[b].fund_payout_ratio *
                    year_fraction(scenario);
}

double Resources::yearly_budget_yuan(const config::ResourceParams& params) {
  return params.budget_yuan *
         std::pow(1.0 + params.budget_growth, static_cast<double>(params.programme_year - 1));
}

void Resources::take_venue(std::int32_t town) {
  if (venues_free_[town] <= 0) throw std::logic_error("venue taken in a town with none free");
  --venues_free_[town];
}

void Resources::release_venue(std::int32_t town) { ++venues_free_[town]; }

bool Resources::pay(std::int32_t town, std::int32_t branch, double cost_yuan) {
  if (budget_left_[town] >= cost_yuan) {
    budget_left_[town] -= cost_yuan;
    spent_budget_ += cost_yuan;
    return true;
  }
  if (fund_left_[branch] >= cost_yuan) {
    fund_left_[branch] -= cost_yuan;
    spent_fund_ += cost_yuan;
    return true;
  }
  return false;
}

}  // namespace orgsim::engine
