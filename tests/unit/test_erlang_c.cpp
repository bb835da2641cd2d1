// Erlang C against textbook values, M/M/1 and an independent (log-space) oracle.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/erlang_c.hpp"

namespace orgsim::core {
namespace {

// The textbook formula C = (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + (a^c / c!) c/(c-a)),
// computed in log space so it serves as an independent check for any c.
double erlang_c_oracle(double lambda, double mu, int c) {
  const double a = lambda / mu;
  auto log_term = [a](int k) { return k * std::log(a) - std::lgamma(k + 1.0); };
  const double log_top = log_term(c) + std::log(c / (c - a));
  double sum = 0.0;
  for (int k = 0; k < c; ++k) sum += std::exp(log_term(k) - log_top);
  return 1.0 / (sum + 1.0);
}

TEST(ErlangC, TextbookThreeServers) {
  // lambda = 2, mu = 1, c = 3: a = 2, C = 4/9, Wq = C / (c mu - lambda) = 4/9.
  EXPECT_NEAR(erlang_c_wait_probability(2.0, 1.0, 3), 4.0 / 9.0, 1e-12);
  EXPECT_NEAR(erlang_c_mean_wait(2.0, 1.0, 3), 4.0 / 9.0, 1e-12);
}

TEST(ErlangC, TextbookTwoServers) {
  // lambda = 1, mu = 1, c = 2: a = 1, C = (1/2 * 2) / (1 + 1 + 1) = 1/3, Wq = 1/3 / 1 = 1/3.
  EXPECT_NEAR(erlang_c_wait_probability(1.0, 1.0, 2), 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(erlang_c_mean_wait(1.0, 1.0, 2), 1.0 / 3.0, 1e-12);
}

TEST(ErlangC, OneServerIsMM1) {
  // M/M/1: P(wait) = rho, Wq = rho / (mu - lambda).
  for (const double lambda : {0.1, 0.5, 0.9, 0.99}) {
    const double mu = 1.0;
    EXPECT_NEAR(erlang_c_wait_probability(lambda, mu, 1), lambda / mu, 1e-12);
    EXPECT_NEAR(erlang_c_mean_wait(lambda, mu, 1), (lambda / mu) / (mu - lambda), 1e-9);
  }
  // Rates in other units: 3 per hour, service 4 per hour: Wq = 0.75 / 1 = 0.75 h.
  EXPECT_NEAR(erlang_c_mean_wait(3.0, 4.0, 1), 0.75, 1e-12);
}

TEST(ErlangC, AgreesWithTheTextbookFormula) {
  for (const int c : {1, 2, 5, 10, 50}) {
    for (const double load : {0.3, 0.7, 0.95}) {
      const double lambda = load * c * 2.0;  // mu = 2
      EXPECT_NEAR(erlang_c_wait_probability(lambda, 2.0, c), erlang_c_oracle(lambda, 2.0, c), 1e-10)
          << "c=" << c << " load=" << load;
    }
  }
}

TEST(ErlangC, StableForManyServers) {
  // a^c / c! overflows doubles here; the recursion does not.
  const double p = erlang_c_wait_probability(480.0, 1.0, 500);
  EXPECT_TRUE(std::isfinite(p));
  EXPECT_GT(p, 0.0);
  EXPECT_LT(p, 1.0);
  EXPECT_NEAR(p, erlang_c_oracle(480.0, 1.0, 500), 1e-9);
}

TEST(ErlangC, MoreServersWaitLess) {
  double previous = 1.0;
  for (int c = 3; c <= 10; ++c) {
    const double p = erlang_c_wait_probability(2.5, 1.0, c);
    EXPECT_LT(p, previous);
    previous = p;
  }
}

TEST(ErlangC, NoArrivalsAndUnstableQueues) {
  EXPECT_EQ(erlang_c_wait_probability(0.0, 1.0, 3), 0.0);
  EXPECT_EQ(erlang_c_mean_wait(0.0, 1.0, 3), 0.0);
  EXPECT_EQ(erlang_c_wait_probability(3.0, 1.0, 3), 1.0);
  EXPECT_EQ(erlang_c_mean_wait(3.0, 1.0, 3), std::numeric_limits<double>::infinity());
  EXPECT_EQ(erlang_c_mean_wait(5.0, 1.0, 3), std::numeric_limits<double>::infinity());
}

}  // namespace
}  // namespace orgsim::core
