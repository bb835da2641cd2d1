#include "engine/district.hpp"

#include <xbt/log.h>

#include <algorithm>
#include <stdexcept>

#include "core/org_protection.hpp"
#include "core/public_trust.hpp"

XBT_LOG_EXTERNAL_CATEGORY(orgsim);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(orgsim_orders, orgsim,
                                "the order path: placed, started, escalated, closed");
XBT_LOG_NEW_SUBCATEGORY(orgsim_rota, orgsim, "duty shifts at the service points");

namespace orgsim::engine {

namespace {
std::vector<ServiceDesk> make_desks(const std::vector<ServiceProvider>& providers) {
  std::vector<ServiceDesk> desks;
  for (const auto& p : providers) desks.push_back(ServiceDesk{p.staff, 0, {}});
  return desks;
}

SocialOrgStates make_org_states(const std::vector<ServiceProvider>& orgs, std::uint64_t seed) {
  SocialOrgStates states;
  states.reserve(orgs.size());
  for (std::size_t o = 0; o < orgs.size(); ++o) states.emplace_back(orgs[o], seed, o);
  return states;
}
}  // namespace

using core::AssigneeKind;
using core::FinalState;
using core::Kind;
using BranchCounter = BranchQuarterTable::Counter;

District::District(const config::Scenario& scenario, World world, core::EventSink& sink,
                   Clock& clock)
    : scenario_(scenario),
      clock_(clock),
      world_(std::move(world)),
      sink_(sink),
      resources_(scenario_, world_),
      dispatcher_(scenario.dispatch.rule, static_cast<std::uint64_t>(scenario.run.seed),
                  scenario.demand.categories.size()),
      evaluation_params_{scenario.service.people_targeted_mean, scenario.service.vote_share,
                         scenario.service.wait_tolerance_h},
      year_length_h_(static_cast<double>(scenario.run.days) * 24.0),
      horizon_h_(year_length_h_ * static_cast<double>(scenario.run.years)),
      deadline_h_(scenario.dispatch.answer_deadline_h),
      orgs_(make_org_states(world_.social_orgs, static_cast<std::uint64_t>(scenario.run.seed))),
      committee_rng_(static_cast<std::uint64_t>(scenario.run.seed), "committee"),
      org_active_(world_.social_orgs.size(), true),
      partner_pending_(world_.partner_units.size()),
      town_partners_(
          world_.towns, [](const Town& t) -> const auto& { return t.partner_units; }),
      town_points_(
          world_.towns, [](const Town& t) -> const auto& { return t.service_points; }),
      points_(world_.service_points.size()),
      branch_quarter_(world_.branches.size()),
      town_quarter_(world_.towns.size()),
      leader_effort_(world_.branches.size(), scenario.branch.leader_effort),
      trust_(world_.branches.size(), 1.0) {
  for (const auto& b : world_.branches) branch_town_.push_back(b.town);
  for (const auto& t : world_.towns) town_alliance_.push_back(t.alliance);
  rebuild_org_index();
  const auto seed = static_cast<std::uint64_t>(scenario.run.seed);
  partner_desks_ = make_desks(world_.partner_units);
  for (std::size_t p = 0; p < world_.partner_units.size(); ++p)
    partner_rngs_.emplace_back(seed, "partner_service", p);
}

namespace {

constexpr int kTimerOrgShift = 40;
constexpr std::uint64_t kTimerIdMask = 0xffffffff;
// Organizations a timer can name for its prefetch (beyond, it names none: no prefetch, same run).
constexpr std::int32_t kMaxTimerOrg = (std::int32_t{1} << (64 - kTimerOrgShift)) - 2;

}  // namespace

TimerHandle District::at(double at_h, TimedEvent event, std::int32_t id, std::int32_t org) {
  const std::uint64_t org_part =
      org >= 0 && org <= kMaxTimerOrg ? static_cast<std::uint64_t>(org) + 1 : 0;
  const auto packed = (org_part << kTimerOrgShift) | (static_cast<std::uint64_t>(id) << 8) |
                      static_cast<std::uint64_t>(event);
  return clock_.schedule_at(at_h, &District::on_timer, this, packed, &District::prefetch_timer);
}

void District::prefetch_timer(const void* district, std::uint64_t packed) {
  const auto* self = static_cast<const District*>(district);
  const auto event = static_cast<TimedEvent>(packed & 0xff);
  if (event != TimedEvent::kServiceEnd && event != TimedEvent::kDeadline &&
      event != TimedEvent::kVenueTimeout)
    return;
  // Only addresses: the timer may have been cancelled and its slot reused (prefetching never
  // faults). An order spans two or three cache lines.
  const auto slot = static_cast<std::size_t>((packed >> 8) & kTimerIdMask);
  if (slot >= self->orders_.size()) return;
  const char* order = reinterpret_cast<const char*>(self->orders_.data() + slot);
  __builtin_prefetch(order);
  __builtin_prefetch(order + 64);
  __builtin_prefetch(order + sizeof(core::Order) - 1);
  __builtin_prefetch(self->slot_states_.data() + slot);
  // A service end at an organization reads all four lines of its block (desk, stream, tally,
  // exposure).
  const auto org_part = static_cast<std::size_t>(packed >> kTimerOrgShift);
  if (org_part == 0 || org_part > self->orgs_.size()) return;
  const char* block = reinterpret_cast<const char*>(self->orgs_.data() + (org_part - 1));
  for (std::size_t line = 0; line < sizeof(SocialOrgState); line += 64)
    __builtin_prefetch(block + line, 1);
}

void District::on_timer(void* district, std::uint64_t packed) {
  auto* self = static_cast<District*>(district);
  const auto event = static_cast<TimedEvent>(packed & 0xff);
  const auto id = static_cast<std::int32_t>((packed >> 8) & kTimerIdMask);
  // The clock has let go of the timer whether or not its event runs (it does not once the run
  // has stopped): its handle must not be cancelled later.
  if (event == TimedEvent::kDeadline) self->slot_states_[id].deadline = kNoTimer;
  if (event == TimedEvent::kVenueTimeout) self->slot_states_[id].venue_timeout = kNoTimer;
  self->guard([self, event, id] { self->run_event(event, id); });
}

void District::run_event(TimedEvent event, std::int32_t id) {
  switch (event) {
    case TimedEvent::kServiceEnd:
      finish_service(id);
      break;
    case TimedEvent::kDeadline:
      escalate(id);
      break;
    case TimedEvent::kVenueTimeout: {
      auto& queue = resources_.venue_queue(orders_[id].town);
      queue.erase(std::find(queue.begin(), queue.end(), id));
      close(id, FinalState::kCancelledNoVenue);
      break;
    }
    case TimedEvent::kDutyEnd:
      duty_ended(id);
      break;
    case TimedEvent::kVenueRelease:
      release_venue_and_grant(id);
      break;
  }
}

void District::end_duty_at(double at_h, std::int32_t point) {
  at(at_h, TimedEvent::kDutyEnd, point);
}

void District::release_venue_at(double at_h, std::int32_t town) {
  at(at_h, TimedEvent::kVenueRelease, town);
}

// ---------------------------------------------------------------------------------------------
// Creating, placing and closing orders

std::int32_t District::create_order(core::Source source, core::Channel channel, Kind kind,
                                    std::int32_t category, std::int32_t branch, bool needs_venue,
                                    double cost_yuan, std::int32_t town) {
  std::int32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::int32_t>(orders_.size());
    orders_.emplace_back();
    slot_states_.emplace_back();
  }
  core::Order& o = orders_[slot];
  o = core::Order{};
  o.id = next_id_++;
  o.source = source;
  o.channel = channel;
  o.kind = kind;
  o.category = category;
  o.branch = branch;
  o.town = town >= 0 ? town : branch_town_[branch];
  o.needs_venue = needs_venue;
  o.cost_yuan = needs_venue ? cost_yuan : 0.0;
  o.created_h = clock_.now_h();
  slot_states_[slot].live = true;
  ++counts_.created;
  return slot;
}

