#pragma once
// Named random streams. Every random draw in orgsim comes from a RandomStream derived from
// (base seed, stream name, agent id) by hashing, never from a shared global generator, so that:
//  - the same inputs and seed give bit-identical runs;
//  - adding a draw to one stream never shifts another stream (common random numbers: two
//    policies that differ only in a scoring rule see the same arrivals and the same qualities).
// Distributions are our own (not std::), so results do not depend on the standard library.
#include <cstdint>
#include <string_view>

namespace orgsim::core {

// SplitMix64 step: the mixing function used both to seed and to derive stream seeds.
std::uint64_t splitmix64(std::uint64_t& state);

// Seed of the stream `name` for agent `agent_id` under `base_seed`. Stable across platforms:
// depends only on the bytes of `name` and the two integers.
std::uint64_t derive_stream_seed(std::uint64_t base_seed, std::string_view name,
                                 std::uint64_t agent_id);

// xoshiro256** generator with portable distributions.
class RandomStream {
 public:
  RandomStream(std::uint64_t base_seed, std::string_view name, std::uint64_t agent_id = 0);
  explicit RandomStream(std::uint64_t seed);

  std::uint64_t next_u64();
  double uniform();                                  // [0, 1), 53 random bits
  double uniform(double low, double high);           // [low, high)
  std::uint64_t uniform_index(std::uint64_t n);      // 0..n-1 without modulo bias; n > 0
  bool bernoulli(double p);                          // true with probability p (clamped to [0,1])
  double exponential(double mean);                   // mean > 0
  double normal(double mean, double sd);             // Box-Muller, one value per call
  double lognormal_mean_cv(double mean, double cv);  // given mean and coefficient of variation
  double gamma(double shape, double scale);          // Marsaglia-Tsang; shape > 0
  double beta(double a, double b);                   // via two gammas
  // Beta distribution with the given mean in (0,1) and standard deviation (> 0, and small
  // enough that a and b are positive: sd^2 < mean*(1-mean)).
  double beta_mean_sd(double mean, double sd);
  std::int64_t poisson(double mean);                // mean >= 0
  std::int64_t binomial(std::int64_t n, double p);  // n >= 0, p clamped to [0,1]

 private:
  std::uint64_t s_[4];
};

}  // namespace orgsim::core
