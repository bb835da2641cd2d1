#pragma once
// Whether a run's queues settle (docs/MODEL.md §14.4). A configuration whose queues grow all
// year answers no steady-state question: its waits depend on how long it ran. Per assignee
// kind, from the orders alone (so `orgsim summary` derives the same from the run file):
//   backlog:      orders still open at the run's end > warnings.backlog_share of its orders
//   wait growth:  mean wait of the orders created in the run's second half > wait_growth_ratio
//                 times that of the first half, an order still waiting at the end counted as
//                 waiting until the end (censored there); a first half under 1 h counts as 1 h
// Kinds with fewer than warnings.min_orders orders are not judged.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "core/order.hpp"

namespace orgsim::results {

// One assignee kind's orders over the run.
struct QueueTally {
  std::int64_t orders = 0;       // orders that ended with this assignee kind
  std::int64_t open_at_end = 0;  // of them, still open at the run's end
  // Orders that waited for service (started, or still waiting at the end), by the half of the
  // run they were created in: count and summed wait (censored at the run's end).
  std::array<std::int64_t, 2> waited{};
  std::array<double, 2> wait_sum_h{};

  void add(const core::Order& order, double horizon_h);
  double mean_wait_h(int half) const;  // NaN when none waited in that half
};

// A queue that does not settle.
struct QueueWarning {
  core::AssigneeKind assignee = core::AssigneeKind::kNone;
  std::int64_t orders = 0;
  std::int64_t open_at_end = 0;
  double first_half_wait_h = 0.0;
  double second_half_wait_h = 0.0;
  bool backlog = false;      // the backlog test failed
  bool wait_growth = false;  // the wait-growth test failed
  std::string message() const;
};

using QueueTallies = std::array<QueueTally, core::kAssigneeKindCount>;

// The warnings of the judged kinds (social organizations, partner units, the committee), in
// that order; empty when every queue settles.
std::vector<QueueWarning> assess_queues(const QueueTallies& tallies,
                                        const config::WarningParams& params);

}  // namespace orgsim::results
