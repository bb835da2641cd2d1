#pragma once
// Protective social organizations (behaviour.organization = protective; docs/MODEL.md §13.2):
// an organization near the incubation line turns down an order it expects to score badly.
#include <optional>

#include "core/two_rates.hpp"

namespace orgsim::core {

struct ProtectionRule {
  double threshold = 0.8;    // the incubation threshold
  double margin = 0.05;      // protects while its standing is below threshold + margin
  double decline_hit = 0.1;  // declines an order expected this far below its standing
  double wait_tolerance_h = 336.0;
};

// The organization's standing: its running raw rates combined as the incubation rule combines
// them. Empty before its first evaluation with a vote (nothing to protect yet).
std::optional<double> standing(const TwoRateTally& tally, const IncubationRule& rule);

// What the organization expects an order to score: its standing times the decay of the rates
// with the wait the order will have had when it starts (already waited + expected queue wait).
double expected_rate(double standing, double expected_wait_h, double wait_tolerance_h);

// Expected time before a staff member is free for one more order: the orders ahead of it
// beyond those the staff can start at once, shared by the staff, each taking the mean service
// time: max(0, busy + queued - staff + 1) / staff * mean_h (zero when busy + queued < staff;
// zero too for a desk without staff, which cannot occur: staff is at least 1).
double expected_queue_wait_h(int busy, int queued, int staff, double mean_service_h);

// Declines when the standing is within the margin (below threshold + margin) and the order is
// expected to score more than decline_hit below it.
bool declines(double standing, double expected_rate, const ProtectionRule& rule);

}  // namespace orgsim::core
