// MinTree keeps the minimum of an array under updates; checked against a plain scan.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "core/min_tree.hpp"
#include "core/random_stream.hpp"

using Key = std::pair<double, int>;
using orgsim::core::MinTree;

TEST(MinTree, AgreesWithAScanUnderRandomUpdatesForEverySize) {
  const Key absent{std::numeric_limits<double>::infinity(), std::numeric_limits<int>::max()};
  orgsim::core::RandomStream rng(3, "min_tree");
  for (std::size_t n : {1u, 2u, 3u, 4u, 5u, 8u, 13u, 16u, 17u, 100u}) {
    MinTree<Key> tree(n, absent);
    std::vector<Key> plain(n, absent);
    EXPECT_EQ(tree.min(), absent);
    for (int step = 0; step < 2000; ++step) {
      const auto leaf = rng.uniform_index(n);
      // Few distinct loads, so ties are common and must go to the lower id.
      const Key key = rng.bernoulli(0.1) ? absent
                                         : Key{static_cast<double>(rng.uniform_index(4)) / 2.0,
                                               static_cast<int>(leaf)};
      tree.set(leaf, key);
      plain[leaf] = key;
      ASSERT_EQ(tree.min(), *std::min_element(plain.begin(), plain.end())) << "n=" << n;
    }
  }
}

TEST(MinTree, EmptyTreeReportsAbsent) {
  MinTree<int> tree(0, 99);
  EXPECT_EQ(tree.min(), 99);
}

TEST(MinTree, EachGroupOfSiblingsFillsOneCacheLine) {
  // Key is 16 bytes: four siblings fill a line only if each group starts on one. Leaves 0..3
  // are such a group (as soon as there are two leaves), and so are 4..7.
  static_assert(sizeof(Key) == 16);
  for (std::size_t n : {2u, 3u, 5u, 600u, 4800u}) {
    MinTree<Key> tree(n, Key{0.0, 0});
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(&tree.at(0)) % orgsim::core::kCacheLineBytes, 0u)
        << "n=" << n;
    if (n > 4) {
      EXPECT_EQ(reinterpret_cast<std::uintptr_t>(&tree.at(4)) % orgsim::core::kCacheLineBytes, 0u)
          << "n=" << n;
    }
  }
}