void District::place(std::int32_t slot) {
  core::Order& o = orders_[slot];
  o.dispatched_h = clock_.now_h();
  branch_quarter_.add(o.branch, BranchCounter::kOrdersPlaced);
  const auto id = o.id;
  XBT_VERB("order %lld placed: %s, %s, %s, category %d, branch %d", static_cast<long long>(id),
           core::to_string(o.source), core::to_string(o.channel), core::to_string(o.kind),
           o.category, o.branch);
  switch (o.kind) {
    case Kind::kImmediate:
      dispatch_immediate(slot);
      break;
    case Kind::kNonImmediate:
      dispatch_non_immediate(slot);
      break;
    case Kind::kSpecial:
      dispatch_special(slot);
      break;
  }
  // Most orders start at once; only one still waiting needs a deadline (件件有回音). The order
  // may also have ended already (no money), its slot even reused: hence the id check.
  if (!slot_states_[slot].live || orders_[slot].id != id) return;
  const core::Order& placed = orders_[slot];
  if (placed.started_h < 0.0) {
    arm_deadline(slot);
  } else if (placed.started_h - placed.created_h > deadline_h_) {
    // A walk-in who waited at a closed point past its deadline and was served as soon as the
    // point opened came due unanswered: it is escalated like any other (§6.4), so that it
    // counts as late and not as nothing.
    escalate(slot);
  }
}

