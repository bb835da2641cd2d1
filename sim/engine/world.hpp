#pragma once
// Builds the population of a simulated district (core/world.hpp) from the scenario.
#include <cstdint>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "core/world.hpp"

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

}  // namespace orgsim::engine
