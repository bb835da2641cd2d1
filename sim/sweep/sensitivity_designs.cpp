#include "sweep/sensitivity_designs.hpp"

#include <numeric>

#include "core/random_stream.hpp"

namespace orgsim::sweep {

std::vector<DesignCell> sobol_design(const std::vector<VaryRange>& ranges, std::int64_t samples,
                                     std::uint64_t seed) {
  const std::size_t k = ranges.size();
  core::RandomStream rng(seed, "sobol_design");
  std::vector<DesignCell> cells;
  for (std::int64_t j = 0; j < samples; ++j) {
    std::vector<double> a(k), b(k);
    for (auto& u : a) u = rng.uniform();
    for (auto& u : b) u = rng.uniform();
    const auto sample = static_cast<std::int32_t>(j);
    cells.push_back(cell_at(ranges, a, DesignRole::kA, sample));
    cells.push_back(cell_at(ranges, b, DesignRole::kB, sample));
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      DesignCell cell = cell_at(ranges, ab, DesignRole::kAB, sample);
      cell.key = static_cast<std::int32_t>(i);
      cells.push_back(std::move(cell));
    }
  }
  return cells;
}

std::vector<DesignCell> morris_design(const std::vector<VaryRange>& ranges,
                                      std::int64_t trajectories, std::int64_t levels,
                                      std::uint64_t seed) {
  const std::size_t k = ranges.size();
  const double top = static_cast<double>(levels - 1);
  const double delta = static_cast<double>(levels) / (2.0 * top);
  std::vector<DesignCell> cells;
  for (std::int64_t t = 0; t < trajectories; ++t) {
    core::RandomStream rng(seed, "morris_design", static_cast<std::uint64_t>(t));
    std::vector<double> x(k), step(k);
    for (std::size_t i = 0; i < k; ++i) {
      x[i] = static_cast<double>(rng.uniform_index(static_cast<std::size_t>(levels))) / top;
      step[i] = x[i] + delta <= 1.0 + 1e-12 ? delta : -delta;
    }
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[rng.uniform_index(i)]);
    const auto trajectory = static_cast<std::int32_t>(t);
    cells.push_back(cell_at(ranges, x, DesignRole::kTrajectory, trajectory));
    for (std::size_t s = 0; s < k; ++s) {
      x[order[s]] += step[order[s]];
      DesignCell cell = cell_at(ranges, x, DesignRole::kTrajectory, trajectory);
      cell.step = static_cast<std::int32_t>(s + 1);
      cell.key = static_cast<std::int32_t>(order[s]);
      cells.push_back(std::move(cell));
    }
  }
  return cells;
}

}  // namespace orgsim::sweep
