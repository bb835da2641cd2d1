#pragma once
// Builds the population of a simulated district (core/world.hpp) from the scenario.
#include <cstdint>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "core/random_stream.hpp"
#include "core/world.hpp"
#include "engine/category_deck.hpp"

namespace orgsim::engine {

using core::Branch;
using core::Official;
using core::OrgMember;
using core::ServicePoint;
using core::ServiceProvider;
using core::Town;
using core::World;

// Population counts after district.scale: max(1, round(count * scale)).
std::int64_t scaled_count(std::int64_t count_at_scale_1, double scale);

// Builds the district. Draws (staff, true quality, categories, fund payout) come from
// exogenous named streams of `seed`, so they do not depend on any policy parameter.
World build_world(const config::Scenario& scenario);

// Draws social organizations one after another: their true quality, staff and categories, from
// the streams <prefix>quality, <prefix>staff and <prefix>categories. The first year's
// population uses "org_"; organizations entering in later years (run.years > 1) use
// "entrant_", so the first year never depends on them.
class OrgDraws {
 public:
  OrgDraws(const config::Scenario& scenario, const char* stream_prefix);
  // The next organization, numbered and placed after those already in `world`.
  ServiceProvider next(const World& world);

 private:
  const config::Scenario& scenario_;
  core::RandomStream quality_;
  core::RandomStream staff_;
  core::RandomStream categories_;
  CategoryDeck deck_;  // deals from categories_
};

}  // namespace orgsim::engine
