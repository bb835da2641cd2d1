#pragma once
// A clock that moves only when told to: for driving the District in unit tests without
// SimGrid. advance_to(t) fires every timer due at or before t, in time order and, among timers
// due at the same time, in the order they were scheduled; each fires with now_h() at its own
// time.
#include <cstdint>
#include <map>
#include <utility>

#include "engine/clock.hpp"

namespace orgsim::engine {

class ManualClock final : public Clock {
 public:
  double now_h() const override { return now_h_; }
  TimerHandle schedule_at(double at_h, TimerAction action, void* target,
                          std::uint64_t argument) override;
  void cancel(TimerHandle& handle) override;

  // Fires the timers due up to `at_h` (including those they schedule) and stops at `at_h`.
  // Time never goes back: an earlier `at_h` only fires what is already due.
  void advance_to(double at_h);
  std::size_t pending() const { return timers_.size(); }
  // The time of the next pending timer, or a negative number when none is pending.
  double next_due_h() const;

 private:
  struct Pending {
    TimerAction action;
    void* target;
    std::uint64_t argument;
  };
  // Keyed by (due time, scheduling sequence): iteration order is firing order.
  using Key = std::pair<double, std::uint64_t>;
  std::map<Key, Pending> timers_;
  std::map<std::uint64_t, double> due_of_;  // sequence -> due time, to find a handle's entry
  std::uint64_t next_sequence_ = 1;         // 0 is kNoTimer
  double now_h_ = 0.0;
};

}  // namespace orgsim::engine
