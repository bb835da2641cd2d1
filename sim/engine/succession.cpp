#include "engine/succession.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace orgsim::engine {

void end_incubation_year(District& d, int year, OrgDraws& entrants) {
  const auto& s = d.scenario();
  const bool another_year = year + 1 < d.years();
  // One draw per active organization, whatever its decision, so that a policy's decisions do
  // not shift the draws of the organizations after it.
  core::RandomStream fate(static_cast<std::uint64_t>(s.run.seed), "succession",
                          static_cast<std::uint64_t>(year));
  std::int64_t exits = 0;
  const auto orgs = d.world().social_orgs.size();  // entrants come after the loop
  for (std::size_t i = 0; i < orgs; ++i) {
    const auto o = static_cast<std::int32_t>(i);
    if (!d.org_active(o)) continue;
    const ServiceProvider& org = d.world().social_orgs[i];
    core::IncubationRecord r;
    r.year = year;
    r.org = o;
    r.tally = d.org_tally(o);
    r.decision = core::decide_incubation(r.tally, s.incubation);
    r.true_attraction_quality = org.attraction_quality;
    r.true_satisfaction_quality = org.satisfaction_quality;
    const auto experienced = core::experienced_qualities(
        {org.attraction_quality, org.satisfaction_quality}, d.org_exposure(o));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.experienced_attraction = experienced ? experienced->attraction : nan;
    r.experienced_satisfaction = experienced ? experienced->satisfaction : nan;
    r.staff = org.staff;
    r.staff_after = org.staff;
    const double u = fate.uniform();
    if (another_year && r.decision == core::IncubationDecision::kDenied) {
      if (u < s.succession.denied_exit_prob) {
        d.retire_org(o);
        r.support = core::SupportOutcome::kExited;
        r.staff_after = 0;
        ++exits;
      } else {
        const auto kept = std::max<std::int32_t>(
            1, static_cast<std::int32_t>(
                   std::lround(static_cast<double>(org.staff) * s.succession.denied_staff_share)));
        if (kept < org.staff) {
          r.support = core::SupportOutcome::kShrunk;
          r.staff_after = kept;
          d.shrink_org(o, kept);
        }
      }
    }
    d.sink().on_incubation(r);
  }
  if (!another_year) return;
  const auto entering = std::llround(static_cast<double>(exits) * s.succession.entrants_per_exit);
  for (std::int64_t e = 0; e < entering; ++e) {
    ServiceProvider org = entrants.next(d.world());
    org.active_from_year = year + 1;
    d.add_org(std::move(org));
  }
  d.start_year(year + 1);
}

}  // namespace orgsim::engine
