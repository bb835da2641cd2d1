// 点单多元化: orders from the three sources. Arrival times come from stream "arrivals" and each
// arrival's attributes from stream "citizens" (both per town), with a fixed number of draws per
// arrival, so every policy sees the same arrivals (common random numbers).
#include <memory>
#include <queue>
#include <simgrid/s4u/Actor.hpp>
#include <stdexcept>

#include "core/arrival_profile.hpp"
#include "core/money.hpp"
#include "engine/actors/actors.hpp"
#include "engine/pinned_objects.hpp"

namespace sg4 = simgrid::s4u;

namespace orgsim::engine {
namespace {

using core::Channel;
using core::Kind;
using core::Source;

constexpr double kHoursPerWeek = 168.0;

// The attributes of one arrival, drawn together so that their count never varies.
struct ArrivalDraws {
  std::int32_t branch;
  double channel_u;
  double kind_u;
  std::int32_t item;
  double reaction_u;
  std::int32_t point_pick;
  double venue_u;
  double cost_u;
};

// The branches of a town are consecutive (build_branches deals them in blocks): an arrival
// picks one by its offset from the first, with no look-up in the town's list (a cold load at
// province scale, issue 17).
struct BranchRange {
  std::int32_t first = 0;
  std::int32_t count = 0;
};

BranchRange branch_range(const Town& town) {
  const auto count = static_cast<std::int32_t>(town.branches.size());
  const BranchRange range{count > 0 ? town.branches.front() : 0, count};
  for (std::int32_t i = 0; i < count; ++i)
    if (town.branches[static_cast<std::size_t>(i)] != range.first + i)
      throw std::logic_error("the branches of town " + town.name + " are not consecutive");
  return range;
}

ArrivalDraws draw_arrival(core::RandomStream& rng, BranchRange branches, std::int64_t items) {
  ArrivalDraws d{};
  d.branch = branches.first + static_cast<std::int32_t>(
                                  rng.uniform_index(static_cast<std::uint64_t>(branches.count)));
  d.channel_u = rng.uniform();
  d.kind_u = rng.uniform();
  d.item = static_cast<std::int32_t>(rng.uniform_index(static_cast<std::uint64_t>(items)));
  d.reaction_u = rng.uniform();
  d.point_pick = static_cast<std::int32_t>(rng.uniform_index(1u << 30));
  d.venue_u = rng.uniform();
  d.cost_u = rng.uniform();
  return d;
}

bool is_activity(const config::Scenario& s, Kind kind, double venue_u) {
  return kind == Kind::kImmediate && venue_u < s.resources.activity_share;
}

double activity_cost(const config::Scenario& s, double cost_u) {
  return core::activity_cost_yuan(s.resources.activity_cost_mean_yuan, cost_u);
}

// A member of the public who wants to order in person (线下点单) in `town`, which has a
// service point.
void walk_in(District& d, std::int32_t town, std::int32_t slot, const ArrivalDraws& a) {
  const auto& roster = d.scenario().roster;
  const auto& points = d.town_points();
  const auto point = points.begin(town)[a.point_pick % points.size(town)];
  if (d.point_staffed(point)) {
    d.take_at_point(point, slot);
  } else if (a.reaction_u < roster.closed_wait_share) {
    d.wait_for_point(point, slot);
  } else if (a.reaction_u < roster.closed_wait_share + roster.closed_request_share) {
    // 到点自助点单: ordering at the point by oneself, with nobody on duty, is still an
    // in-person order placed there (Part 1 §2.1 lists it under 线下点单).
    d.take_at_point(point, slot);
  } else {
    d.close_unplaced(slot, core::FinalState::kGaveUp);
  }
}

// Items due at given times, fired one after another through a single pending timer: the clock
// then holds one entry per source rather than all its items. Items due at the same time fire
// in the order they were added. (Campaign orders, whose times are not drawn in order.)
template <class Item>
class ArrivalChain {
 public:
  using Handler = void (*)(District&, const Item&);
  ArrivalChain(District& d, Handler handler) : d_(d), handler_(handler) {}

