#include "engine/clock.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace orgsim::engine {

using simgrid::kernel::timer::Timer;

double SimgridClock::now_h() const { return simgrid::s4u::Engine::get_clock(); }

TimerHandle SimgridClock::schedule_at(double at_h, TimerAction action, void* target,
                                      std::uint64_t argument) {
  // Three words: small enough for the timer's inline storage (no allocation).
  Timer* timer = Timer::set(at_h, [action, target, argument] { action(target, argument); });
  return reinterpret_cast<TimerHandle>(timer);
}

void SimgridClock::cancel(TimerHandle& handle) {
  if (handle == kNoTimer) return;
  reinterpret_cast<Timer*>(handle)->remove();  // removes it from the timer heap and frees it
  handle = kNoTimer;
}

}  // namespace orgsim::engine
