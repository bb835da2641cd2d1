#pragma once
// The pending timers of a clock, ordered by (due time, scheduling sequence): timers due at the
// same time fire in the order they were scheduled.
//
// Why our own heap rather than one SimGrid kernel timer each: at province scale SimGrid's
// timer heap (a Fibonacci heap of separately allocated nodes) costs more per order the larger
// the district, because its nodes are cold in the cache by the time they are popped
// (bench/README.md, issue 17). Here an entry is 16 bytes in one array, four children share a
// cache line, and a timer allocates nothing once the arrays have grown.
//
// Timers due after the current four hours wait in a bucket per four hours, unsorted. When their
// time comes the bucket is sorted once (sort_run) and read front to back as a run; only the
// timers scheduled into the current bucket go into the heap, which stays small and in cache.
// The earliest timer is the earlier of the run's head and the heap's top. At scale 80
// (thousands of timers a bucket) sorting a bucket costs less than pushing it into a heap entry
// by entry and sifting each down again, through cold lower levels, when it pops (issue 17).
//
// A cancelled timer stays where it is (bucket, run or heap), marked, until its time comes and it is
// dropped, or until cancelled entries outnumber pending ones and everything is rebuilt without them
// (cancelling is then O(1) amortized and nothing has to track where an entry moved). Its slot is
// reused only after that, so a handle stays unambiguous for as long as its owner may hold it.
#include <cstdint>
#include <vector>

#include "core/huge_page_allocator.hpp"
#include "engine/clock.hpp"

namespace orgsim::engine {

class TimerQueue {
 public:
  // Queues action(target, argument) at `at_h`; returns its handle (never kNoTimer).
  // `prefetch` (may be nullptr) fetches what the action reads, a few timers before it fires.
  TimerHandle push(double at_h, TimerAction action, void* target, std::uint64_t argument,
                   TimerPrefetch prefetch = nullptr);
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
  std::size_t stored() const { return in_current() + later_count_; }
  // Entries of the current bucket, in the heap or the run (the rest wait in later buckets).
  std::size_t in_current() const { return heap_.size() + (run_.size() - run_next_); }

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
  // What a timer does when it fires: read once, when it fires (the run prefetches it).
  struct Slot {
    TimerAction action = nullptr;
    void* target = nullptr;
    std::uint64_t argument = 0;
    TimerPrefetch prefetch = nullptr;
  };
  // Whether the slot's timer is pending: cleared once it is cancelled (its entry waits to be
  // dropped) or fired. A bit per slot rather than a field of Slot: cancelling, dropping and
  // compacting read only this, and at province scale the slot of a timer pushed hours ago is
  // cold while the bits (a few KiB) stay in cache (issue 17).
  bool pending(std::uint32_t slot) const { return (pending_[slot / 64] >> (slot % 64)) & 1U; }
  void set_pending(std::uint32_t slot) { pending_[slot / 64] |= std::uint64_t{1} << (slot % 64); }
  void clear_pending(std::uint32_t slot) {
    pending_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
  }

  bool none() const { return heap_.empty() && run_next_ == run_.size(); }
  // Whether the earliest entry is the run's head rather than the heap's top; requires !none().
  bool run_first() const {
    return run_next_ < run_.size() && (heap_.empty() || run_[run_next_].before(heap_.front()));
  }
  const Entry& front() const { return run_first() ? run_[run_next_] : heap_.front(); }
  void settle();  // the earliest entry (run's head or heap's top) pending
  void take_front(Due& due);
  void drop_cancelled_front();
  void remove_front(bool from_run);
  std::size_t keep_pending(std::vector<Entry>& entries, std::size_t from);
  void compact();
  void sort_run();
  void heap_push(const Entry& entry);
  void sift_up(std::size_t hole, Entry entry);
  void sift_down(std::size_t hole, Entry entry);

  // The entries of the buckets up to current_bucket_: the current bucket, sorted, from
  // run_[run_next_] on; those pushed since (and those too far ahead for a bucket) in heap_.
  std::vector<Entry> run_;
  std::size_t run_next_ = 0;
  std::vector<Entry> sort_scratch_;  // sort_run()'s second buffer, kept for the next bucket
  std::vector<Entry> heap_;
  // later_[b]: the entries of bucket b > current_bucket_, in no order.
  std::vector<std::vector<Entry>> later_;
  std::size_t later_count_ = 0;
  std::int64_t current_bucket_ = 0;
  core::HugePageVector<Slot> slots_;
  std::vector<std::uint64_t> pending_;  // a bit per slot of slots_
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;       // pending, not cancelled
  std::size_t cancelled_ = 0;  // cancelled entries still stored
};

}  // namespace orgsim::engine
