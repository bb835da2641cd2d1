// Named random streams: determinism, independence, and the distributions' moments and shapes.
// Also the run fingerprint (FNV-1a), which has no test file of its own in tests/CMakeLists.txt.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/fingerprint.hpp"
#include "core/random_stream.hpp"

namespace orgsim::core {
namespace {

constexpr int kDraws = 200000;

// Sample mean and variance with their standard errors, the variance's from the sample's fourth
// central moment: SE(s^2) ~ sqrt((m4 - m2^2) / n), valid for any distribution with finite m4.
struct Moments {
  double mean = 0.0;
  double var = 0.0;
  double se_var = 0.0;
};

Moments moments(int n, const std::function<double()>& draw) {
  std::vector<double> xs(static_cast<std::size_t>(n));
  double sum = 0.0;
  for (double& x : xs) {
    x = draw();
    sum += x;
  }
  Moments m;
  m.mean = sum / n;
  double m2 = 0.0;
  double m4 = 0.0;
  for (const double x : xs) {
    const double d2 = (x - m.mean) * (x - m.mean);
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= n;
  m4 /= n;
  m.var = m2 * n / (n - 1.0);
  m.se_var = std::sqrt((m4 - m2 * m2) / n);
  return m;
}

// The mean within 5 standard errors of the true mean, the variance within 5 of its SE.
void expect_moments(const std::function<double()>& draw, double mean, double var, int n = kDraws) {
  const Moments m = moments(n, draw);
  EXPECT_NEAR(m.mean, mean, 5.0 * std::sqrt(var / n)) << "mean";
  EXPECT_NEAR(m.var, var, 5.0 * m.se_var) << "variance";
}

// Pearson chi-square of integer draws against a pmf. Cells with an expected count below 5 are
// pooled into the two tails. Passes when the statistic is below df + 5 sd (sd = sqrt(2 df)):
// a wrong shape with the right mean and variance (an approximate method) fails this.
void expect_pmf(const std::function<std::int64_t()>& draw, const std::function<double(int)>& pmf,
                int support_max, int n = kDraws) {
  std::map<std::int64_t, int> counts;
  for (int i = 0; i < n; ++i) ++counts[draw()];
  std::vector<double> expected;
  std::vector<double> observed;
  double low_e = 0.0, low_o = 0.0, high_e = 0.0, high_o = 0.0;
  bool in_body = false;
  for (int k = 0; k <= support_max; ++k) {
    const double e = n * pmf(k);
    const double o = counts.count(k) ? counts[k] : 0.0;
    if (e >= 5.0) {
      in_body = true;
      expected.push_back(e);
      observed.push_back(o);
    } else if (!in_body) {
      low_e += e;
      low_o += o;
    } else {
      high_e += e;
      high_o += o;
    }
  }
  for (const auto& [k, c] : counts) {
    ASSERT_GE(k, 0);
    ASSERT_LE(k, support_max);
  }
  double chi2 = 0.0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    chi2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
  }
  double df = static_cast<double>(expected.size()) - 1.0;
  for (const auto& [e, o] : {std::pair{low_e, low_o}, std::pair{high_e, high_o}}) {
    if (e > 0.0) {
      chi2 += (o - e) * (o - e) / e;
      df += 1.0;
    } else {
      EXPECT_EQ(o, 0.0) << "draws where the pmf is 0";
    }
  }
  EXPECT_LT(chi2, df + 5.0 * std::sqrt(2.0 * df)) << "chi2 over df " << df;
}

double poisson_pmf(double mean, int k) {
  return std::exp(-mean + k * std::log(mean) - std::lgamma(k + 1.0));
}

double binomial_pmf(int n, double p, int k) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                  k * std::log(p) + (n - k) * std::log1p(-p));
}

int popcount(std::uint64_t x) {
  int bits = 0;
  for (; x != 0; x &= x - 1) ++bits;
  return bits;
}

// ---- SplitMix64 and seed derivation ----

TEST(SplitMix64, MatchesReferenceOutputsFromStateZero) {
  // Published SplitMix64 outputs for the initial state 0 (Vigna's splitmix64.c).
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(state), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(splitmix64(state), 0x06c45d188009454fULL);
}

