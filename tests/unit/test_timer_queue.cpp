// The timer queue behind both clocks (engine/timer_queue.hpp): time order, ties in scheduling
// order, lazy cancellation, slot reuse; checked against a plain reference model over many
// random operations.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/random_stream.hpp"
#include "engine/timer_queue.hpp"

namespace {

using orgsim::engine::kNoTimer;
using orgsim::engine::TimerHandle;
using orgsim::engine::TimerQueue;

void record(void* log, std::uint64_t argument) {
  static_cast<std::vector<std::uint64_t>*>(log)->push_back(argument);
}

void drain(TimerQueue& queue) {
  while (!queue.empty()) {
    const auto due = queue.pop();
    due.action(due.target, due.argument);
  }
}

TEST(TimerQueue, FiresInTimeOrderAndTiesInSchedulingOrder) {
  TimerQueue queue;
  std::vector<std::uint64_t> fired;
  // Nine timers at three times, scheduled out of time order.
  const double times[] = {5.0, 1.0, 5.0, 3.0, 1.0, 5.0, 3.0, 1.0, 3.0};
  for (std::uint64_t i = 0; i < 9; ++i) queue.push(times[i], &record, &fired, i);
  EXPECT_EQ(queue.pending(), 9u);
  EXPECT_EQ(queue.next_due_h(), 1.0);
  while (!queue.empty()) {
    const auto due = queue.pop();
    EXPECT_EQ(due.at_h, times[due.argument]);
    due.action(due.target, due.argument);
  }
  EXPECT_EQ(fired, (std::vector<std::uint64_t>{1, 4, 7, 3, 6, 8, 0, 2, 5}));
  EXPECT_EQ(queue.pending(), 0u);
}

TEST(TimerQueue, ACancelledTimerNeverFiresAndItsHandleIsCleared) {
  TimerQueue queue;
  std::vector<std::uint64_t> fired;
  TimerHandle first = queue.push(1.0, &record, &fired, 1);
  queue.push(2.0, &record, &fired, 2);
  TimerHandle third = queue.push(3.0, &record, &fired, 3);
  queue.cancel(first);
  queue.cancel(third);
  EXPECT_EQ(first, kNoTimer);
  EXPECT_EQ(queue.pending(), 1u);
  EXPECT_EQ(queue.next_due_h(), 2.0);  // the cancelled earliest one is skipped
  drain(queue);
  EXPECT_EQ(fired, (std::vector<std::uint64_t>{2}));
  TimerHandle none = kNoTimer;
  queue.cancel(none);  // ignored
  EXPECT_TRUE(queue.empty());
}

TEST(TimerQueue, CancellingTwiceOrAfterFiringIsACallersBug) {
  TimerQueue queue;
  std::vector<std::uint64_t> fired;
  TimerHandle handle = queue.push(1.0, &record, &fired, 1);
  TimerHandle copy = handle;
  queue.cancel(handle);
  EXPECT_THROW(queue.cancel(copy), std::logic_error);
  TimerHandle fires = queue.push(2.0, &record, &fired, 2);
  drain(queue);
  EXPECT_THROW(queue.cancel(fires), std::logic_error);
}

// A slot is reused only once its entry has left the heap: a new timer never inherits the
// cancelled one's place in time.
TEST(TimerQueue, ASlotFreedByCancellingIsNotReusedBeforeItsEntryLeaves) {
  TimerQueue queue;
  std::vector<std::uint64_t> fired;
  TimerHandle early = queue.push(1.0, &record, &fired, 1);
  queue.cancel(early);
  const TimerHandle later = queue.push(9.0, &record, &fired, 9);
  queue.push(4.0, &record, &fired, 4);
  drain(queue);
  EXPECT_EQ(fired, (std::vector<std::uint64_t>{4, 9}));
  (void)later;
}

// Cancelled entries never outnumber pending ones by much: the heap is rebuilt without them,
// and what is left still fires in order.
TEST(TimerQueue, CancelledTimersDoNotAccumulate) {
  TimerQueue queue;
  std::vector<std::uint64_t> fired;
  std::vector<TimerHandle> handles;
  for (std::uint64_t i = 0; i < 1000; ++i)
    handles.push_back(queue.push(1000.0 - static_cast<double>(i), &record, &fired, i));
  for (std::size_t i = 0; i < 1000; ++i)
    if (i % 10 != 0) queue.cancel(handles[i]);
  EXPECT_EQ(queue.pending(), 100u);
  EXPECT_LE(queue.stored(), 2 * queue.pending() + 64);
  drain(queue);
  ASSERT_EQ(fired.size(), 100u);
  for (std::size_t k = 0; k < 100; ++k) EXPECT_EQ(fired[k], 990 - 10 * k);
}

// Timers of later buckets (four hours) wait outside the heap and the run: with a year of timers
// pending, only a bucket's few are in them, and they still fire in time order.
TEST(TimerQueue, LaterBucketsWaitOutsideTheHeapAndTheRun) {
  TimerQueue queue;
  std::vector<std::uint64_t> fired;
  for (std::uint64_t i = 0; i < 3650; ++i)
    queue.push(static_cast<double>((i * 7919) % 3650) * 2.4, &record, &fired, i);
  EXPECT_EQ(queue.pending(), 3650u);
  EXPECT_LE(queue.in_current(), 20u);
  double last = -1.0;
  while (!queue.empty()) {
    const auto due = queue.pop();
    EXPECT_GE(due.at_h, last);
    last = due.at_h;
    EXPECT_LE(queue.in_current(), 20u);
  }
  EXPECT_EQ(last, 3649 * 2.4);
}

// A later bucket becomes a sorted run when its time comes; a timer scheduled after that for the
// same time span goes to the heap, and fires before the run's entries that are later than it
// (and after those at the same time, which were scheduled first).
TEST(TimerQueue, ATimerScheduledIntoTheCurrentRunFiresInItsPlace) {
  TimerQueue queue;
  std::vector<std::uint64_t> fired;
  queue.push(0.5, &record, &fired, 0);
  // Out of order in their bucket (hours 100 to 104).
  queue.push(102.0, &record, &fired, 2);
  queue.push(101.0, &record, &fired, 1);
  queue.push(103.0, &record, &fired, 3);
  EXPECT_EQ(queue.pop().argument, 0u);
  EXPECT_EQ(queue.next_due_h(), 101.0);    // the bucket is now the run
  queue.push(100.5, &record, &fired, 10);  // earlier than the run's head
  queue.push(102.0, &record, &fired, 12);  // a tie: after the run's, scheduled first
  queue.push(102.5, &record, &fired, 13);
  drain(queue);
  EXPECT_EQ(fired, (std::vector<std::uint64_t>{10, 1, 2, 12, 13, 3}));
}

// A cancelled entry of the run, at its head or inside it, never fires, and the slot it frees
// is reused only once the entry has left.
TEST(TimerQueue, CancellingAnEntryOfTheRun) {
  TimerQueue queue;
  std::vector<std::uint64_t> fired;
  queue.push(0.5, &record, &fired, 0);
  TimerHandle head = queue.push(101.0, &record, &fired, 1);
  TimerHandle inside = queue.push(102.0, &record, &fired, 2);
  queue.push(103.0, &record, &fired, 3);
  EXPECT_EQ(queue.pop().argument, 0u);
  EXPECT_EQ(queue.next_due_h(), 101.0);  // the bucket is now the run
  const TimerHandle head_was = head;
  const TimerHandle inside_was = inside;
  queue.cancel(head);
  queue.cancel(inside);
  EXPECT_EQ(head, kNoTimer);
  EXPECT_EQ(queue.pending(), 1u);
  EXPECT_EQ(queue.stored(), 3u);  // both still in the run, marked
  const TimerHandle fresh = queue.push(102.5, &record, &fired, 4);
  EXPECT_NE(fresh, head_was);
  EXPECT_NE(fresh, inside_was);
  EXPECT_EQ(queue.next_due_h(), 102.5);
  drain(queue);
  EXPECT_EQ(fired, (std::vector<std::uint64_t>{4, 3}));
  EXPECT_EQ(queue.stored(), 0u);
}

// Against a reference (a map keyed by time and scheduling number) over random pushes, cancels
// and pops, with many ties: the same timers fire in the same order.
TEST(TimerQueue, MatchesAReferenceModelOverRandomOperations) {
  orgsim::core::RandomStream rng(7, "timer_queue_test");
  TimerQueue queue;
  std::map<std::pair<double, std::uint64_t>, std::uint64_t> reference;  // -> argument
  std::vector<std::pair<TimerHandle, std::pair<double, std::uint64_t>>> live;
  std::vector<std::uint64_t> fired;
  std::vector<std::uint64_t> expected;
  std::uint64_t sequence = 0;
  double now = 0.0;
  for (int step = 0; step < 20000; ++step) {
    const double u = rng.uniform();
    if (u < 0.55) {
      // Whole hours make ties common; some a month ahead (a later day's bucket), a few
      // beyond any bucket (about 1,100 years).
      const double kind = rng.uniform();
      const double ahead = kind < 0.6    ? static_cast<double>(rng.uniform_index(50))
                           : kind < 0.95 ? static_cast<double>(rng.uniform_index(24 * 30))
                                         : 1e7 + static_cast<double>(rng.uniform_index(3));
      const double at = now + ahead;
      const auto argument = sequence;
      live.push_back({queue.push(at, &record, &fired, argument), {at, sequence}});
      reference.emplace(std::make_pair(at, sequence), argument);
      ++sequence;
    } else if (u < 0.7 && !live.empty()) {
      const auto pick = rng.uniform_index(live.size());
      queue.cancel(live[pick].first);
      reference.erase(live[pick].second);
      live[pick] = live.back();
      live.pop_back();
    } else if (!reference.empty()) {
      ASSERT_FALSE(queue.empty());
      ASSERT_EQ(queue.next_due_h(), reference.begin()->first.first);
      const auto due = queue.pop();
      now = due.at_h;
      due.action(due.target, due.argument);
      expected.push_back(reference.begin()->second);
      for (std::size_t i = 0; i < live.size(); ++i)
        if (live[i].second == reference.begin()->first) {
          live[i] = live.back();
          live.pop_back();
          break;
        }
      reference.erase(reference.begin());
    }
    ASSERT_EQ(queue.pending(), reference.size());
  }
  while (!reference.empty()) {  // the rest, the far ones included
    ASSERT_FALSE(queue.empty());
    ASSERT_EQ(queue.next_due_h(), reference.begin()->first.first);
    const auto due = queue.pop();
    due.action(due.target, due.argument);
    expected.push_back(reference.begin()->second);
    reference.erase(reference.begin());
  }
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(fired, expected);
  EXPECT_GT(expected.size(), 5000u);
}

// A bucket of thousands of timers (sorted by a radix sort of the due times' bit patterns, where
// a small one goes to std::sort): they fire in time order and ties in scheduling order, within
// a bucket whose times span several binary exponents ([0, 4) h, +0 included) and within one
// that does not, with cancellations between.
TEST(TimerQueue, ABucketOfThousandsFiresInTimeOrderAndTiesInSchedulingOrder) {
  for (const double start : {0.0, 100.0}) {
    orgsim::core::RandomStream rng(11, "timer_queue_big_bucket");
    TimerQueue queue;
    std::vector<std::uint64_t> fired;
    std::map<std::pair<double, std::uint64_t>, std::uint64_t> reference;
    std::vector<std::pair<TimerHandle, std::pair<double, std::uint64_t>>> handles;
    for (std::uint64_t i = 0; i < 5000; ++i) {
      // A fifth at a few exact times (ties), the rest anywhere in the four hours.
      const double at = rng.bernoulli(0.2) ? start + static_cast<double>(rng.uniform_index(4))
                                           : start + 4.0 * rng.uniform() * (1.0 - 1e-12);
      handles.push_back({queue.push(at, &record, &fired, i), {at, i}});
      reference.emplace(std::make_pair(at, i), i);
    }
    for (auto& [handle, key] : handles)
      if (rng.bernoulli(0.1)) {
        queue.cancel(handle);
        reference.erase(key);
      }
    std::vector<std::uint64_t> expected;
    while (!queue.empty()) {
      const auto due = queue.pop();
      due.action(due.target, due.argument);
    }
    for (const auto& [key, argument] : reference) expected.push_back(argument);
    EXPECT_EQ(fired, expected) << "bucket from " << start << " h";
  }
}

}  // namespace

