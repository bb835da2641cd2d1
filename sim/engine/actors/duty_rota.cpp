// 轮值轮班: officials and core members of social organizations take turns staffing the service
// points (the schedule is in rota_schedule.hpp). Each member is an actor that walks its own
// assignments: it comes on duty at the shift's start, unless absent. Under
// behaviour.roster = fatigue a member tired by recent duty misses shifts more often, and a
// less-loaded colleague of the same role may cover the shift (docs/MODEL.md §13.4).
#include <memory>
#include <simgrid/s4u/Actor.hpp>

#include "core/duty_fatigue.hpp"
#include "engine/actors/actors.hpp"
#include "engine/rota_schedule.hpp"

namespace sg4 = simgrid::s4u;

namespace orgsim::engine {
namespace {

struct RotaMember {
  core::DutyRole role;
  std::int32_t person;
  std::int32_t index;  // position in the town's rota
};

// One town's rota as its members know it: who is on it, each one's recent duty, and which
// shift each last covered for a colleague.
struct TownRota {
  std::vector<RotaMember> members;
  std::vector<core::DutyLoad> loads;
  std::vector<std::int64_t> covering_shift;
  std::int64_t seats = 0;
};

core::FatigueRule fatigue_rule(const config::Scenario& s) {
  return {s.behaviour.fatigue_window_days * 24.0, s.behaviour.fatigue_hours,
          s.behaviour.fatigue_miss_slope};
}

// The colleague who covers member `tired`'s seat in shift `shift`: of the same role, not on
// that shift already, not tired, with the lowest recent load (ties to the rota's order); -1 if
// nobody can.
std::int32_t find_cover(TownRota& rota, std::int32_t tired, std::int64_t shift, double now_h,
                        const core::FatigueRule& rule) {
  const auto size = static_cast<std::int64_t>(rota.members.size());
  std::vector<bool> on_shift(rota.members.size(), false);
  for (std::int64_t seat = 0; seat < rota.seats; ++seat)
    on_shift[static_cast<std::size_t>((shift * rota.seats + seat) % size)] = true;
  std::int32_t best = -1;
  double best_load = 0.0;
  for (std::size_t m = 0; m < rota.members.size(); ++m) {
    if (on_shift[m] || rota.covering_shift[m] == shift ||
        rota.members[m].role != rota.members[static_cast<std::size_t>(tired)].role)
      continue;
    const double load = rota.loads[m].load_h(now_h, rule.window_h);
    if (load >= rule.limit_h) continue;
    if (best < 0 || load < best_load) {
      best = static_cast<std::int32_t>(m);
      best_load = load;
    }
  }
  return best;
}

void staff_point(District& d, std::int32_t point, const Shift& shift) {
  d.duty_started(point);
  // The shift's end is a timer, not a second wake-up of this actor: a sleep costs a
  // SimGrid action, and the member has nothing to decide at the end of a shift.
  d.end_duty_at(shift.end_h, point);
}

void serve_rota(District& d, const Town& town, const std::vector<Shift>& shifts,
                std::shared_ptr<TownRota> rota, std::int32_t index) {
  const auto& s = d.scenario();
  const RotaMember m = rota->members[static_cast<std::size_t>(index)];
  const bool fatigue = s.behaviour.roster == config::RosterModel::kFatigue;
  const core::FatigueRule rule = fatigue_rule(s);
  core::RandomStream absence(
      static_cast<std::uint64_t>(s.run.seed),
      m.role == core::DutyRole::kOfficial ? "absence_official" : "absence_org_member",
      static_cast<std::uint64_t>(m.person));
  for (const RotaAssignment& duty :
       rota_assignments(m.index, static_cast<std::int64_t>(rota->members.size()), rota->seats,
                        static_cast<std::int64_t>(shifts.size()))) {
    const Shift& shift = shifts[static_cast<std::size_t>(duty.shift)];
    const auto point =
        town.service_points[static_cast<std::size_t>(duty.seat / s.roster.staff_per_shift)];
    sleep_until(d, shift.start_h);
    const double hours = shift.end_h - shift.start_h;
    // One draw per shift under every model: u < absence_prob is the usual absence; under
    // fatigue, u in [absence_prob, p_miss) is a miss caused by the load.
    const double u = absence.uniform();
    const double p_miss =
        fatigue ? core::miss_probability(s.roster.absence_prob,
                                         rota->loads[static_cast<std::size_t>(index)].load_h(
                                             shift.start_h, rule.window_h),
                                         rule)
                : s.roster.absence_prob;
    const bool attended = !(u < p_miss);
    if (attended) {
      rota->loads[static_cast<std::size_t>(index)].worked(shift.start_h, hours);
      d.record_shift({m.role, m.person, point, shift.start_h, hours, true});
      staff_point(d, point, shift);
      continue;
    }
    // A miss the load caused: the position of u within the fatigue band decides whether the
    // member asks a colleague to cover (a share swap_share of such misses).
    const bool tired_miss = u >= s.roster.absence_prob;
    const bool asks = tired_miss && (u - s.roster.absence_prob) <
                                        s.behaviour.swap_share * (p_miss - s.roster.absence_prob);
    const std::int32_t cover =
        asks ? find_cover(*rota, index, duty.shift, shift.start_h, rule) : -1;
    if (cover < 0) {
      d.record_shift({m.role, m.person, point, shift.start_h, 0.0, false});
      continue;
    }
    const RotaMember& colleague = rota->members[static_cast<std::size_t>(cover)];
    rota->covering_shift[static_cast<std::size_t>(cover)] = duty.shift;
    rota->loads[static_cast<std::size_t>(cover)].worked(shift.start_h, hours);
    d.record_shift({colleague.role, colleague.person, point, shift.start_h, hours, true, m.person});
    staff_point(d, point, shift);
  }
}

}  // namespace

void start_duty_rota(District& district, const Platform& platform) {
  const auto& world = district.world();
  const auto& s = district.scenario();
  auto shifts = std::make_shared<const std::vector<Shift>>(shifts_of_run(s));
  for (std::size_t t = 0; t < world.towns.size(); ++t) {
    const Town& town = world.towns[t];
    if (town.service_points.empty()) continue;
    auto rota = std::make_shared<TownRota>();
    for (auto o : town.rota_officials)
      rota->members.push_back(
          {core::DutyRole::kOfficial, o, static_cast<std::int32_t>(rota->members.size())});
    for (auto m : town.rota_org_members)
      rota->members.push_back(
          {core::DutyRole::kOrgMember, m, static_cast<std::int32_t>(rota->members.size())});
    rota->loads.resize(rota->members.size());
    rota->covering_shift.assign(rota->members.size(), -1);
    rota->seats = static_cast<std::int64_t>(town.service_points.size()) * s.roster.staff_per_shift;
    for (const RotaMember& m : rota->members) {
      const std::string name = (m.role == core::DutyRole::kOfficial ? "official-" : "org-member-") +
                               std::to_string(m.person);
      const auto index = m.index;
      sg4::Actor::create(name, platform.town_hosts[t],
                         guarded(district, "duty rota",
                                 [&district, &town, shifts, rota, index] {
                                   serve_rota(district, town, *shifts, rota, index);
                                 }))
          ->daemonize();
    }
  }
}

}  // namespace orgsim::engine
