#pragma once
// What a scenario will build, worked out from its numbers before anything is built: how many
// agents and actors, about how many orders, and about how much memory the run will take. A
// scenario that cannot fit in the machine (district.branches = 100000 at scale 1000) is refused
// with the estimate instead of being killed by the kernel after minutes at gigabytes.
#include <cstdint>

#include "config/scenario.hpp"

namespace orgsim::config {

struct PopulationEstimate {
  std::int64_t towns = 0, branches = 0, social_orgs = 0, partner_units = 0, officials = 0,
               org_members = 0, actors = 0;
  double orders = 0.0;        // expected orders over the run
  double memory_bytes = 0.0;  // peak resident memory, roughly (bench/README.md)
};

// The counts follow engine/world.cpp's scaling; the memory model is fitted to the measured
// runs of bench/README.md: about 40 MiB, 16 KiB per actor (its stack and state), 16 bytes per
// order (the summary keeps each order's wait and response for exact percentiles).
PopulationEstimate estimate_population(const Scenario& scenario);

}  // namespace orgsim::config