void District::close_unplaced(std::int32_t slot, FinalState state) { close(slot, state); }

void District::close(std::int32_t slot, FinalState state) {
  if (!slot_states_[slot].live) {
    violate("order closed twice (slot " + std::to_string(slot) + ")");
    return;
  }
  core::Order& o = orders_[slot];
  o.state = state;
  if (state != FinalState::kOpenAtYearEnd) o.closed_h = clock_.now_h();
  clock_.cancel(slot_states_[slot].deadline);
  clock_.cancel(slot_states_[slot].venue_timeout);
  slot_states_[slot].holds_venue = false;  // a served order's venue is released by finish_service
  XBT_VERB("order %lld closed: %s (%s %d)", static_cast<long long>(o.id), core::to_string(state),
           core::to_string(o.assignee_kind), o.assignee);
  sink_.on_order_closed(o);
  ++counts_.closed;
  slot_states_[slot].live = false;
  free_slots_.push_back(slot);
}

// ---------------------------------------------------------------------------------------------
// Dispatch by the seed's rules (派单精准化)

void District::dispatch_immediate(std::int32_t slot) {
  core::Order& o = orders_[slot];
  const auto& capable = world_.orgs_by_category[o.category];
  if (capable.empty()) {
    o.steered = false;  // nobody to ask for
    // No organization serves this category: a need that is hard to match, so the district
    // committee finds resources for it (较难匹配对应资源的特殊需求).
    dispatch_special(slot);
    return;
  }
  const DispatchView view{*org_index_};
  // A steered order asks for the top of the published ranking (behaviour.public = trust): the
  // best-ranked organization with a staff member free, as the platform lists them.
  const auto first = o.steered
                         ? org_index_->best_rated(o.category)
                         : dispatcher_.choose(capable, o.category, town_alliance_[o.town], view);
  const auto org = offer(slot, first);
  if (org < 0) {
    dispatch_special(slot);  // every offer declined: left to the district committee
    return;
  }
  to_org_desk(slot, org);
}

