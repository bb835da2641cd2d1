// 团区委: the district committee's staff take special needs one at a time, spend time finding
// resources (左右找资源，上下挖资源), then hand the order to a capable social organization or,
// when none exists, serve it themselves.
//
// On timers, not actors: at province scale the committee has 320 staff, and each special need
// woke one from a semaphore and switched into its stack, cold by then (issue 17). The staff
// are identical, so only how many are free matters; each step is scheduled at the date the
// actor's sleep_for would have woken, and a need is taken in the order the actors took it
// (first waiting, first taken), so the runs are those of the actors.
#include <cstdint>
#include <memory>

#include "engine/actors/actors.hpp"
#include "engine/world.hpp"

namespace orgsim::engine {
namespace {

class Committee {
 public:
  Committee(District& d, std::int64_t staff) : d_(d), free_staff_(staff) {}

  // A special need has joined the queue (District::on_special_waiting): a free staff member
  // takes it now; otherwise it waits for the next one who is done.
  void need_waiting() {
    if (free_staff_ > 0) {
      --free_staff_;
      take_next();
    }
  }

 private:
  enum class Step : std::uint64_t { kSearched, kServed };

  // A staff member who has just become free takes the next need, or stays free when none waits.
  void take_next() {
    const auto slot = d_.next_special();
    if (!slot) {
      ++free_staff_;
      return;
    }
    wait_for(d_.draw_committee_search_h(), Step::kSearched, *slot);
  }

  void wait_for(double duration_h, Step step, std::int32_t slot) {
    const auto argument = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(slot)) << 1) |
                          static_cast<std::uint64_t>(step);
    d_.clock().schedule_at(d_.now_h() + duration_h, &Committee::on_timer, this, argument);
  }

  static void on_timer(void* self, std::uint64_t argument) {
    auto* committee = static_cast<Committee*>(self);
    const auto step = static_cast<Step>(argument & 1);
    const auto slot = static_cast<std::int32_t>(argument >> 1);
    committee->d_.guard([committee, step, slot] { committee->step_done(step, slot); });
  }

  void step_done(Step step, std::int32_t slot) {
    if (step == Step::kSearched) {
      if (!d_.route_special(slot)) {
        d_.committee_started(slot);
        wait_for(d_.draw_committee_service_h(), Step::kServed, slot);
        return;
      }
    } else {
      d_.committee_finished(slot);
    }
    take_next();
  }

  District& d_;
  std::int64_t free_staff_;  // the waiting needs are the district's special queue
};

}  // namespace

std::shared_ptr<void> start_committee(District& district) {
  const auto staff = scaled_count(district.scenario().district.committee_staff,
                                  district.scenario().district.scale);
  auto committee = std::make_shared<Committee>(district, staff);
  district.on_special_waiting = [committee] { committee->need_waiting(); };
  return committee;
}

}  // namespace orgsim::engine
