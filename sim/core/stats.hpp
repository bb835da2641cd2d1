#pragma once
// Descriptive statistics for the summary.
#include <cstdint>
#include <vector>

namespace orgsim::core {

struct Distribution {
  std::int64_t count = 0;
  double mean = 0.0;
  double sd = 0.0;  // sample standard deviation (n-1); 0 when count < 2
  double min = 0.0;
  double p10 = 0.0;
  double median = 0.0;
  double p90 = 0.0;
  double max = 0.0;
};

// Quantile q in [0,1] of sorted values, linear interpolation between order statistics
// (Hyndman-Fan type 7, as numpy's default). sorted must be non-empty and ascending.
double quantile_sorted(const std::vector<double>& sorted, double q);

// All fields of Distribution; an empty input gives count 0 and all zeros.
Distribution describe(std::vector<double> values);

}  // namespace orgsim::core
