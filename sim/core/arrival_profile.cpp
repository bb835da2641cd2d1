#include "core/arrival_profile.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace orgsim::core {

namespace {

// The 168 week-hour weights weekly[d] * hourly[h], each profile first divided by `*_scale`;
// their sum is returned.
double week_hour_weights(const std::vector<double>& hourly, double hourly_scale,
                         const std::vector<double>& weekly, double weekly_scale,
                         std::array<double, 168>& out) {
  double sum = 0.0;
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h) {
      const double w = (weekly[d] / weekly_scale) * (hourly[h] / hourly_scale);
      out[static_cast<std::size_t>(d * 24 + h)] = w;
      sum += w;
    }
  return sum;
}

}  // namespace

ArrivalProfile::ArrivalProfile(const std::vector<double>& hourly,
                               const std::vector<double>& weekly) {
  double sum = week_hour_weights(hourly, 1.0, weekly, 1.0, factor_by_week_hour_);
  // The weights are relative. Products of extreme ones can overflow (24 weights of 1e308) or
  // underflow to an all-zero week (weights of 1e-200), which left thinning without an end:
  // then each profile is first divided by its largest weight. (Only then: dividing always
  // would change the rounding, and so the runs, of every ordinary profile.)
  if (!std::isfinite(sum) || !std::isnormal(sum / 168.0))
    sum = week_hour_weights(hourly, *std::max_element(hourly.begin(), hourly.end()), weekly,
                            *std::max_element(weekly.begin(), weekly.end()),
                            factor_by_week_hour_);
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
