#pragma once
// Part-time branch leaders choose next quarter's effort from this quarter's inspection
// (behaviour.leader; docs/MODEL.md §13.1). Called by the calendar after the ranking, before
// the leaders plan the next quarter.
#include <cstdint>
#include <vector>

#include "config/scenario.hpp"
#include "core/event_sink.hpp"

namespace orgsim::engine {

// `records` holds this quarter's inspection of every branch (by branch index), ranked and
// tiered within `scopes` (the branches ranked together); `effort` (per branch) is this
// quarter's effort and becomes next quarter's. Under "fixed" nothing changes.
void decide_efforts(const config::Scenario& scenario,
                    const std::vector<std::vector<std::int32_t>>& scopes,
                    const std::vector<core::InspectionRecord>& records,
                    std::vector<double>& effort);

}  // namespace orgsim::engine
