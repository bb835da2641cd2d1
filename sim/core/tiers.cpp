#include "core/tiers.hpp"

#include <cmath>
#include <cstddef>

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

}  // namespace orgsim::core
