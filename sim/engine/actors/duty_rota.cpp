// 轮值轮班: officials and core members of social organizations take turns staffing the service
// points. Each town's rota is a cycle: the s-th shift of the year has seats for
// (points x staff_per_shift) people, and assignment a = s*seats + seat goes to rota member
// a mod (rota size). Each member is an actor that walks its own assignments.
#include <memory>
#include <simgrid/s4u/Actor.hpp>

#include "engine/actors/actors.hpp"

namespace sg4 = simgrid::s4u;

namespace orgsim::engine {
namespace {

struct Shift {
  double start_h;
  double end_h;
};

int weekday_index(const std::string& day) {
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (int i = 0; i < 7; ++i)
    if (day == kDays[i]) return i;
  return -1;
}

// Every shift of the year, in time order: on open weekdays, from open_hour to close_hour in
// blocks of shift_h (the last block of a day may be shorter).
std::vector<Shift> shifts_of_year(const config::Scenario& s) {
  bool open[7] = {};
  for (const auto& day : s.roster.open_weekdays) open[weekday_index(day)] = true;
  std::vector<Shift> shifts;
  for (std::int64_t day = 0; day < s.run.days; ++day) {
    if (!open[day % 7]) continue;
    const double base = static_cast<double>(day) * 24.0;
    const double close = base + static_cast<double>(s.roster.close_hour);
    for (double start = base + static_cast<double>(s.roster.open_hour); start < close;
         start += s.roster.shift_h)
      shifts.push_back({start, std::min(start + s.roster.shift_h, close)});
  }
  return shifts;
}

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
  std::int64_t last_shift = -1;
  for (std::int64_t a = m.index;; a += rota_size) {
    const std::int64_t shift_index = a / seats;
    if (shift_index >= static_cast<std::int64_t>(shifts.size())) return;
    // With fewer people than seats a member comes up twice in one shift: one seat stays empty.
    if (shift_index == last_shift) continue;
    last_shift = shift_index;
    const Shift& shift = shifts[shift_index];
    const auto point = town.service_points[(a % seats) / s.roster.staff_per_shift];
    sg4::this_actor::sleep_until(shift.start_h);
    const bool attended = !absence.bernoulli(s.roster.absence_prob);
    d.record_shift({m.role, m.person, point, shift.start_h,
                    attended ? shift.end_h - shift.start_h : 0.0, attended});
    if (!attended) continue;
    d.duty_started(point);
    // The shift's end is a timer, not a second wake-up of this actor: a sleep costs a
    // SimGrid action, and the member has nothing to decide at the end of a shift.
    d.at(shift.end_h, [&d, point] { d.duty_ended(point); });
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