TEST(DeriveStreamSeed, IsAFunctionOfItsInputs) {
  EXPECT_EQ(derive_stream_seed(42, "arrivals", 3), derive_stream_seed(42, "arrivals", 3));
  EXPECT_NE(derive_stream_seed(42, "arrivals", 3), derive_stream_seed(42, "arrivals", 4));
  EXPECT_NE(derive_stream_seed(42, "arrivals", 3), derive_stream_seed(43, "arrivals", 3));
  EXPECT_NE(derive_stream_seed(42, "arrivals", 3), derive_stream_seed(42, "arrival", 3));
  EXPECT_NE(derive_stream_seed(42, "", 0), derive_stream_seed(42, std::string(1, '\0'), 0));
}

// Changing any input a little flips about half of the seed's 64 bits (avalanche): nearby seeds,
// ids and names give unrelated streams.
TEST(DeriveStreamSeed, OneBitChangesFlipAboutHalfTheBits) {
  const std::uint64_t base = derive_stream_seed(42, "arrivals", 1000);
  double seed_flips = 0.0, id_flips = 0.0;
  for (int bit = 0; bit < 64; ++bit) {
    const std::uint64_t mask = std::uint64_t{1} << bit;
    seed_flips += popcount(base ^ derive_stream_seed(42 ^ mask, "arrivals", 1000));
    id_flips += popcount(base ^ derive_stream_seed(42, "arrivals", 1000 ^ mask));
  }
  // 64 flips of Binomial(64, 1/2): the mean has sd 4/8 = 0.5 bit.
  EXPECT_NEAR(seed_flips / 64.0, 32.0, 3.0);
  EXPECT_NEAR(id_flips / 64.0, 32.0, 3.0);

  double name_flips = 0.0;
  const std::string name = "arrivals";
  for (std::size_t i = 0; i < name.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string other = name;
      other[i] = static_cast<char>(other[i] ^ (1 << bit));
      name_flips += popcount(base ^ derive_stream_seed(42, other, 1000));
    }
  }
  EXPECT_NEAR(name_flips / 64.0, 32.0, 3.0);
}

TEST(DeriveStreamSeed, ConsecutiveIdsAndSeedsGiveUncorrelatedFirstDraws) {
  constexpr int kAgents = 20000;
  for (const bool vary_seed : {false, true}) {
    std::vector<double> first(kAgents);
    double sum = 0.0;
    for (int i = 0; i < kAgents; ++i) {
      RandomStream rng = vary_seed ? RandomStream(static_cast<std::uint64_t>(i), "quality", 0)
                                   : RandomStream(42, "quality", static_cast<std::uint64_t>(i));
      first[i] = rng.uniform();
      sum += first[i];
    }
    const double mean = sum / kAgents;
    EXPECT_NEAR(mean, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / kAgents));
    double cov = 0.0;
    for (int i = 0; i + 1 < kAgents; ++i) cov += (first[i] - mean) * (first[i + 1] - mean);
    const double corr = cov / (kAgents - 1) / (1.0 / 12.0);
    EXPECT_NEAR(corr, 0.0, 5.0 / std::sqrt(kAgents)) << (vary_seed ? "seeds" : "ids");
  }
}

// ---- Streams ----

std::vector<std::uint64_t> first_outputs(RandomStream rng, int count) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < count; ++i) out.push_back(rng.next_u64());
  return out;
}

TEST(RandomStream, SameInputsGiveTheSameSequence) {
  EXPECT_EQ(first_outputs(RandomStream(7, "arrivals", 3), 100),
            first_outputs(RandomStream(7, "arrivals", 3), 100));
  EXPECT_EQ(first_outputs(RandomStream(7, "arrivals", 3), 100),
            first_outputs(RandomStream(derive_stream_seed(7, "arrivals", 3)), 100));
}

