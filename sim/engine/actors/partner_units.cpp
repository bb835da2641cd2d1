// 共建结对单位: partner units take non-immediate items (非即办件), which need planning, into their
// work at regular meetings (项目化推进). Each unit's first meeting falls at a random phase of the
// interval (stream "partner_meetings"), so meetings across the district do not all coincide.
// With an interval of 0 there are no meetings: each order joins the unit's queue at once.
//
// The meetings are not actors: one timer per unit and meeting. (Units used to be actors; at
// province scale 2,080 of them each cost a stack and a context switch into it per meeting, a
// cold one: bench/README.md, issue 17.) A meeting is held at the date SimGrid gave the actor's
// sleep (sleep_until_date), so the runs are the same.
#include <memory>

#include "engine/actors/actors.hpp"
#include "engine/pinned_objects.hpp"

namespace orgsim::engine {
namespace {

// One unit's meetings, walked on timers: the next one is due at `next_h`.
class MeetingWalk {
 public:
  MeetingWalk(District& d, std::int32_t unit) : d_(d), unit_(unit) {
    core::RandomStream phase(static_cast<std::uint64_t>(d.scenario().run.seed), "partner_meetings",
                             static_cast<std::uint64_t>(unit));
    next_h_ = phase.uniform() * d.scenario().dispatch.partner_meeting_interval_h;
    schedule_next();
  }

 private:
  void schedule_next() {
    if (!(next_h_ < d_.horizon_h())) return;
    d_.clock().schedule_at(sleep_until_date(d_.now_h(), next_h_), &MeetingWalk::on_meeting, this, 0,
                           &prefetch_whole<MeetingWalk>);
  }

  static void on_meeting(void* self, std::uint64_t /*unused*/) {
    auto* walk = static_cast<MeetingWalk*>(self);
    walk->d_.guard([walk] {
      walk->d_.plan_partner_orders(walk->unit_);
      walk->next_h_ += walk->d_.scenario().dispatch.partner_meeting_interval_h;
      walk->schedule_next();
    });
  }

  District& d_;
  std::int32_t unit_;
  double next_h_;  // the next meeting's date as the unit plans it (phase + k intervals)
};

}  // namespace

std::shared_ptr<void> start_partner_units(District& district) {
  // Interval 0: no meetings; the district puts each order straight into the unit's queue.
  const auto units = district.scenario().dispatch.partner_meeting_interval_h <= 0.0
                         ? 0
                         : district.world().partner_units.size();
  auto walks = std::make_shared<PinnedObjects<MeetingWalk>>(units);
  for (std::size_t p = 0; p < units; ++p) walks->emplace(district, static_cast<std::int32_t>(p));
  return walks;
}

}  // namespace orgsim::engine
