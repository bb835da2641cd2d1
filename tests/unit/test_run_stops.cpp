// A broken invariant stops a real run (SimGrid, every actor): after it, no event reaches the
// sink and the run returns the violation (orgsim then exits 3 and writes nothing). The sink
// itself breaks the run: an exception in a timed event is a broken invariant.
//
// SimGrid allows one engine per process: ctest runs each discovered test in its own process,
// and this file holds the only unit test that runs a simulation.
#include <gtest/gtest.h>

#include <stdexcept>

#include "config/scenario_loader.hpp"
#include "engine/simulation.hpp"

namespace {

class BreakingSink final : public orgsim::core::EventSink {
 public:
  explicit BreakingSink(int break_at) : break_at_(break_at) {}
  int closed = 0;
  int events_after_break = 0;

  void on_order_closed(const orgsim::core::Order&) override {
    if (broken()) return;
    if (++closed == break_at_) throw std::runtime_error("the test sink broke");
  }
  void on_duty_shift(const orgsim::core::DutyShiftRecord&) override { broken(); }
  void on_branch_activity(const orgsim::core::BranchActivityRecord&) override { broken(); }
  void on_inspection(const orgsim::core::InspectionRecord&) override { broken(); }
  void on_incubation(const orgsim::core::IncubationRecord&) override { broken(); }
  void on_decline(const orgsim::core::DeclineRecord&) override { broken(); }

 private:
  // Counts an event that came after the break; true if it did.
  bool broken() {
    if (closed < break_at_) return false;
    ++events_after_break;
    return true;
  }
  int break_at_;
};

}  // namespace

TEST(RunStops, ABrokenInvariantStopsEveryActorAndTimer) {
  const auto loaded = orgsim::config::load_scenario(
      {"test", "", {"district.scale=0.2", "run.days=120"}, std::nullopt});
  ASSERT_TRUE(loaded.problems.empty());
  BreakingSink sink(50);
  const auto outcome = orgsim::engine::run_simulation(*loaded.scenario, sink, {});
  ASSERT_TRUE(outcome.violation.has_value());
  EXPECT_NE(outcome.violation->find("the test sink broke"), std::string::npos)
      << *outcome.violation;
  EXPECT_EQ(sink.closed, 50);
  EXPECT_EQ(sink.events_after_break, 0) << outcome.orders_created;
}