TEST(RandomStream, DifferentNameIdOrSeedGiveDifferentSequences) {
  const std::vector<std::vector<std::uint64_t>> sequences = {
      first_outputs(RandomStream(7, "arrivals", 3), 8),
      first_outputs(RandomStream(7, "quality", 3), 8),
      first_outputs(RandomStream(7, "arrivals", 4), 8),
      first_outputs(RandomStream(8, "arrivals", 3), 8),
      first_outputs(RandomStream(7), 8),
  };
  for (std::size_t a = 0; a < sequences.size(); ++a) {
    for (std::size_t b = a + 1; b < sequences.size(); ++b) {
      for (int i = 0; i < 8; ++i) EXPECT_NE(sequences[a][i], sequences[b][i]) << a << " " << b;
    }
  }
}

TEST(RandomStream, DrawingFromOneStreamLeavesAnotherUnchanged) {
  const std::vector<std::uint64_t> alone = first_outputs(RandomStream(7, "tastes", 1), 50);
  RandomStream busy(7, "arrivals", 1);
  RandomStream tastes(7, "tastes", 1);
  std::vector<std::uint64_t> interleaved;
  for (int i = 0; i < 50; ++i) {
    for (int j = 0; j < i % 5; ++j) busy.gamma(0.7, 2.0);  // a varying number of extra draws
    interleaved.push_back(tastes.next_u64());
  }
  EXPECT_EQ(interleaved, alone);
}

