#include "core/ranking.hpp"

#include <algorithm>
#include <cstddef>
#include <numeric>

namespace orgsim::core {

std::vector<int> competition_ranks(const std::vector<double>& scores) {
  // Sort positions by score, highest first; a score equal to the previous one keeps its rank,
  // any other takes its 1-based position, which skips past the tie ("1224").
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&scores](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  std::vector<int> ranks(scores.size(), 0);
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    const bool tied = pos > 0 && scores[order[pos]] == scores[order[pos - 1]];
    ranks[order[pos]] = tied ? ranks[order[pos - 1]] : static_cast<int>(pos) + 1;
  }
  return ranks;
}

}  // namespace orgsim::core
