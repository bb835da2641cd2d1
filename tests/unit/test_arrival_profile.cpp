// Daily and weekly arrival patterns (thinning), and the evaluation of one service.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "core/arrival_profile.hpp"
#include "core/evaluation.hpp"

using orgsim::core::ArrivalProfile;
using orgsim::core::RandomStream;

namespace {
std::vector<double> flat(std::size_t n) { return std::vector<double>(n, 1.0); }
}  // namespace

TEST(ArrivalProfile, FactorAveragesOneOverTheWeek) {
  std::vector<double> hourly = flat(24);
  hourly[10] = 5.0;
  std::vector<double> weekly = flat(7);
  weekly[6] = 3.0;
  const ArrivalProfile p(hourly, weekly);
  double sum = 0.0;
  for (int h = 0; h < 168; ++h) sum += p.factor(h + 0.5);
  EXPECT_NEAR(sum / 168.0, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(p.factor(6 * 24 + 10.5) / p.factor(10.5), 3.0);  // Sunday vs Monday
  EXPECT_DOUBLE_EQ(p.factor(10.5) / p.factor(9.5), 5.0);
  EXPECT_DOUBLE_EQ(p.factor(168 + 10.5), p.factor(10.5));  // the pattern repeats weekly
}

// Weights are relative: products that overflow (1e308 x 1e308) or underflow to nothing
// (1e-200 x 1e-200) used to make thinning run for ever; they give the flat profile they mean.
TEST(ArrivalProfile, ExtremeButValidWeightsGiveTheProfileTheyMean) {
  std::vector<double> huge(24, 1e308), tiny_hours(24, 1e-200), tiny_days(7, 1e-200);
  huge[3] = 5e307;  // half the others
  for (const ArrivalProfile& p :
       {ArrivalProfile(huge, flat(7)), ArrivalProfile(tiny_hours, tiny_days)}) {
    double sum = 0.0;
    for (int h = 0; h < 168; ++h) {
      ASSERT_TRUE(std::isfinite(p.factor(h + 0.5)));
      sum += p.factor(h + 0.5);
    }
    EXPECT_NEAR(sum / 168.0, 1.0, 1e-12);
    EXPECT_TRUE(std::isfinite(p.max_factor()));
    EXPECT_GT(p.max_factor(), 0.0);
  }
  const ArrivalProfile p(huge, flat(7));
  EXPECT_DOUBLE_EQ(p.factor(3.5) / p.factor(4.5), 0.5);
  RandomStream rng(1, "test");
  EXPECT_LT(p.next_arrival(0.0, 1.0, rng), 1e6);  // it ends
}

TEST(ArrivalProfile, ArrivalsFollowTheHourlyAndWeeklyWeights) {
  std::vector<double> hourly = flat(24);
  for (int h = 0; h < 6; ++h) hourly[h] = 0.0;  // nobody orders between midnight and 6
  hourly[12] = 4.0;
  std::vector<double> weekly = flat(7);
  weekly[5] = weekly[6] = 2.0;
  const ArrivalProfile p(hourly, weekly);
  RandomStream rng(99, "test");
  std::array<long, 24> by_hour{};
  std::array<long, 7> by_day{};
  long n = 0;
  const double rate = 2.0;  // per hour on average
  for (double t = p.next_arrival(0.0, rate, rng); t < 52 * 168.0;
       t = p.next_arrival(t, rate, rng)) {
    ++by_hour[static_cast<int>(std::fmod(t, 24.0))];
    ++by_day[static_cast<int>(std::fmod(t, 168.0) / 24.0)];
    ++n;
  }
  EXPECT_NEAR(static_cast<double>(n), rate * 52 * 168, 4 * std::sqrt(rate * 52 * 168));
  for (int h = 0; h < 6; ++h) EXPECT_EQ(by_hour[h], 0) << "hour " << h;
  // Hour 12 has four times the weight of hour 11.
  EXPECT_NEAR(static_cast<double>(by_hour[12]) / static_cast<double>(by_hour[11]), 4.0, 0.4);
  // Saturday has twice the weight of Monday.
  EXPECT_NEAR(static_cast<double>(by_day[5]) / static_cast<double>(by_day[0]), 2.0, 0.15);
}

TEST(Evaluation, WaitingLowersBothRatesAndCountsStayConsistent) {
  const orgsim::core::EvaluationParams params{20.0, 0.6, 100.0};
  RandomStream a(5, "evaluation"), b(5, "evaluation");
  long targeted = 0, attended_now = 0, attended_late = 0, votes_now = 0, satisfied_now = 0,
       votes_late = 0, satisfied_late = 0;
  for (int i = 0; i < 20000; ++i) {
    const auto now = orgsim::core::evaluate_service(0.9, 0.9, 0.0, params, a);
    const auto late = orgsim::core::evaluate_service(0.9, 0.9, 100.0, params, b);
    for (const auto& o : {now, late}) {
      ASSERT_GE(o.targeted, 1);
      ASSERT_LE(o.attended, o.targeted);
      ASSERT_LE(o.votes, o.attended);
      ASSERT_LE(o.satisfied, o.votes);
    }
    targeted += now.targeted;
    attended_now += now.attended;
    attended_late += late.attended;
    votes_now += now.votes;
    satisfied_now += now.satisfied;
    votes_late += late.votes;
    satisfied_late += late.satisfied;
  }
  const double decay = std::exp(-1.0);  // a wait of one tolerance
  EXPECT_NEAR(static_cast<double>(targeted) / 20000.0, 20.0, 0.2);
  EXPECT_NEAR(static_cast<double>(attended_now) / static_cast<double>(targeted), 0.9, 0.01);
  EXPECT_NEAR(static_cast<double>(satisfied_now) / static_cast<double>(votes_now), 0.9, 0.01);
  EXPECT_NEAR(static_cast<double>(satisfied_late) / static_cast<double>(votes_late), 0.9 * decay,
              0.015);
  EXPECT_LT(static_cast<double>(attended_late), static_cast<double>(attended_now) * 0.5);
}
