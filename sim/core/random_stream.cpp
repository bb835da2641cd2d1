#include "core/random_stream.hpp"

#include <cmath>

namespace orgsim::core {

namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

// One SplitMix64 step on a copy: a bijective 64-bit mixer with full avalanche, so chaining it
// over the inputs makes seeds that differ in one bit, byte or id unrelated.
std::uint64_t mix(std::uint64_t x) { return splitmix64(x); }

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// log(1 + x) accurate for small x using only std::log (Goldberg's trick): the rounding error of
// 1 + x cancels in the ratio. Avoids std::log1p so that only log/exp/sqrt/cos are used.
double log1p_portable(double x) {
  const double u = 1.0 + x;
  if (u == 1.0) return x;
  return std::log(u) * x / (u - 1.0);
}

// ln(k!) for k >= 0: exact table below 10, Stirling series above (error < 1e-12 for k >= 10).
// Own implementation instead of std::lgamma, whose results differ between C libraries.
double log_factorial(std::int64_t k) {
  static constexpr double kTable[10] = {0.0,
                                        0.0,
                                        0.69314718055994530942,
                                        1.79175946922805500081,
                                        3.17805383034794561965,
                                        4.78749174278204599425,
                                        6.57925121201010099506,
                                        8.52516136106541430017,
                                        10.60460290274525022842,
                                        12.80182748008146961121};
  if (k < 10) return kTable[k];
  const double n = static_cast<double>(k) + 1.0;  // ln(k!) = ln Gamma(n)
  const double n2 = n * n;
  return (n - 0.5) * std::log(n) - n + 0.91893853320467274178 +
         (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - 1.0 / (1680.0 * n2)) / n2) / n2) / n;
}

}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t derive_stream_seed(std::uint64_t base_seed, std::string_view name,
                                 std::uint64_t agent_id) {
  // Each input is xored in and then mixed, so every byte affects all 64 output bits. The name's
  // length goes in too, so that no (name, id) pair can alias another by shifting bytes.
  std::uint64_t h = mix(base_seed);
  h = mix(h ^ static_cast<std::uint64_t>(name.size()));
  for (const char c : name) h = mix(h ^ static_cast<unsigned char>(c));
  return mix(h ^ agent_id);
}

RandomStream::RandomStream(std::uint64_t base_seed, std::string_view name, std::uint64_t agent_id)
    : RandomStream(derive_stream_seed(base_seed, name, agent_id)) {}

RandomStream::RandomStream(std::uint64_t seed) {
  // Four SplitMix64 outputs, as the xoshiro authors recommend; they are never all zero.
  std::uint64_t state = seed;
  for (std::uint64_t& word : s_) word = splitmix64(state);
}