std::int32_t District::offer(std::int32_t slot, std::int32_t first) {
  if (scenario_.behaviour.organization != config::OrganizationModel::kProtective) return first;
  core::Order& o = orders_[slot];
  const auto& capable = world_.orgs_by_category[o.category];
  std::vector<std::int32_t> declined;
  std::int32_t org = first;
  while (declines(slot, org)) {
    declined.push_back(org);
    if (static_cast<std::int64_t>(declined.size()) >= scenario_.behaviour.offers_per_order)
      return -1;
    org = dispatcher_.choose_excluding(capable, declined, o.category, town_alliance_[o.town],
                                       DispatchView{*org_index_});
    if (org < 0) return -1;
  }
  return org;
}

bool District::declines(std::int32_t slot, std::int32_t org) {
  core::Order& o = orders_[slot];
  const auto standing = core::standing(orgs_[org].tally, scenario_.incubation);
  if (!standing) return false;  // no rates yet: nothing to protect
  const ServiceDesk& desk = orgs_[org].desk;
  const double wait_h = clock_.now_h() - o.created_h +
                        core::expected_queue_wait_h(desk.busy, static_cast<int>(desk.queue.size()),
                                                    desk.staff, mean_duration_h(o.kind));
  const double expected =
      core::expected_rate(*standing, wait_h, scenario_.service.wait_tolerance_h);
  const core::ProtectionRule rule{scenario_.incubation.threshold,
                                  scenario_.behaviour.protect_margin,
                                  scenario_.behaviour.decline_hit};
  if (!core::declines(*standing, expected, rule)) return false;
  if (o.declines < 255) ++o.declines;
  XBT_VERB("order %lld declined by %s: standing %.3f, expects %.3f", static_cast<long long>(o.id),
           world_.social_orgs[org].name.c_str(), *standing, expected);
  sink_.on_decline({o.id, org, clock_.now_h(), *standing, expected});
  return true;
}

void District::to_org_desk(std::int32_t slot, std::int32_t org) {
  core::Order& o = orders_[slot];
  o.assignee_kind = AssigneeKind::kSocialOrg;
  o.assignee = org;
  orgs_[org].last_assigned = org_assignments_++;  // the index reads it at enqueue's refresh
  enqueue({AssigneeKind::kSocialOrg, org}, slot);
}

void District::dispatch_non_immediate(std::int32_t slot) {
  core::Order& o = orders_[slot];
  const auto unit = least_loaded_partner(o.town);
  o.assignee_kind = AssigneeKind::kPartnerUnit;
  o.assignee = unit;
  // Partner units take non-immediate items into their plans at their next meeting, or into
  // their queue at once when they do not plan at meetings (interval 0: a plain queue).
  if (scenario_.dispatch.partner_meeting_interval_h > 0.0) {
    partner_pending_[unit].push_back(slot);
  } else {
    enqueue({AssigneeKind::kPartnerUnit, unit}, slot);
  }
}

std::int32_t District::least_loaded_partner(std::int32_t town) const {
  // Orders waiting for the unit's next meeting count: they are already its work.
  auto load = [this](std::int32_t u) {
    const ServiceDesk& s = partner_desks_[u];
    return static_cast<double>(s.busy + static_cast<std::int32_t>(s.queue.size()) +
                               static_cast<std::int32_t>(partner_pending_[u].size())) /
           s.staff;
  };
  const std::int32_t* first = town_partners_.begin(town);
  const std::int32_t* last = town_partners_.end(town);
  std::int32_t best = *first;
  for (const std::int32_t* u = first; u != last; ++u)
    if (load(*u) < load(best)) best = *u;
  return best;
}

void District::dispatch_special(std::int32_t slot) {
  core::Order& o = orders_[slot];
  o.assignee_kind = AssigneeKind::kDistrictCommittee;
  o.assignee = 0;
  special_queue_.push_back(slot);
  if (on_special_waiting) on_special_waiting();
}

void District::plan_partner_orders(std::int32_t unit) {
  auto& pending = partner_pending_[unit];
  while (!pending.empty()) {
    const auto slot = pending.front();
    pending.pop_front();
    enqueue({AssigneeKind::kPartnerUnit, unit}, slot);
  }
}

