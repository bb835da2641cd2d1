// SocialOrgState keeps what an order touches of one organization in four cache lines; the
// layout is the point (issue 17), so it is checked here, along with what it copies from the
// world.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "core/cache_aligned.hpp"
#include "engine/social_org_state.hpp"

using orgsim::core::ServiceProvider;
using orgsim::engine::SocialOrgState;
using orgsim::engine::SocialOrgStates;

namespace {

std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

// The cache lines of the first and the last byte of `field` within its organization's block.
template <class Field>
std::pair<std::uintptr_t, std::uintptr_t> lines_of(const SocialOrgState& s, const Field& field) {
  const auto first = address(&field) - address(&s);
  const auto last = first + sizeof(Field) - 1;
  return {first / orgsim::core::kCacheLineBytes, last / orgsim::core::kCacheLineBytes};
}

const std::pair<std::uintptr_t, std::uintptr_t> kLine0{0, 0}, kLine1{1, 1}, kLine2{2, 2},
    kLine3{3, 3};

}  // namespace

TEST(SocialOrgState, EachOrganizationStartsOnACacheLineWithItsFieldsOnTheirLines) {
  ServiceProvider p;
  p.staff = 3;
  SocialOrgStates orgs;
  for (int o = 0; o < 5; ++o) orgs.emplace_back(p, 1, o);
  for (const auto& s : orgs) {
    EXPECT_EQ(address(&s) % orgsim::core::kCacheLineBytes, 0u);
    // Dispatched and started: lines 0 and 1 only.
    EXPECT_EQ(lines_of(s, s.desk), kLine0);
    EXPECT_EQ(lines_of(s, s.last_assigned), kLine0);
    EXPECT_EQ(lines_of(s, s.attraction_quality), kLine0);
    EXPECT_EQ(lines_of(s, s.satisfaction_quality), kLine0);
    EXPECT_EQ(lines_of(s, s.indexed), kLine1);
    EXPECT_EQ(lines_of(s, s.rng), kLine1);
    // Finished: also lines 2 and 3.
    EXPECT_EQ(lines_of(s, s.tally), kLine2);
    EXPECT_EQ(lines_of(s, s.exposure), kLine3);
  }
}

TEST(SocialOrgState, TakesStaffQualitiesAndItsOwnServiceStream) {
  ServiceProvider p;
  p.staff = 3;
  p.attraction_quality = 0.7;
  p.satisfaction_quality = 0.9;
  SocialOrgState a(p, 1, 0);
  SocialOrgState b(p, 1, 1);
  EXPECT_EQ(a.desk.staff, 3);
  EXPECT_EQ(a.desk.busy, 0);
  EXPECT_EQ(a.last_assigned, -1);
  EXPECT_EQ(a.attraction_quality, 0.7);
  EXPECT_EQ(a.satisfaction_quality, 0.9);
  // The stream is "service" of the organization's index, as before the state was gathered.
  orgsim::core::RandomStream service1(1, "service", 1);
  EXPECT_EQ(b.rng.next_u64(), service1.next_u64());
  EXPECT_NE(a.rng.next_u64(), b.rng.next_u64());
}
