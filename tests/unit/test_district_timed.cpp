// The District's timed rules, driven on a ManualClock (no SimGrid, no actors): escalation at
// created + deadline and the queue jump, the end of a service and the next order, the wait
// for a venue and its time-out, walk-ins held until a point opens, the committee's hand-over
// and the offers cap, partner units holding items until their meeting, and money.
//
// Service durations are lognormal with a cv of 0.01 in these worlds, so "about 1000 h" is
// within 5% with certainty for practical purposes; the rules are checked on the recorded times
// (one order starts exactly when another ends), not on drawn numbers.
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "config/scenario_loader.hpp"
#include "engine/district.hpp"
#include "engine/manual_clock.hpp"

using orgsim::core::AssigneeKind;
using orgsim::core::Channel;
using orgsim::core::FinalState;
using orgsim::core::Kind;
using orgsim::core::Order;
using orgsim::core::Source;
using orgsim::engine::build_world;
using orgsim::engine::District;
using orgsim::engine::ManualClock;

namespace {

// Keeps each order as it was closed, and every decline.
class OrderLog final : public orgsim::core::EventSink {
 public:
  std::map<std::int64_t, Order> closed;  // by order id
  std::vector<orgsim::core::DeclineRecord> declines;
  void on_order_closed(const Order& o) override { closed[o.id] = o; }
  void on_decline(const orgsim::core::DeclineRecord& r) override { declines.push_back(r); }
};

constexpr double kDeadlineH = 10.0;

// One town, two branches, one service point and one partner unit; `orgs` social organizations
// of one staff member each, every one serving both categories; services of about
// `service_h` hours. `extra` settings override these.
orgsim::config::Scenario world_of(int orgs, double service_h,
                                  std::initializer_list<std::string> extra = {}) {
  std::vector<std::string> settings = {
      "district.towns=甲",
      "district.branches=2",
      "district.areas=1",
      "district.social_orgs=" + std::to_string(orgs),
      "district.partner_units=1",
      "district.alliances=1",
      "district.committee_staff=1",
      "demand.categories=a,b",
      "dispatch.categories_per_org=2",
      "dispatch.answer_deadline_h=" + std::to_string(kDeadlineH),
      "service.org_staff_model=fixed",
      "service.org_staff_mean=1",
      "service.partner_staff=1",
      "service.duration_cv=0.01",
      "service.immediate_mean_h=" + std::to_string(service_h),
      "service.non_immediate_mean_h=" + std::to_string(service_h),
      "service.special_mean_h=" + std::to_string(service_h),
      "inspection.groups=1",
  };
  settings.insert(settings.end(), extra.begin(), extra.end());
  const auto loaded = orgsim::config::load_scenario({"test", "", settings, std::nullopt});
  for (const auto& problem : loaded.problems) ADD_FAILURE() << problem.to_string();
  return *loaded.scenario;
}

// A District on a manual clock, with its log.
struct Bench {
  explicit Bench(const orgsim::config::Scenario& s)
      : scenario(s), district(scenario, build_world(scenario), log, clock) {}
  orgsim::config::Scenario scenario;
  OrderLog log;
  ManualClock clock;
  District district;

  // A new order from the public of branch 0, placed at once; returns its id.
  std::int64_t place(Kind kind, bool activity = false, double cost_yuan = 0.0) {
    const auto slot =
        district.create_order(Source::kPublic, Channel::kOnline, kind, 0, 0, activity, cost_yuan);
    const auto id = district.order(slot).id;
    district.place(slot);
    return id;
  }
  // A walk-in of branch 0 who finds service point 0 closed and waits for it; returns its id.
  std::int64_t walk_in_waiting() {
    const auto slot = district.create_order(Source::kPublic, Channel::kOffline, Kind::kImmediate, 0,
                                            0, false, 0.0);
    district.wait_for_point(0, slot);
    return district.order(slot).id;
  }
  // The order as it ended (the year end closes whatever is still open).
  const Order& ended(std::int64_t id) {
    if (!district.finished()) district.close_year();
    EXPECT_FALSE(district.violation()) << *district.violation();
    return log.closed.at(id);
  }
};

}  // namespace

