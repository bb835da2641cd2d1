#pragma once
// The agents of a simulated year. Each start_* function starts one kind: the calendar, the
// inspection groups and the campaign source as long-lived SimGrid actors on the hosts of the
// platform (all but the calendar are daemons, so the year ends when the calendar has closed
// it); the towns' order sources, the rotas, the branches, the partner units' meetings and the
// committee's staff on timers, whose state the caller keeps until the engine has run.
#include <functional>
#include <memory>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>
#include <utility>
#include <vector>

#include "engine/district.hpp"

namespace orgsim::engine {

struct Platform {
  simgrid::s4u::Host* district_host = nullptr;  // the district committee's office
  std::vector<simgrid::s4u::Host*> town_hosts;  // one per town
};

// The start of each quarter's planning: leaders plan a quarter only once the calendar has
// ranked the last one and set their efforts (both happen at the same instant of simulated
// time, so the order must be explicit). Quarter 0 is open from the start. Branches are not
// actors (engine/actors/branches.cpp): a branch that reaches a quarter before it is open
// leaves what to do then, and the calendar's open() does it, in the order they came.
class QuarterGate {
 public:
  void open(int quarter);  // the calendar: leaders may plan `quarter` now
  bool is_open(int quarter) const { return opened_ >= quarter; }
  // A leader: `then` runs when `quarter` opens (at once if it is open).
  void when_open(int quarter, std::function<void()> then);

 private:
  int opened_ = 0;
  std::vector<std::pair<int, std::function<void()>>> waiting_;
};

struct CalendarOptions {
  bool progress = false;  // print a progress line to stderr each simulated month
};

// 点单: the public and the league menu per town, party-government campaigns district-wide.
// Returns the sources' pending arrivals, which the caller keeps until the engine has run
// (timers point into them).
std::shared_ptr<void> start_order_sources(District& district, const Platform& platform);
// 轮值轮班: officials and core members of social organizations on the service points' rota.
// Returns the rota's state, which the caller keeps until the engine has run (timers point
// into it).
std::shared_ptr<void> start_duty_rota(District& district);
// Branches and their part-time leaders: own activities and youth contacts each quarter. Returns
// the branches' state, which the caller keeps until the engine has run (timers point into it).
std::shared_ptr<void> start_branches(District& district, std::shared_ptr<QuarterGate> gate);
// Partner units: plan their non-immediate items at regular meetings. Returns the meetings'
// state, which the caller keeps until the engine has run (timers point into it).
std::shared_ptr<void> start_partner_units(District& district);
// The district committee's staff: find resources for special needs. Returns the staff's state,
// which the caller keeps until the engine has run (timers point into it).
std::shared_ptr<void> start_committee(District& district);
// Inspection groups (one per area), the quarterly ranking and tiers, the year end.
void start_calendar_and_inspection(District& district, const Platform& platform,
                                   const CalendarOptions& options,
                                   std::shared_ptr<QuarterGate> gate);

// Thrown by sleep_until when the run stopped (a broken invariant) while the
// actor slept: it unwinds the actor's body, and guarded() ends the actor quietly. Once the
// calendar, the only actor that is not a daemon, has ended, SimGrid ends the others.
struct RunStopped {};

// When an actor's sleep_until(until_h) at now_h would wake: SimGrid sleeps for until_h - now_h
// and wakes at now_h + (until_h - now_h), which may differ from until_h in the last bits; at
// once when until_h is not ahead. A timer that walks what was an actor's plan is scheduled at
// this date, so the runs are those of the actor.
inline double sleep_until_date(double now_h, double until_h) {
  return until_h > now_h ? now_h + (until_h - now_h) : now_h;
}

// The actors' only way to let simulated time pass: it checks on waking that the run goes on.
inline void sleep_until(District& district, double at_h) {
  simgrid::s4u::this_actor::sleep_until(at_h);
  if (district.violation()) throw RunStopped{};
}

// Runs `body` as an actor body: an exception other than SimGrid's own kill is recorded as a
// broken invariant instead of aborting the process.
template <class F>
auto guarded(District& district, const char* actor, F body) {
  return [&district, actor, body]() mutable {
    try {
      body();
    } catch (const RunStopped&) {
      // The run stopped at a broken invariant already recorded: nothing more to do.
    } catch (const std::exception& e) {
      // SimGrid's ForcefulKillException is not a std::exception: it passes through.
      district.violate(std::string("actor ") + actor + " failed: " + e.what());
    }
  };
}

}  // namespace orgsim::engine
