#include "engine/timer_queue.hpp"

#include <stdexcept>

namespace orgsim::engine {

namespace {
constexpr std::size_t kArity = 4;
constexpr std::size_t kCompactAtLeast = 64;
constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << 40) - 1;
constexpr double kDayH = 24.0;
// Timers further ahead than this many days go to the heap at once (no bucket array that long).
constexpr std::int64_t kMaxDaysAhead = 1 << 16;

std::int64_t day_of(double at_h) {
  const double day = at_h / kDayH;
  // Far (or not a number): beyond every bucket; the heap takes it.
  if (!(day < static_cast<double>(std::int64_t{1} << 50))) return std::int64_t{1} << 50;
  return day < 0.0 ? -1 : static_cast<std::int64_t>(day);
}
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
  const Entry entry{at_h, (next_sequence_++ << kSlotBits) | slot};
  const std::int64_t day = day_of(at_h);
  if (day <= current_day_ || day - current_day_ > kMaxDaysAhead) {
    heap_push(entry);
  } else {
    if (later_.size() <= static_cast<std::size_t>(day))
      later_.resize(static_cast<std::size_t>(day) + 1);
    later_[static_cast<std::size_t>(day)].push_back(entry);
    ++later_count_;
  }
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

void TimerQueue::heap_push(const Entry& entry) {
  heap_.emplace_back();
  sift_up(heap_.size() - 1, entry);
}

// Drops the cancelled entries, from the buckets and the heap, and rebuilds the heap (Floyd's
// method). Keys are unique, so the firing order does not depend on the heap's shape.
void TimerQueue::compact() {
  for (auto& bucket : later_) {
    std::size_t kept = 0;
    for (const Entry& entry : bucket) {
      if (slots_[slot_of(entry)].pending) {
        bucket[kept++] = entry;
      } else {
        free_slots_.push_back(slot_of(entry));
      }
    }
    later_count_ -= bucket.size() - kept;
    bucket.resize(kept);
  }
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
  settle();
  return heap_.empty();
}

double TimerQueue::next_due_h() {
  settle();
  return heap_.front().at_h;
}

bool TimerQueue::pop_due(double until_h, Due& due) {
  settle();
  if (heap_.empty() || heap_.front().at_h > until_h) return false;
  due = take_top();
  return true;
}

TimerQueue::Due TimerQueue::pop() {
  settle();
  return take_top();
}

// The settled top, removed.
TimerQueue::Due TimerQueue::take_top() {
  const Entry top = heap_.front();
  const Slot& slot = slots_[slot_of(top)];
  const Due due{top.at_h, slot.action, slot.target, slot.argument};
  --live_;
  remove_top();
  return due;
}

// The heap holds every entry of the days up to current_day_; the buckets hold later days. When
// the heap has nothing of those days left, the next day that has entries moves in (unless the
// heap's own top, a timer too far ahead for a bucket, comes first).
void TimerQueue::settle() {
  for (;;) {
    drop_cancelled_top();
    if (later_count_ == 0) return;
    if (!heap_.empty() && day_of(heap_.front().at_h) <= current_day_) return;
    auto next = static_cast<std::size_t>(current_day_ + 1);
    while (later_[next].empty()) ++next;  // later_count_ > 0: one is not empty
    if (!heap_.empty() && day_of(heap_.front().at_h) < static_cast<std::int64_t>(next)) {
      current_day_ = day_of(heap_.front().at_h);
      return;
    }
    current_day_ = static_cast<std::int64_t>(next);
    std::vector<Entry> arriving;
    arriving.swap(later_[next]);  // its memory goes with it
    later_count_ -= arriving.size();
    for (const Entry& entry : arriving) {
      if (slots_[slot_of(entry)].pending) {
        heap_push(entry);
      } else {
        free_slots_.push_back(slot_of(entry));
        --cancelled_;
      }
    }
  }
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
