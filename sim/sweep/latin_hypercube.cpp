#include "sweep/latin_hypercube.hpp"

#include <numeric>

#include "core/random_stream.hpp"

namespace orgsim::sweep {

std::vector<DesignCell> latin_hypercube(const std::vector<VaryRange>& ranges, std::int64_t samples,
                                        std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(samples);
  std::vector<std::vector<double>> unit(n, std::vector<double>(ranges.size()));
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    core::RandomStream rng(seed, "latin_hypercube", k);
    std::vector<std::size_t> strata(n);
    std::iota(strata.begin(), strata.end(), 0);
    for (std::size_t i = n; i > 1; --i) std::swap(strata[i - 1], strata[rng.uniform_index(i)]);
    for (std::size_t i = 0; i < n; ++i)
      unit[i][k] = (static_cast<double>(strata[i]) + rng.uniform()) / static_cast<double>(n);
  }
  std::vector<DesignCell> cells;
  for (std::size_t i = 0; i < n; ++i)
    cells.push_back(cell_at(ranges, unit[i], DesignRole::kLhs, static_cast<std::int32_t>(i)));
  return cells;
}

}  // namespace orgsim::sweep
