#pragma once
// The simulated clock and one-shot timers, behind an interface so that the District can be
// driven without SimGrid: the engine runs it on SimGrid's clock (SimgridClock), unit tests on
// a ManualClock (engine/manual_clock.hpp) that they advance by hand.
//
// The per-order path (service completions, deadlines, venue waits, arrivals) runs on timers
// rather than actors: a timer costs far less than an actor's wake-up (bench/README.md), which
// is what lets the province-scale year run in under a minute. Timer actions touch only our
// plain data and never block (under SimGrid they run in its maestro).
#include <cstdint>
#include <memory>

namespace simgrid::kernel::timer {
class Timer;
}

namespace orgsim::engine {

// A pending timer, opaque to its owner; kNoTimer when there is none. The clock that made it
// gives it its meaning.
using TimerHandle = std::uintptr_t;
constexpr TimerHandle kNoTimer = 0;

// What a timer does: a plain function of a target object and a 64-bit argument. Kept this
// small on purpose: a pending timer is stored in place, without a heap allocation (there are
// millions).
using TimerAction = void (*)(void* target, std::uint64_t argument);
// What a timer's action reads first, fetched into the cache a few timers before it fires: at
// province scale the order or the source a timer has waited hours for is cold by then
// (issue 17). Must only compute addresses and prefetch them (it may run for a timer that was
// cancelled). Without one, the first line of the target is fetched.
using TimerPrefetch = void (*)(const void* target, std::uint64_t argument);

// A TimerPrefetch that fetches every cache line of a target of type T: for a target, such as a
// town's source with its three random streams, that spans more than the one line fetched
// without a TimerPrefetch.
template <class T>
void prefetch_whole(const void* target, std::uint64_t /*argument*/) {
  const char* bytes = static_cast<const char*>(target);
  for (std::size_t at = 0; at < sizeof(T); at += 64) __builtin_prefetch(bytes + at);
  __builtin_prefetch(bytes + sizeof(T) - 1);  // the last line, when T does not start on one
}

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now_h() const = 0;  // simulated time in hours
  // Calls action(target, argument) at simulated time `at_h` (>= now). Timers due at the same
  // time fire in the order they were scheduled.
  virtual TimerHandle schedule_at(double at_h, TimerAction action, void* target,
                                  std::uint64_t argument, TimerPrefetch prefetch) = 0;
  TimerHandle schedule_at(double at_h, TimerAction action, void* target, std::uint64_t argument) {
    return schedule_at(at_h, action, target, argument, nullptr);
  }
  // Cancels a timer that has not fired yet and sets the handle to kNoTimer. kNoTimer is
  // ignored. A timer that has fired must not be cancelled: its owner clears its handle when
  // the action runs.
  virtual void cancel(TimerHandle& handle) = 0;
};

class TimerQueue;

// SimGrid's clock, with the timers in a queue of our own (engine/timer_queue.hpp) behind a
// single SimGrid kernel timer armed at the queue's earliest due time. When it fires, every
// timer due by then runs in (due time, scheduling order), in the same SimGrid step as before
// (timers run before the actors woken at that time). The engine must be running or about to
// run.
class SimgridClock final : public Clock {
 public:
  SimgridClock();
  ~SimgridClock() override;
  double now_h() const override;
  using Clock::schedule_at;
  TimerHandle schedule_at(double at_h, TimerAction action, void* target, std::uint64_t argument,
                          TimerPrefetch prefetch) override;
  void cancel(TimerHandle& handle) override;

 private:
  void arm(double at_h);
  void fire_due();

  std::unique_ptr<TimerQueue> queue_;
  simgrid::kernel::timer::Timer* armed_ = nullptr;  // SimGrid's timer for the queue's head
  double armed_at_h_ = 0.0;
  bool firing_ = false;
};

}  // namespace orgsim::engine
