// SimgridClock on a real SimGrid engine: our timers fire at their due time, in time order and
// ties in scheduling order, timers scheduled while firing at the same time fire in the same
// step, and a cancelled earliest timer adds no SimGrid step (each step rounds the clock, so an
// extra one would move later times in their last bits and change fingerprints).
//
// SimGrid allows one engine per process: ctest runs each discovered test in its own process.
#include <gtest/gtest.h>

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <utility>
#include <vector>

#include "engine/clock.hpp"

namespace {

using orgsim::engine::kNoTimer;
using orgsim::engine::SimgridClock;
using orgsim::engine::TimerHandle;

struct Log {
  SimgridClock* clock = nullptr;
  std::vector<std::pair<double, std::uint64_t>> fired;  // (now, argument)
};

void record(void* target, std::uint64_t argument) {
  auto* log = static_cast<Log*>(target);
  log->fired.emplace_back(log->clock->now_h(), argument);
  // Timer 10 schedules two more: one due now, one later.
  if (argument == 10) {
    log->clock->schedule_at(log->clock->now_h(), &record, log, 11);
    log->clock->schedule_at(1.5, &record, log, 12);
  }
}

TEST(SimgridClock, FiresAtTheDueTimeInOrderAndACancelledTimerAddsNoStep) {
  int argc = 1;
  char program[] = "unit_tests";
  char* argv[] = {program, nullptr};
  simgrid::s4u::Engine engine(&argc, argv);
  auto* zone = simgrid::s4u::create_full_zone("test");
  zone->create_host("host", 1e9);
  zone->seal();
  std::vector<double> steps;
  simgrid::s4u::Engine::on_time_advance_cb(
      [&steps](double) { steps.push_back(simgrid::s4u::Engine::get_clock()); });

  SimgridClock clock;
  Log log{&clock, {}};
  clock.schedule_at(2.0, &record, &log, 20);
  TimerHandle cancelled_first = clock.schedule_at(0.5, &record, &log, 5);
  clock.schedule_at(1.0, &record, &log, 10);
  clock.schedule_at(1.0, &record, &log, 13);
  TimerHandle cancelled_last = clock.schedule_at(3.0, &record, &log, 30);
  clock.cancel(cancelled_first);
  clock.cancel(cancelled_last);
  EXPECT_EQ(cancelled_first, kNoTimer);
  engine.run();

  const std::vector<std::pair<double, std::uint64_t>> expected = {
      {1.0, 10}, {1.0, 13}, {1.0, 11}, {1.5, 12}, {2.0, 20}};
  EXPECT_EQ(log.fired, expected);
  // Steps only at the times something was due: not at 0.5 nor 3.0 (cancelled).
  EXPECT_EQ(steps, (std::vector<double>{1.0, 1.5, 2.0}));
}

}  // namespace
