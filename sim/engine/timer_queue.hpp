#pragma once
// The pending timers of a clock, in one contiguous 4-ary min-heap ordered by (due time,
// scheduling sequence): timers due at the same time fire in the order they were scheduled.
//
// Why our own heap rather than one SimGrid kernel timer each: at province scale SimGrid's
// timer heap (a Fibonacci heap of separately allocated nodes) costs more per order the larger
// the district, because its nodes are cold in the cache by the time they are popped
// (bench/README.md, issue 17). Here an entry is 16 bytes in one array, four children share a
// cache line, and a timer allocates nothing once the arrays have grown.
//
// Timers due after the current day wait in a bucket per day, unsorted, and enter the heap when
// their day comes: the heap holds about a day of timers rather than all the branches' plans and
// the deadlines a week ahead, so it is shallower and its lower levels are less often cold.
//
// A cancelled timer stays in the heap, marked, until its time comes and it is dropped, or until
// cancelled entries outnumber pending ones and the heap is rebuilt without them (cancelling is
// then O(1) amortized and nothing has to track where an entry moved). Its slot is reused only
// after that, so a handle stays unambiguous for as long as its owner may hold it.
#include <cstdint>
#include <vector>

#include "engine/clock.hpp"

namespace orgsim::engine {

class TimerQueue {
 public:
  // Queues action(target, argument) at `at_h`; returns its handle (never kNoTimer).
  TimerHandle push(double at_h, TimerAction action, void* target, std::uint64_t argument);
  // Cancels a pending timer and sets the handle to kNoTimer; kNoTimer is ignored. Throws
  // std::logic_error for a handle that is not pending (fired or cancelled already): a bug of
  // the caller, which SimGrid would have turned into a crash.
  void cancel(TimerHandle& handle);

  // Whether a timer (not cancelled) is pending, and the earliest one's due time.
  bool empty();
  double next_due_h();  // requires !empty()

  struct Due {
    double at_h;
    TimerAction action;
    void* target;
    std::uint64_t argument;
  };
  // Removes the earliest pending timer and returns it; requires !empty().
  Due pop();
  // Removes the earliest pending timer into `due` if it is due at or before `until_h`; false
  // (nothing removed) otherwise.
  bool pop_due(double until_h, Due& due);

  std::size_t pending() const { return live_; }
  // Entries held, cancelled ones included (for tests of the compaction).
  std::size_t stored() const { return heap_.size() + later_count_; }
  // Entries in the heap itself (the rest wait in their day's bucket).
  std::size_t in_heap() const { return heap_.size(); }

 private:
  // Sequence in the high 40 bits, slot in the low 24: comparing `order` compares sequences.
  static constexpr int kSlotBits = 24;
  struct Entry {
    double at_h;
    std::uint64_t order;
    bool before(const Entry& other) const {
      return at_h != other.at_h ? at_h < other.at_h : order < other.order;
    }
  };
  static std::uint32_t slot_of(const Entry& entry) {
    return static_cast<std::uint32_t>(entry.order & ((std::uint64_t{1} << kSlotBits) - 1));
  }
  struct Slot {
    TimerAction action = nullptr;
    void* target = nullptr;
    std::uint64_t argument = 0;
    bool pending = false;  // false once cancelled (the entry waits in the heap to be dropped)
  };

  void settle();  // the earliest pending entry at the heap's top
  Due take_top();
  void drop_cancelled_top();
  void compact();
  void heap_push(const Entry& entry);
  void remove_top();  // removes heap_[0] and frees its slot
  void sift_up(std::size_t hole, Entry entry);
  void sift_down(std::size_t hole, Entry entry);

  std::vector<Entry> heap_;  // every entry of a day up to current_day_
  // later_[d]: the entries of day d > current_day_, in no order.
  std::vector<std::vector<Entry>> later_;
  std::size_t later_count_ = 0;
  std::int64_t current_day_ = 0;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;       // pending, not cancelled
  std::size_t cancelled_ = 0;  // cancelled entries still in the heap
};

}  // namespace orgsim::engine
