// Quarterly ranking: standard competition ranks ("1224").
#include <gtest/gtest.h>

#include <vector>

#include "core/ranking.hpp"

namespace orgsim::core {
namespace {

using Ranks = std::vector<int>;

TEST(CompetitionRanks, TiesShareARankAndTheNextRankSkips) {
  EXPECT_EQ(competition_ranks({10.0, 8.0, 8.0, 6.0}), (Ranks{1, 2, 2, 4}));
  EXPECT_EQ(competition_ranks({5.0, 5.0, 5.0, 1.0, 1.0, 0.5}), (Ranks{1, 1, 1, 4, 4, 6}));
}

TEST(CompetitionRanks, RanksAreReturnedInInputOrder) {
  EXPECT_EQ(competition_ranks({3.0, 9.0, 3.0, 7.0}), (Ranks{3, 1, 3, 2}));
}

TEST(CompetitionRanks, AllEqualAreAllFirst) {
  EXPECT_EQ(competition_ranks({2.5, 2.5, 2.5}), (Ranks{1, 1, 1}));
}

TEST(CompetitionRanks, OneElementAndEmpty) {
  EXPECT_EQ(competition_ranks({42.0}), (Ranks{1}));
  EXPECT_EQ(competition_ranks({}), Ranks{});
}

TEST(CompetitionRanks, DescendingAndAscendingInput) {
  EXPECT_EQ(competition_ranks({4.0, 3.0, 2.0, 1.0}), (Ranks{1, 2, 3, 4}));
  EXPECT_EQ(competition_ranks({1.0, 2.0, 3.0, 4.0}), (Ranks{4, 3, 2, 1}));
}

TEST(CompetitionRanks, NegativeScores) {
  EXPECT_EQ(competition_ranks({-1.0, -5.0, 0.0, -5.0}), (Ranks{2, 3, 1, 3}));
}

}  // namespace
}  // namespace orgsim::core
