#pragma once
// The live state of a simulated district and the per-order path: an order is placed, dispatched
// by the seed's rules, queues for a free staff member (an activity then books a venue and is
// paid for, waiting for a venue if none is free), is served, evaluated and closed in exactly
// one final state. Actors (engine/actors/)
// drive arrivals, duty shifts, meetings, inspections and the year end through this class.
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "core/evaluation.hpp"
#include "core/event_sink.hpp"
#include "core/order.hpp"
#include "core/random_stream.hpp"
#include "core/reference_standard.hpp"
#include "core/two_rates.hpp"
#include "engine/branch_quarter_table.hpp"
#include "engine/clock.hpp"
#include "engine/dispatcher.hpp"
#include "engine/flat_lists.hpp"
#include "engine/org_index.hpp"
#include "engine/resources.hpp"
#include "engine/service_desk.hpp"
#include "engine/social_org_state.hpp"
#include "engine/world.hpp"

namespace orgsim::engine {

struct TownQuarter {
  std::int64_t shifts_assigned = 0;
  std::int64_t shifts_attended = 0;
};

struct PointState {
  std::int32_t on_duty = 0;
  SlotQueue waiting_walk_ins;  // order slots waiting for the point to open
  double hours_staffed = 0.0;
  std::int64_t orders_taken = 0;
  double opened_at_h = 0.0;
};

// Counts the invariant check compares at the year end.
struct OrderCounts {
  std::int64_t created = 0;
  std::int64_t closed = 0;
  std::int64_t escalated = 0;
};

class District {
 public:
  // `clock` gives the simulated time and runs the district's timers: SimGrid's in a run, a
  // ManualClock in unit tests. It must outlive the district.
  District(const config::Scenario& scenario, World world, core::EventSink& sink, Clock& clock);

  const config::Scenario& scenario() const { return scenario_; }
  const World& world() const { return world_; }
  Clock& clock() { return clock_; }
  double now_h() const { return clock_.now_h(); }
  Resources& resources() { return resources_; }
  double year_length_h() const { return year_length_h_; }  // one simulated year (run.days)
  double horizon_h() const { return horizon_h_; }          // the end of the last year
  int years() const { return static_cast<int>(scenario_.run.years); }

  // Timed events that actors schedule: the end of a duty shift, a venue coming back.
  void end_duty_at(double at_h, std::int32_t point);
  void release_venue_at(double at_h, std::int32_t town);

  // Runs `body` as every timed event runs: not at all once the run has stopped (the year is
  // closed or an invariant broke), and an exception it throws is recorded as a broken
  // invariant instead of aborting the process. For the timers the order sources schedule.
  template <class F>
  void guard(F&& body) {
    if (stopped()) return;
    try {
      body();
    } catch (const std::exception& e) {
      violate(std::string("an event at ") + std::to_string(now_h()) + " h failed: " + e.what());
    }
  }

  // ---- orders ----
  // A new order from a source at the current time. Its id is the creation count, so ids are
  // the same across policies that see the same arrivals. `town` is the branch's town when the
  // caller has it (a town's own source, whose branches it draws from); -1 looks it up, a cold
  // line at province scale for the 20,000 branches (issue 17).
  std::int32_t create_order(core::Source source, core::Channel channel, core::Kind kind,
                            std::int32_t category, std::int32_t branch, bool needs_venue,
                            double cost_yuan, std::int32_t town = -1);
  core::Order& order(std::int32_t slot) { return orders_[slot]; }
  // Registers the order and sends it on by its kind (即办件 / 非即办件 / 特殊需求).
  void place(std::int32_t slot);
  // Closes an order that never reached an assignee (a walk-in who gave up).
  void close_unplaced(std::int32_t slot, core::FinalState state);

  // ---- service points (offline orders) ----
  bool point_staffed(std::int32_t point) const { return points_[point].on_duty > 0; }
  // The town's service points (world().towns[town].service_points, kept flat for walk-ins).
  const FlatLists& town_points() const { return town_points_; }
  void wait_for_point(std::int32_t point, std::int32_t slot);
  void take_at_point(std::int32_t point, std::int32_t slot);
  void duty_started(std::int32_t point);  // places waiting walk-ins when the point opens
  void duty_ended(std::int32_t point);
  void record_shift(const core::DutyShiftRecord& shift);
  const std::vector<PointState>& points() const { return points_; }

