#include "core/stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace orgsim::core {

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;  // precondition broken; 0 as describe() uses for no data
  q = std::clamp(q, 0.0, 1.0);
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double t = h - static_cast<double>(lo);
  const double a = sorted[lo];
  const double b = sorted[hi];
  // numpy's lerp: interpolate from the nearer end, so results match numpy to the last bit and
  // q = 1 gives exactly the maximum.
  return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1.0 - t);
}

Distribution describe(std::vector<double> values) {
  Distribution d;
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  const auto n = static_cast<double>(values.size());
  d.count = static_cast<std::int64_t>(values.size());
  double sum = 0.0;
  for (const double v : values) sum += v;
  d.mean = sum / n;
  if (values.size() >= 2) {
    // Two passes (deviations from the mean) rather than sum of squares: no cancellation.
    double squares = 0.0;
    for (const double v : values) squares += (v - d.mean) * (v - d.mean);
    d.sd = std::sqrt(squares / (n - 1.0));
  }
  d.min = values.front();
  d.p10 = quantile_sorted(values, 0.10);
  d.median = quantile_sorted(values, 0.50);
  d.p90 = quantile_sorted(values, 0.90);
  d.max = values.back();
  return d;
}

}  // namespace orgsim::core
