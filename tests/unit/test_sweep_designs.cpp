// The sweep designs for sensitivity analysis and the points file: the structure that
// analysis/sensitivity.py relies on (sweep.h5 /design), checked cell by cell.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "sweep/points_file.hpp"
#include "sweep/sensitivity_designs.hpp"

namespace orgsim::sweep {
namespace {

const std::vector<VaryRange> kRanges = {
    {"a.x", 0.0, 1.0, false}, {"b.y", 10.0, 30.0, false}, {"c.n", 1.0, 5.0, true}};

TEST(SobolDesign, EachSampleIsABAndTheMixedCells) {
  const std::int64_t n = 6;
  const auto cells = sobol_design(kRanges, n, 11);
  const std::size_t k = kRanges.size();
  ASSERT_EQ(cells.size(), static_cast<std::size_t>(n) * (k + 2));
  for (std::int64_t j = 0; j < n; ++j) {
    const std::size_t first = static_cast<std::size_t>(j) * (k + 2);
    const DesignCell& a = cells[first];
    const DesignCell& b = cells[first + 1];
    EXPECT_EQ(a.role, DesignRole::kA);
    EXPECT_EQ(b.role, DesignRole::kB);
    EXPECT_EQ(a.sample, j);
    EXPECT_EQ(b.sample, j);
    for (std::size_t i = 0; i < k; ++i) {
      const DesignCell& ab = cells[first + 2 + i];
      EXPECT_EQ(ab.role, DesignRole::kAB);
      EXPECT_EQ(ab.sample, j);
      EXPECT_EQ(ab.key, static_cast<std::int32_t>(i));
      // A_j everywhere but coordinate i, which is B_j's.
      for (std::size_t c = 0; c < k; ++c) {
        EXPECT_DOUBLE_EQ(ab.unit[c], c == i ? b.unit[c] : a.unit[c]);
        EXPECT_EQ(ab.values[c].second, c == i ? b.values[c].second : a.values[c].second);
      }
    }
    for (const DesignCell* cell : {&a, &b})
      for (std::size_t c = 0; c < k; ++c) {
        EXPECT_GE(cell->unit[c], 0.0);
        EXPECT_LT(cell->unit[c], 1.0);
        EXPECT_EQ(cell->values[c].second, range_value(kRanges[c], cell->unit[c]));
      }
  }
}

TEST(SobolDesign, TheSeedDefinesTheDesign) {
  const auto unit_of = [](std::uint64_t seed) {
    std::vector<std::vector<double>> out;
    for (const auto& cell : sobol_design(kRanges, 4, seed)) out.push_back(cell.unit);
    return out;
  };
  EXPECT_EQ(unit_of(3), unit_of(3));
  EXPECT_NE(unit_of(3), unit_of(4));
}

TEST(MorrisDesign, EachStepMovesOneKeyByDeltaAndEveryKeyMovesOnce) {
  const std::int64_t r = 8, p = 4;
  const double delta = 4.0 / 6.0;
  const auto cells = morris_design(kRanges, r, p, 5);
  const std::size_t k = kRanges.size();
  ASSERT_EQ(cells.size(), static_cast<std::size_t>(r) * (k + 1));
  for (std::int64_t t = 0; t < r; ++t) {
    std::set<std::int32_t> moved;
    for (std::size_t s = 0; s <= k; ++s) {
      const DesignCell& cell = cells[static_cast<std::size_t>(t) * (k + 1) + s];
      EXPECT_EQ(cell.role, DesignRole::kTrajectory);
      EXPECT_EQ(cell.sample, t);
      EXPECT_EQ(cell.step, static_cast<std::int32_t>(s));
      for (double u : cell.unit) {  // on the grid of p levels, inside [0, 1]
        EXPECT_GE(u, -1e-12);
        EXPECT_LE(u, 1.0 + 1e-12);
        EXPECT_NEAR(u * (p - 1), std::round(u * (p - 1)), 1e-9);
      }
      if (s == 0) {
        EXPECT_EQ(cell.key, -1);
        continue;
      }
      const DesignCell& before = cells[static_cast<std::size_t>(t) * (k + 1) + s - 1];
      ASSERT_GE(cell.key, 0);
      moved.insert(cell.key);
      for (std::size_t c = 0; c < k; ++c) {
        const double change = cell.unit[c] - before.unit[c];
        if (static_cast<std::int32_t>(c) == cell.key)
          EXPECT_NEAR(std::abs(change), delta, 1e-12);
        else
          EXPECT_DOUBLE_EQ(change, 0.0);
      }
    }
    EXPECT_EQ(moved.size(), k);
  }
}

TEST(PointsFile, ReadsQuotedListsAndNumbersTheRows) {
  const auto points = parse_points_csv(
      "\xEF\xBB\xBFincubation.threshold,tiers.amounts_yuan\r\n"
      "0.7,\"1500,1200,900,600\"\r\n"
      "0.8,\"a \"\"quoted\"\" word\"\n\n");
  EXPECT_TRUE(points.problems.empty());
  ASSERT_EQ(points.keys, (std::vector<std::string>{"incubation.threshold", "tiers.amounts_yuan"}));
  ASSERT_EQ(points.cells.size(), 2u);
  EXPECT_EQ(points.cells[0].values[1].second, "1500,1200,900,600");
  EXPECT_EQ(points.cells[1].values[1].second, "a \"quoted\" word");
  EXPECT_EQ(points.cells[1].sample, 1);
  EXPECT_EQ(points.cells[1].role, DesignRole::kFile);
}

TEST(PointsFile, ListsEveryProblem) {
  const auto points = parse_points_csv("a.x,,a.x\n1,2\n1,,3\n\"4,5,6\n");
  const std::vector<std::string> expected = {
      "a quoted value never ends",      "column 2 of the header has no key",
      "key a.x is in the header twice", "row 2 has 2 values for 3 keys",
      "row 3: column 2 has no value",   "row 4 has 1 values for 3 keys"};
  EXPECT_EQ(points.problems, expected);
  EXPECT_EQ(parse_points_csv("").problems,
            (std::vector<std::string>{"no header row of scenario keys"}));
  EXPECT_EQ(parse_points_csv("a.x\n").problems,
            (std::vector<std::string>{"a header but no point"}));
}

}  // namespace
}  // namespace orgsim::sweep
