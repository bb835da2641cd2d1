#pragma once
// Hashes every emitted event, in emission order, into the run's fingerprint.
#include <vector>

#include "core/fingerprint.hpp"
#include "results/result_sink.hpp"

namespace orgsim::results {

class FingerprintSink final : public ResultSink {
 public:
  void on_order_closed(const core::Order& o) override;
  void on_duty_shift(const DutyShiftRecord& s) override;
  void on_branch_activity(const BranchActivityRecord& a) override;
  void on_inspection(const InspectionRecord& r) override;
  void on_incubation(const IncubationRecord& r) override;
  void on_decline(const DeclineRecord& r) override;
  const core::Fingerprint& fingerprint() const { return hash_; }

 private:
  core::Fingerprint hash_;
};

// Sends each event to several sinks, in the order they were added.
class SinkFanout final : public ResultSink {
 public:
  void add(ResultSink& sink) { sinks_.push_back(&sink); }
  void on_order_closed(const core::Order& o) override {
    for (auto* s : sinks_) s->on_order_closed(o);
  }
  void on_duty_shift(const DutyShiftRecord& d) override {
    for (auto* s : sinks_) s->on_duty_shift(d);
  }
  void on_branch_activity(const BranchActivityRecord& a) override {
    for (auto* s : sinks_) s->on_branch_activity(a);
  }
  void on_inspection(const InspectionRecord& r) override {
    for (auto* s : sinks_) s->on_inspection(r);
  }
  void on_incubation(const IncubationRecord& r) override {
    for (auto* s : sinks_) s->on_incubation(r);
  }
  void on_decline(const DeclineRecord& r) override {
    for (auto* s : sinks_) s->on_decline(r);
  }

 private:
  std::vector<ResultSink*> sinks_;
};

}  // namespace orgsim::results
