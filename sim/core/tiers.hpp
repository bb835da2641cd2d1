#pragma once
// Allowance tiers (补贴分档): the quarterly rank sets the tier of a part-time branch leader's work
// allowance. Tier 0 is the top tier (largest allowance).
#include <vector>

namespace orgsim::core {

enum class TierSchemeKind { kRankShare, kScoreCutoff };

struct TierScheme {
  TierSchemeKind kind = TierSchemeKind::kRankShare;
  // kRankShare: share of ranked branches in each tier, top first; sums to 1.
  std::vector<double> shares;
  // kScoreCutoff: minimum score of each tier but the last, top first, strictly decreasing.
  std::vector<double> score_cutoffs;
  // Allowance of each tier in yuan per quarter, top first. Its size is the number of tiers.
  std::vector<double> amounts_yuan;
};

// Tier of a branch with 1-based competition `rank` among `ranked` branches and `score`.
// kRankShare: the first tier t whose cumulative share covers the rank, i.e. the smallest t with
// rank <= round(ranked * (shares[0] + ... + shares[t])); the last tier takes the rest. Branches
// tied on rank share a tier because they share the rank.
// kScoreCutoff: the first tier t with score >= score_cutoffs[t]; else the last tier.
int tier_for(int rank, int ranked, double score, const TierScheme& scheme);

// The cut-offs of `scores` (one ranking scope, any order) under a tier scheme by rank shares:
// for each tier t but the last, the lowest score among branches placed in tiers 0..t. `tiers`
// gives each branch's tier (same order as scores). A tier nobody reached takes the cut-off of
// the tier above it (or the top score).
std::vector<double> rank_cutoffs(const std::vector<double>& scores, const std::vector<int>& tiers,
                                 int tier_count);

// The cut-offs a quarter's ranking published, for each tier but the last, top first: under
// score cut-offs the scheme's own, under rank shares rank_cutoffs of the scope's `scores` and
// `tiers`. What a tournament leader reads (§13.1) and what `orgsim explain` shows.
std::vector<double> published_cutoffs(const TierScheme& scheme, const std::vector<double>& scores,
                                      const std::vector<int>& tiers);

// What `tier` pays for one quarter of a run `year_fraction` years long (core/money.hpp): the
// amounts are per calendar quarter, and a run's quarter is a quarter of the run, so the
// allowance is pro rata, amounts_yuan[tier] * year_fraction (docs/MODEL.md §10.4).
double tier_allowance_yuan(const TierScheme& scheme, int tier, double year_fraction);

}  // namespace orgsim::core