std::optional<std::int32_t> District::next_special() {
  if (special_queue_.empty()) return std::nullopt;
  const auto slot = special_queue_.front();
  special_queue_.pop_front();
  return slot;
}

bool District::route_special(std::int32_t slot) {
  const core::Order& o = orders_[slot];
  const auto& capable = world_.orgs_by_category[o.category];
  // An order organizations already declined stays with the committee.
  if (capable.empty() || o.declines > 0) return false;
  // The committee hands the order over by the same dispatch rule as any immediate item.
  const auto org = offer(slot, dispatcher_.choose(capable, o.category, town_alliance_[o.town],
                                                  DispatchView{*org_index_}));
  if (org < 0) return false;
  to_org_desk(slot, org);
  return true;
}

void District::committee_started(std::int32_t slot) { mark_started(orders_[slot]); }

void District::committee_finished(std::int32_t slot) {
  core::Order& o = orders_[slot];
  o.finished_h = clock_.now_h();
  // The committee's own service is of average quality (an assumption; docs/MODEL.md).
  evaluate(o, scenario_.service.attraction_quality_mean,
           scenario_.service.satisfaction_quality_mean, committee_rng_);
  close(slot, FinalState::kServed);
}

// ---------------------------------------------------------------------------------------------
// Venues and money for activities (资源联体)
//
// An activity books its venue when a staff member is ready to run it, and holds it for the
// service. If no venue is free it joins the town's waiting list (the staff member takes the
// next order meanwhile); when a venue comes back the oldest waiting activity gets it and goes
// to the head of its desk's queue. It is paid when it gets its venue.

bool District::secure_venue(std::int32_t slot) {
  const auto town = orders_[slot].town;
  auto& waiting = resources_.venue_queue(town);
  if (waiting.empty() && resources_.venue_free(town)) return take_venue_and_pay(slot);
  if (scenario_.resources.venue_wait_h <= 0.0) {
    close(slot, FinalState::kCancelledNoVenue);
    return false;
  }
  waiting.push_back(slot);
  slot_states_[slot].venue_timeout =
      at(clock_.now_h() + scenario_.resources.venue_wait_h, TimedEvent::kVenueTimeout, slot);
  return false;
}

bool District::take_venue_and_pay(std::int32_t slot) {
  core::Order& o = orders_[slot];
  if (!resources_.pay(o.town, o.branch, o.cost_yuan)) {
    close(slot, FinalState::kCancelledNoMoney);
    return false;
  }
  resources_.take_venue(o.town);
  slot_states_[slot].holds_venue = true;
  return true;
}

void District::release_venue_and_grant(std::int32_t town) {
  resources_.release_venue(town);
  auto& waiting = resources_.venue_queue(town);
  while (!waiting.empty() && resources_.venue_free(town)) {
    const auto slot = waiting.front();
    waiting.pop_front();
    clock_.cancel(slot_states_[slot].venue_timeout);
    if (!take_venue_and_pay(slot)) continue;
    const Desk d{orders_[slot].assignee_kind, orders_[slot].assignee};
    desk(d).queue.push_front(slot);
    start_next(d);
  }
}

// ---------------------------------------------------------------------------------------------
// Queues and service (real capacity)

ServiceDesk& District::desk(Desk d) {
  return d.kind == AssigneeKind::kSocialOrg ? orgs_[d.id].desk : partner_desks_[d.id];
}

const ServiceProvider* District::provider(Desk d) const {
  return d.kind == AssigneeKind::kSocialOrg ? &world_.social_orgs[d.id]
                                            : &world_.partner_units[d.id];
}

core::RandomStream& District::desk_rng(Desk d) {
  return d.kind == AssigneeKind::kSocialOrg ? orgs_[d.id].rng : partner_rngs_[d.id];
}

void District::enqueue(Desk d, std::int32_t slot) {
  desk(d).queue.push_back(slot);
  start_next(d);
}