  // ---- partner units and the district committee ----
  SlotQueue& partner_pending(std::int32_t unit) { return partner_pending_[unit]; }
  void plan_partner_orders(std::int32_t unit);  // at a meeting: pending -> service queue
  std::optional<std::int32_t> next_special();   // for the committee's staff
  bool special_waiting() const { return !special_queue_.empty(); }
  // After the committee found resources: to a capable social organization, else served by the
  // committee's own staff (returns false: the caller serves it).
  bool route_special(std::int32_t slot);
  void committee_started(std::int32_t slot);
  void committee_finished(std::int32_t slot);
  double draw_committee_search_h() {
    return committee_rng_.exponential(scenario_.dispatch.committee_search_mean_h);
  }
  double draw_committee_service_h() { return draw_duration(core::Kind::kSpecial, committee_rng_); }

  // A venue comes back: the oldest activity waiting for one in the town gets it.
  void release_venue_and_grant(std::int32_t town);

  // ---- behaviour (docs/MODEL.md §13) ----
  // Each branch leader's effort in the current quarter (1 = normal); the calendar sets it.
  std::vector<double>& leader_effort() { return leader_effort_; }
  // The public's trust in each branch's service (behaviour.public = trust; 1 otherwise).
  double trust(std::int32_t branch) const { return trust_[branch]; }

  // ---- year ends (run.years > 1) ----
  bool org_active(std::int32_t org) const { return org_active_[org]; }
  // The organization loses support and leaves: it takes no new order (it serves its queue).
  void retire_org(std::int32_t org);
  // The organization keeps `staff` people (fewer after a denial).
  void shrink_org(std::int32_t org, std::int32_t staff);
  // A new organization enters (its index is the next one).
  void add_org(ServiceProvider org);
  // At the start of year `year` (0-based, > 0): new yearly money, the organizations' tallies
  // start again (the rates are annual), and dispatch sees the organizations active now.
  void start_year(int year);

  // ---- quarters and the year end ----
  BranchQuarterTable& branch_quarter() { return branch_quarter_; }
  std::vector<TownQuarter>& town_quarter() { return town_quarter_; }
  void reset_quarter();
  // An organization's evaluations this year.
  const core::TwoRateTally& org_tally(std::int32_t org) const { return orgs_[org].tally; }
  // The wait decay an organization's services carried this year (the reference standard
  // with truth.waits = included judges what its public experienced).
  const core::WaitExposure& org_exposure(std::int32_t org) const { return orgs_[org].exposure; }
  core::EventSink& sink() { return sink_; }
  // Closes every open order as open_at_year_end (in id order) and checks the invariants.
  void close_year();
  const OrderCounts& counts() const { return counts_; }

  // Records the first broken invariant and stops the run: no timed event runs after it and
  // every actor ends at its next step (engine/actors/actors.hpp); orgsim then exits 3 and
  // writes nothing.
  void violate(const std::string& what);
  const std::optional<std::string>& violation() const { return violation_; }
  bool finished() const { return finished_; }  // the year end closed every order
  bool stopped() const { return finished_ || violation_.has_value(); }

  // Called when a special need joins the committee's queue (wakes its staff).
  std::function<void()> on_special_waiting;

 private:
  // The district's own timed events; a timer carries the event and one id, and for a service
  // end at a social organization the organization (packed: bits 0-7 the event, 8-39 the id,
  // 40-63 the organization + 1 or 0), which its prefetch fetches without reading the order.
  enum class TimedEvent : std::uint8_t {
    kServiceEnd,    // id: order slot
    kDeadline,      // id: order slot
    kVenueTimeout,  // id: order slot
    kDutyEnd,       // id: service point
    kVenueRelease,  // id: town
  };
  TimerHandle at(double at_h, TimedEvent event, std::int32_t id, std::int32_t org = -1);
  static void on_timer(void* district, std::uint64_t packed);
  // Fetches what an order's timer will read first (Clock's TimerPrefetch): the order, its
  // slot's state and, at a service end, the organization's block.
  static void prefetch_timer(const void* district, std::uint64_t packed);
  void run_event(TimedEvent event, std::int32_t id);

  struct Desk {
    core::AssigneeKind kind;
    std::int32_t id;
  };
  ServiceDesk& desk(Desk d);
  const ServiceProvider* provider(Desk d) const;

