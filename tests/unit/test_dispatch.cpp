// 派单: which capable social organization gets an immediate item, under each dispatch rule.
#include <gtest/gtest.h>

#include <set>

#include "engine/dispatcher.hpp"
#include "engine/org_index.hpp"

using orgsim::config::DispatchRule;
using orgsim::config::TieBreak;
using orgsim::core::TwoRateTally;
using orgsim::engine::Dispatcher;
using orgsim::engine::DispatchView;
using orgsim::engine::OrgIndex;
using orgsim::engine::ServiceProvider;
using orgsim::engine::SocialOrgState;
using orgsim::engine::SocialOrgStates;
using orgsim::engine::World;

namespace {

// Four organizations over two alliances; categories 0 and 1. Org 3 serves only category 1.
struct Fixture {
  World world;
  SocialOrgStates orgs;  // staff 2 each, nothing assigned yet
  std::int64_t assignments = 0;

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
      orgs.emplace_back(p, 1, o);
    }
  }

  TwoRateTally& tally(int org) { return orgs[org].tally; }

  void set_load(int org, int busy, int queued, OrgIndex& index) {
    orgs[org].desk.busy = busy;
    orgs[org].desk.queue.clear();
    for (int i = 0; i < queued; ++i) orgs[org].desk.queue.push_back(i);
    index.refresh(org);
  }

  // What the district does when an order goes to `org`: it becomes the most recently assigned.
  void assign(int org, OrgIndex& index) {
    orgs[org].last_assigned = assignments++;
    index.refresh(org);
  }
};

OrgIndex::Orderings all_orderings() { return {true, true}; }

// The rule before issue 13, which the first tests pin: equals go to the lowest index.
constexpr TieBreak kLowestIndex = TieBreak::kLowestIndex;

}  // namespace

TEST(Dispatch, ShortestQueuePicksTheLeastLoadedPerStaffTiesToLowerIndex) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
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
  OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
  Dispatcher rule(DispatchRule::kAllianceFirst, 1, 2);
  const DispatchView view{index};
  f.set_load(2, 2, 5, index);  // the only category-0 org of alliance 1 is busy ...
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 1, view), 2);  // ... still chosen
  f.set_load(3, 2, 0, index);
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[1], 1, 1, view), 3);  // lighter of 2 and 3
  // An alliance with no capable organization falls back to the whole district.
  World& w = f.world;
  w.alliances = 3;
  OrgIndex three(w, f.orgs, kLowestIndex, all_orderings());
  EXPECT_EQ(rule.choose(w.orgs_by_category[0], 0, 2, DispatchView{three}), 0);
}

TEST(Dispatch, BestRatedFollowsThePublishedTwoRatesAndTriesTheUnevaluated) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
  Dispatcher rule(DispatchRule::kBestRated, 1, 2);
  const DispatchView view{index};
  f.tally(0).add(10, 9, 10, 9);  // 0.9 / 0.9
  f.tally(1).add(10, 7, 10, 7);  // 0.7 / 0.7
  f.tally(2).add(10, 8, 10, 8);  // 0.8 / 0.8
  for (int o = 0; o < 3; ++o) index.refresh(o);
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 0);
  f.tally(0).add(10, 0, 10, 0);  // org 0 falls to 0.45
  index.refresh(0);
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 2);
  // Org 3 has no evaluation yet: it scores 1 and gets the next category-1 order.
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[1], 1, 0, view), 3);
}

TEST(Dispatch, RoundRobinCyclesThroughTheCapableInOrder) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, kLowestIndex, {});
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
  OrgIndex index(f.world, f.orgs, kLowestIndex, {});
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
  OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
  Dispatcher rule(DispatchRule::kBestRated, 1, 2);
  const DispatchView view{index};
  f.tally(0).add(10, 9, 10, 9);  // 0.9
  f.tally(1).add(10, 7, 10, 7);  // 0.7
  f.tally(2).add(10, 8, 10, 8);  // 0.8
  for (int o = 0; o < 3; ++o) index.refresh(o);
  f.set_load(0, 2, 0, index);  // the best is fully busy: the next best with a free hand
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 2);
  f.set_load(2, 2, 1, index);
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 1);
  f.set_load(1, 2, 3, index);  // everyone busy: loads 1, 1.5, 2.5 -> the least loaded
  EXPECT_EQ(rule.choose(f.world.orgs_by_category[0], 0, 0, view), 0);
}

// ---- Re-dispatch after organizations declined (choose_excluding) ------------------------------

