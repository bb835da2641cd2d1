#include "results/fingerprint_sink.hpp"

namespace orgsim::results {

// Each event type starts with its own tag so that different events never hash alike.
enum EventTag : int {
  kOrderTag = 1,
  kShiftTag,
  kActivityTag,
  kInspectionTag,
  kIncubationTag,
  kDeclineTag
};

void FingerprintSink::on_order_closed(const core::Order& o) {
  hash_.add(kOrderTag);
  hash_.add(o.id);
  hash_.add(static_cast<int>(o.source));
  hash_.add(static_cast<int>(o.channel));
  hash_.add(static_cast<int>(o.kind));
  hash_.add(o.category);
  hash_.add(o.branch);
  hash_.add(static_cast<int>(o.assignee_kind));
  hash_.add(o.assignee);
  hash_.add(static_cast<int>(o.escalated));
  hash_.add(o.created_h);
  hash_.add(o.dispatched_h);
  hash_.add(o.started_h);
  hash_.add(o.finished_h);
  hash_.add(o.cost_yuan);
  hash_.add(o.targeted);
  hash_.add(o.attended);
  hash_.add(o.votes);
  hash_.add(o.satisfied);
  hash_.add(static_cast<int>(o.state));
}

void FingerprintSink::on_duty_shift(const core::DutyShiftRecord& s) {
  hash_.add(kShiftTag);
  hash_.add(static_cast<int>(s.role));
  hash_.add(s.person);
  hash_.add(s.point);
  hash_.add(s.start_h);
  hash_.add(s.hours);
  hash_.add(static_cast<int>(s.attended));
  // Only swaps add to the hash, so that runs without them keep their fingerprints.
  if (s.covered_for >= 0) hash_.add(s.covered_for);
}

void FingerprintSink::on_branch_activity(const core::BranchActivityRecord& a) {
  hash_.add(kActivityTag);
  hash_.add(a.branch);
  hash_.add(a.time_h);
  hash_.add(static_cast<int>(a.outcome));
  hash_.add(a.cost_yuan);
}

void FingerprintSink::on_inspection(const core::InspectionRecord& r) {
  hash_.add(kInspectionTag);
  hash_.add(r.quarter);
  hash_.add(r.branch);
  for (double c : r.components) hash_.add(c);
  hash_.add(r.score);
  hash_.add(r.rank);
  hash_.add(r.tier);
  hash_.add(r.allowance_yuan);
}

void FingerprintSink::on_incubation(const core::IncubationRecord& r) {
  hash_.add(kIncubationTag);
  hash_.add(r.org);
  hash_.add(r.tally.evaluations);
  hash_.add(r.tally.targeted);
  hash_.add(r.tally.attended);
  hash_.add(r.tally.votes);
  hash_.add(r.tally.satisfied);
  hash_.add(static_cast<int>(r.decision));
  // Only later years and changed support add to the hash (one-year fingerprints stay as they
  // were).
  if (r.year > 0 || r.support != core::SupportOutcome::kKept) {
    hash_.add(r.year);
    hash_.add(static_cast<int>(r.support));
    hash_.add(r.staff_after);
  }
}

void FingerprintSink::on_decline(const core::DeclineRecord& r) {
  hash_.add(kDeclineTag);
  hash_.add(r.order_id);
  hash_.add(r.org);
  hash_.add(r.time_h);
}

}  // namespace orgsim::results