namespace {
// What a prefetch saw and when: the arguments it was given, and how many timers had fired then.
struct PrefetchLog {
  std::vector<std::uint64_t> fired;
  std::map<std::uint64_t, std::size_t> prefetched_after;  // argument -> timers fired before
};
PrefetchLog* prefetch_log = nullptr;
void record_prefetch(const void* /*target*/, std::uint64_t argument) {
  prefetch_log->prefetched_after.emplace(argument, prefetch_log->fired.size());
}
}  // namespace

// A timer's prefetch runs a few timers before the timer fires (for the timers read from a run),
// with its argument, and never for a timer that was cancelled.
TEST(TimerQueue, APrefetchRunsBeforeItsTimerFiresAndNotOnceItIsCancelled) {
  PrefetchLog log;
  prefetch_log = &log;
  TimerQueue queue;
  std::vector<TimerHandle> handles;
  // A hundred timers of one later bucket (four hours each): they fire from its run.
  for (std::uint64_t i = 0; i < 100; ++i)
    handles.push_back(
        queue.push(9.0 + 0.01 * static_cast<double>(i), &record, &log.fired, i, &record_prefetch));
  queue.cancel(handles[50]);
  drain(queue);
  prefetch_log = nullptr;
  ASSERT_EQ(log.fired.size(), 99u);
  EXPECT_EQ(log.prefetched_after.count(50), 0u);
  std::size_t ahead = 0;
  for (std::size_t k = 0; k < log.fired.size(); ++k) {
    const auto it = log.prefetched_after.find(log.fired[k]);
    if (it == log.prefetched_after.end()) continue;
    EXPECT_LT(it->second, k) << "timer " << log.fired[k] << " prefetched after it fired";
    ++ahead;
  }
  // All but the first few of the run (read before anything was ahead of them).
  EXPECT_GE(ahead, 80u);
}
