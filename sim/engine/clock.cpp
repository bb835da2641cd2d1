#include "engine/clock.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace orgsim::engine {

double now_h() { return simgrid::s4u::Engine::get_clock(); }

TimerHandle schedule_at(double at_h, TimerAction action, void* target, std::uint64_t argument) {
  // Three words: small enough for the timer's inline storage (no allocation).
  return simgrid::kernel::timer::Timer::set(
      at_h, [action, target, argument] { action(target, argument); });
}

void cancel(TimerHandle& handle) {
  if (handle == nullptr) return;
  handle->remove();  // removes it from the timer heap and frees it
  handle = nullptr;
}

}  // namespace orgsim::engine