void District::start_next(Desk d) {
  ServiceDesk& s = desk(d);
  while (s.has_free_staff() && !s.queue.empty()) {
    const auto slot = s.queue.front();
    s.queue.pop_front();
    // An activity without its venue yet books one first; if it has to wait (or is cancelled)
    // the staff member stays free for the next order.
    if (orders_[slot].needs_venue && !slot_states_[slot].holds_venue && !secure_venue(slot))
      continue;
    start_service(d, slot);
  }
  if (d.kind == AssigneeKind::kSocialOrg) org_index_->refresh(d.id);
}

void District::mark_started(core::Order& o) {
  o.started_h = clock_.now_h();
  const auto slot = static_cast<std::size_t>(&o - orders_.data());
  clock_.cancel(slot_states_[slot].deadline);
  branch_quarter_.add(o.branch, BranchCounter::kOrdersStarted);
  if (o.started_h - o.created_h <= deadline_h_)
    branch_quarter_.add(o.branch, BranchCounter::kStartedOnTime);
}

void District::start_service(Desk d, std::int32_t slot) {
  ServiceDesk& s = desk(d);
  ++s.busy;
  if (s.busy > s.staff) violate("more orders in service than staff at " + provider(d)->name);
  core::Order& o = orders_[slot];
  mark_started(o);
  const double duration = draw_duration(o.kind, desk_rng(d));
  XBT_VERB("order %lld started at %s for %.2f h", static_cast<long long>(o.id),
           provider(d)->name.c_str(), duration);
  at(clock_.now_h() + duration, TimedEvent::kServiceEnd, slot,
     d.kind == AssigneeKind::kSocialOrg ? d.id : -1);
}

void District::finish_service(std::int32_t slot) {
  const Desk d{orders_[slot].assignee_kind, orders_[slot].assignee};
  ServiceDesk& s = desk(d);
  // The order that will start in this one's place (start_next, below) has waited in the queue
  // and is cold at province scale: fetch it while this one is evaluated and closed.
  if (!s.queue.empty()) {
    const auto next = static_cast<std::size_t>(s.queue.front());
    __builtin_prefetch(orders_.data() + next);
    __builtin_prefetch(slot_states_.data() + next);
  }
  if (s.busy <= 0) violate("a service finished at " + provider(d)->name + " with no staff busy");
  --s.busy;
  core::Order& o = orders_[slot];
  o.finished_h = clock_.now_h();
  if (d.kind == AssigneeKind::kSocialOrg) {
    SocialOrgState& org = orgs_[d.id];
    evaluate(o, org.attraction_quality, org.satisfaction_quality, org.rng);
    org.tally.add(o.targeted, o.attended, o.votes, o.satisfied);
    org.exposure.add(
        o.targeted, o.votes,
        core::wait_decay(o.started_h - o.created_h, scenario_.service.wait_tolerance_h));
  } else {
    const ServiceProvider& unit = world_.partner_units[d.id];
    evaluate(o, unit.attraction_quality, unit.satisfaction_quality, partner_rngs_[d.id]);
  }
  const bool held_venue = slot_states_[slot].holds_venue;
  const auto town = o.town;
  close(slot, FinalState::kServed);
  if (held_venue) release_venue_and_grant(town);
  start_next(d);
}

double District::mean_duration_h(Kind kind) const {
  const auto& sp = scenario_.service;
  return kind == Kind::kImmediate      ? sp.immediate_mean_h
         : kind == Kind::kNonImmediate ? sp.non_immediate_mean_h
                                       : sp.special_mean_h;
}

double District::draw_duration(Kind kind, core::RandomStream& rng) {
  const auto& sp = scenario_.service;
  const double mean = mean_duration_h(kind);
  if (sp.duration_model == config::DurationModel::kExponential) return rng.exponential(mean);
  return rng.lognormal_mean_cv(mean, sp.duration_cv);
}

