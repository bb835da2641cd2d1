#include "config/population_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "core/money.hpp"

namespace orgsim::config {

namespace {

// As engine/world.cpp scales a count: rounded, at least 1.
double scaled(double count_at_scale_1, double scale) {
  return std::max(1.0, std::round(count_at_scale_1 * scale));
}

constexpr double kBaseBytes = 44.0 * 1024 * 1024;
constexpr double kBytesPerAgent = 2.0 * 1024;
constexpr double kBytesPerOrder = 64.0;
constexpr double kWeeksPerYear = 365.0 / 7.0;

}  // namespace

PopulationEstimate estimate_population(const Scenario& s) {
  const double scale = s.district.scale;
  const double towns = scaled(static_cast<double>(s.district.towns.size()), scale);
  const double branches = scaled(static_cast<double>(s.district.branches), scale);
  const double orgs = scaled(static_cast<double>(s.district.social_orgs), scale);
  const double units = scaled(static_cast<double>(s.district.partner_units), scale);
  const double officials = towns * static_cast<double>(s.district.officials_per_town);
  const double members = orgs * static_cast<double>(s.roster.org_members_per_org);
  const double committee = scaled(static_cast<double>(s.district.committee_staff), scale);
  const double agents = branches + orgs + units + officials + members + towns + committee;
  // The inspection groups, the calendar and the campaign source (engine/actors/actors.hpp).
  const double actors = static_cast<double>(s.district.areas) + 2.0;
  const double years = static_cast<double>(s.run.years) * core::year_fraction(s.run.days);
  const double orders =
      years *
      (branches * (s.demand.public_orders_per_branch_week + s.demand.menu_orders_per_branch_week) *
           kWeeksPerYear +
       s.demand.campaigns_per_year * s.demand.campaign_branch_share * branches);
  PopulationEstimate e;
  e.towns = static_cast<std::int64_t>(towns);
  e.branches = static_cast<std::int64_t>(branches);
  e.social_orgs = static_cast<std::int64_t>(orgs);
  e.partner_units = static_cast<std::int64_t>(units);
  e.officials = static_cast<std::int64_t>(officials);
  e.org_members = static_cast<std::int64_t>(members);
  e.agents = static_cast<std::int64_t>(agents);
  e.actors = static_cast<std::int64_t>(actors);
  e.orders = orders;
  e.memory_bytes = kBaseBytes + kBytesPerAgent * agents + kBytesPerOrder * orders;
  return e;
}

}  // namespace orgsim::config