TEST(DistrictTimed, AServiceEndsAfterItsDurationAndTheNextOrderInTheQueueStartsThen) {
  Bench b(world_of(1, 1000.0));
  const auto first = b.place(Kind::kImmediate);
  const auto second = b.place(Kind::kImmediate);
  b.clock.advance_to(500.0);
  EXPECT_TRUE(b.log.closed.empty());  // one staff member, busy with the first
  b.clock.advance_to(5000.0);
  const Order a = b.ended(first);
  const Order c = b.ended(second);
  EXPECT_EQ(a.state, FinalState::kServed);
  EXPECT_NEAR(a.finished_h, 1000.0, 50.0);
  EXPECT_EQ(a.closed_h, a.finished_h);
  EXPECT_EQ(c.state, FinalState::kServed);
  EXPECT_EQ(c.started_h, a.finished_h);  // the staff member took it the moment it was free
  EXPECT_NEAR(c.finished_h - c.started_h, 1000.0, 50.0);
}

TEST(DistrictTimed, AnOrderNotStartedByItsDeadlineIsEscalatedThenAndNotBefore) {
  Bench b(world_of(1, 1000.0));
  b.place(Kind::kImmediate);  // takes the only staff member
  const auto waiting = b.place(Kind::kImmediate);
  b.clock.advance_to(kDeadlineH - 0.001);
  EXPECT_EQ(b.district.counts().escalated, 0);
  b.clock.advance_to(kDeadlineH);
  EXPECT_EQ(b.district.counts().escalated, 1);
  EXPECT_TRUE(b.ended(waiting).escalated);
}

TEST(DistrictTimed, AnOrderStartedBeforeItsDeadlineIsNeverEscalated) {
  Bench b(world_of(1, 5.0));
  b.place(Kind::kImmediate);
  const auto next = b.place(Kind::kImmediate);  // starts at about 5 h, before 10 h
  b.clock.advance_to(100.0);
  EXPECT_EQ(b.district.counts().escalated, 0);
  EXPECT_FALSE(b.ended(next).escalated);
}

TEST(DistrictTimed, AnEscalatedOrderJumpsAheadOfOrdersNotEscalated) {
  // A walk-in who waited for the point to open (created at 0, queued at 6) is due at 10, before
  // an online order created at 5 (due at 15) that joined the queue ahead of it.
  Bench b(world_of(1, 1000.0));
  b.place(Kind::kImmediate);  // in service until about 1000 h
  const auto walk_in = b.walk_in_waiting();
  b.clock.advance_to(5.0);
  const auto online = b.place(Kind::kImmediate);
  b.clock.advance_to(6.0);
  b.district.duty_started(0);  // the walk-in is placed now, behind the online order
  b.clock.advance_to(5000.0);
  const Order w = b.ended(walk_in);
  const Order o = b.ended(online);
  EXPECT_TRUE(w.escalated);
  EXPECT_TRUE(o.escalated);
  EXPECT_LT(w.started_h, o.started_h);  // escalated first (at 10 h), so served first
}

TEST(DistrictTimed, AWalkInIsHeldUntilThePointOpensAndTakenThen) {
  Bench b(world_of(1, 1.0));
  const auto id = b.walk_in_waiting();
  b.clock.advance_to(4.0);
  EXPECT_EQ(b.district.points()[0].orders_taken, 0);
  b.district.duty_started(0);
  EXPECT_EQ(b.district.points()[0].orders_taken, 1);
  b.clock.advance_to(50.0);
  const Order o = b.ended(id);
  EXPECT_EQ(o.dispatched_h, 4.0);
  EXPECT_EQ(o.started_h, 4.0);
  EXPECT_FALSE(o.escalated);  // 4 h < the 10 h deadline
}