void District::evaluate(core::Order& o, double attraction_q, double satisfaction_q,
                        core::RandomStream& rng) {
  const auto outcome = core::evaluate_service(attraction_q, satisfaction_q,
                                              o.started_h - o.created_h, evaluation_params_, rng);
  o.targeted = outcome.targeted;
  o.attended = outcome.attended;
  o.votes = outcome.votes;
  o.satisfied = outcome.satisfied;
  if (o.attended > o.targeted || o.votes > o.attended || o.satisfied > o.votes || o.attended < 0)
    violate("evaluation of order " + std::to_string(o.id) + " has a rate outside [0, 1]");
  branch_quarter_.add(o.branch, BranchCounter::kVotes, o.votes);
  branch_quarter_.add(o.branch, BranchCounter::kSatisfied, o.satisfied);
  // The branch's public judges the service it got (the campaigns' orders are the government's).
  if (scenario_.behaviour.public_model == config::PublicModel::kTrust &&
      o.source != core::Source::kPartyGov && o.targeted > 0) {
    const double satisfaction = o.votes > 0 ? static_cast<double>(o.satisfied) / o.votes
                                            : static_cast<double>(o.attended) / o.targeted;
    const core::TrustRule rule{scenario_.behaviour.trust_memory, scenario_.behaviour.trust_max,
                               scenario_.behaviour.trust_reference};
    trust_[o.branch] = core::updated_trust(trust_[o.branch], satisfaction, rule);
  }
}

// ---------------------------------------------------------------------------------------------
// 件件有回音: escalation of orders not answered within the deadline

void District::arm_deadline(std::int32_t slot) {
  const double due = orders_[slot].created_h + deadline_h_;
  if (due <= clock_.now_h()) {
    escalate(slot);
    return;
  }
  slot_states_[slot].deadline = at(due, TimedEvent::kDeadline, slot);
}

// Moves `slot` in `queue` (if it is there) to just behind the escalated orders already at the
// head, so escalated orders are served first and among themselves in the order they escalated.
template <class Queue>
void District::move_forward(Queue& queue, std::int32_t slot) {
  auto it = std::find(queue.begin(), queue.end(), slot);
  if (it == queue.end()) return;
  queue.erase(it);
  auto pos = queue.begin();
  while (pos != queue.end() && orders_[*pos].escalated) ++pos;
  queue.insert(pos, slot);
}

