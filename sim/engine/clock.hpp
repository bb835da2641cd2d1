#pragma once
// The simulated clock and one-shot timers, over SimGrid's kernel timers. The per-order path
// (service completions, deadlines, venue waits) runs on timers rather than actors: a timer costs
// far less than a context switch (../shared/SIMGRID.md measured ~10x), which is what lets the
// province-scale year run in under a minute. Timer callbacks run in SimGrid's maestro: they
// touch only our plain data and never block.
#include <functional>

namespace simgrid::kernel::timer {
class Timer;
}

namespace orgsim::engine {

using TimerHandle = simgrid::kernel::timer::Timer*;

double now_h();  // simulated time in hours

// Calls `callback` at simulated time `at_h` (>= now). Timers due at the same time fire in an
// order that is deterministic (the same on every run) but not necessarily the scheduling order.
TimerHandle schedule_at(double at_h, std::function<void()> callback);

// Cancels a timer that has not fired yet and nulls the handle. A null handle is ignored.
void cancel(TimerHandle& handle);

}  // namespace orgsim::engine
