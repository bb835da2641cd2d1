#pragma once
// Everything the order path reads or writes of one social organization, in one place. At
// province scale an organization's data is cold when an order reaches it; spread over seven
// arrays (desks with a std::deque each, service streams, tallies, exposures, last assignments,
// the index's entries) plus the world's ServiceProvider for its qualities, one order touched
// a dozen cache lines of its organization. Here an order touches lines 0 and 1 when it is
// dispatched and started, and the four when its service ends (issue 17). Cold things (the
// name, the town, the categories) stay in World::social_orgs.
#include <cstdint>

#include "core/huge_page_allocator.hpp"
#include "core/random_stream.hpp"
#include "core/reference_standard.hpp"
#include "core/two_rates.hpp"
#include "core/world.hpp"
#include "engine/org_index_entry.hpp"
#include "engine/service_desk.hpp"

namespace orgsim::engine {

struct alignas(64) SocialOrgState {
  // `org` is the organization's index: its service stream is "service" of that index.
  SocialOrgState(const core::ServiceProvider& provider, std::uint64_t seed, std::uint64_t org)
      : desk{provider.staff, 0, {}},
        attraction_quality(provider.attraction_quality),
        satisfaction_quality(provider.satisfaction_quality),
        rng(seed, "service", org) {}

  // Line 0: dispatch, the queue and the service's evaluation.
  ServiceDesk desk;
  // The number of the dispatch that last chose it (-1: never), for ties broken by the least
  // recently assigned (dispatch.tie_break).
  std::int64_t last_assigned = -1;
  // Its true qualities, copied from World::social_orgs (drawn once, never changed).
  double attraction_quality;
  double satisfaction_quality;
  // Line 1: the dispatch index's entry and the stream its services' durations and evaluations
  // are drawn from.
  OrgIndexEntry indexed;
  core::RandomStream rng;  // stream "service" of this organization
  // Lines 2 and 3: this year's evaluations (the rates are annual: reset at each year start).
  core::TwoRateTally tally;
  core::WaitExposure exposure;  // the wait decay its services carried
};

static_assert(sizeof(SocialOrgState) == 256, "four cache lines, laid out as the comments say");

// Every organization's block, in organization order (on huge pages at province scale).
using SocialOrgStates = core::HugePageVector<SocialOrgState>;

}  // namespace orgsim::engine
