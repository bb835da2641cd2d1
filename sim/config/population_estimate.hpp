#pragma once
// What a scenario will build, worked out from its numbers before anything is built: how many
// agents and SimGrid actors, about how many orders, and about how much memory the run will take. A
// scenario that cannot fit in the machine (district.branches = 100000 at scale 1000) is refused
// with the estimate instead of being killed by the kernel after minutes at gigabytes.
#include <cstdint>

#include "config/scenario.hpp"

namespace orgsim::config {

struct PopulationEstimate {
  std::int64_t towns = 0, branches = 0, social_orgs = 0, partner_units = 0, officials = 0,
               org_members = 0;
  // Everyone the run keeps state for: the above and the committee's staff.
  std::int64_t agents = 0;
  // SimGrid actors (the run's population.actors): the inspection groups, the calendar and the
  // campaign source. Everyone else lives on timers.
  std::int64_t actors = 0;
  double orders = 0.0;        // expected orders over the run
  double memory_bytes = 0.0;  // peak resident memory, roughly (bench/README.md)
};

// The counts follow engine/world.cpp's scaling. The memory model is an upper bound fitted to
// measured runs (bench/README.md, "What a run's memory is made of"): 44 MiB (the process, SimGrid
// and the actors' stacks), 2 KiB per agent (its state, names and timers) and 64 bytes per order
// (the summary keeps each order's wait and response for exact percentiles, in vectors that
// double; open orders' slots and timers).
PopulationEstimate estimate_population(const Scenario& scenario);

}  // namespace orgsim::config
