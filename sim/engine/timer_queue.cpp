#include "engine/timer_queue.hpp"

#include <stdexcept>

namespace orgsim::engine {

namespace {
constexpr std::size_t kArity = 4;
constexpr std::size_t kCompactAtLeast = 64;
constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << 40) - 1;
}  // namespace

// Handles are slot + 1, so that slot 0 is not kNoTimer.
TimerHandle TimerQueue::push(double at_h, TimerAction action, void* target,
                             std::uint64_t argument) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    if (slots_.size() >= (std::size_t{1} << kSlotBits))
      throw std::length_error("more than 16,777,216 timers pending at once");
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  if (next_sequence_ > kMaxSequence)
    throw std::length_error("more than 2^40 timers scheduled in one run");
  slots_[slot] = Slot{action, target, argument, true};
  heap_.emplace_back();
  sift_up(heap_.size() - 1, Entry{at_h, (next_sequence_++ << kSlotBits) | slot});
  ++live_;
  return static_cast<TimerHandle>(slot) + 1;
}

void TimerQueue::cancel(TimerHandle& handle) {
  if (handle == kNoTimer) return;
  const auto slot = static_cast<std::size_t>(handle - 1);
  if (slot >= slots_.size() || !slots_[slot].pending)
    throw std::logic_error("cancel of a timer that fired or was already cancelled");
  slots_[slot].pending = false;
  --live_;
  ++cancelled_;
  handle = kNoTimer;
  // Deadlines are mostly cancelled long before they are due; dropping them only when due would
  // leave the heap many times larger than its pending timers (slower to sift, colder in cache).
  if (cancelled_ > live_ && cancelled_ >= kCompactAtLeast) compact();
}

// Drops the cancelled entries and rebuilds the heap (Floyd's method). Keys are unique, so the
// firing order does not depend on the heap's shape.
void TimerQueue::compact() {
  std::size_t kept = 0;
  for (const Entry& entry : heap_) {
    if (slots_[slot_of(entry)].pending) {
      heap_[kept++] = entry;
    } else {
      free_slots_.push_back(slot_of(entry));
    }
  }
  heap_.resize(kept);
  cancelled_ = 0;
  for (std::size_t i = kept / kArity + 1; i-- > 0;)
    if (i < kept) sift_down(i, heap_[i]);
}

bool TimerQueue::empty() {
  drop_cancelled_top();
  return heap_.empty();
}

double TimerQueue::next_due_h() {
  drop_cancelled_top();
  return heap_.front().at_h;
}

TimerQueue::Due TimerQueue::pop() {
  drop_cancelled_top();
  const Entry top = heap_.front();
  const Slot& slot = slots_[slot_of(top)];
  const Due due{top.at_h, slot.action, slot.target, slot.argument};
  --live_;
  remove_top();
  return due;
}

void TimerQueue::drop_cancelled_top() {
  while (!heap_.empty() && !slots_[slot_of(heap_.front())].pending) remove_top();
}

void TimerQueue::remove_top() {
  const std::uint32_t slot = slot_of(heap_.front());
  if (!slots_[slot].pending) --cancelled_;
  slots_[slot].pending = false;
  free_slots_.push_back(slot);
  const Entry last = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0, last);
}

// Moves the hole up from `hole` until `entry` fits there.
void TimerQueue::sift_up(std::size_t hole, Entry entry) {
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!entry.before(heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = entry;
}

// Moves the hole down from `hole` to where `entry` fits, promoting the earliest child.
void TimerQueue::sift_down(std::size_t hole, Entry entry) {
  const std::size_t size = heap_.size();
  for (;;) {
    const std::size_t first = hole * kArity + 1;
    if (first >= size) break;
    const std::size_t end = first + kArity < size ? first + kArity : size;
    std::size_t best = first;
    for (std::size_t c = first + 1; c < end; ++c)
      if (heap_[c].before(heap_[best])) best = c;
    if (!heap_[best].before(entry)) break;
    heap_[hole] = heap_[best];
    hole = best;
  }
  heap_[hole] = entry;
}

}  // namespace orgsim::engine
