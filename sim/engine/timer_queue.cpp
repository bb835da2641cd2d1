#include "engine/timer_queue.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "core/double_bits.hpp"

namespace orgsim::engine {

namespace {
constexpr std::size_t kArity = 4;
constexpr std::size_t kCompactAtLeast = 64;
constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << 40) - 1;
// Four hours: with a day's bucket the timers scheduled for later the same day make the heap large
// again (at scale 80 its sift_down took 2% of the CPU, against 0.4% with four hours); an hour
// measured about the same as four hours and makes the bucket array longer.
constexpr double kBucketH = 4.0;
// How many entries ahead of the run's head their slots are fetched: the run is read in order
// but its slots are scattered, and the pop reads the slot's action.
constexpr std::size_t kPrefetchAhead = 16;
// How many entries ahead the data their actions read is fetched (the slot's prefetch, or its
// target): by then the slot itself has been fetched, kPrefetchAhead - kTargetAhead pops ago.
constexpr std::size_t kTargetAhead = 8;
// How many entries ahead the run itself is fetched (four entries a cache line): the run is read
// one entry per event, too slowly between the events' other loads for the hardware to follow it.
constexpr std::size_t kRunAhead = 48;
// Below this many entries a bucket is sorted by std::sort (a radix sort's 256 counters per
// pass cost more than it saves).
constexpr std::size_t kRadixSortAtLeast = 256;
// Timers further ahead than this many buckets go to the heap at once (no bucket array that long).
constexpr std::int64_t kMaxBucketsAhead = 1 << 16;

std::int64_t bucket_of(double at_h) {
  const double bucket = at_h / kBucketH;
  // Far (or not a number): beyond every bucket; the heap takes it.
  if (!(bucket < static_cast<double>(std::int64_t{1} << 50))) return std::int64_t{1} << 50;
  return bucket < 0.0 ? -1 : static_cast<std::int64_t>(bucket);
}
// Frees the vector's memory (clear() and `= {}` keep it).
template <typename T>
void release(std::vector<T>& entries) {
  std::vector<T>().swap(entries);
}
}  // namespace

// Handles are slot + 1, so that slot 0 is not kNoTimer.
TimerHandle TimerQueue::push(double at_h, TimerAction action, void* target, std::uint64_t argument,
                             TimerPrefetch prefetch) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    if (slots_.size() >= (std::size_t{1} << kSlotBits))
      throw std::length_error("more than 16,777,216 timers pending at once");
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
    if (pending_.size() * 64 < slots_.size()) pending_.push_back(0);
  }
  if (next_sequence_ > kMaxSequence)
    throw std::length_error("more than 2^40 timers scheduled in one run");
  slots_[slot] = Slot{action, target, argument, prefetch};
  set_pending(slot);
  const Entry entry{at_h, (next_sequence_++ << kSlotBits) | slot};
  const std::int64_t bucket = bucket_of(at_h);
  if (bucket <= current_bucket_ || bucket - current_bucket_ > kMaxBucketsAhead) {
    heap_push(entry);
  } else {
    if (later_.size() <= static_cast<std::size_t>(bucket))
      later_.resize(static_cast<std::size_t>(bucket) + 1);
    // Field by field: push_back(entry) copied the entry as one 16-byte load of the two 8-byte
    // stores that had just built it on the stack, a load the CPU cannot forward from them. It
    // waited for them to reach the cache, behind the stores to the timer's slot, which at
    // province scale miss (issue 17: this push's samples fell by half).
    Entry& added = later_[static_cast<std::size_t>(bucket)].emplace_back();
    added.at_h = entry.at_h;
    added.order = entry.order;
    ++later_count_;
  }
  ++live_;
  return static_cast<TimerHandle>(slot) + 1;
}

