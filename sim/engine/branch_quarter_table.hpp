#pragma once
// What every branch did in the current quarter (the inspection groups' raw material), counted
// as increments that are logged first and added to the table in batches.
//
// Every order adds to its branch's counts when it is placed, started and evaluated, hours
// apart. At province scale the 20,000 branches' counts (1.3 MB) are cold by then, and each
// increment stalled the order's path on a miss (issue 17: place and evaluate grew from 0.03 to
// 0.15 µs per order between scales 4 and 80). Appending to a short log costs nothing of the
// kind; adding a few thousand logged increments at once overlaps their misses. The counts are
// sums of integers, so when they are added does not change them: every read of the table adds
// what is logged first.
#include <cstdint>
#include <vector>

#include "core/huge_page_allocator.hpp"

namespace orgsim::engine {

struct BranchQuarter {
  std::int64_t orders_placed = 0;
  std::int64_t orders_started = 0;
  std::int64_t started_on_time = 0;
  std::int64_t escalated = 0;  // came due (deadline passed) without being started
  std::int64_t activities_held = 0;
  std::int64_t youth_contacts = 0;
  std::int64_t votes = 0;
  std::int64_t satisfied = 0;
};

// Every branch's counts, in branch order (on huge pages at province scale: the logged
// increments land at random branches).
using BranchQuarters = core::HugePageVector<BranchQuarter>;

class BranchQuarterTable {
 public:
  // One per field of BranchQuarter, in its order.
  enum class Counter : std::uint8_t {
    kOrdersPlaced,
    kOrdersStarted,
    kStartedOnTime,
    kEscalated,
    kActivitiesHeld,
    kYouthContacts,
    kVotes,
    kSatisfied,
  };

  explicit BranchQuarterTable(std::size_t branches);

  // Adds `amount` to `counter` of `branch` (0 <= branch < branches), as of the next read.
  void add(std::int32_t branch, Counter counter, std::int64_t amount = 1) {
    // Field by field, not push_back({...}): that built the increment on the stack and copied
    // it with one 16-byte load the CPU could not forward from the three smaller stores, a
    // stall on every order's path (see TimerQueue::push).
    Increment& logged = log_.emplace_back();
    logged.branch = branch;
    logged.counter = counter;
    logged.amount = amount;
    if (log_.size() == kBatch) apply_log();
  }

  // The counts with every increment so far.
  const BranchQuarters& counts() {
    apply_log();
    return counts_;
  }
  // Every count back to 0 (a new quarter), the logged increments included.
  void reset();

  // Increments kept before they are added: 64 KiB of log, which stays in the cache.
  static constexpr std::size_t kBatch = 4096;

 private:
  struct Increment {
    std::int32_t branch;
    Counter counter;
    std::int64_t amount;
  };
  void apply_log();

  BranchQuarters counts_;
  std::vector<Increment> log_;  // capacity kBatch, never more
};

}  // namespace orgsim::engine
