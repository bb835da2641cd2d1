// Branches (村社团组织) and their part-time leaders. Each quarter a leader plans the branch's own
// activities and youth contacts (1+100 联系青年); how much depends on the leader's effort, which
// the calendar sets from the last quarter's tier (behaviour.leader; calendar.cpp).
//
// A branch is not a SimGrid actor: its year is a short plan walked on timers. With 20,000
// branches at province scale, actors cost a stack each (most of the year's memory) and a
// context switch per wake-up (bench/README.md, issue 17). The walk does exactly what an actor
// sleeping between the steps would do, at the same instants: a wait until t ends at the date
// SimGrid gives a sleep (sleep_until_date), so the runs are the same.
#include <xbt/log.h>

#include <algorithm>

#include "core/money.hpp"
#include "engine/actors/actors.hpp"
#include "engine/pinned_objects.hpp"

XBT_LOG_EXTERNAL_CATEGORY(orgsim);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(orgsim_branches, orgsim, "branches' own activities and contacts");

namespace orgsim::engine {

void QuarterGate::open(int quarter) {
  opened_ = quarter;
  // Those waiting for this quarter go, in the order they came; the rest wait on.
  std::vector<std::pair<int, std::function<void()>>> still_waiting;
  std::vector<std::function<void()>> go;
  for (auto& [waiting_for, then] : waiting_) {
    if (waiting_for <= quarter) {
      go.push_back(std::move(then));
    } else {
      still_waiting.emplace_back(waiting_for, std::move(then));
    }
  }
  waiting_ = std::move(still_waiting);
  for (auto& then : go) then();
}

void QuarterGate::when_open(int quarter, std::function<void()> then) {
  if (is_open(quarter)) {
    then();
    return;
  }
  waiting_.emplace_back(quarter, std::move(then));
}

namespace {

constexpr double kVenueRetryH = 1.0;  // a branch looks for a free venue again every hour

// One branch's quarters: plan, then contacts and activities in time order; an activity first
// finds a venue (looking again every hour, up to resources.venue_wait_h), pays for it and holds
// it. Each step that waits schedules its continuation and returns.
class BranchLife {
 public:
  BranchLife(District& d, std::int32_t branch, QuarterGate& gate)
      : d_(d),
        branch_(branch),
        gate_(gate),
        plan_(static_cast<std::uint64_t>(d.scenario().run.seed), "branch_plan",
              static_cast<std::uint64_t>(branch)),
        quarter_h_(d.year_length_h() / 4.0),
        quarters_(4 * d.years()) {}

  // Runs the steps due now, up to the next wait.
  void resume() {
    for (;;) {
      switch (step_) {
        case Step::kQuarterStart:
          if (quarter_ >= quarters_) return;  // the run's last quarter is over
          step_ = Step::kPlan;
          if (wait_until(quarter_ * quarter_h_)) return;
          break;
        case Step::kPlan:
          // Only leaders who respond to the ranking wait for it; fixed efforts never change.
          if (d_.scenario().behaviour.leader != config::LeaderModel::kFixed &&
              !gate_.is_open(quarter_)) {
            gate_.when_open(quarter_, [this] { d_.guard([this] { resume(); }); });
            return;
          }
          plan_quarter();
          step_ = Step::kNextItem;
          break;
        case Step::kNextItem:
          if (next_ < planned_.size()) {
            if (!contacts_done_ && contacts_at_ <= planned_[next_].at_h) {
              step_ = Step::kContacts;
              if (wait_until(contacts_at_)) return;
            } else if (begin_activity()) {
              return;
            }
            break;
          }
          if (!contacts_done_) {
            step_ = Step::kLastContacts;
            if (wait_until(std::max(contacts_at_, d_.now_h()))) return;
            break;
          }
          ++quarter_;
          step_ = Step::kQuarterStart;
          break;
        case Step::kContacts:
          make_contacts();
          if (begin_activity()) return;
          break;
        case Step::kFindVenue:
          if (find_venue()) return;
          break;
        case Step::kVenueRetry:
          waited_h_ += kVenueRetryH;
          step_ = Step::kFindVenue;
          break;
        case Step::kLastContacts:
          make_contacts();
          ++quarter_;
          step_ = Step::kQuarterStart;
          break;
      }
    }
  }

 private:
  enum class Step {
    kQuarterStart,
    kPlan,
    kNextItem,
    kContacts,
    kFindVenue,
    kVenueRetry,
    kLastContacts
  };
  struct Planned {
    double at_h;
    double cost_yuan;
  };

  static void on_timer(void* self, std::uint64_t /*unused*/) {
    auto* life = static_cast<BranchLife*>(self);
    life->d_.guard([life] { life->resume(); });
  }

  // As an actor's sleep_until(t): true (and the continuation scheduled) when t is ahead.
  bool wait_until(double t) {
    const double now = d_.now_h();
    if (!(t > now)) return false;
    d_.clock().schedule_at(sleep_until_date(now, t), &BranchLife::on_timer, this, 0,
                           &prefetch_whole<BranchLife>);
    return true;
  }
  void wait_for(double duration_h) {
    d_.clock().schedule_at(d_.now_h() + duration_h, &BranchLife::on_timer, this, 0,
                           &prefetch_whole<BranchLife>);
  }

