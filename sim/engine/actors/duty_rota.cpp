// 轮值轮班: officials and core members of social organizations take turns staffing the service
// points (the schedule is in rota_schedule.hpp). At each shift's start the town's rota fills
// the shift's seats in seat order: each member comes on duty unless absent. Under
// behaviour.roster = fatigue a member tired by recent duty misses shifts more often, and a
// less-loaded colleague of the same role may cover the shift (docs/MODEL.md §13.4).
//
// The rota is not made of actors: one timer per town and shift. (Members used to be actors,
// woken at a shift's start in an order that was SimGrid's, not the model's; and each cost a
// stack and a context switch per shift: bench/README.md, issue 17.)
#include <memory>

#include "core/duty_fatigue.hpp"
#include "engine/actors/actors.hpp"
#include "engine/rota_schedule.hpp"

namespace orgsim::engine {
namespace {

struct RotaMember {
  core::DutyRole role;
  std::int32_t person;
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

// One town's rota walked shift by shift on timers.
class RotaWalk {
 public:
  RotaWalk(District& d, const Town& town, std::shared_ptr<const std::vector<Shift>> shifts,
           TownRota rota)
      : d_(d), town_(town), shifts_(std::move(shifts)), rota_(std::move(rota)) {
    const auto& s = d.scenario();
    for (const RotaMember& m : rota_.members)
      absence_.emplace_back(
          static_cast<std::uint64_t>(s.run.seed),
          m.role == core::DutyRole::kOfficial ? "absence_official" : "absence_org_member",
          static_cast<std::uint64_t>(m.person));
    schedule_next();
  }

 private:
  void schedule_next() {
    if (rota_.members.empty() || rota_.seats <= 0 || next_shift_ >= shifts_->size()) return;
    d_.clock().schedule_at((*shifts_)[next_shift_].start_h, &RotaWalk::on_shift_start, this, 0,
                           &prefetch_whole<RotaWalk>);
  }

  static void on_shift_start(void* self, std::uint64_t /*unused*/) {
    auto* walk = static_cast<RotaWalk*>(self);
    walk->d_.guard([walk] {
      walk->fill_shift(static_cast<std::int64_t>(walk->next_shift_));
      ++walk->next_shift_;
      walk->schedule_next();
    });
  }

  // The seats in seat order: the model's order among members whose shift starts together
  // (it matters under fatigue, where one's cover depends on the others' loads).
  void fill_shift(std::int64_t k) {
    const auto seating =
        shift_seating(k, static_cast<std::int64_t>(rota_.members.size()), rota_.seats);
    for (std::int64_t seat = 0; seat < rota_.seats; ++seat) {
      const std::int64_t member = seating[static_cast<std::size_t>(seat)];
      if (member >= 0) serve(static_cast<std::int32_t>(member), k, seat);
    }
  }

  void serve(std::int32_t index, std::int64_t k, std::int64_t seat) {
    const auto& s = d_.scenario();
    const Shift& shift = (*shifts_)[static_cast<std::size_t>(k)];
    const RotaMember m = rota_.members[static_cast<std::size_t>(index)];
    const auto point =
        town_.service_points[static_cast<std::size_t>(seat / s.roster.staff_per_shift)];
    const bool fatigue = s.behaviour.roster == config::RosterModel::kFatigue;
    const core::FatigueRule rule = fatigue_rule(s);
    const double hours = shift.end_h - shift.start_h;
    // One draw per shift under every model: u < absence_prob is the usual absence; under
    // fatigue, u in [absence_prob, p_miss) is a miss caused by the load.
    const double u = absence_[static_cast<std::size_t>(index)].uniform();
    const double p_miss =
        fatigue ? core::miss_probability(s.roster.absence_prob,
                                         rota_.loads[static_cast<std::size_t>(index)].load_h(
                                             shift.start_h, rule.window_h),
                                         rule)
                : s.roster.absence_prob;
    const bool attended = !(u < p_miss);
    if (attended) {
      // Recent duty is read only under fatigue; kept otherwise, each member's list of shifts
      // would grow all year for nothing (and be a cold load per shift at province scale).
      if (fatigue) rota_.loads[static_cast<std::size_t>(index)].worked(shift.start_h, hours);
      d_.record_shift({m.role, m.person, point, shift.start_h, hours, true});
      staff_point(point, shift);
      return;
    }
    // A miss the load caused: the position of u within the fatigue band decides whether the
    // member asks a colleague to cover (a share swap_share of such misses).
    const bool tired_miss = u >= s.roster.absence_prob;
    const bool asks = tired_miss && (u - s.roster.absence_prob) <
                                        s.behaviour.swap_share * (p_miss - s.roster.absence_prob);
    const std::int32_t cover = asks ? find_cover(rota_, index, k, shift.start_h, rule) : -1;
    if (cover < 0) {
      d_.record_shift({m.role, m.person, point, shift.start_h, 0.0, false});
      return;
    }
    const RotaMember& colleague = rota_.members[static_cast<std::size_t>(cover)];
    rota_.covering_shift[static_cast<std::size_t>(cover)] = k;
    rota_.loads[static_cast<std::size_t>(cover)].worked(shift.start_h, hours);
    d_.record_shift(
        {colleague.role, colleague.person, point, shift.start_h, hours, true, m.person});
    staff_point(point, shift);
  }

  // The shift's end is a timer of the District's.
  void staff_point(std::int32_t point, const Shift& shift) {
    d_.duty_started(point);
    d_.end_duty_at(shift.end_h, point);
  }

  District& d_;
  const Town& town_;
  std::shared_ptr<const std::vector<Shift>> shifts_;
  TownRota rota_;
  std::vector<core::RandomStream> absence_;  // per member, one draw per assigned shift
  std::size_t next_shift_ = 0;
};

}  // namespace

std::shared_ptr<void> start_duty_rota(District& district) {
  const auto& world = district.world();
  const auto& s = district.scenario();
  auto shifts = std::make_shared<const std::vector<Shift>>(shifts_of_run(s));
  auto walks = std::make_shared<std::vector<std::unique_ptr<RotaWalk>>>();
  for (const Town& town : world.towns) {
    if (town.service_points.empty()) continue;
    TownRota rota;
    for (auto o : town.rota_officials) rota.members.push_back({core::DutyRole::kOfficial, o});
    for (auto m : town.rota_org_members) rota.members.push_back({core::DutyRole::kOrgMember, m});
    rota.loads.resize(rota.members.size());
    rota.covering_shift.assign(rota.members.size(), -1);
    rota.seats = static_cast<std::int64_t>(town.service_points.size()) * s.roster.staff_per_shift;
    walks->push_back(std::make_unique<RotaWalk>(district, town, shifts, std::move(rota)));
  }
  return walks;
}

}  // namespace orgsim::engine
