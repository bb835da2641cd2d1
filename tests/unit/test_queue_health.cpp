// When the summary says a queue does not settle: the backlog and wait-growth tests on
// synthetic orders (results/queue_health.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/order.hpp"
#include "results/queue_health.hpp"

namespace orgsim::results {
namespace {

using core::AssigneeKind;
using core::FinalState;

constexpr double kHorizonH = 1000.0;

core::Order order_of(AssigneeKind kind, double created_h, double started_h, FinalState state) {
  core::Order o;
  o.assignee_kind = kind;
  o.created_h = created_h;
  o.started_h = started_h;
  o.state = state;
  return o;
}

config::WarningParams params(double backlog_share = 0.1, double ratio = 2.0,
                             std::int64_t min_orders = 20) {
  return {backlog_share, ratio, min_orders};
}

TEST(QueueTally, AveragesWaitsByTheHalfTheOrdersStartedIn) {
  QueueTally t;
  t.add(order_of(AssigneeKind::kPartnerUnit, 100, 150, FinalState::kServed), kHorizonH);
  t.add(order_of(AssigneeKind::kPartnerUnit, 300, -1, FinalState::kCancelledNoVenue), kHorizonH);
  t.add(order_of(AssigneeKind::kPartnerUnit, 450, 510, FinalState::kServed), kHorizonH);
  t.add(order_of(AssigneeKind::kPartnerUnit, 700, -1, FinalState::kOpenAtYearEnd), kHorizonH);
  t.add(order_of(AssigneeKind::kPartnerUnit, 800, 820, FinalState::kOpenAtYearEnd), kHorizonH);
  EXPECT_EQ(t.orders, 5);
  EXPECT_EQ(t.open_at_end, 2);
  EXPECT_DOUBLE_EQ(t.mean_wait_h(0), 50.0);                 // started at 150
  EXPECT_DOUBLE_EQ(t.mean_wait_h(1), (60.0 + 20.0) / 2.0);  // started at 510 and 820
}

// Every order served within a few hours, a handful open at the end: it settles.
TEST(AssessQueues, ASteadyQueueGivesNoWarning) {
  QueueTallies t{};
  auto& orgs = t[static_cast<std::size_t>(AssigneeKind::kSocialOrg)];
  for (int i = 0; i < 100; ++i) {
    const double created = i * 10.0;
    const bool last = i >= 98;  // 2 of 100 open: below a tenth
    orgs.add(order_of(AssigneeKind::kSocialOrg, created, last ? -1 : created + 3.0,
                      last ? FinalState::kOpenAtYearEnd : FinalState::kServed),
             kHorizonH);
  }
  EXPECT_TRUE(assess_queues(t, params()).empty());
}

// One server, an order every 25 h, each taking 40 h: the queue grows without bound. Both
// tests fail: waits rise with the start time, and orders pile up at the end.
TEST(AssessQueues, AGrowingQueueWarnsWithBothReasons) {
  QueueTallies t{};
  auto& committee = t[static_cast<std::size_t>(AssigneeKind::kDistrictCommittee)];
  double free_at = 0.0;
  for (int i = 0; i < 40; ++i) {
    const double created = i * 25.0;
    const double start = std::max(created, free_at);
    const bool started = start < kHorizonH;
    if (started) free_at = start + 40.0;
    committee.add(order_of(AssigneeKind::kDistrictCommittee, created, started ? start : -1,
                           started && free_at <= kHorizonH ? FinalState::kServed
                                                           : FinalState::kOpenAtYearEnd),
                  kHorizonH);
  }
  const auto warnings = assess_queues(t, params());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].assignee, AssigneeKind::kDistrictCommittee);
  EXPECT_TRUE(warnings[0].backlog);
  EXPECT_TRUE(warnings[0].wait_growth);
  EXPECT_EQ(warnings[0].open_at_end, 15);  // 25 started, the last at 960 h; 15 never
  EXPECT_NE(warnings[0].message().find("district committee's queue"), std::string::npos);
  EXPECT_NE(warnings[0].message().find("15 of its 40 orders"), std::string::npos);
}

