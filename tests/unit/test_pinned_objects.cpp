// PinnedObjects: objects constructed in place keep their addresses (timers point at them),
// and one more than the capacity is refused rather than moving them all.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "engine/pinned_objects.hpp"

using orgsim::engine::PinnedObjects;

namespace {

struct Source {
  Source(std::int64_t source_id, std::int64_t* fired_count) : id(source_id), fired(fired_count) {}
  std::int64_t id;
  std::int64_t* fired;  // what a timer's action would touch through the object's address
};

}  // namespace

TEST(PinnedObjects, ObjectsKeepTheirAddressesAsMoreAreAdded) {
  std::int64_t fired = 0;
  const std::size_t n = 100000;  // several MiB: the huge-page path
  PinnedObjects<Source> sources(n);
  std::vector<const Source*> addresses;
  for (std::size_t i = 0; i < n; ++i)
    addresses.push_back(&sources.emplace(static_cast<std::int64_t>(i), &fired));
  ASSERT_EQ(sources.size(), n);
  std::size_t i = 0;
  for (const Source& s : sources) {
    ASSERT_EQ(&s, addresses[i]) << "object " << i << " moved";
    EXPECT_EQ(s.id, static_cast<std::int64_t>(i));
    ++i;
  }
}

TEST(PinnedObjects, OneMoreThanTheCapacityIsRefused) {
  std::int64_t fired = 0;
  PinnedObjects<Source> sources(2);
  const Source* first = &sources.emplace(1, &fired);
  sources.emplace(2, &fired);
  EXPECT_THROW(sources.emplace(3, &fired), std::logic_error);
  EXPECT_EQ(sources.size(), 2U);
  EXPECT_EQ(first, &*sources.begin());
  PinnedObjects<Source> none(0);
  EXPECT_THROW(none.emplace(1, &fired), std::logic_error);
}