std::uint64_t RandomStream::next_u64() {
  // xoshiro256** (Blackman and Vigna, 2018).
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double RandomStream::uniform() {
  // The top 53 bits, the mantissa's width: every value k * 2^-53 equally likely.
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double RandomStream::uniform(double low, double high) { return low + (high - low) * uniform(); }

std::uint64_t RandomStream::uniform_index(std::uint64_t n) {
  if (n <= 1) return 0;
  // Reject the lowest 2^64 mod n values so the accepted range is a multiple of n. (0 - n) % n is
  // 2^64 mod n in unsigned arithmetic. At most half the draws are rejected, usually almost none.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t r = next_u64();
    if (r >= threshold) return r % n;
  }
}

bool RandomStream::bernoulli(double p) {
  // Always one draw, even for p <= 0 or p >= 1, so a parameter at its bound does not shift the
  // stream for later draws (common random numbers across policies).
  return uniform() < p;
}

double RandomStream::exponential(double mean) {
  // Inversion; 1 - u lies in (0, 1], so the log is finite.
  return -mean * std::log(1.0 - uniform());
}

double RandomStream::normal(double mean, double sd) {
  // Box-Muller, cosine branch only: exactly two draws per call and no cached state, so a
  // stream's position never depends on how many normals were asked for before.
  const double u1 = 1.0 - uniform();  // (0, 1]
  const double u2 = uniform();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

double RandomStream::lognormal_mean_cv(double mean, double cv) {
  // If X = exp(N(mu, sigma^2)), E[X] = exp(mu + sigma^2/2) and CV^2 = exp(sigma^2) - 1.
  const double sigma2 = log1p_portable(cv * cv);
  const double mu = std::log(mean) - 0.5 * sigma2;
  return std::exp(normal(mu, std::sqrt(sigma2)));
}

double RandomStream::gamma(double shape, double scale) {
  if (shape < 1.0) {
    // Boost: if G ~ Gamma(shape + 1) and U ~ U(0,1], G * U^(1/shape) ~ Gamma(shape).
    const double g = gamma(shape + 1.0, 1.0);
    const double u = 1.0 - uniform();
    return scale * g * std::exp(std::log(u) / shape);
  }
  // Marsaglia and Tsang (2000), "A simple method for generating gamma variables".
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = normal(0.0, 1.0);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = uniform();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return scale * d * v;  // squeeze: no log needed
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return scale * d * v;
  }
}

double RandomStream::beta(double a, double b) {
  const double x = gamma(a, 1.0);
  const double y = gamma(b, 1.0);
  const double sum = x + y;
  // With tiny shapes both gammas can underflow to 0; Beta(a, b) then tends to a Bernoulli at
  // 0 and 1 with P(1) = a / (a + b).
  if (sum <= 0.0) return bernoulli(a / (a + b)) ? 1.0 : 0.0;
  return x / sum;
}

double RandomStream::beta_mean_sd(double mean, double sd) {
  if (sd <= 0.0) return mean;  // degenerate: no spread
  // Method of moments: var = m(1-m)/(a+b+1), so a + b = m(1-m)/var - 1.
  const double k = mean * (1.0 - mean) / (sd * sd) - 1.0;
  // Outside the precondition (sd^2 >= m(1-m)) use the limit of Beta as a + b -> 0: a Bernoulli
  // with the same mean. Validation should keep configurations away from this.
  if (k <= 0.0) return bernoulli(mean) ? 1.0 : 0.0;
  return beta(mean * k, (1.0 - mean) * k);
}

std::int64_t RandomStream::poisson(double mean) {
  if (!(mean > 0.0)) return 0;
  if (mean < 30.0) {
    // Inversion by sequential search: one uniform per draw, about mean + 1 steps.
    const double u = uniform();
    double p = std::exp(-mean);  // P(X = 0); > 9e-14 here, no underflow
    double cdf = p;
    std::int64_t k = 0;
    while (u >= cdf) {
      ++k;
      p *= mean / static_cast<double>(k);
      const double next = cdf + p;
      if (next == cdf) break;  // the numerical tail: cdf cannot grow any more
      cdf = next;
    }
    return k;
  }
  // PTRS, transformed rejection with squeeze (Hoermann 1993, "The transformed rejection method
  // for generating Poisson random variables"): exact, valid for mean >= 10, O(1) per draw.
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = uniform() - 0.5;
    const double v = uniform();
    const double us = 0.5 - std::fabs(u);
    // Kept as a double until checked: us can be 0 (u = -0.5), making kd -infinity.
    const double kd = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(kd);
    if (kd < 0.0 || (us < 0.013 && v > us)) continue;
    const auto k = static_cast<std::int64_t>(kd);
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + kd * loglam - log_factorial(k)) {
      return k;
    }
  }
}

std::int64_t RandomStream::binomial(std::int64_t n, double p) {
  if (n <= 0) return 0;
  if (!(p > 0.0)) p = 0.0;  // also maps NaN to 0
  if (p > 1.0) p = 1.0;
  std::int64_t count = 0;
  // Large n and n*p: Knuth's exact splitting (TAOCP vol. 2, 3.4.1). X ~ Beta(a, n + 1 - a) is
  // the a-th smallest of n uniforms. If X >= p, the successes are among the a - 1 uniforms below
  // X, uniform on [0, X): Bin(a - 1, p / X). Otherwise the a smallest all succeed and the other
  // n - a are uniform on (X, 1): a + Bin(n - a, (p - X) / (1 - X)). n halves at each step.
  while (n > 64 && static_cast<double>(n) * p >= 30.0) {
    const std::int64_t a = 1 + n / 2;
    const std::int64_t b = n + 1 - a;
    const double x = beta(static_cast<double>(a), static_cast<double>(b));
    if (x >= p) {
      n = a - 1;
      p = p / x;
    } else {
      count += a;
      n = b - 1;
      p = (p - x) / (1.0 - x);
    }
  }
  if (n <= 64) {
    // Direct sum of Bernoulli trials: exact, n draws.
    for (std::int64_t i = 0; i < n; ++i) count += bernoulli(p) ? 1 : 0;
    return count;
  }
  // Here n > 64 and n*p < 30, so p < 0.5: inversion by sequential search, one uniform.
  // P(X = 0) = (1-p)^n >= exp(-42) here; P(k+1) = P(k) * (n-k)/(k+1) * p/(1-p).
  const double u = uniform();
  const double odds = p / (1.0 - p);
  double pk = std::exp(static_cast<double>(n) * log1p_portable(-p));
  double cdf = pk;
  std::int64_t k = 0;
  while (u >= cdf && k < n) {
    pk *= odds * static_cast<double>(n - k) / static_cast<double>(k + 1);
    ++k;
    const double next = cdf + pk;
    if (next == cdf) break;  // the numerical tail
    cdf = next;
  }
  return count + k;
}

}  // namespace orgsim::core