void TimerQueue::cancel(TimerHandle& handle) {
  if (handle == kNoTimer) return;
  const auto slot = static_cast<std::size_t>(handle - 1);
  if (slot >= slots_.size() || !pending(static_cast<std::uint32_t>(slot)))
    throw std::logic_error("cancel of a timer that fired or was already cancelled");
  clear_pending(static_cast<std::uint32_t>(slot));
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

// Keeps the pending entries of entries[from..], in order, at its front and frees the slots of
// the cancelled ones; returns how many it dropped.
std::size_t TimerQueue::keep_pending(std::vector<Entry>& entries, std::size_t from) {
  std::size_t kept = 0;
  for (std::size_t i = from; i < entries.size(); ++i) {
    if (pending(slot_of(entries[i]))) {
      entries[kept++] = entries[i];
    } else {
      free_slots_.push_back(slot_of(entries[i]));
    }
  }
  const std::size_t dropped = entries.size() - from - kept;
  entries.resize(kept);
  return dropped;
}

// Drops the cancelled entries, from the buckets, the run and the heap, and rebuilds the heap
// (Floyd's method). Keys are unique, so the firing order does not depend on the heap's shape.
void TimerQueue::compact() {
  // Buckets up to the current one are empty (and there are many: later_ is indexed by bucket
  // from the start of the run).
  for (auto b = static_cast<std::size_t>(current_bucket_) + 1; b < later_.size(); ++b)
    later_count_ -= keep_pending(later_[b], 0);
  keep_pending(run_, run_next_);
  run_next_ = 0;
  keep_pending(heap_, 0);
  cancelled_ = 0;
  const std::size_t size = heap_.size();
  for (std::size_t i = size / kArity + 1; i-- > 0;)
    if (i < size) sift_down(i, heap_[i]);
}

bool TimerQueue::empty() {
  settle();
  return none();
}

double TimerQueue::next_due_h() {
  settle();
  return front().at_h;
}

bool TimerQueue::pop_due(double until_h, Due& due) {
  settle();
  if (none() || front().at_h > until_h) return false;
  take_front(due);
  return true;
}

TimerQueue::Due TimerQueue::pop() {
  settle();
  Due due;
  take_front(due);
  return due;
}

// The settled front, removed, into `due` field by field: returned as a struct it was built on
// the stack and copied out with 16-byte loads the CPU could not forward from the 8-byte stores
// (see push).
void TimerQueue::take_front(Due& due) {
  const bool from_run = run_first();
  const Entry top = from_run ? run_[run_next_] : heap_.front();
  const Slot& slot = slots_[slot_of(top)];
  due.at_h = top.at_h;
  due.action = slot.action;
  due.target = slot.target;
  due.argument = slot.argument;
  --live_;
  remove_front(from_run);
}

// The run and the heap hold every entry of the buckets up to current_bucket_; later_ holds the
// later ones. When both have nothing of those buckets left, the next bucket that has entries
// becomes the run (unless the heap's top, a timer too far ahead for a bucket, comes first).
void TimerQueue::settle() {
  for (;;) {
    drop_cancelled_front();
    if (later_count_ == 0 || run_next_ < run_.size()) return;
    if (!heap_.empty() && bucket_of(heap_.front().at_h) <= current_bucket_) return;
    auto next = static_cast<std::size_t>(current_bucket_ + 1);
    // later_count_ > 0: one is not empty. Those skipped may still hold the memory of entries
    // that compact() dropped.
    while (later_[next].empty()) release(later_[next++]);
    if (!heap_.empty() && bucket_of(heap_.front().at_h) < static_cast<std::int64_t>(next)) {
      current_bucket_ = bucket_of(heap_.front().at_h);
      return;
    }
    current_bucket_ = static_cast<std::int64_t>(next);
    run_.swap(later_[next]);
    release(later_[next]);  // the spent run's memory
    later_count_ -= run_.size();
    run_next_ = 0;
    cancelled_ -= keep_pending(run_, 0);
    // Sorted once here, the bucket is then read in order: cheaper than sifting each entry
    // through a heap of the whole bucket, whose lower levels are cold by the time it pops.
    sort_run();
  }
}

// Sorts the run by (due time, sequence). A bucket's entries are in sequence order (pushed in
// that order; compact() keeps it), so sorting them stably by due time is enough: a radix sort
// over the bytes of the times' bit patterns in which they differ (for times >= +0 the patterns
// order as the times). At scale 80 a bucket holds thousands of timers, and std::sort's
// n log n compares, mispredicted half the time, grew with it (issue 17). A small bucket, or
// one with a time that is negative or not a number, goes to std::sort.
void TimerQueue::sort_run() {
  const auto by_time = [](const Entry& a, const Entry& b) { return a.before(b); };
  const std::size_t n = run_.size();
  if (n < kRadixSortAtLeast) {
    std::sort(run_.begin(), run_.end(), by_time);
    return;
  }
  std::uint64_t any = 0;
  std::uint64_t all = ~std::uint64_t{0};
  for (const Entry& e : run_) {
    if (!(e.at_h >= 0.0) || std::signbit(e.at_h)) {
      std::sort(run_.begin(), run_.end(), by_time);
      return;
    }
    const std::uint64_t bits = core::bits_of(e.at_h);
    any |= bits;
    all &= bits;
  }
  const std::uint64_t differ = any ^ all;
  sort_scratch_.resize(n);
  for (int shift = 0; shift < 64; shift += 8) {
    if (((differ >> shift) & 0xff) == 0) continue;  // every entry has the same byte here
    std::array<std::size_t, 256> start{};
    for (const Entry& e : run_) ++start[(core::bits_of(e.at_h) >> shift) & 0xff];
    std::size_t sum = 0;
    for (auto& count : start) sum += std::exchange(count, sum);
    for (const Entry& e : run_) sort_scratch_[start[(core::bits_of(e.at_h) >> shift) & 0xff]++] = e;
    run_.swap(sort_scratch_);
  }
}

void TimerQueue::drop_cancelled_front() {
  while (!none()) {
    const bool from_run = run_first();
    if (pending(slot_of(from_run ? run_[run_next_] : heap_.front()))) return;
    remove_front(from_run);
  }
}

// Removes the earliest entry (the run's head if from_run, else the heap's top) and frees its slot.
void TimerQueue::remove_front(bool from_run) {
  const std::uint32_t slot = slot_of(from_run ? run_[run_next_] : heap_.front());
  if (!pending(slot)) --cancelled_;
  clear_pending(slot);
  free_slots_.push_back(slot);
  if (from_run) {
    ++run_next_;
    if (run_next_ + kRunAhead < run_.size()) __builtin_prefetch(&run_[run_next_ + kRunAhead]);
    if (run_next_ + kPrefetchAhead < run_.size())
      __builtin_prefetch(&slots_[slot_of(run_[run_next_ + kPrefetchAhead])]);
    if (run_next_ + kTargetAhead < run_.size()) {
      const std::uint32_t ahead = slot_of(run_[run_next_ + kTargetAhead]);
      if (pending(ahead)) {
        const Slot& s = slots_[ahead];
        if (s.prefetch != nullptr) {
          s.prefetch(s.target, s.argument);
        } else {
          __builtin_prefetch(s.target);
        }
      }
    }
  } else {
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }
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
