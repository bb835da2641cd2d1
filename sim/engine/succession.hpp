#pragma once
// The year end of the social organizations: each active organization is incubated or denied
// by its annual two rates (孵化), and with more years to come (run.years > 1) a denial costs it
// support: it leaves, or it keeps fewer staff; new organizations enter for those that left
// (succession.*; docs/MODEL.md §13.5).
#include "engine/district.hpp"
#include "engine/world.hpp"

namespace orgsim::engine {

// Decides year `year` (0-based) for every active organization, emits the records, and, when
// another year follows, applies the consequences, adds the entrants (drawn from `entrants`)
// and starts the next year.
void end_incubation_year(District& district, int year, OrgDraws& entrants);

}  // namespace orgsim::engine