  void add(double at_h, const Item& item) {
    due_.push(Due{at_h, sequence_++, item});
    // A stopped run fires nothing more (its due items stay behind, already in the past).
    if (d_.stopped() || (pending_ != kNoTimer && at_h >= pending_at_)) return;
    d_.clock().cancel(pending_);
    arm();
  }

 private:
  struct Due {
    double at_h;
    std::int64_t sequence;
    Item item;
    bool operator>(const Due& other) const {
      return at_h != other.at_h ? at_h > other.at_h : sequence > other.sequence;
    }
  };

  void arm() {
    pending_at_ = due_.top().at_h;
    pending_ = d_.clock().schedule_at(pending_at_, &ArrivalChain::fire, this, 0);
  }

  static void fire(void* self, std::uint64_t /*unused*/) {
    auto* chain = static_cast<ArrivalChain*>(self);
    chain->pending_ = kNoTimer;  // fired: the clock has let go of it
    const Due due = chain->due_.top();
    chain->due_.pop();
    chain->d_.guard([chain, &due] { chain->handler_(chain->d_, due.item); });
    if (!chain->due_.empty() && !chain->d_.stopped()) chain->arm();
  }

  District& d_;
  Handler handler_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
  std::int64_t sequence_ = 0;
  TimerHandle pending_ = kNoTimer;
  double pending_at_ = 0.0;
};

// The public's response to the service (behaviour.public = trust): one draw decides whether a
// would-be order is placed given the branch's trust, one whether an online order follows the
// published ranking. Without the trust model nobody holds back and nobody is steered.
struct TrustDraws {
  double place_u = 0.0;
  double steer_u = 1.0;
};

struct TownArrival {
  std::int32_t town;
  ArrivalDraws draws;
  TrustDraws trust;
};

bool trust_model(const config::Scenario& s) {
  return s.behaviour.public_model == config::PublicModel::kTrust;
}

// Under the trust model arrivals come at trust_max times the rate and a would-be order is
// placed with probability trust / trust_max (thinning), so demand follows the branch's trust.
bool placed(District& d, const TownArrival& arrival) {
  if (!trust_model(d.scenario())) return true;
  return arrival.trust.place_u * d.scenario().behaviour.trust_max < d.trust(arrival.draws.branch);
}

bool steered(const config::Scenario& s, const TownArrival& arrival) {
  return arrival.trust.steer_u < s.behaviour.ranking_pull;
}

// Arrivals in one town at `orders_per_branch_week` per branch, with the scenario's daily and
// weekly pattern: a timer per arrival, each drawing the next. Times come in order, so nothing
// is drawn ahead or buffered: the arrival's attributes are drawn when it happens, from its own
// streams, in the same order as if drawn ahead (common random numbers hold). No actor: a
// wake-up per week or per arrival would cost a SimGrid sleep action (bench/README.md).
// `items` is the range of ArrivalDraws::item.
class TownArrivals {
 public:
  using Handler = void (*)(District&, const TownArrival&);
  TownArrivals(District& d, const core::ArrivalProfile& profile, std::int32_t town_id,
               double orders_per_branch_week, const char* stream_prefix, std::int64_t items,
               Handler handler)
      : d_(d),
        profile_(profile),
        town_id_(town_id),
        items_(items),
        handler_(handler),
        arrivals_(seed(d), std::string(stream_prefix) + "arrivals",
                  static_cast<std::uint64_t>(town_id)),
        citizens_(seed(d), std::string(stream_prefix) + "citizens",
                  static_cast<std::uint64_t>(town_id)),
        trust_(seed(d), std::string(stream_prefix) + "trust", static_cast<std::uint64_t>(town_id)) {
    const auto& s = d.scenario();
    const double trust_headroom = trust_model(s) ? s.behaviour.trust_max : 1.0;
    branches_ = branch_range(d.world().towns[town_id]);
    rate_ = orders_per_branch_week * static_cast<double>(branches_.count) / kHoursPerWeek *
            trust_headroom;
    if (rate_ <= 0.0) return;
    next_h_ = profile_.next_arrival(0.0, rate_, arrivals_);
    schedule();
  }