TEST(DistrictTimed, AWalkInTakenAfterItsDeadlineCountsAsEscalated) {
  Bench b(world_of(1, 1.0));
  const auto id = b.walk_in_waiting();
  b.clock.advance_to(kDeadlineH + 2.0);
  b.district.duty_started(0);
  EXPECT_EQ(b.district.counts().escalated, 1);
  EXPECT_TRUE(b.ended(id).escalated);
}

TEST(DistrictTimed, AnActivityWithoutAVenueWaitsAndIsCancelledAtTheTimeOut) {
  // Two staff members, one venue: the second activity waits venue_wait_h and gives up.
  Bench b(world_of(2, 1000.0, {"resources.venues_per_street=1", "resources.venue_wait_h=5"}));
  const auto first = b.place(Kind::kImmediate, true, 100.0);
  const auto second = b.place(Kind::kImmediate, true, 100.0);
  b.clock.advance_to(4.999);
  EXPECT_EQ(b.log.closed.count(second), 0u);
  b.clock.advance_to(5.0);
  ASSERT_EQ(b.log.closed.count(second), 1u);
  EXPECT_EQ(b.log.closed.at(second).state, FinalState::kCancelledNoVenue);
  EXPECT_EQ(b.log.closed.at(second).closed_h, 5.0);
  EXPECT_EQ(b.ended(first).state, FinalState::kOpenAtYearEnd);  // still being served
  // Only the activity that got its venue was paid for.
  EXPECT_EQ(b.district.resources().spent_budget_yuan(), 100.0);
}

TEST(DistrictTimed, AVenueComingBackGoesToTheActivityWaitingForIt) {
  Bench b(world_of(2, 3.0, {"resources.venues_per_street=1", "resources.venue_wait_h=5"}));
  const auto first = b.place(Kind::kImmediate, true, 100.0);
  const auto second = b.place(Kind::kImmediate, true, 100.0);
  b.clock.advance_to(100.0);
  const Order a = b.ended(first);
  const Order c = b.ended(second);
  EXPECT_EQ(c.state, FinalState::kServed);
  EXPECT_EQ(c.started_h, a.finished_h);  // the venue came back and it started then (< 5 h)
  EXPECT_EQ(b.district.resources().spent_budget_yuan(), 200.0);
}

TEST(DistrictTimed, PartnerUnitsHoldNonImmediateItemsUntilTheirMeeting) {
  Bench b(world_of(1, 2.0));
  const auto id = b.place(Kind::kNonImmediate);
  b.clock.advance_to(7.0);
  EXPECT_EQ(b.district.partner_pending(0).size(), 1u);
  b.district.plan_partner_orders(0);  // the unit's meeting
  EXPECT_TRUE(b.district.partner_pending(0).empty());
  b.clock.advance_to(50.0);
  const Order o = b.ended(id);
  EXPECT_EQ(o.assignee_kind, AssigneeKind::kPartnerUnit);
  EXPECT_EQ(o.started_h, 7.0);
  EXPECT_EQ(o.state, FinalState::kServed);
}

TEST(DistrictTimed, PartnerUnitsWithoutMeetingsStartItemsAtOnce) {
  Bench b(world_of(1, 2.0, {"dispatch.partner_meeting_interval_h=0"}));
  const auto id = b.place(Kind::kNonImmediate);
  EXPECT_TRUE(b.district.partner_pending(0).empty());
  b.clock.advance_to(50.0);
  EXPECT_EQ(b.ended(id).started_h, 0.0);
}

