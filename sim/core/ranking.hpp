#pragma once
// Quarterly ranking of branches (季度排行榜).
#include <vector>

namespace orgsim::core {

// Standard competition ranking ("1224"): rank 1 is the highest score; equal scores share a rank
// and the next rank skips. Returns one rank per input score, in input order.
std::vector<int> competition_ranks(const std::vector<double>& scores);

}  // namespace orgsim::core
