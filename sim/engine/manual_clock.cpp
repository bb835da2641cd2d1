#include "engine/manual_clock.hpp"

#include <algorithm>

namespace orgsim::engine {

TimerHandle ManualClock::schedule_at(double at_h, TimerAction action, void* target,
                                     std::uint64_t argument, TimerPrefetch prefetch) {
  // A time already past fires at once.
  return timers_.push(std::max(at_h, now_h_), action, target, argument, prefetch);
}

// A timer cancelled twice or after it fired is a bug in the caller that a test should see:
// TimerQueue throws std::logic_error for it.
void ManualClock::cancel(TimerHandle& handle) { timers_.cancel(handle); }

void ManualClock::advance_to(double at_h) {
  TimerQueue::Due due{};
  while (timers_.pop_due(at_h, due)) {
    now_h_ = due.at_h;
    due.action(due.target, due.argument);
  }
  now_h_ = std::max(now_h_, at_h);
}

double ManualClock::next_due_h() { return timers_.empty() ? -1.0 : timers_.next_due_h(); }

}  // namespace orgsim::engine
