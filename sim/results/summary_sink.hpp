#pragma once
// Collects what the summary needs from the event stream.
#include <vector>

#include "config/scenario.hpp"
#include "core/event_sink.hpp"
#include "results/summary.hpp"

namespace orgsim::results {

// The summary's fields that come from the scenario itself (name, seed, length, rule).
void fill_scenario_fields(Summary& summary, const config::Scenario& scenario);
// 16 hex digits: the FNV-1a hash (core::Fingerprint) of a run's effective INI text.
std::string scenario_digest(const std::string& effective_ini);

class SummarySink final : public core::EventSink {
 public:
  explicit SummarySink(const config::Scenario& scenario);
  void on_order_closed(const core::Order& o) override;
  void on_duty_shift(const core::DutyShiftRecord& s) override;
  void on_branch_activity(const core::BranchActivityRecord& a) override;
  void on_inspection(const core::InspectionRecord& r) override;
  void on_incubation(const core::IncubationRecord& r) override;
  void on_decline(const core::DeclineRecord& r) override;

  // Fills the order, organization, tier, activity and duty parts of `summary`; `officials` is
  // the number of officials, so those who never had a shift count with zero hours.
  void fill(Summary& summary, std::int64_t officials) const;

 private:
  const config::Scenario& scenario_;
  Summary partial_;
  std::vector<double> waits_h_;
  std::vector<double> responses_h_;
  double horizon_h_;  // the run's end (run.days * run.years days)
  double month_h_;    // a twelfth of run.days
  std::vector<bool> campaign_seen_;
  double wait_incl_open_sum_h_ = 0.0;
  std::int64_t on_time_ = 0;
  std::int64_t targeted_ = 0, attended_ = 0, votes_ = 0, satisfied_ = 0;
  std::vector<double> org_attraction_, org_satisfaction_;
  std::vector<double> official_hours_;
};

}  // namespace orgsim::results