  void plan_quarter() {
    const auto& s = d_.scenario();
    const double quarter_start = quarter_ * quarter_h_;
    const double effort = d_.leader_effort()[branch_];
    // The rates are per calendar quarter; a run shorter than a year has shorter quarters: a
    // run's quarter is year_fraction of a calendar quarter.
    const double length = core::year_fraction(s.run.days);
    const auto activities = plan_.poisson(s.branch.activities_per_quarter * effort * length);
    contacts_ = plan_.poisson(s.branch.youth_contacts_per_quarter * effort * length);
    // Everything happens strictly inside the quarter (1% margins), never at the instant the
    // inspection groups score it.
    auto inside = [&](double u) { return quarter_start + (0.01 + 0.98 * u) * quarter_h_; };
    planned_.clear();
    for (std::int64_t i = 0; i < activities; ++i) {
      const double at = inside(plan_.uniform());
      planned_.push_back(
          {at, core::activity_cost_yuan(s.resources.activity_cost_mean_yuan, plan_.uniform())});
    }
    contacts_at_ = inside(plan_.uniform());
    std::sort(planned_.begin(), planned_.end(),
              [](const Planned& a, const Planned& b) { return a.at_h < b.at_h; });
    next_ = 0;
    contacts_done_ = false;
  }

  void make_contacts() {
    d_.branch_quarter().add(branch_, BranchQuarterTable::Counter::kYouthContacts, contacts_);
    contacts_done_ = true;
  }

  // A leader still waiting for a venue for the previous activity starts this one when that
  // wait ends (it then counts in the quarter it is held in). True when it waits.
  bool begin_activity() {
    begun_h_ = std::max(planned_[next_].at_h, d_.now_h());
    waited_h_ = 0.0;
    step_ = Step::kFindVenue;
    return wait_until(begun_h_);
  }

  // Orders' activities already waiting for a venue in this town go first. True when it waits.
  bool find_venue() {
    const auto& s = d_.scenario();
    const auto town = d_.world().branches[branch_].town;
    Resources& r = d_.resources();
    if (!(r.venue_free(town) && r.venue_queue(town).empty())) {
      if (waited_h_ + kVenueRetryH > s.resources.venue_wait_h) {
        finish_activity(core::ActivityOutcome::kCancelledNoVenue);
        return false;
      }
      step_ = Step::kVenueRetry;
      wait_for(kVenueRetryH);
      return true;
    }
    r.take_venue(town);
    if (!r.pay(town, branch_, planned_[next_].cost_yuan)) {
      d_.release_venue_and_grant(town);
      finish_activity(core::ActivityOutcome::kCancelledNoMoney);
      return false;
    }
    // The venue comes back when the activity ends; the leader meanwhile goes on with the plan.
    d_.release_venue_at(d_.now_h() + s.branch.activity_duration_h, town);
    finish_activity(core::ActivityOutcome::kHeld);
    return false;
  }

  void finish_activity(core::ActivityOutcome outcome) {
    const Planned& p = planned_[next_];
    if (outcome == core::ActivityOutcome::kHeld)
      d_.branch_quarter().add(branch_, BranchQuarterTable::Counter::kActivitiesHeld);
    XBT_VERB("%s: activity %s", d_.world().branches[branch_].name.c_str(),
             outcome == core::ActivityOutcome::kHeld               ? "held"
             : outcome == core::ActivityOutcome::kCancelledNoVenue ? "cancelled, no venue"
                                                                   : "cancelled, no money");
    const double paid = outcome == core::ActivityOutcome::kHeld ? p.cost_yuan : 0.0;
    // Recorded when it was held (or given up), which is when it counts for the inspection.
    // Model time, not SimGrid's clock, which drifts from it by rounding.
    d_.sink().on_branch_activity({branch_, begun_h_ + waited_h_, p.at_h, outcome, paid});
    ++next_;
    step_ = Step::kNextItem;
  }

  District& d_;
  std::int32_t branch_;
  QuarterGate& gate_;
  core::RandomStream plan_;
  double quarter_h_;
  int quarters_;

  Step step_ = Step::kQuarterStart;
  int quarter_ = 0;
  std::vector<Planned> planned_;  // this quarter's activities, in time order
  std::size_t next_ = 0;          // the next of them
  std::int64_t contacts_ = 0;
  double contacts_at_ = 0.0;
  bool contacts_done_ = false;
  double begun_h_ = 0.0;   // when the current activity began looking for a venue
  double waited_h_ = 0.0;  // how long it has looked
};

}  // namespace

std::shared_ptr<void> start_branches(District& district, std::shared_ptr<QuarterGate> gate) {
  const auto branches = district.world().branches.size();
  auto lives = std::make_shared<PinnedObjects<BranchLife>>(branches);
  for (std::size_t b = 0; b < branches; ++b)
    lives->emplace(district, static_cast<std::int32_t>(b), *gate);
  // Each begins at time 0 (SimGrid has not started: the first steps schedule timers only).
  for (auto& life : *lives) district.guard([&life] { life.resume(); });
  // The lives point into the gate's waiting list and the gate into them: keep both.
  return std::shared_ptr<void>(lives, lives.get());
}

}  // namespace orgsim::engine
