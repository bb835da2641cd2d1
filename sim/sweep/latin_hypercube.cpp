#include "sweep/latin_hypercube.hpp"

#include <cmath>
#include <numeric>

#include "config/parameter_catalogue.hpp"
#include "core/random_stream.hpp"

namespace orgsim::sweep {

std::vector<std::vector<std::pair<std::string, std::string>>> latin_hypercube(
    const std::vector<VaryRange>& ranges, std::int64_t samples, std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(samples);
  std::vector<std::vector<std::pair<std::string, std::string>>> points(n);
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    const VaryRange& range = ranges[k];
    core::RandomStream rng(seed, "latin_hypercube", k);
    std::vector<std::size_t> strata(n);
    std::iota(strata.begin(), strata.end(), 0);
    for (std::size_t i = n; i > 1; --i) std::swap(strata[i - 1], strata[rng.uniform_index(i)]);
    for (std::size_t i = 0; i < n; ++i) {
      const double u = (static_cast<double>(strata[i]) + rng.uniform()) / static_cast<double>(n);
      double value = range.low + u * (range.high - range.low);
      const std::string text =
          range.integer ? std::to_string(std::llround(value)) : config::format_real(value);
      points[i].emplace_back(range.key, text);
    }
  }
  return points;
}

}  // namespace orgsim::sweep
