#include "results/queue_health.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace orgsim::results {

namespace {
constexpr double kWaitFloorH = 1.0;
// A rise in the mean wait smaller than this many standard errors is chance, not a trend.
constexpr double kGrowthStandardErrors = 3.0;

const char* queue_name(core::AssigneeKind kind) {
  switch (kind) {
    case core::AssigneeKind::kSocialOrg:
      return "social organizations' queue";
    case core::AssigneeKind::kPartnerUnit:
      return "partner units' queue";
    case core::AssigneeKind::kDistrictCommittee:
      return "district committee's queue";
    case core::AssigneeKind::kNone:
      break;
  }
  return "queue";
}
}  // namespace

void QueueTally::add(const core::Order& o, double horizon_h) {
  ++orders;
  if (o.state == core::FinalState::kOpenAtYearEnd) ++open_at_end;
  if (o.started_h < 0.0) return;  // never started: the backlog test judges those
  const int half = o.started_h < horizon_h / 2.0 ? 0 : 1;
  const double wait_h = o.started_h - o.created_h;
  ++started[half];
  wait_sum_h[half] += wait_h;
  wait_square_sum_h2[half] += wait_h * wait_h;
}

double QueueTally::mean_wait_h(int half) const {
  return started[half] > 0 ? wait_sum_h[half] / static_cast<double>(started[half])
                           : std::numeric_limits<double>::quiet_NaN();
}

double QueueTally::mean_wait_variance_h2(int half) const {
  const auto n = static_cast<double>(started[half]);
  if (started[half] < 2) return std::numeric_limits<double>::quiet_NaN();
  const double mean = wait_sum_h[half] / n;
  const double variance = std::max(0.0, (wait_square_sum_h2[half] - n * mean * mean) / (n - 1.0));
  return variance / n;
}

std::string QueueWarning::message() const {
  char text[400];
  std::string what;
  if (backlog) {
    std::snprintf(text, sizeof text, "%lld of its %lld orders (%.0f%%) still open at the run's end",
                  static_cast<long long>(open_at_end), static_cast<long long>(orders),
                  100.0 * static_cast<double>(open_at_end) / static_cast<double>(orders));
    what = text;
  }
  if (wait_growth) {
    std::snprintf(text, sizeof text,
                  "the orders it started in the run's second half had waited %.0f h on average, "
                  "against %.0f h in the first half",
                  second_half_wait_h, first_half_wait_h);
    what += (what.empty() ? "" : "; ") + std::string(text);
  }
  return std::string("the ") + queue_name(assignee) + " does not settle: " + what +
         ". Waits and rates of this configuration depend on how long it runs.";
}

std::vector<QueueWarning> assess_queues(const QueueTallies& tallies,
                                        const config::WarningParams& params) {
  std::vector<QueueWarning> warnings;
  for (const auto kind : kQueuedAssigneeKinds) {
    const QueueTally& t = tallies[static_cast<std::size_t>(kind)];
    if (t.orders < params.min_orders || t.orders == 0) continue;
    QueueWarning w;
    w.assignee = kind;
    w.orders = t.orders;
    w.open_at_end = t.open_at_end;
    w.first_half_wait_h = t.mean_wait_h(0);
    w.second_half_wait_h = t.mean_wait_h(1);
    w.backlog =
        static_cast<double>(t.open_at_end) > params.backlog_share * static_cast<double>(t.orders);
    // A first half under an hour counts as an hour, so that minutes do not make a trend; and
    // the rise must stand out of the two means' chance spread.
    const double spread_h =
        std::sqrt(t.mean_wait_variance_h2(0) + t.mean_wait_variance_h2(1));  // NaN: too few
    w.wait_growth = !std::isnan(w.first_half_wait_h) && !std::isnan(w.second_half_wait_h) &&
                    w.second_half_wait_h >
                        params.wait_growth_ratio * std::max(w.first_half_wait_h, kWaitFloorH) &&
                    w.second_half_wait_h - w.first_half_wait_h > kGrowthStandardErrors * spread_h;
    if (w.backlog || w.wait_growth) warnings.push_back(w);
  }
  return warnings;
}

}  // namespace orgsim::results
