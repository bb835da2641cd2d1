// Branches (村社团组织) and their part-time leaders. Each quarter a leader plans the branch's own
// activities and youth contacts (1+100 联系青年); how much depends on the leader's effort, which
// the calendar sets from the last quarter's tier (behaviour.leader; calendar.cpp).
#include <xbt/log.h>

#include <algorithm>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "core/money.hpp"
#include "engine/actors/actors.hpp"

namespace sg4 = simgrid::s4u;

XBT_LOG_EXTERNAL_CATEGORY(orgsim);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(orgsim_branches, orgsim, "branches' own activities and contacts");

namespace orgsim::engine {

QuarterGate::QuarterGate()
    : mutex_(sg4::Mutex::create()), opened_cv_(sg4::ConditionVariable::create()) {}

void QuarterGate::open(int quarter) {
  const std::unique_lock lock(*mutex_);
  opened_ = quarter;
  opened_cv_->notify_all();
}

void QuarterGate::wait(int quarter) {
  std::unique_lock lock(*mutex_);
  while (opened_ < quarter) opened_cv_->wait(lock);
}

namespace {

constexpr double kVenueRetryH = 1.0;  // a branch looks for a free venue again every hour

// One activity: find a venue (waiting up to resources.venue_wait_h), pay for it, hold it.
// `waited_h` is set to how long it waited for a venue.
core::ActivityOutcome hold_activity(District& d, std::int32_t branch_id, double cost_yuan,
                                    double& waited_h) {
  const auto& s = d.scenario();
  const auto town = d.world().branches[branch_id].town;
  Resources& r = d.resources();
  const double give_up_at = s.resources.venue_wait_h;
  waited_h = 0.0;
  // Orders' activities already waiting for a venue in this town go first.
  while (!(r.venue_free(town) && r.venue_queue(town).empty())) {
    if (waited_h + kVenueRetryH > give_up_at) return core::ActivityOutcome::kCancelledNoVenue;
    sleep_for(d, kVenueRetryH);
    waited_h += kVenueRetryH;
  }
  r.take_venue(town);
  if (!r.pay(town, branch_id, cost_yuan)) {
    d.release_venue_and_grant(town);
    return core::ActivityOutcome::kCancelledNoMoney;
  }
  // The venue comes back when the activity ends; the leader meanwhile goes on with the plan.
  d.release_venue_at(d.now_h() + s.branch.activity_duration_h, town);
  return core::ActivityOutcome::kHeld;
}

void branch_life(District& d, std::int32_t branch_id, QuarterGate& gate) {
  const auto& s = d.scenario();
  const auto seed = static_cast<std::uint64_t>(s.run.seed);
  core::RandomStream plan(seed, "branch_plan", static_cast<std::uint64_t>(branch_id));
  const double quarter_h = d.year_length_h() / 4.0;
  for (int q = 0; q < 4 * d.years(); ++q) {
    const double quarter_start = q * quarter_h;
    sleep_until(d, quarter_start);
    // Only leaders who respond to the ranking wait for it; fixed efforts never change, and
    // 20,000 branches waiting on one condition variable cost time and memory at scale.
    if (s.behaviour.leader != config::LeaderModel::kFixed) gate.wait(q);
    const double effort = d.leader_effort()[branch_id];
    // The rates are per calendar quarter; a run shorter than a year has shorter quarters: a
    // run's quarter is year_fraction of a calendar quarter.
    const double length = core::year_fraction(s.run.days);
    const auto activities = plan.poisson(s.branch.activities_per_quarter * effort * length);
    const auto contacts = plan.poisson(s.branch.youth_contacts_per_quarter * effort * length);
    // Everything happens strictly inside the quarter (1% margins), never at the instant the
    // inspection groups score it.
    auto inside = [&](double u) { return quarter_start + (0.01 + 0.98 * u) * quarter_h; };
    struct Planned {
      double at_h;
      double cost_yuan;
    };
    std::vector<Planned> planned;
    for (std::int64_t i = 0; i < activities; ++i) {
      const double at = inside(plan.uniform());
      planned.push_back(
          {at, core::activity_cost_yuan(s.resources.activity_cost_mean_yuan, plan.uniform())});
    }
    const double contacts_at = inside(plan.uniform());
    std::sort(planned.begin(), planned.end(),
              [](const Planned& a, const Planned& b) { return a.at_h < b.at_h; });
    bool contacts_done = false;
    for (const Planned& p : planned) {
      if (!contacts_done && contacts_at <= p.at_h) {
        sleep_until(d, contacts_at);
        d.branch_quarter()[branch_id].youth_contacts += contacts;
        contacts_done = true;
      }
      // A leader still waiting for a venue for the previous activity starts this one when
      // that wait ends (it then counts in the quarter it is held in).
      const double begun_h = std::max(p.at_h, d.now_h());
      sleep_until(d, begun_h);
      double waited_h = 0.0;
      const auto outcome = hold_activity(d, branch_id, p.cost_yuan, waited_h);
      if (outcome == core::ActivityOutcome::kHeld) ++d.branch_quarter()[branch_id].activities_held;
      XBT_VERB("%s: activity %s", d.world().branches[branch_id].name.c_str(),
               outcome == core::ActivityOutcome::kHeld               ? "held"
               : outcome == core::ActivityOutcome::kCancelledNoVenue ? "cancelled, no venue"
                                                                     : "cancelled, no money");
      const double paid = outcome == core::ActivityOutcome::kHeld ? p.cost_yuan : 0.0;
      // Recorded when it was held (or given up), which is when it counts for the inspection.
      // Model time, not SimGrid's clock, which drifts from it by rounding.
      d.sink().on_branch_activity({branch_id, begun_h + waited_h, p.at_h, outcome, paid});
    }
    if (!contacts_done) {
      sleep_until(d, std::max(contacts_at, d.now_h()));
      d.branch_quarter()[branch_id].youth_contacts += contacts;
    }
  }
}

}  // namespace

void start_branches(District& district, const Platform& platform,
                    std::shared_ptr<QuarterGate> gate) {
  const auto& world = district.world();
  for (std::size_t b = 0; b < world.branches.size(); ++b) {
    const auto branch = static_cast<std::int32_t>(b);
    sg4::Actor::create("branch-" + std::to_string(b), platform.town_hosts[world.branches[b].town],
                       guarded(district, "branch",
                               [&district, branch, gate] { branch_life(district, branch, *gate); }))
        ->daemonize();
  }
}

}  // namespace orgsim::engine
