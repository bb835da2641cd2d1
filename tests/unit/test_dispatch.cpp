// 派单: which capable social organization gets an immediate item, under each dispatch rule.
#include <gtest/gtest.h>

#include <set>

#include "engine/dispatcher.hpp"
#include "engine/org_index.hpp"

using orgsim::config::DispatchRule;
using orgsim::core::TwoRateTally;
using orgsim::engine::Dispatcher;
using orgsim::engine::DispatchView;
using orgsim::engine::OrgIndex;
using orgsim::engine::ServiceDesk;
using orgsim::engine::ServiceProvider;
using orgsim::engine::World;

namespace {

// Four organizations over two alliances; categories 0 and 1. Org 3 serves only category 1.
struct Fixture {
  World world;
  std::vector<ServiceDesk> desks;
  std::vector<TwoRateTally> tallies;

  Fixture() {
    world.alliances = 2;
    const int alliance_of[] = {0, 0, 1, 1};
    const std::vector<std::vector<std::int32_t>> categories = {{0, 1}, {0}, {0, 1}, {1}};
    world.orgs_by_category.assign(2, {});
    for (int o = 0; o < 4; ++o) {
      ServiceProvider p;
      p.alliance = alliance_of[o];
      p.staff = 2;
      p.categories = categories[o];
      for (auto c : p.categories) world.orgs_by_category[c].push_back(o);
      world.social_orgs.push_back(p);
      desks.push_back(ServiceDesk{2, 0, {}});
    }
    tallies.resize(4);
  }

  void set_load(int org, int busy, int queued, OrgIndex& index) {
    desks[org].busy = busy;
    desks[org].queue.assign(queued, 0);
    index.refresh(org);
  }
};

OrgIndex::Orderings all_orderings() { return {true, true}; }

}  // namespace

TEST(Dispatch, ShortestQueuePicksTheLeastLoadedPerStaffTiesToLowerIndex) {
  Fixture f;
  OrgIndex index(f.world, f.desks, f.tallies, all_orderings());
  Dispatcher rule(DispatchRule::kShortestQueue, 1, 2);
  const DispatchView view{index};
  const auto& capable = f.world.orgs_by_category[0];  // orgs 0, 1, 2
  EXPECT_EQ(rule.choose(capable, 0, 0, view), 0);     // all idle: the lowest index
  f.set_load(0, 2, 1, index);
  EXPECT_EQ(rule.choose(capable, 0, 0, view), 1);
  f.set_load(1, 2, 3, index);
  EXPECT_EQ(rule.choose(capable, 0, 0, view), 2);
  f.set_load(2, 2, 4, index);  // loads per staff: 1.5, 2.5, 3
  EXPECT_EQ(rule.choose(capable, 0, 0, view), 0);
  f.set_load(3, 0, 0, index);  // org 3 is idle but cannot serve category 0
  EXPECT_EQ(rule.choose(capable, 0, 0, view), 0);
}

TEST(Dispatch, AllianceFirstPrefersTheOrdersAllianceThenFallsBack) {
  Fixture f;
  OrgIndex index(f.world, f.desks, f.tallies, all_orderings());
  Dispatcher rule(DispatchRule::kAllianceFirst, 1, 2);
  const DispatchView view{index};
  f.set_load(2, 2, 5, index);  // the only category-0 org of alliance 1 is busy ...
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 1, view), 2);  // ... still chosen
  f.set_load(3, 2, 0, index);
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[1], 1, 1, view), 3);  // lighter of 2 and 3
  // An alliance with no capable organization falls back to the whole district.
  World& w = f.world;
  w.alliances = 3;
  OrgIndex three(w, f.desks, f.tallies, all_orderings());
  EXPECT_EQ(rule.choose(w.orgs_by_category[0], 0, 2, DispatchView{three}), 0);
}

TEST(Dispatch, BestRatedFollowsThePublishedTwoRatesAndTriesTheUnevaluated) {
  Fixture f;
  OrgIndex index(f.world, f.desks, f.tallies, all_orderings());
  Dispatcher rule(DispatchRule::kBestRated, 1, 2);
  const DispatchView view{index};
  f.tallies[0].add(10, 9, 10, 9);  // 0.9 / 0.9
  f.tallies[1].add(10, 7, 10, 7);  // 0.7 / 0.7
  f.tallies[2].add(10, 8, 10, 8);  // 0.8 / 0.8
  for (int o = 0; o < 3; ++o) index.refresh(o);
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 0);
  f.tallies[0].add(10, 0, 10, 0);  // org 0 falls to 0.45
  index.refresh(0);
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 2);
  // Org 3 has no evaluation yet: it scores 1 and gets the next category-1 order.
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[1], 1, 0, view), 3);
}

TEST(Dispatch, RoundRobinCyclesThroughTheCapableInOrder) {
  Fixture f;
  OrgIndex index(f.world, f.desks, f.tallies, {});
  Dispatcher rule(DispatchRule::kRoundRobin, 1, 2);
  const DispatchView view{index};
  std::vector<std::int32_t> picks;
  for (int i = 0; i < 6; ++i) picks.push_back(rule.choose(f.world.orgs_by_category[0], 0, 0, view));
  EXPECT_EQ(picks, (std::vector<std::int32_t>{0, 1, 2, 0, 1, 2}));
  // Each category keeps its own turn.
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[1], 1, 0, view), 0);
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[1], 1, 0, view), 2);
}

TEST(Dispatch, RandomStaysAmongTheCapableUsesAllAndIsReproducible) {
  Fixture f;
  OrgIndex index(f.world, f.desks, f.tallies, {});
  Dispatcher a(DispatchRule::kRandom, 7, 2), b(DispatchRule::kRandom, 7, 2);
  const DispatchView view{index};
  std::set<std::int32_t> seen;
  for (int i = 0; i < 200; ++i) {
    const auto pick = a.choose(f.world.orgs_by_category[1], 1, 0, view);
    EXPECT_EQ(pick, b.choose(f.world.orgs_by_category[1], 1, 0, view));
    seen.insert(pick);
  }
  EXPECT_EQ(seen, (std::set<std::int32_t>{0, 2, 3}));
}

TEST(Dispatch, BestRatedTakesTheBestOrganizationWithAFreeStaffMember) {
  Fixture f;
  OrgIndex index(f.world, f.desks, f.tallies, all_orderings());
  Dispatcher rule(DispatchRule::kBestRated, 1, 2);
  const DispatchView view{index};
  f.tallies[0].add(10, 9, 10, 9);  // 0.9
  f.tallies[1].add(10, 7, 10, 7);  // 0.7
  f.tallies[2].add(10, 8, 10, 8);  // 0.8
  for (int o = 0; o < 3; ++o) index.refresh(o);
  f.set_load(0, 2, 0, index);  // the best is fully busy: the next best with a free hand
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 2);
  f.set_load(2, 2, 1, index);
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 1);
  f.set_load(1, 2, 3, index);  // everyone busy: loads 1, 1.5, 2.5 -> the least loaded
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 0);
}