void District::escalate(std::int32_t slot) {
  core::Order& o = orders_[slot];
  o.escalated = true;
  ++counts_.escalated;
  XBT_VERB("order %lld escalated: not started %.0f h after it was placed",
           static_cast<long long>(o.id), deadline_h_);
  branch_quarter_.add(o.branch, BranchCounter::kEscalated);
  // The district committee presses the assignee (督办): the order goes ahead of every order not
  // escalated in the line it waits in. (Waiting for a venue or for the committee's search, it
  // is only marked.)
  switch (o.assignee_kind) {
    case AssigneeKind::kSocialOrg:
      move_forward(orgs_[o.assignee].desk.queue, slot);
      break;
    case AssigneeKind::kPartnerUnit:
      move_forward(partner_pending_[o.assignee], slot);
      move_forward(partner_desks_[o.assignee].queue, slot);
      break;
    case AssigneeKind::kDistrictCommittee:
      move_forward(special_queue_, slot);
      break;
    case AssigneeKind::kNone:
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Service points (线下点单)

void District::wait_for_point(std::int32_t point, std::int32_t slot) {
  points_[point].waiting_walk_ins.push_back(slot);
}

void District::take_at_point(std::int32_t point, std::int32_t slot) {
  ++points_[point].orders_taken;
  place(slot);
}

void District::duty_started(std::int32_t point) {
  PointState& p = points_[point];
  if (p.on_duty++ > 0) return;
  p.opened_at_h = clock_.now_h();
  while (!p.waiting_walk_ins.empty()) {
    const auto slot = p.waiting_walk_ins.front();
    p.waiting_walk_ins.pop_front();
    take_at_point(point, slot);
  }
}

void District::duty_ended(std::int32_t point) {
  PointState& p = points_[point];
  if (p.on_duty <= 0) {
    violate("duty ended at " + world_.service_points[point].name + " with nobody on duty");
    return;
  }
  if (--p.on_duty == 0) p.hours_staffed += clock_.now_h() - p.opened_at_h;
}

void District::record_shift(const core::DutyShiftRecord& shift) {
  TownQuarter& q = town_quarter_[world_.service_points[shift.point].town];
  ++q.shifts_assigned;
  if (shift.attended) ++q.shifts_attended;
  XBT_CVERB(orgsim_rota, "%s %d %s a %.1f h shift at %s",
            shift.role == core::DutyRole::kOfficial ? "official" : "org member", shift.person,
            shift.attended ? (shift.covered_for >= 0 ? "covered" : "worked") : "missed",
            shift.hours, world_.service_points[shift.point].name.c_str());
  sink_.on_duty_shift(shift);
}

// ---------------------------------------------------------------------------------------------
// Quarters and the year end

// ---------------------------------------------------------------------------------------------
// Years (run.years > 1)

void District::rebuild_org_index() {
  // Only active organizations are dispatched to.
  for (auto& members : world_.orgs_by_category) members.clear();
  for (std::size_t o = 0; o < world_.social_orgs.size(); ++o)
    if (org_active_[o])
      for (auto c : world_.social_orgs[o].categories)
        world_.orgs_by_category[c].push_back(static_cast<std::int32_t>(o));
  const bool by_score = scenario_.dispatch.rule == config::DispatchRule::kBestRated ||
                        scenario_.behaviour.public_model == config::PublicModel::kTrust;
  org_index_.emplace(
      world_, orgs_, scenario_.dispatch.tie_break,
      OrgIndex::Orderings{scenario_.dispatch.rule == config::DispatchRule::kAllianceFirst,
                          by_score});
}

void District::retire_org(std::int32_t org) { org_active_[org] = false; }

void District::shrink_org(std::int32_t org, std::int32_t staff) {
  world_.social_orgs[org].staff = staff;
  orgs_[org].desk.staff = staff;
}

void District::add_org(ServiceProvider org) {
  const auto index = world_.social_orgs.size();
  orgs_.emplace_back(org, static_cast<std::uint64_t>(scenario_.run.seed), index);
  org_active_.push_back(true);
  world_.social_orgs.push_back(std::move(org));
}

void District::start_year(int year) {
  resources_.start_year(scenario_, year);
  for (SocialOrgState& org : orgs_) {
    org.tally = core::TwoRateTally{};
    org.exposure = core::WaitExposure{};
  }
  rebuild_org_index();
}

void District::reset_quarter() {
  branch_quarter_.reset();
  std::fill(town_quarter_.begin(), town_quarter_.end(), TownQuarter{});
}

void District::close_year() {
  // Close points still staffed so their hours count.
  for (auto& p : points_)
    if (p.on_duty > 0) {
      p.hours_staffed += clock_.now_h() - p.opened_at_h;
      p.on_duty = 0;
    }
  // Every order still open ends as open_at_year_end, in id order (slot order is not id order).
  std::vector<std::int32_t> open;
  for (std::size_t s = 0; s < orders_.size(); ++s)
    if (slot_states_[s].live) open.push_back(static_cast<std::int32_t>(s));
  std::sort(open.begin(), open.end(),
            [this](std::int32_t a, std::int32_t b) { return orders_[a].id < orders_[b].id; });
  for (auto slot : open) close(slot, FinalState::kOpenAtYearEnd);
  finished_ = true;
  if (counts_.closed != counts_.created)
    violate("orders lost: " + std::to_string(counts_.created) + " created but " +
            std::to_string(counts_.closed) + " closed");
}

void District::violate(const std::string& what) {
  if (violation_) return;
  violation_ = what;
  XBT_ERROR("invariant broken, the run stops: %s", what.c_str());
}

}  // namespace orgsim::engine
