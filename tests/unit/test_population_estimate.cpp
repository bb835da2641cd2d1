// The population a scenario will build, estimated from its numbers before anything is built
// (config/population_estimate.cpp), against the world the engine does build.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/population_estimate.hpp"
#include "config/scenario_loader.hpp"
#include "engine/world.hpp"

namespace {

orgsim::config::Scenario scenario_with(const std::vector<std::string>& overrides) {
  const auto loaded = orgsim::config::load_scenario({"test", "", overrides, std::nullopt});
  EXPECT_TRUE(loaded.problems.empty()) << loaded.problems.front().to_string();
  return *loaded.scenario;
}

class EstimateTest : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(EstimateTest, CountsAreTheWorldsOwn) {
  const auto scenario = scenario_with(GetParam());
  const auto estimate = orgsim::config::estimate_population(scenario);
  const auto world = orgsim::engine::build_world(scenario);
  EXPECT_EQ(estimate.towns, static_cast<std::int64_t>(world.towns.size()));
  EXPECT_EQ(estimate.branches, static_cast<std::int64_t>(world.branches.size()));
  EXPECT_EQ(estimate.social_orgs, static_cast<std::int64_t>(world.social_orgs.size()));
  EXPECT_EQ(estimate.partner_units, static_cast<std::int64_t>(world.partner_units.size()));
  EXPECT_EQ(estimate.officials, static_cast<std::int64_t>(world.officials.size()));
  EXPECT_EQ(estimate.org_members, static_cast<std::int64_t>(world.org_members.size()));
}

INSTANTIATE_TEST_SUITE_P(
    Scenarios, EstimateTest,
    ::testing::Values(std::vector<std::string>{}, std::vector<std::string>{"district.scale=0.1"},
                      std::vector<std::string>{"district.scale=3.3",
                                               "roster.org_members_per_org=2"},
                      std::vector<std::string>{"district.social_orgs=7", "district.scale=0.25"}));

}  // namespace
