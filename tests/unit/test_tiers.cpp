// Allowance tiers from the quarterly rank or score.
#include <gtest/gtest.h>

#include <vector>

#include "core/ranking.hpp"
#include "core/tiers.hpp"

namespace orgsim::core {
namespace {

TierScheme rank_share(std::vector<double> shares) {
  TierScheme s;
  s.kind = TierSchemeKind::kRankShare;
  s.amounts_yuan.assign(shares.size(), 100.0);
  s.shares = std::move(shares);
  return s;
}

TierScheme score_cutoff(std::vector<double> cutoffs) {
  TierScheme s;
  s.kind = TierSchemeKind::kScoreCutoff;
  s.amounts_yuan.assign(cutoffs.size() + 1, 100.0);
  s.score_cutoffs = std::move(cutoffs);
  return s;
}

// Tiers of ranks 1..ranked with no ties (the score is ignored by kRankShare).
std::vector<int> tiers_by_rank(int ranked, const TierScheme& scheme) {
  std::vector<int> out;
  for (int rank = 1; rank <= ranked; ++rank) out.push_back(tier_for(rank, ranked, 0.0, scheme));
  return out;
}

TEST(RankShareTiers, FourTiersOverTenBranches) {
  // Bounds round(10 * {0.2, 0.5, 0.8}) = 2, 5, 8.
  EXPECT_EQ(tiers_by_rank(10, rank_share({0.2, 0.3, 0.3, 0.2})),
            (std::vector<int>{0, 0, 1, 1, 1, 2, 2, 2, 3, 3}));
}

TEST(RankShareTiers, FourTiersOverSevenBranchesRound) {
  // Bounds round(7 * {0.2, 0.5, 0.8}) = round(1.4, 3.5, 5.6) = 1, 4, 6: half rounds up.
  EXPECT_EQ(tiers_by_rank(7, rank_share({0.2, 0.3, 0.3, 0.2})),
            (std::vector<int>{0, 1, 1, 1, 2, 2, 3}));
}

TEST(RankShareTiers, DecimalSharesRoundAsDecimals) {
  // 25 * 0.58 = 14.5 rounds to 15, though in doubles the product is 14.499999999999998.
  const TierScheme scheme = rank_share({0.58, 0.42});
  EXPECT_EQ(tier_for(15, 25, 0.0, scheme), 0);
  EXPECT_EQ(tier_for(16, 25, 0.0, scheme), 1);
}

TEST(RankShareTiers, TiesAtABoundaryShareTheTopTierOfTheTie) {
  // Ten branches, the 2nd and 3rd tied: both rank 2, inside the top tier's bound of 2, so both
  // get tier 0; the next branch is rank 4, in tier 1.
  const std::vector<double> scores = {99, 95, 95, 90, 80, 70, 60, 50, 40, 30};
  const std::vector<int> ranks = competition_ranks(scores);
  const TierScheme scheme = rank_share({0.2, 0.3, 0.3, 0.2});
  std::vector<int> tiers;
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    tiers.push_back(tier_for(ranks[i], 10, scores[i], scheme));
  }
  EXPECT_EQ(tiers, (std::vector<int>{0, 0, 0, 1, 1, 2, 2, 2, 3, 3}));
  // A tie straddling the 5/6 boundary (ranks 5 and 6 tied at rank 5): both tier 1.
  EXPECT_EQ(tier_for(5, 10, 0.0, scheme), 1);
}

TEST(RankShareTiers, OneTierOnly) {
  EXPECT_EQ(tiers_by_rank(5, rank_share({1.0})), (std::vector<int>{0, 0, 0, 0, 0}));
}

TEST(RankShareTiers, LastTierTakesTheRest) {
  // Bounds round(4 * {0.2, 0.4}) = 1, 2 (round(0.8), round(1.6)); ranks 3 and 4 are the rest.
  EXPECT_EQ(tiers_by_rank(4, rank_share({0.2, 0.2, 0.6})), (std::vector<int>{0, 1, 2, 2}));
  // Few branches: round(2 * 0.2) = 0 leaves the top tier empty.
  EXPECT_EQ(tiers_by_rank(2, rank_share({0.2, 0.3, 0.5})), (std::vector<int>{1, 2}));
}

TEST(ScoreCutoffTiers, AtTheCutoffAndJustBelow) {
  const TierScheme scheme = score_cutoff({90.0, 75.0, 60.0});
  EXPECT_EQ(tier_for(1, 10, 100.0, scheme), 0);
  EXPECT_EQ(tier_for(1, 10, 90.0, scheme), 0);
  EXPECT_EQ(tier_for(1, 10, 89.999, scheme), 1);
  EXPECT_EQ(tier_for(1, 10, 75.0, scheme), 1);
  EXPECT_EQ(tier_for(1, 10, 74.999, scheme), 2);
  EXPECT_EQ(tier_for(1, 10, 60.0, scheme), 2);
  EXPECT_EQ(tier_for(1, 10, 59.999, scheme), 3);
  EXPECT_EQ(tier_for(1, 10, -5.0, scheme), 3);
}

TEST(ScoreCutoffTiers, RankIsIgnored) {
  const TierScheme scheme = score_cutoff({50.0});
  EXPECT_EQ(tier_for(10, 10, 80.0, scheme), 0);
  EXPECT_EQ(tier_for(1, 10, 20.0, scheme), 1);
}

TEST(ScoreCutoffTiers, OneTierOnly) {
  const TierScheme scheme = score_cutoff({});
  EXPECT_EQ(tier_for(1, 10, 100.0, scheme), 0);
  EXPECT_EQ(tier_for(10, 10, -100.0, scheme), 0);
}

}  // namespace
}  // namespace orgsim::core

TEST(PublishedCutoffs, AreTheSchemesOwnOrTheLowestScoreEachTierTook) {
  orgsim::core::TierScheme by_score;
  by_score.kind = orgsim::core::TierSchemeKind::kScoreCutoff;
  by_score.score_cutoffs = {80, 65, 50};
  by_score.amounts_yuan = {1500, 1200, 900, 600};
  EXPECT_EQ(orgsim::core::published_cutoffs(by_score, {90, 10}, {0, 3}),
            (std::vector<double>{80, 65, 50}));
  orgsim::core::TierScheme by_rank;
  by_rank.shares = {0.5, 0.5};
  by_rank.amounts_yuan = {1000, 500};
  EXPECT_EQ(orgsim::core::published_cutoffs(by_rank, {70, 90, 60, 75}, {1, 0, 1, 0}),
            (std::vector<double>{75}));
}
