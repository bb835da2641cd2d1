#pragma once
// Whether a run's queues settle (docs/MODEL.md §14.4). A configuration whose queues grow all
// year answers no steady-state question: its waits depend on how long it ran. Per assignee
// kind, from the orders alone (so `orgsim summary` derives the same from the run file):
//   backlog:      orders still open at the run's end > warnings.backlog_share of its orders
//   wait growth:  the mean wait of the orders started in the run's second half (by start
//                 time) > wait_growth_ratio times that of the orders started in its first half
//                 (a first half under 1 h counts as 1 h, so that minutes make no trend),
//                 by more than 3 standard errors of the difference of the two means (so
//                 that the chance spread of a few hundred waits makes no trend either)
// A queue that grows without bound shows in both: waits rise with the time a service starts,
// and orders pile up at the end. (Orders still waiting are the backlog test's: a mean that
// counted them to the run's end would hide the growth, as late orders cannot have waited long.)
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
  // Orders that started, by the half of the run they started in: count and summed wait.
  std::array<std::int64_t, 2> started{};
  std::array<double, 2> wait_sum_h{};
  std::array<double, 2> wait_square_sum_h2{};

  void add(const core::Order& order, double horizon_h);
  double mean_wait_h(int half) const;  // NaN when none started in that half
  // The squared standard error of that mean; NaN with fewer than two started in that half.
  double mean_wait_variance_h2(int half) const;
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

// The assignee kinds that keep a queue, in the order they are judged and reported.
inline constexpr std::array<core::AssigneeKind, 3> kQueuedAssigneeKinds = {
    core::AssigneeKind::kSocialOrg, core::AssigneeKind::kPartnerUnit,
    core::AssigneeKind::kDistrictCommittee};

// The warnings of the judged kinds (social organizations, partner units, the committee), in
// that order; empty when every queue settles.
std::vector<QueueWarning> assess_queues(const QueueTallies& tallies,
                                        const config::WarningParams& params);

}  // namespace orgsim::results
