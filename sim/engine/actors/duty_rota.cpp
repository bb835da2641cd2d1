// 轮值轮班: officials and core members of social organizations take turns staffing the service
// points (the schedule is in rota_schedule.hpp). Each member is an actor that walks its own
// assignments: it comes on duty at the shift's start, unless absent.
#include <memory>
#include <simgrid/s4u/Actor.hpp>

#include "engine/actors/actors.hpp"
#include "engine/rota_schedule.hpp"

namespace sg4 = simgrid::s4u;

namespace orgsim::engine {
namespace {

struct RotaMember {
  results::DutyRole role;
  std::int32_t person;
  std::int32_t index;  // position in the town's rota
};

void serve_rota(District& d, const Town& town, const std::vector<Shift>& shifts, RotaMember m,
                std::int64_t rota_size) {
  const auto& s = d.scenario();
  const auto seats =
      static_cast<std::int64_t>(town.service_points.size()) * s.roster.staff_per_shift;
  core::RandomStream absence(
      static_cast<std::uint64_t>(s.run.seed),
      m.role == results::DutyRole::kOfficial ? "absence_official" : "absence_org_member",
      static_cast<std::uint64_t>(m.person));
  for (const RotaAssignment& duty :
       rota_assignments(m.index, rota_size, seats, static_cast<std::int64_t>(shifts.size()))) {
    const Shift& shift = shifts[static_cast<std::size_t>(duty.shift)];
    const auto point =
        town.service_points[static_cast<std::size_t>(duty.seat / s.roster.staff_per_shift)];
    sg4::this_actor::sleep_until(shift.start_h);
    const bool attended = !absence.bernoulli(s.roster.absence_prob);
    d.record_shift({m.role, m.person, point, shift.start_h,
                    attended ? shift.end_h - shift.start_h : 0.0, attended});
    if (!attended) continue;
    d.duty_started(point);
    // The shift's end is a timer, not a second wake-up of this actor: a sleep costs a
    // SimGrid action, and the member has nothing to decide at the end of a shift.
    d.end_duty_at(shift.end_h, point);
  }
}

}  // namespace

void start_duty_rota(District& district, const Platform& platform) {
  const auto& world = district.world();
  auto shifts = std::make_shared<const std::vector<Shift>>(shifts_of_year(district.scenario()));
  for (std::size_t t = 0; t < world.towns.size(); ++t) {
    const Town& town = world.towns[t];
    if (town.service_points.empty()) continue;
    std::vector<RotaMember> rota;
    for (auto o : town.rota_officials)
      rota.push_back({results::DutyRole::kOfficial, o, static_cast<std::int32_t>(rota.size())});
    for (auto m : town.rota_org_members)
      rota.push_back({results::DutyRole::kOrgMember, m, static_cast<std::int32_t>(rota.size())});
    const auto rota_size = static_cast<std::int64_t>(rota.size());
    for (const RotaMember& m : rota) {
      const std::string name =
          (m.role == results::DutyRole::kOfficial ? "official-" : "org-member-") +
          std::to_string(m.person);
      sg4::Actor::create(name, platform.town_hosts[t],
                         guarded(district, "duty rota",
                                 [&district, &town, shifts, m, rota_size] {
                                   serve_rota(district, town, *shifts, m, rota_size);
                                 }))
          ->daemonize();
    }
  }
}

}  // namespace orgsim::engine
