// LoadKey packs (load, tie key, org) in 16 bytes: it must order exactly as the tuple it
// replaces, and refuse what does not fit rather than order it wrongly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "core/min_tree.hpp"
#include "core/random_stream.hpp"
#include "engine/load_key.hpp"

using orgsim::engine::LoadKey;

namespace {

std::tuple<double, std::int64_t, std::int32_t> as_tuple(const LoadKey& k) {
  return {k.load(), k.tie_key(), k.org()};
}

}  // namespace

TEST(LoadKey, KeepsItsFieldsAtTheEdgesOfTheirRanges) {
  for (std::int64_t tie : {std::int64_t{-1}, std::int64_t{0}, LoadKey::kMaxTieKey})
    for (std::int32_t org : {0, 1, LoadKey::kMaxOrg}) {
      const LoadKey k(2.5, tie, org);
      EXPECT_EQ(k.load(), 2.5);
      EXPECT_EQ(k.tie_key(), tie);
      EXPECT_EQ(k.org(), org);
      EXPECT_FALSE(k.is_absent());
    }
}

TEST(LoadKey, OrdersAsTheTupleOfLoadTieKeyAndOrg) {
  orgsim::core::RandomStream rng(5, "load_key");
  // Few distinct values per field, so that ties on the first fields are common; the tie keys
  // and orgs include the edges, where a wrong shift or sign would show.
  // -0 must order as +0: the key compares the loads' bit patterns.
  const std::vector<double> loads{0.0, -0.0, 0.5, 1.0, 1.0 / 3.0, 7.0, 1e300};
  const std::vector<std::int64_t> ties{
      -1, 0, 1, 1000, LoadKey::kMaxTieKey - 1, LoadKey::kMaxTieKey};
  const std::vector<std::int32_t> orgs{0, 1, 2, 4799, LoadKey::kMaxOrg};
  auto draw = [&] {
    return LoadKey(loads[rng.uniform_index(loads.size())], ties[rng.uniform_index(ties.size())],
                   orgs[rng.uniform_index(orgs.size())]);
  };
  for (int i = 0; i < 20000; ++i) {
    const LoadKey a = draw();
    const LoadKey b = draw();
    ASSERT_EQ(a < b, as_tuple(a) < as_tuple(b));
    ASSERT_EQ(a == b, as_tuple(a) == as_tuple(b));
  }
}

TEST(LoadKey, AbsentComparesAboveEveryRealKey) {
  const LoadKey absent = LoadKey::absent();
  EXPECT_TRUE(absent.is_absent());
  EXPECT_TRUE(LoadKey(1e300, LoadKey::kMaxTieKey, LoadKey::kMaxOrg) < absent);
  EXPECT_FALSE(absent < absent);
  EXPECT_TRUE(absent == LoadKey::absent());
}

TEST(LoadKey, RefusesWhatDoesNotFit) {
  EXPECT_THROW(LoadKey(0.0, 0, LoadKey::kMaxOrg + 1), std::out_of_range);
  EXPECT_THROW(LoadKey(0.0, 0, -1), std::out_of_range);
  EXPECT_THROW(LoadKey(0.0, LoadKey::kMaxTieKey + 1, 0), std::out_of_range);
  EXPECT_THROW(LoadKey(0.0, -2, 0), std::out_of_range);
  // Only loads >= 0 order correctly by their bit patterns.
  EXPECT_THROW(LoadKey(-0.5, 0, 0), std::out_of_range);
  EXPECT_THROW(LoadKey(std::numeric_limits<double>::quiet_NaN(), 0, 0), std::out_of_range);
}

// The dispatch index's trees hold LoadKeys: a tree of them keeps the minimum a plain scan finds,
// with loads that tie often (so the tie key and then the org decide) and absent leaves.
TEST(LoadKey, AMinTreeOfThemKeepsTheMinimumAScanFinds) {
  orgsim::core::RandomStream rng(8, "load_key_tree");
  for (std::size_t n : {1u, 3u, 4u, 5u, 64u, 65u, 1200u}) {
    orgsim::core::MinTree<LoadKey> tree(n, LoadKey::absent());
    std::vector<LoadKey> plain(n, LoadKey::absent());
    for (int step = 0; step < 3000; ++step) {
      const auto leaf = rng.uniform_index(n);
      const LoadKey key = rng.bernoulli(0.05)
                              ? LoadKey::absent()
                              : LoadKey(static_cast<double>(rng.uniform_index(5)) / 3.0,
                                        static_cast<std::int64_t>(rng.uniform_index(3)) - 1,
                                        static_cast<std::int32_t>(leaf));
      tree.set(leaf, key);
      plain[leaf] = key;
      const LoadKey least = *std::min_element(plain.begin(), plain.end());
      ASSERT_TRUE(tree.min() == least) << "n=" << n << " step " << step;
    }
  }
}