TEST(DistrictTimed, TheCommitteeHandsASpecialNeedToAnOrganizationByTheDispatchRule) {
  Bench b(world_of(2, 2.0));
  const auto id = b.place(Kind::kSpecial);
  ASSERT_TRUE(b.district.special_waiting());
  b.clock.advance_to(24.0);  // the committee's search took a day
  const auto slot = b.district.next_special();
  ASSERT_TRUE(slot.has_value());
  EXPECT_FALSE(b.district.special_waiting());
  EXPECT_TRUE(b.district.route_special(*slot));
  b.clock.advance_to(50.0);
  const Order o = b.ended(id);
  EXPECT_EQ(o.assignee_kind, AssigneeKind::kSocialOrg);
  EXPECT_EQ(o.started_h, 24.0);
  EXPECT_EQ(o.state, FinalState::kServed);
}

namespace {

// Protective organizations that all decline an order that has waited: each has a standing
// (one order served with votes) and any wait lowers what they expect of the next.
orgsim::config::Scenario protective_world(int offers) {
  return world_of(
      3, 1.0,
      {"behaviour.organization=protective", "behaviour.protect_margin=1", "behaviour.decline_hit=0",
       "service.vote_share=1", "service.people_targeted_mean=50",
       "behaviour.offers_per_order=" + std::to_string(offers)});
}

// Serves one order at each of the three organizations so each has a standing, then places a
// special need that the committee tries to hand over after a long search.
std::int64_t special_after_standing(Bench& b) {
  for (int i = 0; i < 3; ++i) b.place(Kind::kImmediate);
  b.clock.advance_to(24.0);
  const auto id = b.place(Kind::kSpecial);
  b.clock.advance_to(200.0);  // the search: the order has waited, every organization declines
  return id;
}

}  // namespace

TEST(DistrictTimed, TheCommitteeKeepsASpecialNeedAfterTheOffersCap) {
  Bench b(protective_world(2));
  const auto id = special_after_standing(b);
  const auto slot = b.district.next_special();
  ASSERT_TRUE(slot.has_value());
  EXPECT_FALSE(b.district.route_special(*slot));  // the caller (the committee) serves it
  EXPECT_EQ(b.log.declines.size(), 2u);           // two offers, not three
  EXPECT_EQ(b.district.order(*slot).declines, 2);
  b.district.committee_started(*slot);
  b.clock.advance_to(210.0);
  b.district.committee_finished(*slot);
  const Order o = b.ended(id);
  EXPECT_EQ(o.assignee_kind, AssigneeKind::kDistrictCommittee);
  EXPECT_EQ(o.state, FinalState::kServed);
}

TEST(DistrictTimed, OffersStopWhenEveryCapableOrganizationDeclined) {
  Bench b(protective_world(10));
  special_after_standing(b);
  const auto slot = b.district.next_special();
  ASSERT_TRUE(slot.has_value());
  EXPECT_FALSE(b.district.route_special(*slot));
  EXPECT_EQ(b.log.declines.size(), 3u);  // each of the three, once
}

TEST(DistrictTimed, AnOrderEveryOrganizationDeclinedStaysWithTheCommittee) {
  // Services of about 1000 h: once each organization has a standing and a busy staff member,
  // a new order would wait about 1000 h for any of them, and every one declines it.
  Bench b(world_of(3, 1000.0,
                   {"behaviour.organization=protective", "behaviour.protect_margin=1",
                    "behaviour.decline_hit=0", "service.vote_share=1",
                    "service.people_targeted_mean=50", "behaviour.offers_per_order=10"}));
  for (int i = 0; i < 3; ++i) b.place(Kind::kImmediate);
  b.clock.advance_to(1500.0);                             // each organization has served one order
  for (int i = 0; i < 3; ++i) b.place(Kind::kImmediate);  // each is busy again
  ASSERT_TRUE(b.log.declines.empty());
  const auto id = b.place(Kind::kImmediate);
  EXPECT_EQ(b.log.declines.size(), 3u);
  ASSERT_TRUE(b.district.special_waiting());  // left to the district committee
  const auto slot = b.district.next_special();
  ASSERT_TRUE(slot.has_value());
  EXPECT_EQ(b.district.order(*slot).id, id);
  EXPECT_FALSE(b.district.route_special(*slot));  // not offered again
  EXPECT_EQ(b.log.declines.size(), 3u);
}

