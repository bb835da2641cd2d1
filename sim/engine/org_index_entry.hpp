#pragma once
// What OrgIndex keeps of one organization: its load, score and tie key as last indexed (a
// refresh compares them with the organization's now) and where its leaves are. Only OrgIndex
// writes it; it lives in the organization's SocialOrgState, beside the desk a refresh reads,
// rather than in an array of the index's own (one cache line fewer per refresh, issue 17).
#include <cstdint>

namespace orgsim::engine {

struct OrgIndexEntry {
  double load = 0.0;
  double score = 0.0;
  std::int64_t tie_key = 0;
  std::int32_t first_place = 0;  // its places: the index's places_[first_place ...]
  std::uint16_t places = 0;      // its category orderings first, then its alliance ones
  std::uint16_t category_places = 0;
};

static_assert(sizeof(OrgIndexEntry) == 32, "half a cache line, beside the service stream");

}  // namespace orgsim::engine
