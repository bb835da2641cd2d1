#pragma once
// What OrgIndex keeps of one organization: where its leaves are, in each of the index's trees.
// Only OrgIndex writes it; it lives in the organization's SocialOrgState, beside the desk a
// refresh reads, rather than in an array of the index's own: at province scale that array was
// one more cold line per refresh (issue 17). So are its first places: an organization is in
// demand.categories_per_org category trees (2 by default), plus as many alliance trees under
// alliance-first dispatch; the places past the third are in the index's own array.
#include <array>
#include <cstdint>

namespace orgsim::engine {

// A leaf of the organization in one of the index's trees.
struct OrgIndexPlace {
  std::int32_t ordering;  // which tree: a category, or a (category, alliance)
  std::int32_t leaf;
};

struct OrgIndexEntry {
  static constexpr int kInlinePlaces = 3;
  std::array<OrgIndexPlace, kInlinePlaces> first_places{};
  std::int32_t more_places = 0;  // places past the inline ones: the index's places_[more_places...]
  std::uint16_t places = 0;      // its category orderings first, then its alliance ones
  std::uint16_t category_places = 0;
};

static_assert(sizeof(OrgIndexEntry) == 32, "half a cache line, beside the service stream");

}  // namespace orgsim::engine
