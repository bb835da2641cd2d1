// Latin hypercube designs for sweeps: every stratum of every range used exactly once.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "sweep/latin_hypercube.hpp"

using orgsim::sweep::latin_hypercube;
using orgsim::sweep::VaryRange;

TEST(LatinHypercube, EachStratumOfEachRangeIsUsedOnce) {
  const std::int64_t n = 10;
  const auto points = latin_hypercube({{"a.x", 0.0, 1.0, false}, {"b.y", 10.0, 30.0, false}}, n, 7);
  ASSERT_EQ(points.size(), 10u);
  std::set<int> strata_x, strata_y;
  for (const auto& cell : points) {
    const auto& p = cell.values;
    ASSERT_EQ(p.size(), 2u);
    EXPECT_EQ(p[0].first, "a.x");
    EXPECT_EQ(cell.role, orgsim::sweep::DesignRole::kLhs);
    const double x = std::stod(p[0].second), y = std::stod(p[1].second);
    EXPECT_DOUBLE_EQ(x, cell.unit[0]);  // the range [0, 1] is the unit scale itself
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1.0);
    EXPECT_GE(y, 10.0);
    EXPECT_LT(y, 30.0);
    strata_x.insert(static_cast<int>(x * n));
    strata_y.insert(static_cast<int>((y - 10.0) / 20.0 * n));
  }
  EXPECT_EQ(strata_x.size(), 10u);
  EXPECT_EQ(strata_y.size(), 10u);
}

TEST(LatinHypercube, SameSeedSameDesignOtherSeedOther) {
  const std::vector<VaryRange> ranges = {{"a.x", 0.0, 1.0, false}};
  const auto values = [&](std::uint64_t seed) {
    std::vector<std::vector<std::pair<std::string, std::string>>> out;
    for (const auto& cell : latin_hypercube(ranges, 5, seed)) out.push_back(cell.values);
    return out;
  };
  EXPECT_EQ(values(1), values(1));
  EXPECT_NE(values(1), values(2));
}

TEST(LatinHypercube, IntegerParametersGetWholeNumbers) {
  for (const auto& cell : latin_hypercube({{"d.n", 1.0, 4.0, true}}, 6, 3)) {
    const std::string& v = cell.values[0].second;
    EXPECT_EQ(v.find('.'), std::string::npos) << v;
    EXPECT_GE(std::stoi(v), 1);
    EXPECT_LE(std::stoi(v), 4);
  }
}