  void dispatch_immediate(std::int32_t slot);
  void dispatch_non_immediate(std::int32_t slot);
  void dispatch_special(std::int32_t slot);
  void to_org_desk(std::int32_t slot, std::int32_t org);
  // Offers the order to `first` and, while a protective organization declines it, to the next
  // by the dispatch rule (behaviour.offers_per_order offers at most). The organization that
  // took it, or -1 when every offer was declined (the district committee then keeps it).
  std::int32_t offer(std::int32_t slot, std::int32_t first);
  bool declines(std::int32_t slot, std::int32_t org);
  void rebuild_org_index();
  // Books a venue and pays for the activity in `slot`: true if it may start now; false if it
  // waits for a venue (or was cancelled).
  bool secure_venue(std::int32_t slot);
  bool take_venue_and_pay(std::int32_t slot);
  std::int32_t least_loaded_partner(std::int32_t town) const;
  void enqueue(Desk d, std::int32_t slot);
  void start_next(Desk d);
  void start_service(Desk d, std::int32_t slot);
  void finish_service(std::int32_t slot);
  void mark_started(core::Order& order);
  void evaluate(core::Order& order, double attraction_q, double satisfaction_q,
                core::RandomStream& rng);
  void arm_deadline(std::int32_t slot);
  void escalate(std::int32_t slot);
  template <class Queue>
  void move_forward(Queue& queue, std::int32_t slot);
  void close(std::int32_t slot, core::FinalState state);
  double draw_duration(core::Kind kind, core::RandomStream& rng);
  double mean_duration_h(core::Kind kind) const;
  core::RandomStream& desk_rng(Desk d);

  const config::Scenario& scenario_;
  Clock& clock_;
  World world_;
  core::EventSink& sink_;
  Resources resources_;
  Dispatcher dispatcher_;
  core::EvaluationParams evaluation_params_;
  double year_length_h_;
  double horizon_h_;
  double deadline_h_;

  // Order pool: only open orders occupy a slot; closed orders are emitted and their slot reused,
  // so memory follows the number of open orders, not the year's total.
  core::HugePageVector<core::Order> orders_;
  // What the district keeps of a slot beside its order, in one place: close() and mark_started()
  // read all of it, and at province scale four arrays were four cold loads (issue 17).
  struct SlotState {
    TimerHandle deadline = kNoTimer;
    TimerHandle venue_timeout = kNoTimer;
    bool holds_venue = false;  // an activity that has its venue
    bool live = false;         // the slot holds an open order
  };
  core::HugePageVector<SlotState> slot_states_;  // per slot
  std::vector<std::int32_t> free_slots_;
  std::int64_t next_id_ = 0;

  // Per social organization, what the order path touches of it (desk, service stream, tally,
  // last assignment, the dispatch index's entry), one cache-line-aligned block each.
  SocialOrgStates orgs_;
  std::vector<ServiceDesk> partner_desks_;
  std::vector<core::RandomStream> partner_rngs_;  // stream "partner_service" per unit
  core::RandomStream committee_rng_;
  std::vector<bool> org_active_;
  std::int64_t org_assignments_ = 0;   // dispatches to organizations so far
  std::optional<OrgIndex> org_index_;  // reads and keeps its entries in orgs_; rebuilt each year
  std::vector<SlotQueue> partner_pending_;  // per unit: waiting for its next meeting
  // Each town's partner units (read by every non-immediate order) and service points (by every
  // walk-in), flat (issue 17).
  FlatLists town_partners_;
  FlatLists town_points_;
  std::deque<std::int32_t> special_queue_;
  std::vector<PointState> points_;
  BranchQuarterTable branch_quarter_;
  std::vector<TownQuarter> town_quarter_;
  std::vector<double> leader_effort_;  // per branch
  std::vector<double> trust_;          // per branch
  // Per branch, its town: world_.branches[b].town, read by every order, kept apart from the
  // branches' names (at province scale a Branch is cold; 20,000 of these take 80 KB).
  std::vector<std::int32_t> branch_town_;
  // Per town, its alliance (world_.towns[t].alliance), which every dispatch hands the rule
  // (alliance-first reads it): the Town itself is a cold line at province scale.
  std::vector<std::int32_t> town_alliance_;
  OrderCounts counts_;
  std::optional<std::string> violation_;
  bool finished_ = false;
};

}  // namespace orgsim::engine
