// Descriptive statistics: numpy-compatible quantiles, sample standard deviation.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/stats.hpp"

namespace orgsim::core {
namespace {

// Expected values are numpy.quantile(x, q) (method "linear", type 7): h = (n - 1) q, then
// x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]).
TEST(QuantileSorted, MatchesNumpyLinearOnFourValues) {
  const std::vector<double> x = {1.0, 2.0, 3.0, 4.0};
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.1), 1.3);    // h = 0.3: 1 + 0.3 * 1
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.25), 1.75);  // h = 0.75
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.5), 2.5);    // h = 1.5
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.9), 3.7);    // h = 2.7: 3 + 0.7 * 1
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 1.0), 4.0);
}

TEST(QuantileSorted, MatchesNumpyLinearOnUnevenGaps) {
  const std::vector<double> x = {10.0, 20.0, 40.0, 80.0, 160.0};
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.1), 14.0);   // h = 0.4: 10 + 0.4 * 10
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.25), 20.0);  // h = 1: exactly x[1]
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.5), 40.0);   // h = 2
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.6), 56.0);   // h = 2.4: 40 + 0.4 * 40
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.9), 128.0);  // h = 3.6: 80 + 0.6 * 80
}

TEST(QuantileSorted, SingleValueAndClampedQ) {
  EXPECT_EQ(quantile_sorted({7.5}, 0.0), 7.5);
  EXPECT_EQ(quantile_sorted({7.5}, 0.37), 7.5);
  EXPECT_EQ(quantile_sorted({7.5}, 1.0), 7.5);
  EXPECT_EQ(quantile_sorted({1.0, 2.0}, -0.5), 1.0);
  EXPECT_EQ(quantile_sorted({1.0, 2.0}, 1.5), 2.0);
}

TEST(Describe, SortsAndFillsEveryField) {
  // Unsorted input {4, 1, 3, 2}: mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5,
  // sd = sqrt(5 / 3) = 1.2909944...; quantiles as on {1, 2, 3, 4} above.
  const Distribution d = describe({4.0, 1.0, 3.0, 2.0});
  EXPECT_EQ(d.count, 4);
  EXPECT_DOUBLE_EQ(d.mean, 2.5);
  EXPECT_DOUBLE_EQ(d.sd, std::sqrt(5.0 / 3.0));
  EXPECT_DOUBLE_EQ(d.min, 1.0);
  EXPECT_DOUBLE_EQ(d.p10, 1.3);
  EXPECT_DOUBLE_EQ(d.median, 2.5);
  EXPECT_DOUBLE_EQ(d.p90, 3.7);
  EXPECT_DOUBLE_EQ(d.max, 4.0);
}

TEST(Describe, SdIsTheSampleSdAndStableForLargeOffsets) {
  // {1e9 + 1, 1e9 + 2, 1e9 + 3}: sd 1 exactly; a sum-of-squares formula loses it to cancellation.
  const Distribution d = describe({1e9 + 1.0, 1e9 + 2.0, 1e9 + 3.0});
  EXPECT_DOUBLE_EQ(d.sd, 1.0);
  EXPECT_DOUBLE_EQ(describe({2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}).sd, std::sqrt(32.0 / 7.0));
}

TEST(Describe, OneValueHasZeroSd) {
  const Distribution d = describe({3.0});
  EXPECT_EQ(d.count, 1);
  EXPECT_EQ(d.mean, 3.0);
  EXPECT_EQ(d.sd, 0.0);
  EXPECT_EQ(d.min, 3.0);
  EXPECT_EQ(d.median, 3.0);
  EXPECT_EQ(d.max, 3.0);
}

TEST(Describe, EmptyInputGivesZeros) {
  const Distribution d = describe({});
  EXPECT_EQ(d.count, 0);
  EXPECT_EQ(d.mean, 0.0);
  EXPECT_EQ(d.sd, 0.0);
  EXPECT_EQ(d.min, 0.0);
  EXPECT_EQ(d.p10, 0.0);
  EXPECT_EQ(d.median, 0.0);
  EXPECT_EQ(d.p90, 0.0);
  EXPECT_EQ(d.max, 0.0);
}

}  // namespace
}  // namespace orgsim::core