namespace {

const DispatchRule kAllRules[] = {DispatchRule::kShortestQueue, DispatchRule::kRandom,
                                  DispatchRule::kRoundRobin, DispatchRule::kBestRated,
                                  DispatchRule::kAllianceFirst};

}  // namespace

TEST(DispatchExcluding, NeverChoosesAnExcludedOrganization) {
  for (const DispatchRule r : kAllRules) {
    Fixture f;
    OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
    Dispatcher rule(r, 3, 2);
    const DispatchView view{index};
    const auto& capable = f.world.orgs_by_category[1];  // orgs 0, 2, 3
    // Org 0 is the best choice under every rule: idle, best rated, alliance 0, first in turn.
    f.tally(0).add(10, 10, 10, 10);
    f.tally(2).add(10, 5, 10, 5);
    f.tally(3).add(10, 6, 10, 6);
    f.set_load(2, 2, 2, index);
    f.set_load(3, 1, 0, index);
    index.refresh(0);
    std::set<std::int32_t> seen;
    for (int i = 0; i < 100; ++i) {
      const auto pick = rule.choose_excluding(capable, {0}, 1, 0, view);
      EXPECT_NE(pick, 0) << "rule " << static_cast<int>(r);
      EXPECT_TRUE(pick == 2 || pick == 3) << "rule " << static_cast<int>(r) << ": " << pick;
      seen.insert(pick);
      EXPECT_EQ(rule.choose_excluding(capable, {3, 0}, 1, 0, view), 2)
          << "rule " << static_cast<int>(r);
    }
    // The random rule still spreads over both that are left.
    if (r == DispatchRule::kRandom) {
      EXPECT_EQ(seen, (std::set<std::int32_t>{2, 3}));
    }
  }
}

TEST(DispatchExcluding, IsMinusOneWhenEveryCapableOrganizationDeclined) {
  for (const DispatchRule r : kAllRules) {
    Fixture f;
    OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
    Dispatcher rule(r, 3, 2);
    const DispatchView view{index};
    EXPECT_EQ(rule.choose_excluding(f.world.orgs_by_category[0], {2, 0, 1}, 0, 0, view), -1)
        << "rule " << static_cast<int>(r);
    // Declining organizations that cannot serve the category leaves the capable ones in play.
    const auto pick = rule.choose_excluding(f.world.orgs_by_category[0], {3, 0, 1}, 0, 0, view);
    EXPECT_EQ(pick, 2) << "rule " << static_cast<int>(r);
  }
}

TEST(DispatchExcluding, WithNothingExcludedAgreesWithChoose) {
  for (const DispatchRule r :
       {DispatchRule::kShortestQueue, DispatchRule::kBestRated, DispatchRule::kAllianceFirst}) {
    Fixture f;
    OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
    Dispatcher rule(r, 3, 2);
    const DispatchView view{index};
    f.tally(0).add(10, 7, 10, 7);
    f.tally(1).add(10, 9, 10, 9);
    f.tally(2).add(10, 8, 10, 8);
    for (int o = 0; o < 3; ++o) index.refresh(o);
    // Walk through a sequence of loads, comparing the two at each step.
    const int loads[][3] = {{0, 0, 0}, {2, 0, 1}, {1, 2, 0}, {2, 2, 1}, {2, 2, 2},
                            {2, 3, 2}, {4, 3, 2}, {1, 1, 1}, {2, 1, 0}, {3, 3, 3}};
    for (const auto& step : loads) {
      for (int o = 0; o < 3; ++o)
        f.set_load(o, std::min(step[o], 2), std::max(0, step[o] - 2), index);
      for (std::int32_t alliance : {0, 1}) {
        const auto& capable = f.world.orgs_by_category[0];
        EXPECT_EQ(rule.choose_excluding(capable, {}, 0, alliance, view),
                  rule.choose(capable, 0, alliance, view))
            << "rule " << static_cast<int>(r) << ", loads " << step[0] << " " << step[1] << " "
            << step[2] << ", alliance " << alliance;
      }
    }
  }
}

