// The order path's bookkeeping, driven directly (no actors run, time stays at 0): every order
// ends in exactly one recorded state, and a broken invariant is caught and named.
#include <gtest/gtest.h>

#include <map>

#include "config/scenario_loader.hpp"
#include "engine/district.hpp"
#include "engine/manual_clock.hpp"

using orgsim::core::Channel;
using orgsim::core::FinalState;
using orgsim::core::Kind;
using orgsim::core::Order;
using orgsim::core::Source;
using orgsim::engine::build_world;
using orgsim::engine::District;
using orgsim::engine::ManualClock;

namespace {

class RecordingSink final : public orgsim::core::EventSink {
 public:
  std::map<std::int64_t, int> closed_times;  // order id -> how often it was closed
  std::map<FinalState, int> by_state;
  void on_order_closed(const Order& o) override {
    ++closed_times[o.id];
    ++by_state[o.state];
  }
};

orgsim::config::Scenario small_scenario() {
  const auto loaded = orgsim::config::load_scenario(
      {"test", "", {"district.scale=0.1", "resources.activity_share=0"}, std::nullopt});
  EXPECT_TRUE(loaded.problems.empty());
  return *loaded.scenario;
}

}  // namespace

TEST(District, EveryOrderIsClosedExactlyOnceAtTheYearEnd) {
  const auto scenario = small_scenario();
  RecordingSink sink;
  ManualClock clock;
  District d(scenario, build_world(scenario), sink, clock);
  std::vector<std::int32_t> slots;
  for (int i = 0; i < 40; ++i) {
    const Kind kind = i % 3 == 0   ? Kind::kImmediate
                      : i % 3 == 1 ? Kind::kNonImmediate
                                   : Kind::kSpecial;
    slots.push_back(
        d.create_order(Source::kPublic, Channel::kOnline, kind, i % 8, i % 25, false, 0.0));
  }
  for (int i = 0; i < 30; ++i) d.place(slots[i]);    // dispatched, some in service
  d.close_unplaced(slots[30], FinalState::kGaveUp);  // one walk-in gave up
  // slots 31..39 were never placed (walk-ins waiting for a point to open)
  d.close_year();
  EXPECT_FALSE(d.violation()) << *d.violation();
  EXPECT_EQ(d.counts().created, 40);
  EXPECT_EQ(d.counts().closed, 40);
  ASSERT_EQ(sink.closed_times.size(), 40u);
  for (const auto& [id, times] : sink.closed_times) EXPECT_EQ(times, 1) << "order " << id;
  EXPECT_EQ(sink.by_state[FinalState::kGaveUp], 1);
  EXPECT_EQ(sink.by_state[FinalState::kOpenAtYearEnd], 39);  // no time passed: nothing finished
}

TEST(District, ClosingAnOrderTwiceIsABrokenInvariant) {
  const auto scenario = small_scenario();
  RecordingSink sink;
  ManualClock clock;
  District d(scenario, build_world(scenario), sink, clock);
  const auto slot =
      d.create_order(Source::kPublic, Channel::kOffline, Kind::kImmediate, 0, 0, false, 0.0);
  d.close_unplaced(slot, FinalState::kGaveUp);
  EXPECT_FALSE(d.violation());
  d.close_unplaced(slot, FinalState::kGaveUp);
  ASSERT_TRUE(d.violation());
  EXPECT_NE(d.violation()->find("closed twice"), std::string::npos) << *d.violation();
  EXPECT_EQ(sink.closed_times.size(), 1u);  // the second close recorded nothing
}

TEST(District, ADutyEndWithNobodyOnDutyIsABrokenInvariant) {
  const auto scenario = small_scenario();
  RecordingSink sink;
  ManualClock clock;
  District d(scenario, build_world(scenario), sink, clock);
  d.duty_started(0);
  d.duty_ended(0);
  EXPECT_FALSE(d.violation());
  d.duty_ended(0);
  ASSERT_TRUE(d.violation());
  EXPECT_NE(d.violation()->find("nobody on duty"), std::string::npos) << *d.violation();
}

TEST(District, NonImmediateItemsSpreadOverTheTownsPartnerUnitsBeforeTheirMeetings) {
  const auto scenario = small_scenario();  // one town with three partner units
  RecordingSink sink;
  ManualClock clock;
  District d(scenario, build_world(scenario), sink, clock);
  ASSERT_EQ(d.world().towns[0].partner_units.size(), 3u);
  std::vector<std::int32_t> slots;
  for (int i = 0; i < 6; ++i) {
    slots.push_back(
        d.create_order(Source::kPublic, Channel::kOnline, Kind::kNonImmediate, 0, 0, false, 0.0));
    d.place(slots.back());
  }
  for (std::int32_t unit = 0; unit < 3; ++unit)
    EXPECT_EQ(d.partner_pending(unit).size(), 2u) << unit;
}

// The order sources pick an arrival's branch by its offset from the town's first branch
// (engine/actors/order_sources.cpp): that needs each town's branches to be consecutive, as
// build_world deals them, at every scale.
TEST(District, EachTownsBranchesAreConsecutive) {
  for (const char* scale : {"district.scale=0.5", "district.scale=1", "district.scale=7.3"}) {
    const auto loaded = orgsim::config::load_scenario({"test", "", {scale}, std::nullopt});
    ASSERT_TRUE(loaded.problems.empty()) << scale;
    const auto world = build_world(*loaded.scenario);
    ASSERT_GT(world.towns.size(), 1u) << scale;
    std::size_t counted = 0;
    for (const auto& town : world.towns) {
      for (std::size_t i = 1; i < town.branches.size(); ++i)
        EXPECT_EQ(town.branches[i], town.branches[0] + static_cast<std::int32_t>(i))
            << town.name << " at " << scale;
      counted += town.branches.size();
    }
    EXPECT_EQ(counted, world.branches.size());
  }
}
