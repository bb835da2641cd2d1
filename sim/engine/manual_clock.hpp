#pragma once
// A clock that moves only when told to: for driving the District in unit tests without
// SimGrid. advance_to(t) fires every timer due at or before t, in time order and, among timers
// due at the same time, in the order they were scheduled; each fires with now_h() at its own
// time.
#include <cstdint>

#include "engine/clock.hpp"
#include "engine/timer_queue.hpp"

namespace orgsim::engine {

class ManualClock final : public Clock {
 public:
  double now_h() const override { return now_h_; }
  using Clock::schedule_at;
  TimerHandle schedule_at(double at_h, TimerAction action, void* target, std::uint64_t argument,
                          TimerPrefetch prefetch) override;
  void cancel(TimerHandle& handle) override;

  // Fires the timers due up to `at_h` (including those they schedule) and stops at `at_h`.
  // Time never goes back: an earlier `at_h` only fires what is already due.
  void advance_to(double at_h);
  std::size_t pending() const { return timers_.pending(); }
  // The time of the next pending timer, or a negative number when none is pending.
  double next_due_h();

 private:
  TimerQueue timers_;
  double now_h_ = 0.0;
};

}  // namespace orgsim::engine
