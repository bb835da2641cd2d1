#include "core/arrival_profile.hpp"

#include <algorithm>
#include <cmath>

namespace orgsim::core {

ArrivalProfile::ArrivalProfile(const std::vector<double>& hourly,
                               const std::vector<double>& weekly) {
  double sum = 0.0;
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h) {
      const double w = weekly[d] * hourly[h];
      factor_by_week_hour_[d * 24 + h] = w;
      sum += w;
    }
  const double mean = sum / 168.0;
  for (auto& f : factor_by_week_hour_) {
    f /= mean;
    max_factor_ = std::max(max_factor_, f);
  }
}

double ArrivalProfile::factor(double t_h) const {
  const auto hour = static_cast<long long>(std::floor(t_h));
  return factor_by_week_hour_[static_cast<std::size_t>(((hour % 168) + 168) % 168)];
}

double ArrivalProfile::next_arrival(double t_h, double rate_per_h, RandomStream& rng) const {
  const double candidate_rate = rate_per_h * max_factor_;
  double t = t_h;
  for (;;) {
    t += rng.exponential(1.0 / candidate_rate);
    if (rng.uniform() * max_factor_ < factor(t)) return t;
  }
}

}  // namespace orgsim::core