TEST(DistrictTimed, AnActivityIsPaidFromTheBudgetFirstThenTheFundAndNeverOnCredit) {
  // A town budget of 250 yuan and a branch fund of 100 * payout (1.1 to 1.5, so 110 to 150).
  // 50 and 180 come from the budget although the fund could pay them; 100 then comes from
  // the fund (the budget has 20 left); the last 100 from neither (the fund has 10 to 50 left).
  Bench b(world_of(
      4, 1.0,
      {"resources.budget_yuan=250", "resources.budget_growth=0", "resources.fund_deposit_yuan=100",
       "resources.fund_payout_min=1.1", "resources.fund_payout_max=1.5"}));
  std::vector<std::int64_t> ids;
  for (double cost : {50.0, 180.0, 100.0, 100.0})
    ids.push_back(b.place(Kind::kImmediate, true, cost));
  b.clock.advance_to(50.0);
  const auto& money = b.district.resources();
  EXPECT_EQ(money.spent_budget_yuan(), 230.0);
  EXPECT_EQ(money.spent_fund_yuan(), 100.0);
  EXPECT_EQ(money.budget_left_yuan(0), 20.0);
  EXPECT_GE(money.fund_left_yuan(0), 10.0 - 1e-9);
  EXPECT_LE(money.fund_left_yuan(0), 50.0 + 1e-9);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(b.ended(ids[i]).state, FinalState::kServed) << i;
  EXPECT_EQ(b.ended(ids[3]).state, FinalState::kCancelledNoMoney);
}

TEST(DistrictTimed, YearlyMoneyIsGrantedProRataToTheRunsLength) {
  // 73 days are a fifth of a year: a fifth of the 1000-yuan budget.
  Bench b(
      world_of(1, 1.0, {"run.days=73", "resources.budget_yuan=1000", "resources.budget_growth=0"}));
  EXPECT_DOUBLE_EQ(b.district.resources().budget_left_yuan(0), 200.0);
}

TEST(DistrictTimed, ABrokenInvariantStopsTheRunNoTimedEventRunsAfterIt) {
  Bench b(world_of(1, 10.0));
  b.place(Kind::kImmediate);
  b.district.violate("a test's broken invariant");
  EXPECT_TRUE(b.district.stopped());
  b.clock.advance_to(100.0);  // the service end is due but does not run
  EXPECT_TRUE(b.log.closed.empty());
  EXPECT_EQ(*b.district.violation(), "a test's broken invariant");
}

TEST(ManualClock, FiresDueTimersInTimeThenSchedulingOrderAtTheirOwnTimes) {
  ManualClock clock;
  struct Fired {
    ManualClock* clock;
    std::vector<std::pair<std::uint64_t, double>> seen;
  } fired{&clock, {}};
  auto note = [](void* target, std::uint64_t argument) {
    auto* f = static_cast<Fired*>(target);
    f->seen.emplace_back(argument, f->clock->now_h());
  };
  clock.schedule_at(5.0, note, &fired, 1);
  clock.schedule_at(2.0, note, &fired, 2);
  clock.schedule_at(5.0, note, &fired, 3);
  auto cancelled = clock.schedule_at(3.0, note, &fired, 4);
  clock.cancel(cancelled);
  EXPECT_EQ(cancelled, orgsim::engine::kNoTimer);
  clock.advance_to(4.0);
  EXPECT_EQ(clock.now_h(), 4.0);
  clock.advance_to(10.0);
  const std::vector<std::pair<std::uint64_t, double>> expected = {{2, 2.0}, {1, 5.0}, {3, 5.0}};
  EXPECT_EQ(fired.seen, expected);
  EXPECT_EQ(clock.pending(), 0u);
}