TEST(DispatchExcluding, ShortestQueuePicksTheLeastLoadedOfThoseLeft) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
  Dispatcher rule(DispatchRule::kShortestQueue, 1, 2);
  const DispatchView view{index};
  const auto& capable = f.world.orgs_by_category[0];  // orgs 0, 1, 2
  f.set_load(0, 1, 0, index);                         // loads per staff: 0.5, 2, 1.5
  f.set_load(1, 2, 2, index);
  f.set_load(2, 2, 1, index);
  EXPECT_EQ(rule.choose_excluding(capable, {}, 0, 0, view), 0);
  EXPECT_EQ(rule.choose_excluding(capable, {0}, 0, 0, view), 2);
  EXPECT_EQ(rule.choose_excluding(capable, {0, 2}, 0, 0, view), 1);
  // Ties go to the lower index.
  f.set_load(1, 2, 1, index);
  EXPECT_EQ(rule.choose_excluding(capable, {0}, 0, 0, view), 1);
  // Loads are per staff member: three orders on 4 staff beat two on 2.
  f.orgs[2].desk.staff = 4;
  f.set_load(2, 3, 0, index);
  EXPECT_EQ(rule.choose_excluding(capable, {0}, 0, 0, view), 2);
}

TEST(DispatchExcluding, BestRatedTakesTheBestScoreWithAFreeStaffMemberAmongThoseLeft) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
  Dispatcher rule(DispatchRule::kBestRated, 1, 2);
  const DispatchView view{index};
  const auto& capable = f.world.orgs_by_category[0];
  f.tally(0).add(10, 9, 10, 9);  // 0.9
  f.tally(1).add(10, 7, 10, 7);  // 0.7
  f.tally(2).add(10, 8, 10, 8);  // 0.8
  for (int o = 0; o < 3; ++o) index.refresh(o);
  EXPECT_EQ(rule.choose_excluding(capable, {0}, 0, 0, view), 2);
  EXPECT_EQ(rule.choose_excluding(capable, {2}, 0, 0, view), 0);
  // A busier but free organization still wins on its score.
  f.set_load(2, 1, 0, index);
  EXPECT_EQ(rule.choose_excluding(capable, {0}, 0, 0, view), 2);
  // The better one left is fully busy: the worse one with a free hand.
  f.set_load(2, 2, 0, index);
  EXPECT_EQ(rule.choose_excluding(capable, {0}, 0, 0, view), 1);
  // Nobody left has a free hand (org 0, idle, declined): the least loaded of 1 and 2.
  f.set_load(1, 2, 1, index);  // loads 1.5 and 1
  EXPECT_EQ(rule.choose_excluding(capable, {0}, 0, 0, view), 2);
  f.set_load(2, 2, 3, index);  // loads 1.5 and 2.5
  EXPECT_EQ(rule.choose_excluding(capable, {0}, 0, 0, view), 1);
  // An organization not yet evaluated scores 1.
  EXPECT_EQ(rule.choose_excluding(f.world.orgs_by_category[1], {0}, 1, 0, view), 3);
}

TEST(DispatchExcluding, AllianceFirstPrefersTheOrdersAllianceAmongThoseLeft) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, kLowestIndex, all_orderings());
  Dispatcher rule(DispatchRule::kAllianceFirst, 1, 2);
  const DispatchView view{index};
  const auto& category1 = f.world.orgs_by_category[1];  // 0 (alliance 0), 2 and 3 (alliance 1)
  f.set_load(2, 2, 3, index);
  f.set_load(3, 2, 1, index);
  // Alliance 1: the lighter of 2 and 3, however idle org 0 is.
  EXPECT_EQ(rule.choose_excluding(category1, {}, 1, 1, view), 3);
  EXPECT_EQ(rule.choose_excluding(category1, {3}, 1, 1, view), 2);
  // With the whole alliance declined, the least loaded elsewhere.
  EXPECT_EQ(rule.choose_excluding(category1, {2, 3}, 1, 1, view), 0);
  // Alliance 0: org 0 first; once it declined, the lighter of the others.
  EXPECT_EQ(rule.choose_excluding(category1, {}, 1, 0, view), 0);
  EXPECT_EQ(rule.choose_excluding(category1, {0}, 1, 0, view), 3);
  // Category 0 for alliance 0: orgs 0 and 1; org 1 when 0 declined, even if it is busier
  // than org 2 of the other alliance.
  f.set_load(1, 2, 2, index);
  f.set_load(2, 0, 0, index);
  EXPECT_EQ(rule.choose_excluding(f.world.orgs_by_category[0], {0}, 0, 0, view), 1);
}

