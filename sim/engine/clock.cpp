#include "engine/clock.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "engine/timer_queue.hpp"

namespace orgsim::engine {

using simgrid::kernel::timer::Timer;

SimgridClock::SimgridClock() : queue_(std::make_unique<TimerQueue>()) {}

// SimGrid's engine frees its own pending timer; ours must not call back into a dead clock.
SimgridClock::~SimgridClock() {
  if (armed_ != nullptr) armed_->remove();
}

double SimgridClock::now_h() const { return simgrid::s4u::Engine::get_clock(); }

TimerHandle SimgridClock::schedule_at(double at_h, TimerAction action, void* target,
                                      std::uint64_t argument, TimerPrefetch prefetch) {
  const TimerHandle handle = queue_->push(at_h, action, target, argument, prefetch);
  // While firing, the queue is re-armed once at the end.
  if (!firing_ && (armed_ == nullptr || at_h < armed_at_h_)) arm(at_h);
  return handle;
}

// When the cancelled timer was the earliest, SimGrid's timer moves to the next one: firing it
// for nothing would add a SimGrid step, and each step rounds the clock (NOW += delta), which
// would move every later time in the last bits.
void SimgridClock::cancel(TimerHandle& handle) {
  queue_->cancel(handle);
  if (firing_ || armed_ == nullptr) return;
  if (queue_->empty()) {
    armed_->remove();
    armed_ = nullptr;
  } else if (queue_->next_due_h() != armed_at_h_) {
    arm(queue_->next_due_h());
  }
}

void SimgridClock::arm(double at_h) {
  if (armed_ != nullptr) armed_->remove();
  armed_at_h_ = at_h;
  armed_ = Timer::set(at_h, [this] { fire_due(); });
}

void SimgridClock::fire_due() {
  armed_ = nullptr;  // fired: SimGrid has let go of it
  firing_ = true;
  const double now = now_h();
  TimerQueue::Due due{};
  while (queue_->pop_due(now, due)) due.action(due.target, due.argument);
  firing_ = false;
  if (!queue_->empty()) arm(queue_->next_due_h());
}

}  // namespace orgsim::engine