// Golden values: computed once from this implementation and pinned, so that any change to the
// generator, the seeding or a distribution is caught (it would change every run's results).
// The integers are exact. The doubles go through the C library's log/exp/cos, which may differ in
// the last bit on another platform, hence EXPECT_DOUBLE_EQ (4 ulps) for them.
TEST(RandomStream, GoldenValuesForSeed42) {
  RandomStream rng(42);
  EXPECT_EQ(rng.next_u64(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(rng.next_u64(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(rng.next_u64(), 0xae17533239e499a1ULL);
  EXPECT_EQ(rng.next_u64(), 0xecb8ad4703b360a1ULL);
  EXPECT_EQ(derive_stream_seed(42, "arrivals", 3), 0x86de34bdb90c517fULL);
  RandomStream named(42, "arrivals", 3);
  EXPECT_EQ(named.next_u64(), 0x2061245168679db1ULL);
  EXPECT_EQ(named.next_u64(), 0x465e5b1e914334c6ULL);
  // One value of each distribution in turn from a fresh stream.
  RandomStream d(42);
  EXPECT_EQ(d.uniform(), 0.083862971059882163);  // exact: (0x15780b2e0c2ec716 >> 11) * 2^-53
  EXPECT_EQ(d.uniform_index(1000), 102u);
  EXPECT_DOUBLE_EQ(d.exponential(2.0), 2.2791399037077551);
  EXPECT_DOUBLE_EQ(d.normal(1.0, 2.0), 5.5425358390864057);
  EXPECT_DOUBLE_EQ(d.lognormal_mean_cv(10.0, 0.5), 7.6569479520064707);
  EXPECT_DOUBLE_EQ(d.gamma(0.5, 2.0), 0.26690248813742457);
  EXPECT_DOUBLE_EQ(d.beta_mean_sd(0.85, 0.05), 0.80471653429337342);
  EXPECT_EQ(d.poisson(4.0), 6);
  EXPECT_EQ(d.poisson(400.0), 412);
  EXPECT_EQ(d.binomial(20, 0.3), 4);
  EXPECT_EQ(d.binomial(5000, 0.3), 1520);
}

// A stream's position after a call does not depend on the parameters (bernoulli) or on earlier
// calls (no cached normal): a policy that changes a probability does not shift later draws.
TEST(RandomStream, BernoulliAndNormalConsumeAFixedNumberOfDraws) {
  RandomStream a(9), b(9), c(9), d(9);
  a.bernoulli(0.0);
  b.bernoulli(1.0);
  c.bernoulli(0.5);
  d.next_u64();
  EXPECT_EQ(a.next_u64(), d.next_u64());
  EXPECT_EQ(b.next_u64(), c.next_u64());

  RandomStream e(9), f(9);
  e.normal(0.0, 1.0);
  e.normal(5.0, 2.0);
  for (int i = 0; i < 4; ++i) f.next_u64();
  EXPECT_EQ(e.next_u64(), f.next_u64());
}

// ---- Distributions ----

TEST(RandomStream, UniformMomentsAndRange) {
  RandomStream rng(1, "uniform", 0);
  expect_moments([&] { return rng.uniform(); }, 0.5, 1.0 / 12.0);
  expect_moments([&] { return rng.uniform(-3.0, 5.0); }, 1.0, 64.0 / 12.0);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double v = rng.uniform(2.0, 2.5);
    ASSERT_GE(v, 2.0);
    ASSERT_LT(v, 2.5);
  }
}

TEST(RandomStream, UniformIndexCoversAllValuesEvenly) {
  RandomStream rng(1, "index", 0);
  constexpr int kN = 7;
  std::vector<int> counts(kN, 0);
  for (int i = 0; i < 210000; ++i) {
    const std::uint64_t k = rng.uniform_index(kN);
    ASSERT_LT(k, static_cast<std::uint64_t>(kN));
    ++counts[k];
  }
  const double sd = std::sqrt(210000.0 * (1.0 / kN) * (1.0 - 1.0 / kN));
  for (int k = 0; k < kN; ++k) EXPECT_NEAR(counts[k], 30000.0, 5.0 * sd) << k;

  for (int i = 0; i < 100; ++i) EXPECT_EQ(rng.uniform_index(1), 0u);

  // n = 3 * 2^62: 2^64 mod n = 2^62, so a plain modulo would send the lowest 2^62 words and the
  // highest 2^62 words both into [0, n/3): probability 1/2 instead of 1/3. Rejection keeps 1/3.
  const std::uint64_t big = std::uint64_t{3} << 62;
  int low_third = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t k = rng.uniform_index(big);
    ASSERT_LT(k, big);
    low_third += k < big / 3 ? 1 : 0;
  }
  EXPECT_NEAR(low_third / 20000.0, 1.0 / 3.0, 5.0 * std::sqrt(2.0 / 9.0 / 20000));
}

TEST(RandomStream, BernoulliClampsAndHasTheRightMean) {
  RandomStream rng(1, "bernoulli", 0);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_FALSE(rng.bernoulli(0.0));
    ASSERT_FALSE(rng.bernoulli(-0.5));
    ASSERT_TRUE(rng.bernoulli(1.0));
    ASSERT_TRUE(rng.bernoulli(1.5));
  }
  expect_moments([&] { return rng.bernoulli(0.3) ? 1.0 : 0.0; }, 0.3, 0.21);
}

TEST(RandomStream, ExponentialMoments) {
  RandomStream rng(1, "exponential", 0);
  expect_moments([&] { return rng.exponential(3.0); }, 3.0, 9.0);
}

TEST(RandomStream, NormalMoments) {
  RandomStream rng(1, "normal", 0);
  expect_moments([&] { return rng.normal(2.0, 1.5); }, 2.0, 2.25);
  // Symmetric about the mean: as many draws below as above.
  int below = 0;
  for (int i = 0; i < kDraws; ++i) below += rng.normal(-4.0, 1.0) < -4.0 ? 1 : 0;
  EXPECT_NEAR(below / double(kDraws), 0.5, 5.0 * std::sqrt(0.25 / kDraws));
}

TEST(RandomStream, LognormalHasTheRequestedMeanAndCv) {
  RandomStream rng(1, "lognormal", 0);
  // mean 10, cv 0.5: sd 5, variance 25.
  expect_moments([&] { return rng.lognormal_mean_cv(10.0, 0.5); }, 10.0, 25.0);
  expect_moments([&] { return rng.lognormal_mean_cv(0.2, 0.1); }, 0.2, 0.0004);
  for (int i = 0; i < 10; ++i) EXPECT_NEAR(rng.lognormal_mean_cv(4.0, 0.0), 4.0, 1e-12);
}

TEST(RandomStream, GammaMomentsForShapesAboveAndBelowOne) {
  RandomStream rng(1, "gamma", 0);
  // mean = shape * scale, variance = shape * scale^2.
  expect_moments([&] { return rng.gamma(2.5, 2.0); }, 5.0, 10.0);
  expect_moments([&] { return rng.gamma(1.0, 0.5); }, 0.5, 0.25);
  expect_moments([&] { return rng.gamma(0.4, 3.0); }, 1.2, 3.6);  // the shape < 1 boost
  expect_moments([&] { return rng.gamma(50.0, 0.1); }, 5.0, 0.5);
  for (int i = 0; i < 10000; ++i) ASSERT_GE(rng.gamma(0.1, 1.0), 0.0);
}

TEST(RandomStream, BetaMoments) {
  RandomStream rng(1, "beta", 0);
  // Beta(a, b): mean a/(a+b), variance ab / ((a+b)^2 (a+b+1)).
  expect_moments([&] { return rng.beta(2.0, 5.0); }, 2.0 / 7.0, 10.0 / (49.0 * 8.0));
  expect_moments([&] { return rng.beta(0.5, 0.5); }, 0.5, 0.125);
  for (int i = 0; i < 10000; ++i) {
    const double x = rng.beta(0.3, 0.7);
    ASSERT_GE(x, 0.0);
    ASSERT_LE(x, 1.0);
  }
}

TEST(RandomStream, BetaMeanSdMatchesItsArguments) {
  RandomStream rng(1, "beta_mean_sd", 0);
  expect_moments([&] { return rng.beta_mean_sd(0.85, 0.05); }, 0.85, 0.0025);
  expect_moments([&] { return rng.beta_mean_sd(0.3, 0.2); }, 0.3, 0.04);
  EXPECT_EQ(rng.beta_mean_sd(0.7, 0.0), 0.7);
  // sd too large for a Beta: the Bernoulli limit, still with the requested mean.
  expect_moments([&] { return rng.beta_mean_sd(0.4, 0.6); }, 0.4, 0.24);
}

TEST(RandomStream, PoissonSmallMeanByInversion) {
  RandomStream rng(1, "poisson_small", 0);
  EXPECT_EQ(rng.poisson(0.0), 0);
  EXPECT_EQ(rng.poisson(-1.0), 0);
  expect_moments([&] { return double(rng.poisson(3.5)); }, 3.5, 3.5);
  expect_moments([&] { return double(rng.poisson(0.05)); }, 0.05, 0.05);
  expect_pmf([&] { return rng.poisson(12.0); }, [](int k) { return poisson_pmf(12.0, k); }, 200);
  expect_pmf([&] { return rng.poisson(29.9); }, [](int k) { return poisson_pmf(29.9, k); }, 300);
}

TEST(RandomStream, PoissonLargeMeanByPtrs) {
  RandomStream rng(1, "poisson_large", 0);
  expect_moments([&] { return double(rng.poisson(200.0)); }, 200.0, 200.0);
  expect_moments([&] { return double(rng.poisson(1e6)); }, 1e6, 1e6);
  expect_pmf([&] { return rng.poisson(30.0); }, [](int k) { return poisson_pmf(30.0, k); }, 300);
  expect_pmf([&] { return rng.poisson(45.0); }, [](int k) { return poisson_pmf(45.0, k); }, 400);
}

TEST(RandomStream, BinomialSmallNByBernoulliSum) {
  RandomStream rng(1, "binomial_small", 0);
  EXPECT_EQ(rng.binomial(0, 0.5), 0);
  EXPECT_EQ(rng.binomial(-3, 0.5), 0);
  EXPECT_EQ(rng.binomial(10, 0.0), 0);
  EXPECT_EQ(rng.binomial(10, 1.0), 10);
  EXPECT_EQ(rng.binomial(10, 2.0), 10);
  expect_moments([&] { return double(rng.binomial(20, 0.3)); }, 6.0, 4.2);
  expect_pmf([&] { return rng.binomial(40, 0.3); }, [](int k) { return binomial_pmf(40, 0.3, k); },
             40);
}

TEST(RandomStream, BinomialLargeN) {
  RandomStream rng(1, "binomial_large", 0);
  EXPECT_EQ(rng.binomial(1000, 0.0), 0);
  EXPECT_EQ(rng.binomial(1000, 1.0), 1000);
  EXPECT_EQ(rng.binomial(1000000, 1.0), 1000000);
  // n p >= 30: Knuth's splitting; n p < 30: inversion.
  expect_moments([&] { return double(rng.binomial(1000, 0.37)); }, 370.0, 233.1);
  expect_moments([&] { return double(rng.binomial(100000, 0.5)); }, 50000.0, 25000.0, 50000);
  expect_moments([&] { return double(rng.binomial(100000, 0.0001)); }, 10.0, 9.999);
  expect_pmf([&] { return rng.binomial(200, 0.4); },
             [](int k) { return binomial_pmf(200, 0.4, k); }, 200);
  expect_pmf([&] { return rng.binomial(1000, 0.01); },
             [](int k) { return binomial_pmf(1000, 0.01, k); }, 1000);
  expect_pmf([&] { return rng.binomial(300, 0.97); },
             [](int k) { return binomial_pmf(300, 0.97, k); }, 300);
}

TEST(RandomStream, BinomialStaysWithinZeroToN) {
  RandomStream rng(1, "binomial_range", 0);
  for (const std::int64_t n : {1, 2, 64, 65, 100, 1000, 123457}) {
    for (const double p : {1e-9, 0.001, 0.2, 0.5, 0.8, 0.999, 1.0 - 1e-12}) {
      for (int i = 0; i < 200; ++i) {
        const std::int64_t k = rng.binomial(n, p);
        ASSERT_GE(k, 0) << n << " " << p;
        ASSERT_LE(k, n) << n << " " << p;
      }
    }
  }
}

// ---- Fingerprint ----

// Plain FNV-1a 64 over bytes, the reference the Fingerprint must agree with.
std::uint64_t fnv1a(const std::vector<unsigned char>& bytes) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const unsigned char b : bytes) {
    h ^= b;
    h *= 1099511628211ULL;
  }
  return h;
}

