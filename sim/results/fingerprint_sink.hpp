#pragma once
// Hashes every emitted event, in emission order, into the run's fingerprint.
#include <vector>

#include "core/event_sink.hpp"
#include "core/fingerprint.hpp"

namespace orgsim::results {

class FingerprintSink final : public core::EventSink {
 public:
  void on_order_closed(const core::Order& o) override;
  void on_duty_shift(const core::DutyShiftRecord& s) override;
  void on_branch_activity(const core::BranchActivityRecord& a) override;
  void on_inspection(const core::InspectionRecord& r) override;
  void on_incubation(const core::IncubationRecord& r) override;
  void on_decline(const core::DeclineRecord& r) override;
  const core::Fingerprint& fingerprint() const { return hash_; }

 private:
  core::Fingerprint hash_;
};

}  // namespace orgsim::results
