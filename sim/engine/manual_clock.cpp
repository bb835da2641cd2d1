#include "engine/manual_clock.hpp"

#include <algorithm>
#include <stdexcept>

namespace orgsim::engine {

TimerHandle ManualClock::schedule_at(double at_h, TimerAction action, void* target,
                                     std::uint64_t argument) {
  const auto sequence = next_sequence_++;
  const double due = std::max(at_h, now_h_);  // a time already past fires at once
  timers_.emplace(Key{due, sequence}, Pending{action, target, argument});
  due_of_.emplace(sequence, due);
  return static_cast<TimerHandle>(sequence);
}

void ManualClock::cancel(TimerHandle& handle) {
  if (handle == kNoTimer) return;
  const auto sequence = static_cast<std::uint64_t>(handle);
  const auto it = due_of_.find(sequence);
  // SimGrid would free (or crash on) a timer cancelled twice or after it fired; here it is a
  // bug in the caller that a test should see.
  if (it == due_of_.end())
    throw std::logic_error("cancel of a timer that fired or was already cancelled");
  timers_.erase(Key{it->second, sequence});
  due_of_.erase(it);
  handle = kNoTimer;
}

void ManualClock::advance_to(double at_h) {
  while (!timers_.empty() && timers_.begin()->first.first <= at_h) {
    const auto node = timers_.extract(timers_.begin());
    due_of_.erase(node.key().second);
    now_h_ = node.key().first;
    node.mapped().action(node.mapped().target, node.mapped().argument);
  }
  now_h_ = std::max(now_h_, at_h);
}

double ManualClock::next_due_h() const {
  return timers_.empty() ? -1.0 : timers_.begin()->first.first;
}

}  // namespace orgsim::engine
