#pragma once
// The events a simulated year emits: the model's vocabulary for what happened. The engine
// emits them into an EventSink (core/event_sink.hpp); results/ writes them (the summary, the
// fingerprint, the run file), narrate/ tells them. Orders are emitted as core::Order.
#include <array>
#include <cstdint>
#include <limits>

#include "core/inspection_score.hpp"
#include "core/order.hpp"
#include "core/two_rates.hpp"

namespace orgsim::core {

struct InspectionRecord {
  int quarter = 0;  // 0-based
  std::int32_t branch = 0;
  std::int32_t area = 0;
  std::array<double, kScoreComponentCount> components{};
  double score = 0.0;  // points, 100 * weighted components + inspector bias and noise
  int rank = 0;        // 1-based competition rank within the ranking scope
  int tier = 0;        // 0 = top tier
  double allowance_yuan = 0.0;
  double effort = 1.0;  // the leader's effort in the quarter (behaviour.leader)
  // What the inspectors' noise did: the group's bias plus the visit's noise (points), and the
  // tier and allowance the branch would have had had every score been free of it.
  double noise_points = 0.0;
  int tier_without_noise = 0;
  double allowance_without_noise_yuan = 0.0;
  // The quarter's raw count behind the contacts component (1+100 联系青年): youths contacted.
  std::int64_t youth_contacts = 0;
};

enum class DutyRole : std::uint8_t { kOfficial = 0, kOrgMember = 1 };

struct DutyShiftRecord {
  DutyRole role = DutyRole::kOfficial;
  std::int32_t person = 0;  // index among officials or among org members
  std::int32_t point = 0;   // service point index
  double start_h = 0.0;
  double hours = 0.0;
  bool attended = true;  // false: the person missed the shift
  // A swap (behaviour.roster = fatigue): `person` covered the shift of this rota member of the
  // same role; -1 when the shift was the person's own.
  std::int32_t covered_for = -1;
};

enum class ActivityOutcome : std::uint8_t {
  kHeld = 0,
  kCancelledNoVenue = 1,
  kCancelledNoMoney = 2
};

struct BranchActivityRecord {
  std::int32_t branch = 0;
  // When it was held (it took its venue), or given up (cancelled): an activity that waited
  // for a venue is held later than planned, and counts in the quarter it was held in.
  double time_h = 0.0;
  double planned_h = 0.0;  // the time the leader planned it for
  ActivityOutcome outcome = ActivityOutcome::kHeld;
  double cost_yuan = 0.0;
};

// What an organization's support becomes after the year's decision (run.years > 1).
enum class SupportOutcome : std::uint8_t { kKept = 0, kShrunk = 1, kExited = 2 };

struct IncubationRecord {
  int year = 0;  // 0-based
  std::int32_t org = 0;
  TwoRateTally tally;
  IncubationDecision decision = IncubationDecision::kNotEnoughData;
  double true_attraction_quality = 0.0;  // hidden from the rule; kept to judge the rule
  double true_satisfaction_quality = 0.0;
  // The true qualities as the public experienced them that year, lowered by the waits of its
  // services (core::experienced_qualities; NaN without a service with a vote).
  double experienced_attraction = std::numeric_limits<double>::quiet_NaN();
  double experienced_satisfaction = std::numeric_limits<double>::quiet_NaN();
  std::int32_t staff = 0;  // staff during the year judged
  SupportOutcome support = SupportOutcome::kKept;
  std::int32_t staff_after = 0;  // staff for the next year (0 once exited)
};

// An organization turned an order down (behaviour.organization = protective); the order is
// offered to another one, or left to the district committee.
struct DeclineRecord {
  std::int64_t order_id = 0;
  std::int32_t org = 0;
  double time_h = 0.0;
  double standing = 0.0;       // the organization's combined running rate when it declined
  double expected_rate = 0.0;  // what it expected this service to score
};

}  // namespace orgsim::core
