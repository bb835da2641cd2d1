#include "results/queue_health.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace orgsim::results {

namespace {
constexpr double kWaitFloorH = 1.0;
}  // namespace

void QueueTally::add(const core::Order& o, double horizon_h) {
  ++orders;
  if (o.state == core::FinalState::kOpenAtYearEnd) ++open_at_end;
  double wait_h;
  if (o.started_h >= 0.0) {
    wait_h = o.started_h - o.created_h;
  } else if (o.state == core::FinalState::kOpenAtYearEnd) {
    wait_h = horizon_h - o.created_h;  // still waiting: censored at the run's end
  } else {
    return;  // left or cancelled before service: it waited for nothing
  }
  const int half = o.created_h < horizon_h / 2.0 ? 0 : 1;
  ++waited[half];
  wait_sum_h[half] += wait_h;
}

double QueueTally::mean_wait_h(int half) const {
  return waited[half] > 0 ? wait_sum_h[half] / static_cast<double>(waited[half])
                          : std::numeric_limits<double>::quiet_NaN();
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
                  "its mean wait rose from %.0f h (orders of the run's first half) to %.0f h "
                  "(second half, orders still waiting counted to the run's end)",
                  first_half_wait_h, second_half_wait_h);
    what += (what.empty() ? "" : "; ") + std::string(text);
  }
  return std::string("the ") + core::to_string(assignee) + " queue does not settle: " + what +
         ". Waits and rates of this configuration depend on how long it runs.";
}

std::vector<QueueWarning> assess_queues(const QueueTallies& tallies,
                                        const config::WarningParams& params) {
  std::vector<QueueWarning> warnings;
  for (const auto kind : {core::AssigneeKind::kSocialOrg, core::AssigneeKind::kPartnerUnit,
                          core::AssigneeKind::kDistrictCommittee}) {
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
    // A first half under an hour counts as an hour, so that minutes do not make a trend.
    w.wait_growth = !std::isnan(w.first_half_wait_h) && !std::isnan(w.second_half_wait_h) &&
                    w.second_half_wait_h >
                        params.wait_growth_ratio * std::max(w.first_half_wait_h, kWaitFloorH);
    if (w.backlog || w.wait_growth) warnings.push_back(w);
  }
  return warnings;
}

}  // namespace orgsim::results
