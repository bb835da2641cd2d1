#pragma once
// The simulated clock and one-shot timers, over SimGrid's kernel timers. The per-order path
// (service completions, deadlines, venue waits, arrivals) runs on timers rather than actors: a
// timer costs far less than an actor's wake-up (bench/README.md), which is what lets the
// province-scale year run in under a minute. Timer actions run in SimGrid's maestro: they
// touch only our plain data and never block.
#include <cstdint>

namespace simgrid::kernel::timer {
class Timer;
}

namespace orgsim::engine {

using TimerHandle = simgrid::kernel::timer::Timer*;

double now_h();  // simulated time in hours

// What a timer does: a plain function of a target object and a 64-bit argument. Kept this
// small on purpose: SimGrid then stores it without a heap allocation (there are millions).
using TimerAction = void (*)(void* target, std::uint64_t argument);

// Calls action(target, argument) at simulated time `at_h` (>= now). Timers due at the same
// time fire in an order that is deterministic (the same on every run) but not necessarily the
// scheduling order.
TimerHandle schedule_at(double at_h, TimerAction action, void* target, std::uint64_t argument);

// Cancels a timer that has not fired yet and nulls the handle. A null handle is ignored.
void cancel(TimerHandle& handle);

}  // namespace orgsim::engine