TEST(AssessQueues, FewOrdersAreNotJudgedAndTheThresholdsAreTheParameters) {
  QueueTallies t{};
  auto& units = t[static_cast<std::size_t>(AssigneeKind::kPartnerUnit)];
  for (int i = 0; i < 10; ++i)  // 3 of 10 open at the end
    units.add(order_of(AssigneeKind::kPartnerUnit, i * 90.0, i < 7 ? i * 90.0 + 5 : -1,
                       i < 7 ? FinalState::kServed : FinalState::kOpenAtYearEnd),
              kHorizonH);
  EXPECT_TRUE(assess_queues(t, params(0.1, 2.0, 20)).empty());  // 10 orders: not judged
  const auto judged = assess_queues(t, params(0.1, 1000.0, 10));
  ASSERT_EQ(judged.size(), 1u);
  EXPECT_TRUE(judged[0].backlog);
  EXPECT_FALSE(judged[0].wait_growth);
  EXPECT_TRUE(assess_queues(t, params(0.5, 1000.0, 10)).empty());  // 30% is below a half
}

// Minutes do not make a trend: a first half under an hour counts as an hour.
TEST(AssessQueues, TinyWaitsDoNotMakeATrend) {
  QueueTallies t{};
  auto& orgs = t[static_cast<std::size_t>(AssigneeKind::kSocialOrg)];
  for (int i = 0; i < 40; ++i) {
    const double created = i * 25.0;
    const double wait = created < kHorizonH / 2 ? 0.01 : 1.5;  // 150 times more, but 1.5 h
    orgs.add(order_of(AssigneeKind::kSocialOrg, created, created + wait, FinalState::kServed),
             kHorizonH);
  }
  EXPECT_TRUE(assess_queues(t, params()).empty());
}

// Chance does not make a trend either: a few long waits among many short ones can double a
// half's mean (the Rui'an park's teams: 1 h, then 2 h) without any growth of the queue.
TEST(AssessQueues, AChanceRiseWithinTheSpreadIsNoTrendButTheSameRiseInEveryOrderIs) {
  QueueTallies noisy{};
  QueueTallies steady_rise{};
  auto& orgs = noisy[static_cast<std::size_t>(AssigneeKind::kSocialOrg)];
  auto& rising = steady_rise[static_cast<std::size_t>(AssigneeKind::kSocialOrg)];
  for (int i = 0; i < 200; ++i) {
    const double created = i * 5.0;
    const bool second = created >= kHorizonH / 2;
    // Noisy: one wait in 20 is long (20 h in the first half, 45 h in the second), the rest 0.
    const double long_wait = i % 20 == 7 ? (second ? 45.0 : 20.0) : 0.0;
    orgs.add(order_of(AssigneeKind::kSocialOrg, created, created + long_wait, FinalState::kServed),
             kHorizonH);
    // Steady: every order waits the half's mean (1 h, then 2.25 h).
    rising.add(order_of(AssigneeKind::kSocialOrg, created, created + (second ? 2.25 : 1.0),
                        FinalState::kServed),
               kHorizonH);
  }
  ASSERT_DOUBLE_EQ(orgs.mean_wait_h(0), 1.0);
  ASSERT_DOUBLE_EQ(orgs.mean_wait_h(1), 2.25);
  EXPECT_TRUE(assess_queues(noisy, params()).empty());
  const auto warned = assess_queues(steady_rise, params());
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_TRUE(warned[0].wait_growth);
}

TEST(QueueTally, TheVarianceOfAHalfsMeanIsTheSampleVarianceOverN) {
  QueueTally t;
  for (double wait : {1.0, 2.0, 3.0, 6.0})
    t.add(order_of(AssigneeKind::kSocialOrg, 0, wait, FinalState::kServed), kHorizonH);
  // mean 3, sample variance (4 + 1 + 0 + 9) / 3 = 14/3, over n = 4
  EXPECT_NEAR(t.mean_wait_variance_h2(0), 14.0 / 3.0 / 4.0, 1e-12);
  EXPECT_TRUE(std::isnan(t.mean_wait_variance_h2(1)));
}

}  // namespace
}  // namespace orgsim::results
