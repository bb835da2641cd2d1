// FlatLists keeps each owner's list, in order, empty lists included.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "engine/flat_lists.hpp"

using orgsim::engine::FlatLists;

TEST(FlatLists, KeepsEachOwnersListInOrder) {
  const std::vector<std::vector<std::int32_t>> owners{{4, 2, 9}, {}, {7}, {}, {1, 1}};
  const FlatLists flat(
      owners, [](const std::vector<std::int32_t>& l) -> const auto& { return l; });
  for (std::size_t o = 0; o < owners.size(); ++o) {
    const auto owner = static_cast<std::int32_t>(o);
    ASSERT_EQ(flat.size(owner), static_cast<std::int32_t>(owners[o].size())) << "owner " << o;
    EXPECT_EQ(std::vector<std::int32_t>(flat.begin(owner), flat.end(owner)), owners[o])
        << "owner " << o;
  }
}