std::vector<unsigned char> le_bytes(std::uint64_t v) {
  std::vector<unsigned char> out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
  return out;
}

TEST(Fingerprint, AgreesWithFnv1aOverLittleEndianBytes) {
  EXPECT_EQ(fnv1a({'a'}), 0xaf63dc4c8601ec8cULL);  // the published FNV-1a 64 test vector
  Fingerprint f;
  f.add(std::uint64_t{0x0102030405060708ULL});
  EXPECT_EQ(f.value(), fnv1a(le_bytes(0x0102030405060708ULL)));

  Fingerprint text;
  text.add(std::string_view("ab"));
  std::vector<unsigned char> bytes = le_bytes(2);
  bytes.push_back('a');
  bytes.push_back('b');
  EXPECT_EQ(text.value(), fnv1a(bytes));
}

TEST(Fingerprint, OrderAndValuesMatter) {
  Fingerprint a, b, c;
  a.add(1);
  a.add(2);
  b.add(2);
  b.add(1);
  c.add(1);
  c.add(3);
  EXPECT_NE(a.value(), b.value());
  EXPECT_NE(a.value(), c.value());

  Fingerprint x, y;
  x.add(0.5);
  y.add(0.5000000000000001);
  EXPECT_NE(x.value(), y.value());

  // Length-prefixed strings: the split between strings matters.
  Fingerprint s1, s2;
  s1.add(std::string_view("ab"));
  s1.add(std::string_view("c"));
  s2.add(std::string_view("a"));
  s2.add(std::string_view("bc"));
  EXPECT_NE(s1.value(), s2.value());
}

TEST(Fingerprint, IntegerOverloadsAgreeOnTheSameBits) {
  Fingerprint i, l, u;
  i.add(-1);
  l.add(std::int64_t{-1});
  u.add(~std::uint64_t{0});
  EXPECT_EQ(i.value(), l.value());
  EXPECT_EQ(i.value(), u.value());
}

TEST(Fingerprint, HexIsSixteenLowercaseDigits) {
  Fingerprint empty;
  EXPECT_EQ(empty.hex(), "cbf29ce484222325");  // the offset basis
  Fingerprint f;
  f.add(std::uint64_t{42});
  const std::string hex = f.hex();
  ASSERT_EQ(hex.size(), 16u);
  EXPECT_EQ(std::stoull(hex, nullptr, 16), f.value());
  for (const char ch : hex) EXPECT_TRUE((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
}

TEST(Fingerprint, GoldenValue) {
  Fingerprint f;
  f.add(7);
  f.add(2.5);
  f.add(std::string_view("served"));
  EXPECT_EQ(f.hex(), "e4cb13314a1b312d");
}

}  // namespace
}  // namespace orgsim::core
