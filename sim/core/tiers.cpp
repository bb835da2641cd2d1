#include "core/tiers.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace orgsim::core {

namespace {

// Slack for the binary rounding of the shares: 25 * 0.58 is 14.499999999999998 in doubles, which
// must still round to 15 as the decimal share in a scenario means.
constexpr double kShareSlack = 1e-9;

std::size_t tier_count(const TierScheme& scheme) {
  if (!scheme.amounts_yuan.empty()) return scheme.amounts_yuan.size();
  return scheme.kind == TierSchemeKind::kRankShare ? scheme.shares.size()
                                                   : scheme.score_cutoffs.size() + 1;
}

}  // namespace

int tier_for(int rank, int ranked, double score, const TierScheme& scheme) {
  const std::size_t tiers = tier_count(scheme);
  if (tiers <= 1) return 0;
  const std::size_t last = tiers - 1;
  if (scheme.kind == TierSchemeKind::kRankShare) {
    double cumulative = 0.0;
    for (std::size_t t = 0; t < last && t < scheme.shares.size(); ++t) {
      cumulative += scheme.shares[t];
      // Half rounds up (std::round), so 7 branches with 0.5 of them above a boundary put 4 there.
      const double bound = std::round(static_cast<double>(ranked) * cumulative + kShareSlack);
      if (static_cast<double>(rank) <= bound) return static_cast<int>(t);
    }
    return static_cast<int>(last);
  }
  for (std::size_t t = 0; t < last && t < scheme.score_cutoffs.size(); ++t) {
    if (score >= scheme.score_cutoffs[t]) return static_cast<int>(t);
  }
  return static_cast<int>(last);
}

std::vector<double> rank_cutoffs(const std::vector<double>& scores, const std::vector<int>& tiers,
                                 int tier_count) {
  const double top = scores.empty() ? 0.0 : *std::max_element(scores.begin(), scores.end());
  std::vector<double> lowest(static_cast<std::size_t>(std::max(0, tier_count - 1)),
                             std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < scores.size(); ++i)
    for (int t = tiers[i]; t < tier_count - 1; ++t)
      lowest[static_cast<std::size_t>(t)] =
          std::min(lowest[static_cast<std::size_t>(t)], scores[i]);
  double above = top;
  for (double& cut : lowest) {
    if (std::isinf(cut)) cut = above;
    above = cut;
  }
  return lowest;
}

std::vector<double> published_cutoffs(const TierScheme& scheme, const std::vector<double>& scores,
                                      const std::vector<int>& tiers) {
  if (scheme.kind == TierSchemeKind::kScoreCutoff) return scheme.score_cutoffs;
  return rank_cutoffs(scores, tiers, static_cast<int>(tier_count(scheme)));
}

double tier_allowance_yuan(const TierScheme& scheme, int tier, double year_fraction) {
  return scheme.amounts_yuan.at(static_cast<std::size_t>(tier)) * year_fraction;
}

}  // namespace orgsim::core
