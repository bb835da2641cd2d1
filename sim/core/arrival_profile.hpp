#pragma once
// Daily and weekly patterns of arrivals: a non-homogeneous Poisson process whose rate is
// base_rate * factor(t), with factor piecewise constant per hour and averaging 1 over a week.
#include <array>
#include <vector>

#include "core/random_stream.hpp"

namespace orgsim::core {

class ArrivalProfile {
 public:
  // hourly: 24 weights (hour 0..23); weekly: 7 weights (Monday..Sunday); each >= 0, sums > 0.
  ArrivalProfile(const std::vector<double>& hourly, const std::vector<double>& weekly);

  // Rate multiplier at time t_h (hours since Monday 00:00 of day 0).
  double factor(double t_h) const;
  double max_factor() const { return max_factor_; }

  // Time of the first arrival after t_h for base rate `rate_per_h` (> 0), by thinning
  // (Lewis-Shedler): candidates at rate rate*max_factor, each kept with probability
  // factor/max_factor.
  double next_arrival(double t_h, double rate_per_h, RandomStream& rng) const;

 private:
  std::array<double, 168> factor_by_week_hour_{};
  double max_factor_ = 0.0;
};

}  // namespace orgsim::core
