#pragma once
// Writes a run's results into one HDF5 file (docs/RESULTS.md) while the run goes: orders,
// duty shifts, branch activities, declines and incubation decisions are appended in batches,
// so memory does not grow with them; the agent tables, quarterly panels, weekly series,
// configuration and provenance are written at the end. The file is written as `<path>.partial` and
// renamed to `<path>` only once it is complete and closed.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "core/event_sink.hpp"
#include "core/world.hpp"
#include "results/output_claim.hpp"
#include "results/queue_health.hpp"

namespace orgsim::results {

// What the end of the run knows that the events do not carry.
struct RunEnd {
  const core::World* world = nullptr;
  std::vector<double> point_hours_staffed;  // per service point
  std::vector<std::int64_t> point_orders_taken;
  std::string fingerprint;
  double wall_seconds = 0.0;
  std::int64_t actors = 0;
  std::int64_t orders_created = 0;
  double point_hours_total = 0.0;
  double budget_spent_yuan = 0.0;
  double fund_spent_yuan = 0.0;
  std::vector<QueueWarning> warnings;  // queues that do not settle (the summary's)
};

struct Provenance {
  std::string software_version;
  std::string git_commit;
  std::string simgrid_version;
  std::string scenario_source;  // the file as given, or the embedded default's name
  std::string effective_ini;    // the scenario after every override
};

class RunFileWriter final : public core::EventSink {
 public:
  // Creates `<path>.partial`; throws h5::Error if it cannot. `compress` (--compress): the event
  // tables' chunks shuffled and deflated, for a file about 3.5 times smaller written with more
  // CPU (bench/README.md); readers see no difference.
  RunFileWriter(std::string path, const config::Scenario& scenario, Provenance provenance,
                bool compress);
  ~RunFileWriter() override;

  // Events. A write that fails is remembered (failure()) and the later events are ignored:
  // the run goes on, and the caller reports the failure once the simulation has ended.
  void on_order_closed(const core::Order& order) override;
  void on_duty_shift(const core::DutyShiftRecord& shift) override;
  void on_branch_activity(const core::BranchActivityRecord& activity) override;
  void on_inspection(const core::InspectionRecord& record) override;
  void on_incubation(const core::IncubationRecord& record) override;
  void on_decline(const core::DeclineRecord& record) override;

  // Writes the rest, closes the file and renames it to `path`. Throws h5::Error (the partial
  // file is then removed).
  void finish(const RunEnd& end);
  // Removes the partial file (a failed or interrupted run).
  void abandon();
  const std::optional<std::string>& failure() const { return failure_; }
  const std::string& path() const { return path_; }
  const std::string& partial_path() const { return partial_path_; }

 private:
  struct Tables;
  template <class F>
  void guarded(F&& write);

  std::string path_;
  std::string partial_path_;
  const config::Scenario& scenario_;
  Provenance provenance_;
  std::unique_ptr<OutputClaim> claim_;  // the lock on the partial file, until it is renamed
  std::unique_ptr<Tables> tables_;
  std::optional<std::string> failure_;
  bool done_ = false;
};

}  // namespace orgsim::results
