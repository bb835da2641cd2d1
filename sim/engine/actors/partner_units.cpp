// 共建结对单位: partner units take non-immediate items (非即办件), which need planning, into their
// work at regular meetings (项目化推进). Each unit's first meeting falls at a random phase of the
// interval (stream "partner_meetings"), so meetings across the district do not all coincide.
// With an interval of 0 there are no meetings: each order joins the unit's queue at once.
#include <simgrid/s4u/Actor.hpp>

#include "engine/actors/actors.hpp"

namespace sg4 = simgrid::s4u;

namespace orgsim::engine {
namespace {

void partner_meetings(District& d, std::int32_t unit) {
  const double interval = d.scenario().dispatch.partner_meeting_interval_h;
  core::RandomStream phase(static_cast<std::uint64_t>(d.scenario().run.seed), "partner_meetings",
                           static_cast<std::uint64_t>(unit));
  for (double t = phase.uniform() * interval; t < d.horizon_h(); t += interval) {
    sleep_until(d, t);
    d.plan_partner_orders(unit);
  }
}

}  // namespace

void start_partner_units(District& district, const Platform& platform) {
  // Interval 0: no meetings; the district puts each order straight into the unit's queue.
  if (district.scenario().dispatch.partner_meeting_interval_h <= 0.0) return;
  const auto& world = district.world();
  for (std::size_t p = 0; p < world.partner_units.size(); ++p) {
    const auto unit = static_cast<std::int32_t>(p);
    sg4::Actor::create(
        "partner-" + std::to_string(p), platform.town_hosts[world.partner_units[p].town],
        guarded(district, "partner unit", [&district, unit] { partner_meetings(district, unit); }))
        ->daemonize();
  }
}

}  // namespace orgsim::engine
