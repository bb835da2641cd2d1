#include "core/erlang_c.hpp"

#include <limits>

namespace orgsim::core {

double erlang_c_wait_probability(double lambda, double mu, int c) {
  if (!(lambda > 0.0)) return 0.0;                       // no arrivals, no waiting
  const double a = lambda / mu;                          // offered load in erlangs
  if (c < 1 || a >= static_cast<double>(c)) return 1.0;  // unstable: every arrival waits
  // Erlang B by its recursion B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1: every term stays in
  // [0, 1], unlike the textbook sum of a^k / k!, which overflows for large c.
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (static_cast<double>(k) + a * b);
  // Erlang C from Erlang B: C = c B / (c - a (1 - B)).
  const double cd = static_cast<double>(c);
  return cd * b / (cd - a * (1.0 - b));
}

double erlang_c_mean_wait(double lambda, double mu, int c) {
  if (!(lambda > 0.0)) return 0.0;
  const double spare = static_cast<double>(c) * mu - lambda;  // capacity left, per unit time
  if (c < 1 || !(spare > 0.0)) return std::numeric_limits<double>::infinity();
  // Wq = C / (c mu - lambda).
  return erlang_c_wait_probability(lambda, mu, c) / spare;
}

}  // namespace orgsim::core
