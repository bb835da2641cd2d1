// SlotQueue is a desk's FIFO of order slots: checked against a std::deque under every operation
// the district uses, across the move from its inline slots to the heap and the ring's wrap.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <utility>
#include <vector>

#include "core/random_stream.hpp"
#include "engine/slot_queue.hpp"

using orgsim::engine::SlotQueue;

namespace {

std::vector<std::int32_t> contents(const SlotQueue& q) { return {q.begin(), q.end()}; }
std::vector<std::int32_t> contents(const std::deque<std::int32_t>& d) {
  return {d.begin(), d.end()};
}

}  // namespace

TEST(SlotQueue, IsFirstInFirstOutPastItsInlineSlots) {
  SlotQueue q;
  EXPECT_TRUE(q.empty());
  for (std::int32_t s = 0; s < 3 * static_cast<std::int32_t>(SlotQueue::kInline); ++s)
    q.push_back(s);
  for (std::int32_t s = 0; s < 3 * static_cast<std::int32_t>(SlotQueue::kInline); ++s) {
    ASSERT_EQ(q.front(), s);
    q.pop_front();
  }
  EXPECT_TRUE(q.empty());
}

TEST(SlotQueue, PushFrontGoesAheadOfEveryone) {
  SlotQueue q;
  q.push_back(1);
  q.push_back(2);
  q.push_front(0);  // an activity that got its venue back goes first
  EXPECT_EQ(contents(q), (std::vector<std::int32_t>{0, 1, 2}));
}

TEST(SlotQueue, AgreesWithADequeUnderRandomOperations) {
  orgsim::core::RandomStream rng(11, "slot_queue");
  SlotQueue q;
  std::deque<std::int32_t> model;
  std::int32_t next = 0;
  for (int step = 0; step < 20000; ++step) {
    const auto op = rng.uniform_index(7);
    // Pushes a little more often than pops, so the queue grows through several capacities
    // and wraps its ring many times.
    if (op <= 1) {
      q.push_back(next);
      model.push_back(next++);
    } else if (op == 2) {
      q.push_front(next);
      model.push_front(next++);
    } else if (op <= 4 && !model.empty()) {
      ASSERT_EQ(q.front(), model.front());
      q.pop_front();
      model.pop_front();
    } else if (op == 5 && !model.empty()) {
      // District::move_forward: find, erase, insert nearer the head.
      const auto target = model[rng.uniform_index(model.size())];
      q.erase(std::find(q.begin(), q.end(), target));
      model.erase(std::find(model.begin(), model.end(), target));
      const auto at = rng.uniform_index(model.size() + 1);
      auto pos = q.begin();
      for (std::uint64_t i = 0; i < at; ++i) ++pos;
      EXPECT_EQ(*q.insert(pos, target), target);
      model.insert(model.begin() + static_cast<std::ptrdiff_t>(at), target);
    } else if (op == 6 && rng.bernoulli(0.01)) {
      q.clear();
      model.clear();
    }
    ASSERT_EQ(q.size(), model.size());
    if (step % 97 == 0) {
      ASSERT_EQ(contents(q), contents(model)) << "step " << step;
    }
  }
}

TEST(SlotQueue, CopiesAndMovesKeepTheOrder) {
  for (std::int32_t n : {0, 3, 4, 5, 40}) {
    SlotQueue q;
    for (std::int32_t s = 0; s < n; ++s) q.push_back(s);
    q.pop_front();  // the head is not at index 0 of the storage
    q.push_back(n);
    const auto expected = contents(q);
    SlotQueue copy(q);
    EXPECT_EQ(contents(copy), expected) << n;
    SlotQueue assigned;
    assigned.push_back(99);
    assigned = copy;
    EXPECT_EQ(contents(assigned), expected) << n;
    SlotQueue moved(std::move(copy));
    EXPECT_EQ(contents(moved), expected) << n;
    EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from queue is empty
    SlotQueue move_assigned;
    for (std::int32_t s = 0; s < 9; ++s) move_assigned.push_back(s);
    move_assigned = std::move(moved);
    EXPECT_EQ(contents(move_assigned), expected) << n;
    copy.push_back(7);  // a moved-from queue can be used again
    EXPECT_EQ(contents(copy), (std::vector<std::int32_t>{7}));
  }
}