TEST(DispatchExcluding, RoundRobinSkipsTheExcludedAndKeepsTheTurn) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, kLowestIndex, {});
  Dispatcher rule(DispatchRule::kRoundRobin, 1, 2);
  const DispatchView view{index};
  const auto& capable = f.world.orgs_by_category[0];  // orgs 0, 1, 2
  std::vector<std::int32_t> picks;
  for (int i = 0; i < 4; ++i) picks.push_back(rule.choose_excluding(capable, {1}, 0, 0, view));
  EXPECT_EQ(picks, (std::vector<std::int32_t>{0, 2, 0, 2}));
  // The turn moved on past the last pick: the plain rule continues from there.
  EXPECT_EQ(rule.choose(capable, 0, 0, view), 0);
  EXPECT_EQ(rule.choose_excluding(capable, {0}, 0, 0, view), 1);
  EXPECT_EQ(rule.choose(capable, 0, 0, view), 2);
}

TEST(DispatchExcluding, RandomIsReproducible) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, kLowestIndex, {});
  Dispatcher a(DispatchRule::kRandom, 7, 2), b(DispatchRule::kRandom, 7, 2);
  const DispatchView view{index};
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(a.choose_excluding(f.world.orgs_by_category[1], {2}, 1, 0, view),
              b.choose_excluding(f.world.orgs_by_category[1], {2}, 1, 0, view));
  }
}

// ---- Ties among equally good organizations (dispatch.tie_break, issue 13) --------------------

TEST(DispatchTies, LeastRecentTakesEqualOrganizationsInTurnSoNoneIsStarvedByItsIndex) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, TieBreak::kLeastRecent, all_orderings());
  const DispatchView view{index};
  const auto& capable = f.world.orgs_by_category[0];  // orgs 0, 1, 2, all idle
  for (const DispatchRule r :
       {DispatchRule::kShortestQueue, DispatchRule::kBestRated, DispatchRule::kAllianceFirst}) {
    Dispatcher rule(r, 1, 2);
    std::vector<std::int32_t> picks;
    for (int i = 0; i < 6; ++i) {
      // An order from alliance 0: alliance_first keeps to its orgs 0 and 1.
      const auto pick = rule.choose(capable, 0, 0, view);
      picks.push_back(pick);
      f.assign(pick, index);  // the order is done before the next arrives: loads stay 0
    }
    if (r == DispatchRule::kAllianceFirst) {
      EXPECT_EQ(picks, (std::vector<std::int32_t>{0, 1, 0, 1, 0, 1})) << "alliance 0: 0 and 1";
    } else {
      // Never-assigned first (lowest index among them), then whoever waited longest.
      const auto first = picks.front();
      std::set<std::int32_t> first_three(picks.begin(), picks.begin() + 3);
      EXPECT_EQ(first_three, (std::set<std::int32_t>{0, 1, 2})) << "rule " << static_cast<int>(r);
      EXPECT_EQ(picks[3], first) << "rule " << static_cast<int>(r);
      EXPECT_EQ(std::vector<std::int32_t>(picks.begin() + 3, picks.end()),
                std::vector<std::int32_t>(picks.begin(), picks.begin() + 3))
          << "rule " << static_cast<int>(r);
    }
  }
}

TEST(DispatchTies, LoadStillComesBeforeTheTurn) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, TieBreak::kLeastRecent, all_orderings());
  Dispatcher rule(DispatchRule::kShortestQueue, 1, 2);
  const DispatchView view{index};
  const auto& capable = f.world.orgs_by_category[0];
  f.assign(1, index);
  f.assign(2, index);                              // 0 never assigned: first in turn ...
  f.set_load(0, 1, 0, index);                      // ... but busier (0.5) than the idle 1 and 2
  EXPECT_EQ(rule.choose(capable, 0, 0, view), 1);  // of 1 and 2, 1 waited longer
  EXPECT_EQ(rule.choose_excluding(capable, {}, 0, 0, view), 1);
  EXPECT_EQ(rule.choose_excluding(capable, {1}, 0, 0, view), 2);
  f.set_load(0, 0, 0, index);
  EXPECT_EQ(rule.choose(capable, 0, 0, view), 0);
  EXPECT_EQ(rule.choose_excluding(capable, {}, 0, 0, view), 0);
}

TEST(DispatchTies, LowestIndexKeepsTheOldRuleByName) {
  Fixture f;
  OrgIndex index(f.world, f.orgs, TieBreak::kLowestIndex, all_orderings());
  Dispatcher rule(DispatchRule::kShortestQueue, 1, 2);
  const DispatchView view{index};
  for (int i = 0; i < 4; ++i) {
    const auto pick = rule.choose(f.world.orgs_by_category[0], 0, 0, view);
    EXPECT_EQ(pick, 0);  // starved: 1 and 2 never get an order while 0 is idle
    f.assign(pick, index);
  }
}