 private:
  static std::uint64_t seed(const District& d) {
    return static_cast<std::uint64_t>(d.scenario().run.seed);
  }

  void schedule() {
    if (next_h_ < d_.horizon_h())
      d_.clock().schedule_at(next_h_, &TownArrivals::fire, this, 0, &prefetch_whole<TownArrivals>);
  }

  static void fire(void* self, std::uint64_t /*unused*/) {
    auto* source = static_cast<TownArrivals*>(self);
    District& d = source->d_;
    // A stopped run fires nothing more.
    if (d.stopped()) return;
    TownArrival arrival{source->town_id_,
                        draw_arrival(source->citizens_, source->branches_, source->items_),
                        TrustDraws{}};
    if (trust_model(d.scenario()))
      arrival.trust = TrustDraws{source->trust_.uniform(), source->trust_.uniform()};
    source->next_h_ =
        source->profile_.next_arrival(source->next_h_, source->rate_, source->arrivals_);
    source->schedule();
    d.guard([source, &d, &arrival] { source->handler_(d, arrival); });
  }

  District& d_;
  const core::ArrivalProfile& profile_;
  std::int32_t town_id_;
  std::int64_t items_;
  BranchRange branches_;
  Handler handler_;
  core::RandomStream arrivals_;  // times
  core::RandomStream citizens_;  // each arrival's attributes
  core::RandomStream trust_;     // the trust model's two draws per arrival
  double rate_ = 0.0;            // candidate arrivals per hour before the daily pattern
  double next_h_ = 0.0;
};

// 群众所求: the public of one town, online any time or in person at a service point.
// (Arrival callbacks run after this function has returned: they capture only the district and
// values.)
void public_arrival(District& d, const TownArrival& arrival) {
  if (!placed(d, arrival)) return;
  const ArrivalDraws& a = arrival.draws;
  const auto& demand = d.scenario().demand;
  const Kind kind = a.kind_u < demand.immediate_share ? Kind::kImmediate
                    : a.kind_u < demand.immediate_share + demand.special_share
                        ? Kind::kSpecial
                        : Kind::kNonImmediate;
  // With no service point in the town, in-person ordering does not exist: all go online.
  const bool offline = a.channel_u < demand.offline_share && d.town_points().size(arrival.town) > 0;
  const auto slot =
      d.create_order(Source::kPublic, offline ? Channel::kOffline : Channel::kOnline, kind, a.item,
                     a.branch, is_activity(d.scenario(), kind, a.venue_u),
                     activity_cost(d.scenario(), a.cost_u), arrival.town);
  if (offline) {
    walk_in(d, arrival.town, slot, a);
    return;
  }
  d.order(slot).steered = kind == Kind::kImmediate && steered(d.scenario(), arrival);
  d.place(slot);
}

// 共青团所能: the public orders the league's signature services from its menu, online. Menu
// item i belongs to category i mod (number of categories).
void menu_arrival(District& d, const TownArrival& arrival) {
  if (!placed(d, arrival)) return;
  const ArrivalDraws& a = arrival.draws;
  const auto n_categories = static_cast<std::int32_t>(d.scenario().demand.categories.size());
  const auto slot =
      d.create_order(Source::kLeagueMenu, Channel::kOnline, Kind::kImmediate, a.item % n_categories,
                     a.branch, is_activity(d.scenario(), Kind::kImmediate, a.venue_u),
                     activity_cost(d.scenario(), a.cost_u), arrival.town);
  d.order(slot).steered = steered(d.scenario(), arrival);
  d.place(slot);
}

// 党政所需: campaigns (专项行动) arrive as a Poisson process over the year; each places one
// order for a share of the district's branches, spread over a few days. The campaign actor
// wakes once per campaign and hands its orders to `chain`.
struct CampaignOrder {
  std::int32_t campaign;  // the campaign's number in the run, 0-based
  std::int32_t category;
  std::int32_t branch;
  bool activity;
  double cost_yuan;
};

void campaign_order(District& d, const CampaignOrder& c) {
  const auto slot = d.create_order(Source::kPartyGov, Channel::kAssigned, Kind::kImmediate,
                                   c.category, c.branch, c.activity, c.cost_yuan);
  d.order(slot).campaign = c.campaign;
  d.place(slot);
}

void campaign_source(District& d, ArrivalChain<CampaignOrder>& chain) {
  const auto& s = d.scenario();
  if (s.demand.campaigns_per_year <= 0.0) return;
  const auto seed = static_cast<std::uint64_t>(s.run.seed);
  core::RandomStream campaigns(seed, "campaigns");
  core::RandomStream reach(seed, "campaign_reach");
  const double mean_gap_h = 365.0 * 24.0 / s.demand.campaigns_per_year;
  const auto n_branches = d.world().branches.size();
  const auto n_categories = s.demand.categories.size();
  std::int32_t campaign = 0;
  for (double t = campaigns.exponential(mean_gap_h); t < d.horizon_h();
       t += campaigns.exponential(mean_gap_h), ++campaign) {
    sleep_until(d, t);
    const auto category = static_cast<std::int32_t>(campaigns.uniform_index(n_categories));
    for (std::size_t b = 0; b < n_branches; ++b) {
      // Four draws per branch whether or not it is reached: the stream stays aligned.
      const bool reached = reach.bernoulli(s.demand.campaign_branch_share);
      const double at = t + reach.uniform() * s.demand.campaign_spread_days * 24.0;
      const bool activity = reach.uniform() < s.resources.activity_share;
      const double cost = activity_cost(s, reach.uniform());
      if (reached && at < d.horizon_h())
        chain.add(at,
                  CampaignOrder{campaign, category, static_cast<std::int32_t>(b), activity, cost});
    }
  }
}

// The sources' pending arrivals. Timers point into them, so they outlive the actors.
struct OrderSources {
  OrderSources(const config::Scenario& s, std::size_t town_count)
      : profile(s.demand.hourly_profile, s.demand.weekly_profile), towns(2 * town_count) {}
  core::ArrivalProfile profile;       // the same daily and weekly pattern in every town
  PinnedObjects<TownArrivals> towns;  // the public's and the menu's, per town
  std::unique_ptr<ArrivalChain<CampaignOrder>> campaign_chain;
};

}  // namespace

std::shared_ptr<void> start_order_sources(District& district, const Platform& platform) {
  const auto& s = district.scenario();
  auto sources = std::make_shared<OrderSources>(s, district.world().towns.size());
  const auto categories = static_cast<std::int64_t>(s.demand.categories.size());
  for (std::size_t t = 0; t < district.world().towns.size(); ++t) {
    const auto town = static_cast<std::int32_t>(t);
    // 群众所求 and 共青团所能.
    sources->towns.emplace(district, sources->profile, town, s.demand.public_orders_per_branch_week,
                           "", categories, &public_arrival);
    sources->towns.emplace(district, sources->profile, town, s.demand.menu_orders_per_branch_week,
                           "menu_", s.demand.menu_items, &menu_arrival);
  }
  sources->campaign_chain =
      std::make_unique<ArrivalChain<CampaignOrder>>(district, &campaign_order);
  auto& campaign_chain = *sources->campaign_chain;
  sg4::Actor::create(
      "campaigns", platform.district_host,
      guarded(district, "campaign source",
              [&district, &campaign_chain] { campaign_source(district, campaign_chain); }))
      ->daemonize();
  return sources;
}

}  // namespace orgsim::engine
