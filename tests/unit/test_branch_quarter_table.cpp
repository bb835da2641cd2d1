// BranchQuarterTable logs increments and adds them in batches: every read must see exactly the
// counts that adding each increment at once would give, across batch boundaries and resets.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "core/random_stream.hpp"
#include "engine/branch_quarter_table.hpp"

using orgsim::engine::BranchQuarter;
using orgsim::engine::BranchQuarters;
using orgsim::engine::BranchQuarterTable;
using Counter = BranchQuarterTable::Counter;

namespace {

// The field `c` counts, of a table row (const or not).
template <class Row>
auto& field(Row& q, Counter c) {
  switch (c) {
    case Counter::kOrdersPlaced:
      return q.orders_placed;
    case Counter::kOrdersStarted:
      return q.orders_started;
    case Counter::kStartedOnTime:
      return q.started_on_time;
    case Counter::kEscalated:
      return q.escalated;
    case Counter::kActivitiesHeld:
      return q.activities_held;
    case Counter::kYouthContacts:
      return q.youth_contacts;
    case Counter::kVotes:
      return q.votes;
    case Counter::kSatisfied:
      return q.satisfied;
  }
  return q.orders_placed;
}

void expect_same(const BranchQuarters& a, const std::vector<BranchQuarter>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    for (int c = 0; c < 8; ++c)
      ASSERT_EQ(field(a[i], static_cast<Counter>(c)), field(b[i], static_cast<Counter>(c)))
          << "branch " << i << " counter " << c;
}

}  // namespace

TEST(BranchQuarterTable, AReadSeesEveryIncrementSoFar) {
  BranchQuarterTable table(3);
  table.add(1, Counter::kVotes, 7);
  table.add(1, Counter::kVotes, 2);
  table.add(2, Counter::kOrdersPlaced);
  const auto& counts = table.counts();
  EXPECT_EQ(counts[1].votes, 9);
  EXPECT_EQ(counts[2].orders_placed, 1);
  EXPECT_EQ(counts[0].votes, 0);
}

TEST(BranchQuarterTable, ResetForgetsTheLoggedIncrementsToo) {
  BranchQuarterTable table(2);
  table.add(0, Counter::kEscalated);
  (void)table.counts();
  table.add(0, Counter::kEscalated);  // still in the log
  table.reset();
  EXPECT_EQ(table.counts()[0].escalated, 0);
  table.add(0, Counter::kEscalated);
  EXPECT_EQ(table.counts()[0].escalated, 1);
}

// Many batches' worth of random increments, reads and resets, against a table counted at once.
TEST(BranchQuarterTable, AgreesWithCountingAtOnceUnderRandomUse) {
  orgsim::core::RandomStream rng(4, "branch_quarter_table");
  const std::size_t branches = 50;
  BranchQuarterTable table(branches);
  std::vector<BranchQuarter> plain(branches);
  for (int step = 0; step < 5 * static_cast<int>(BranchQuarterTable::kBatch); ++step) {
    const auto branch = static_cast<std::int32_t>(rng.uniform_index(branches));
    const auto counter = static_cast<Counter>(rng.uniform_index(8));
    const auto amount = static_cast<std::int64_t>(rng.uniform_index(5));
    table.add(branch, counter, amount);
    field(plain[static_cast<std::size_t>(branch)], counter) += amount;
    if (rng.bernoulli(0.001)) expect_same(table.counts(), plain);
    if (rng.bernoulli(0.0002)) {
      table.reset();
      plain.assign(branches, BranchQuarter{});
    }
  }
  expect_same(table.counts(), plain);
}
