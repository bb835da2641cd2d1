#include "narrate/narrator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "config/text.hpp"
#include "narrate/entity_lookup.hpp"
#include "narrate/explain_format.hpp"

namespace orgsim::narrate {
namespace {

using core::ActivityOutcome;
using core::DutyRole;
using core::SupportOutcome;

const char* support_word(core::SupportOutcome support) {
  switch (support) {
    case core::SupportOutcome::kKept:
      return "kept";
    case core::SupportOutcome::kShrunk:
      return "shrunk";
    case core::SupportOutcome::kExited:
      return "exited";
  }
  return "kept";
}

const char* const kComponentIds[core::kScoreComponentCount] = {
    "component.orders",   "component.answered", "component.activities",
    "component.contacts", "component.duty",     "component.satisfaction"};

std::string signed_points(double value) {
  const std::string text = fixed(value, 1);
  return text.front() == '-' ? text : "+" + text;
}

std::string join(Language language, const std::vector<std::string>& parts) {
  if (parts.empty()) return say(language, "story.none");
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += say(language, "story.sep");
    out += parts[i];
  }
  return out;
}

template <typename Names>
std::string name_or_index(const Names& agents, std::int64_t index) {
  if (index >= 0 && index < static_cast<std::int64_t>(agents.size()))
    return agents[static_cast<std::size_t>(index)].name;
  return "#" + std::to_string(index);
}

}  // namespace

std::optional<FollowKind> parse_follow_kind(std::string_view word) {
  if (word == "branch") return FollowKind::kBranch;
  if (word == "org" || word == "organization") return FollowKind::kOrg;
  if (word == "official") return FollowKind::kOfficial;
  if (word == "order") return FollowKind::kOrder;
  return std::nullopt;
}

const char* follow_kinds_allowed() {
  return "branch=NAME, org=NAME (or organization=NAME), official=NAME or order=ID "
         "(a name or an index)";
}

namespace {

// An order id: a whole number, 0 or more, by the one number rule (config::to_int).
std::optional<std::int64_t> order_id(const std::string& text) {
  std::string not_an_id;
  const auto id = config::to_int(text, not_an_id);
  return id && *id >= 0 ? id : std::nullopt;
}

}  // namespace

FollowSpec parse_follow(std::string_view text) {
  FollowSpec spec;
  const auto equals = text.find('=');
  const std::string kind = config::trim(text.substr(0, equals));
  const auto parsed = parse_follow_kind(kind);
  const std::string what = "--follow " + std::string(text) + ": ";
  if (equals == std::string_view::npos) {
    spec.problem = what + "not KIND=NAME; allowed: " + follow_kinds_allowed();
    return spec;
  }
  if (!parsed) {
    spec.problem = what + "unknown kind '" + kind + "'; allowed: " + follow_kinds_allowed();
    return spec;
  }
  spec.kind = *parsed;
  spec.name = config::trim(text.substr(equals + 1));
  if (spec.name.empty()) {
    spec.problem = what + "no name after '='; allowed: " + follow_kinds_allowed();
  } else if (spec.kind == FollowKind::kOrder && !order_id(spec.name)) {
    spec.problem = what + "not an order id; allowed: a whole number, 0 or more (orders are " +
                   "numbered from 0 in the order they are created)";
  }
  return spec;
}

FollowResolution resolve_follow(const FollowSpec& spec, const core::World& world) {
  FollowResolution result;
  if (spec.kind == FollowKind::kOrder) {
    const auto id = order_id(spec.name);
    if (id)
      result.follow = Follow{FollowKind::kOrder, *id};
    else  // parse_follow refuses it first
      result.problem = "--follow order=" + spec.name + ": not an order id";
    return result;
  }
  std::vector<std::string> names;
  std::string kind = "branch", noun = "a branch";
  if (spec.kind == FollowKind::kBranch) {
    for (const auto& b : world.branches) names.push_back(b.name);
  } else if (spec.kind == FollowKind::kOrg) {
    kind = "org";
    noun = "a social organization";
    for (const auto& o : world.social_orgs) names.push_back(o.name);
  } else {
    kind = "official";
    noun = "an official";
    for (const auto& o : world.officials) names.push_back(o.name);
  }
  const Lookup found = find_by_name_or_id(names, spec.name);
  if (found.id) {
    result.follow = Follow{spec.kind, *found.id};
    return result;
  }
  std::string nearest;
  for (const auto& name : found.nearest) nearest += (nearest.empty() ? "" : ", ") + name;
  result.problem = "--follow " + kind + "=" + spec.name + ": no such " +
                   noun.substr(noun.find(' ') + 1) + "; allowed: " + noun +
                   "'s name or index (0 to " +
                   std::to_string(static_cast<long long>(names.size()) - 1) + ")" +
                   (nearest.empty() ? "" : "; nearest: " + nearest);
  return result;
}

NarratorSink::NarratorSink(Language language, Follow follow, const config::Scenario& scenario)
    : language_(language),
      follow_(follow),
      quarter_h_(static_cast<double>(scenario.run.days) * 24.0 / 4.0),
      quarters_(static_cast<int>(4 * scenario.run.years)),
      years_(static_cast<int>(scenario.run.years)),
      deadline_h_(scenario.dispatch.answer_deadline_h),
      rule_(scenario.incubation),
      standard_(scenario.truth),
      tiers_(static_cast<int>(scenario.tiers.amounts_yuan.size())),
      rank_by_area_(scenario.inspection.ranking == config::RankingScope::kArea),
      // A Chinese story names the categories by their Chinese labels when the scenario has them.
      categories_(language == Language::kZh && !scenario.demand.category_labels_zh.empty()
                      ? scenario.demand.category_labels_zh
                      : scenario.demand.categories),
      start_date_(scenario.run.start_date) {}

// ---- listening: keep the events about the followed agent ----

void NarratorSink::on_order_closed(const core::Order& order) {
  ++orders_seen_;
  bool mine = false;
  switch (follow_.kind) {
    case FollowKind::kBranch:
      mine = order.branch == follow_.id;
      break;
    case FollowKind::kOrg:
      mine = order.assignee_kind == core::AssigneeKind::kSocialOrg && order.assignee == follow_.id;
      if (declined_ids_.count(order.id) > 0) declined_orders_.emplace(order.id, order);
      break;
    case FollowKind::kOrder:
      mine = order.id == follow_.id;
      break;
    case FollowKind::kOfficial:
      break;
  }
  if (mine) orders_.emplace_back(sequence_++, order);
}

void NarratorSink::on_duty_shift(const core::DutyShiftRecord& shift) {
  if (follow_.kind != FollowKind::kOfficial || shift.role != core::DutyRole::kOfficial) return;
  if (shift.person == follow_.id || shift.covered_for == follow_.id)
    shifts_.emplace_back(sequence_++, shift);
}

void NarratorSink::on_branch_activity(const core::BranchActivityRecord& activity) {
  if (follow_.kind == FollowKind::kBranch && activity.branch == follow_.id)
    activities_.emplace_back(sequence_++, activity);
}

void NarratorSink::on_inspection(const core::InspectionRecord& record) {
  if (follow_.kind != FollowKind::kBranch) return;
  ++ranked_[{record.quarter, rank_by_area_ ? record.area : -1}];
  if (record.branch == follow_.id) inspections_.emplace_back(sequence_++, record);
}

void NarratorSink::on_incubation(const core::IncubationRecord& record) {
  if (follow_.kind == FollowKind::kOrg && record.org == follow_.id)
    incubations_.emplace_back(sequence_++, record);
}

void NarratorSink::on_decline(const core::DeclineRecord& record) {
  const bool mine = (follow_.kind == FollowKind::kOrg && record.org == follow_.id) ||
                    (follow_.kind == FollowKind::kOrder && record.order_id == follow_.id);
  if (!mine) return;
  declines_.emplace_back(sequence_++, record);
  if (follow_.kind == FollowKind::kOrg) declined_ids_.insert(record.order_id);
}

// ---- telling ----

int NarratorSink::quarter_of(double time_h) const {
  const auto q = static_cast<int>(std::floor(time_h / quarter_h_));
  return std::clamp(q, 0, quarters_ - 1);
}

std::string NarratorSink::time_text(double time_h) const {
  return explain_format::time_text(language_, start_date_, time_h, 0);
}

std::string NarratorSink::hours_text(double hours) const {
  return say(language_, "story.hours", {{"h", fixed(hours, 1)}});
}

std::string NarratorSink::assignee_text(const core::World& world, const core::Order& o) const {
  const std::string kind =
      say(language_, std::string("assignee.") + core::to_string(o.assignee_kind));
  switch (o.assignee_kind) {
    case core::AssigneeKind::kSocialOrg:
      return say(language_, "story.assignee",
                 {{"kind", kind}, {"name", name_or_index(world.social_orgs, o.assignee)}});
    case core::AssigneeKind::kPartnerUnit:
      return say(language_, "story.assignee",
                 {{"kind", kind}, {"name", name_or_index(world.partner_units, o.assignee)}});
    case core::AssigneeKind::kDistrictCommittee:
    case core::AssigneeKind::kNone:
      break;
  }
  return kind;
}

// "; waited 0.5 h, service 2.0 h, 12 of 15 came, 9 of 10 votes satisfied; served and
// evaluated; escalated ..." from the order's own times and counts.
std::string NarratorSink::order_outcome(const core::Order& o) const {
  const Language l = language_;
  std::string out;
  if (o.started_h >= 0.0) {
    out += say(l, "story.outcome.wait", {{"wait", hours_text(o.started_h - o.created_h)}});
    if (o.finished_h >= 0.0)
      out += say(l, "story.outcome.service", {{"hours", hours_text(o.finished_h - o.started_h)}});
  } else {
    out += say(l, "story.outcome.not_started");
  }
  if (o.state == core::FinalState::kServed)
    out += say(l, "story.outcome.votes",
               {{"attended", integer(o.attended)},
                {"targeted", integer(o.targeted)},
                {"satisfied", integer(o.satisfied)},
                {"votes", integer(o.votes)}});
  out += say(l, "story.outcome.state",
             {{"state", say(l, std::string("state.") + core::to_string(o.state))}});
  if (o.escalated)
    out += say(l, "story.outcome.escalated", {{"deadline", hours_text(deadline_h_)}});
  if (o.declines > 0) out += say(l, "story.outcome.declined", {{"n", integer(o.declines)}});
  if (o.steered) out += say(l, "story.outcome.steered");
  return out;
}

std::string NarratorSink::state_counts(const std::vector<const core::Order*>& orders) const {
  std::array<long long, core::kFinalStateCount> counts{};
  for (const core::Order* o : orders) ++counts[static_cast<std::size_t>(o->state)];
  std::vector<std::string> parts;
  for (int s = 0; s < core::kFinalStateCount; ++s)
    if (counts[static_cast<std::size_t>(s)] > 0)
      parts.push_back(
          say(language_, "story.state_count",
              {{"state", say(language_, std::string("state.") +
                                            core::to_string(static_cast<core::FinalState>(s)))},
               {"n", integer(counts[static_cast<std::size_t>(s)])}}));
  return join(language_, parts);
}

std::string NarratorSink::title(const core::World& world) const {
  const Language l = language_;
  const auto index = static_cast<std::size_t>(follow_.id);
  const auto town_name = [&](std::int32_t town) {
    return town >= 0 && town < static_cast<std::int32_t>(world.towns.size())
               ? world.towns[static_cast<std::size_t>(town)].name
               : std::string();
  };
  switch (follow_.kind) {
    case FollowKind::kBranch: {
      const core::Branch& b = world.branches.at(index);
      return say(l, "story.title.branch",
                 {{"name", b.name},
                  {"town", town_name(b.town)},
                  {"area", integer(b.area + 1)},
                  {"leader", b.leader}});
    }
    case FollowKind::kOrg: {
      const core::ServiceProvider& o = world.social_orgs.at(index);
      return say(l, "story.title.org", {{"name", o.name}, {"town", town_name(o.town)}});
    }
    case FollowKind::kOfficial: {
      const core::Official& o = world.officials.at(index);
      return say(l, "story.title.official", {{"name", o.name}, {"town", town_name(o.town)}});
    }
    case FollowKind::kOrder:
      break;
  }
  return say(l, "story.title.order", {{"id", integer(follow_.id)}});
}

std::string NarratorSink::story(const core::World& world) const {
  std::vector<Line> lines;
  std::map<int, std::string> summaries;
  std::string total;
  switch (follow_.kind) {
    case FollowKind::kBranch:
      branch_story(world, lines, summaries, total);
      break;
    case FollowKind::kOrg:
      org_story(world, lines, summaries, total);
      break;
    case FollowKind::kOfficial:
      official_story(world, lines, summaries, total);
      break;
    case FollowKind::kOrder:
      order_story(world, lines, total);
      break;
  }
  // the same test as time_text's: a date names day 0, "none" keeps day numbers
  const std::string times = !core::parse_date(start_date_)
                                ? say(language_, "story.title.times")
                                : say(language_, "story.title.dates", {{"date", start_date_}});
  return title(world) + "\n" + times + "\n" + render(std::move(lines), summaries, total);
}

std::string NarratorSink::render(std::vector<Line> lines,
                                 const std::map<int, std::string>& quarter_summaries,
                                 const std::string& total) const {
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    if (a.quarter != b.quarter) return a.quarter < b.quarter;
    if (a.time_h != b.time_h) return a.time_h < b.time_h;
    return a.sequence < b.sequence;
  });
  // Every quarter when the agent has a summary per quarter; else those with something in them.
  std::set<int> shown;
  for (const auto& [quarter, text] : quarter_summaries) shown.insert(quarter);
  for (const Line& line : lines) shown.insert(line.quarter);
  std::string out;
  auto next = lines.begin();
  for (const int quarter : shown) {
    out += "\n" +
           say(language_, "story.quarter",
               {{"q", integer(quarter + 1)},
                {"from", time_text(quarter * quarter_h_)},
                {"to", time_text((quarter + 1) * quarter_h_)}}) +
           "\n";
    for (; next != lines.end() && next->quarter == quarter; ++next)
      out += "  " + time_text(next->time_h) + "  " + next->text + "\n";
    const auto summary = quarter_summaries.find(quarter);
    if (summary != quarter_summaries.end()) out += "  " + summary->second + "\n";
  }
  if (!total.empty()) out += "\n" + total + "\n";
  return out;
}

// A branch: the orders its public placed, its activities, each quarter's inspection.
void NarratorSink::branch_story(const core::World& world, std::vector<Line>& lines,
                                std::map<int, std::string>& summaries, std::string& total) const {
  const Language l = language_;
  struct Quarter {
    std::vector<const core::Order*> orders;
    long long escalated = 0, held = 0, cancelled = 0;
    const core::InspectionRecord* inspection = nullptr;
  };
  std::vector<Quarter> quarters(static_cast<std::size_t>(quarters_));
  Quarter all;
  double allowance = 0.0;

  for (const auto& [sequence, o] : orders_) {
    const int q = quarter_of(o.created_h);
    const std::string activity = o.needs_venue ? say(l, "story.activity_order") : "";
    lines.push_back(
        {q, o.created_h, sequence,
         say(l, "story.branch.order",
             {{"id", integer(o.id)},
              {"source", say(l, std::string("source.") + core::to_string(o.source))},
              {"channel", say(l, std::string("channel.") + core::to_string(o.channel))},
              {"kind", say(l, std::string("kind.") + core::to_string(o.kind))},
              {"activity", activity},
              {"category", say(l, "story.category", {{"name", categories_.at(o.category)}})},
              {"assignee", assignee_text(world, o)},
              {"outcome", order_outcome(o)}})});
    for (Quarter* tally : {&quarters[static_cast<std::size_t>(q)], &all}) {
      tally->orders.push_back(&o);
      if (o.escalated) ++tally->escalated;
    }
  }
  for (const auto& [sequence, a] : activities_) {
    const int q = quarter_of(a.time_h);
    const std::string cost = say(l, "story.yuan", {{"yuan", fixed(a.cost_yuan, 0)}});
    const char* id = a.outcome == core::ActivityOutcome::kHeld ? "story.activity.held"
                     : a.outcome == core::ActivityOutcome::kCancelledNoVenue
                         ? "story.activity.no_venue"
                         : "story.activity.no_money";
    std::string text = say(l, id, {{"cost", cost}});
    // One that waited for a venue is told when it was held (or given up), and when planned.
    if (a.time_h > a.planned_h)
      text += say(l, "story.activity.planned", {{"planned", time_text(a.planned_h)}});
    lines.push_back({q, a.time_h, sequence, text});
    for (Quarter* tally : {&quarters[static_cast<std::size_t>(q)], &all})
      ++(a.outcome == core::ActivityOutcome::kHeld ? tally->held : tally->cancelled);
  }
  for (const auto& [sequence, r] : inspections_) {
    const int q = std::clamp(r.quarter, 0, quarters_ - 1);
    const double at = (r.quarter + 1) * quarter_h_;
    std::vector<std::string> components;
    for (int c = 0; c < core::kScoreComponentCount; ++c)
      components.push_back(say(l, "story.component",
                               {{"name", say(l, kComponentIds[c])},
                                {"value", fixed(r.components[static_cast<std::size_t>(c)], 2)}}));
    const auto scope = ranked_.find({r.quarter, rank_by_area_ ? r.area : -1});
    const int ranked = scope == ranked_.end() ? 0 : scope->second;
    const std::string tier = say(l, "tier.name", {{"n", integer(r.tier + 1)}});
    lines.push_back(
        {q, at, sequence,
         say(l, "story.inspection",
             {{"q", integer(r.quarter + 1)},
              {"components", join(l, components)},
              {"score", fixed(r.score, 1)},
              {"rank", integer(r.rank)},
              {"of", integer(ranked)},
              {"tier", tier},
              {"tiers", integer(tiers_)},
              {"allowance", say(l, "story.yuan", {{"yuan", fixed(r.allowance_yuan, 0)}})},
              {"effort", fixed(r.effort, 2)}})});
    lines.push_back(
        {q, at, sequence,
         say(l, "story.inspection.noise",
             {{"noise", signed_points(r.noise_points)},
              {"tier", say(l, "tier.name", {{"n", integer(r.tier_without_noise + 1)}})},
              {"allowance",
               say(l, "story.yuan", {{"yuan", fixed(r.allowance_without_noise_yuan, 0)}})}}) +
             (r.tier != r.tier_without_noise ? say(l, "story.inspection.noise_changed") : "")});
    quarters[static_cast<std::size_t>(q)].inspection = &r;
    allowance += r.allowance_yuan;
  }

  for (int q = 0; q < quarters_; ++q) {
    const Quarter& t = quarters[static_cast<std::size_t>(q)];
    std::string text = say(l, "story.branch.quarter",
                           {{"q", integer(q + 1)},
                            {"orders", integer(static_cast<long long>(t.orders.size()))},
                            {"states", state_counts(t.orders)},
                            {"escalated", integer(t.escalated)},
                            {"held", integer(t.held)},
                            {"cancelled", integer(t.cancelled)}});
    if (t.inspection != nullptr)
      text += say(l, "story.branch.quarter_tier",
                  {{"tier", say(l, "tier.name", {{"n", integer(t.inspection->tier + 1)}})},
                   {"rank", integer(t.inspection->rank)},
                   {"allowance",
                    say(l, "story.yuan", {{"yuan", fixed(t.inspection->allowance_yuan, 0)}})}});
    summaries[q] = text;
  }
  total = say(l, "story.branch.total",
              {{"orders", integer(static_cast<long long>(all.orders.size()))},
               {"states", state_counts(all.orders)},
               {"escalated", integer(all.escalated)},
               {"held", integer(all.held)},
               {"cancelled", integer(all.cancelled)},
               {"allowance", say(l, "story.yuan", {{"yuan", fixed(allowance, 0)}})}});
}

// A social organization: the orders it took and declined, and each year's incubation.
void NarratorSink::org_story(const core::World& world, std::vector<Line>& lines,
                             std::map<int, std::string>& summaries, std::string& total) const {
  const Language l = language_;
  struct Quarter {
    std::vector<const core::Order*> orders;
    long long targeted = 0, attended = 0, votes = 0, satisfied = 0, declines = 0;
  };
  std::vector<Quarter> quarters(static_cast<std::size_t>(quarters_));
  Quarter all;

  for (const auto& [sequence, o] : orders_) {
    const double at = o.dispatched_h >= 0.0 ? o.dispatched_h : o.created_h;
    const int q = quarter_of(at);
    lines.push_back(
        {q, at, sequence,
         say(l, "story.org.order",
             {{"id", integer(o.id)},
              {"branch", name_or_index(world.branches, o.branch)},
              {"source", say(l, std::string("source.") + core::to_string(o.source))},
              {"channel", say(l, std::string("channel.") + core::to_string(o.channel))},
              {"kind", say(l, std::string("kind.") + core::to_string(o.kind))},
              {"activity", o.needs_venue ? say(l, "story.activity_order") : ""},
              {"category", say(l, "story.category", {{"name", categories_.at(o.category)}})},
              {"outcome", order_outcome(o)}})});
    for (Quarter* t : {&quarters[static_cast<std::size_t>(q)], &all}) {
      t->orders.push_back(&o);
      t->targeted += o.targeted;
      t->attended += o.attended;
      t->votes += o.votes;
      t->satisfied += o.satisfied;
    }
  }
  for (const auto& [sequence, d] : declines_) {
    const int q = quarter_of(d.time_h);
    std::string text = say(l, "story.org.decline",
                           {{"id", integer(d.order_id)},
                            {"standing", percent(d.standing)},
                            {"expected", percent(d.expected_rate)}});
    const auto then = declined_orders_.find(d.order_id);
    if (then != declined_orders_.end())
      text += say(l, "story.org.decline_then",
                  {{"branch", name_or_index(world.branches, then->second.branch)},
                   {"assignee", assignee_text(world, then->second)},
                   {"state", say(l, std::string("state.") + core::to_string(then->second.state))}});
    lines.push_back({q, d.time_h, sequence, text});
    ++quarters[static_cast<std::size_t>(q)].declines;
    ++all.declines;
  }
  std::vector<std::string> decisions;
  for (const auto& [sequence, r] : incubations_) {
    const int q = std::clamp(4 * r.year + 3, 0, quarters_ - 1);
    const double at = (4 * r.year + 4) * quarter_h_;
    const std::string decision = say(l, std::string("decision.") + core::to_string(r.decision));
    const std::string none = say(l, "story.none");
    const auto rate = [&](std::int64_t x, std::int64_t n) {
      return n > 0 ? percent(static_cast<double>(x) / static_cast<double>(n)) : none;
    };
    lines.push_back({q, at, sequence,
                     say(l, "story.org.incubation",
                         {{"year", integer(r.year + 1)},
                          {"evaluations", integer(r.tally.evaluations)},
                          {"attraction", rate(r.tally.attended, r.tally.targeted)},
                          {"attended", integer(r.tally.attended)},
                          {"targeted", integer(r.tally.targeted)},
                          {"satisfaction", rate(r.tally.satisfied, r.tally.votes)},
                          {"satisfied", integer(r.tally.satisfied)},
                          {"votes", integer(r.tally.votes)}})});
    const auto judged = core::judged_rates(r.tally, rule_);
    const std::string rule = explain_format::rule_text(l, rule_);
    const std::string estimator = explain_format::estimator_text(l, rule_);
    if (judged)
      lines.push_back({q, at, sequence,
                       say(l, "story.org.judged",
                           {{"rule", rule},
                            {"estimator", estimator},
                            {"judged_a", percent(judged->attraction)},
                            {"judged_s", percent(judged->satisfaction)},
                            {"decision", decision}})});
    else
      lines.push_back({q, at, sequence,
                       say(l, "story.org.judged_none",
                           {{"rule", rule}, {"estimator", estimator}, {"decision", decision}})});
    const core::TwoRates truth{r.true_attraction_quality, r.true_satisfaction_quality};
    std::optional<core::TwoRates> experienced;
    if (!std::isnan(r.experienced_attraction) && !std::isnan(r.experienced_satisfaction))
      experienced = core::TwoRates{r.experienced_attraction, r.experienced_satisfaction};
    lines.push_back({q, at, sequence,
                     say(l, "story.org.truth",
                         {{"true_a", percent(truth.attraction)},
                          {"true_s", percent(truth.satisfaction)},
                          {"verdict", say(l, core::meets_standard(truth, experienced, standard_)
                                                 ? "story.org.truly_good"
                                                 : "story.org.truly_bad")}})});
    if (r.year + 1 < years_)
      lines.push_back({q, at, sequence,
                       say(l, "story.org.support",
                           {{"support", say(l, std::string("support.") + support_word(r.support))},
                            {"staff", integer(r.staff_after)}})});
    decisions.push_back(
        say(l, "story.year_decision", {{"year", integer(r.year + 1)}, {"decision", decision}}));
  }

  for (int q = 0; q < quarters_; ++q) {
    const Quarter& t = quarters[static_cast<std::size_t>(q)];
    summaries[q] = say(l, "story.org.quarter",
                       {{"q", integer(q + 1)},
                        {"orders", integer(static_cast<long long>(t.orders.size()))},
                        {"states", state_counts(t.orders)},
                        {"votes", integer(t.votes)},
                        {"satisfied", integer(t.satisfied)},
                        {"declines", integer(t.declines)}});
  }
  total = say(l, "story.org.total",
              {{"orders", integer(static_cast<long long>(all.orders.size()))},
               {"states", state_counts(all.orders)},
               {"attended", integer(all.attended)},
               {"targeted", integer(all.targeted)},
               {"satisfied", integer(all.satisfied)},
               {"votes", integer(all.votes)},
               {"declines", integer(all.declines)},
               {"decisions", join(l, decisions)}});
}

// An official: the duty shifts attended, missed, covered for a colleague or by one.
void NarratorSink::official_story(const core::World& world, std::vector<Line>& lines,
                                  std::map<int, std::string>& summaries, std::string& total) const {
  const Language l = language_;
  struct Quarter {
    long long shifts = 0, attended = 0, missed = 0, covering = 0, covered = 0;
    double hours = 0.0;
  };
  std::vector<Quarter> quarters(static_cast<std::size_t>(quarters_));
  Quarter all;
  for (const auto& [sequence, s] : shifts_) {
    const int q = quarter_of(s.start_h);
    const std::string point = name_or_index(world.service_points, s.point);
    const std::string hours = hours_text(s.hours);
    std::string text;
    Quarter& t = quarters[static_cast<std::size_t>(q)];
    if (s.person != follow_.id) {  // a colleague covered the followed official's shift
      text = say(l, "story.official.covered_by",
                 {{"colleague", name_or_index(world.officials, s.person)},
                  {"point", point},
                  {"hours", hours}});
      for (Quarter* x : {&t, &all}) ++x->covered;
    } else {
      if (!s.attended)
        text = say(l, "story.official.missed", {{"point", point}});
      else if (s.covered_for >= 0)
        text = say(l, "story.official.covering",
                   {{"colleague", name_or_index(world.officials, s.covered_for)},
                    {"point", point},
                    {"hours", hours}});
      else
        text = say(l, "story.official.shift", {{"point", point}, {"hours", hours}});
      for (Quarter* x : {&t, &all}) {
        ++x->shifts;
        if (s.attended) ++x->attended;
        if (!s.attended) ++x->missed;
        if (s.covered_for >= 0) ++x->covering;
        x->hours += s.hours;
      }
    }
    lines.push_back({q, s.start_h, sequence, text});
  }
  const auto counts = [&](const Quarter& t, const char* id, int q) {
    return say(l, id,
               {{"q", integer(q + 1)},
                {"shifts", integer(t.shifts)},
                {"attended", integer(t.attended)},
                {"covering", integer(t.covering)},
                {"missed", integer(t.missed)},
                {"covered", integer(t.covered)},
                {"hours", hours_text(t.hours)}});
  };
  for (int q = 0; q < quarters_; ++q)
    summaries[q] = counts(quarters[static_cast<std::size_t>(q)], "story.official.quarter", q);
  total = counts(all, "story.official.total", 0);
}

// One order: its whole path, from the citizen to the vote. The record keeps the final
// assignee and the time the order was placed (dispatched_h); a special need (or an item every
// organization declined) goes to the committee at that time, and an organization the committee
// handed it to is named when it starts the service.
void NarratorSink::order_story(const core::World& world, std::vector<Line>& lines,
                               std::string& total) const {
  const Language l = language_;
  if (orders_.empty()) {
    total = say(l, "story.order.absent",
                {{"id", integer(follow_.id)},
                 {"n", integer(orders_seen_)},
                 {"last", integer(orders_seen_ - 1)}});
    return;
  }
  const core::Order& o = orders_.front().second;
  // Steps of the path at the same instant keep this order (declines by their emission).
  enum Step : std::int64_t {
    kPlaced,
    kSteered,
    kToCommittee,
    kDeclined,
    kDispatched,
    kEscalated,
    kStarted,
    kFinished,
    kClosed
  };
  constexpr std::int64_t kStep = std::int64_t{1} << 40;
  const auto line = [&](double at, Step step, std::string text, std::int64_t within = 0) {
    lines.push_back({quarter_of(at), at, step * kStep + within, std::move(text)});
  };
  const std::string state = say(l, std::string("state.") + core::to_string(o.state));
  const std::string assignee = assignee_text(world, o);
  line(o.created_h, kPlaced,
       say(l, "story.order.placed",
           {{"source", say(l, std::string("source.") + core::to_string(o.source))},
            {"channel", say(l, std::string("channel.") + core::to_string(o.channel))},
            {"branch", name_or_index(world.branches, o.branch)},
            {"town", name_or_index(world.towns, o.town)},
            {"kind", say(l, std::string("kind.") + core::to_string(o.kind))},
            {"activity", o.needs_venue ? say(l, "story.activity_order") : ""},
            {"category", say(l, "story.category", {{"name", categories_.at(o.category)}})}}));
  if (o.steered) line(o.created_h, kSteered, say(l, "story.order.steered"));
  const bool to_committee = o.kind == core::Kind::kSpecial;
  if (o.dispatched_h >= 0.0 && o.assignee_kind != core::AssigneeKind::kNone) {
    if (to_committee)
      line(o.dispatched_h, kToCommittee,
           say(l, "story.order.dispatched", {{"assignee", say(l, "assignee.district_committee")}}));
    else if (o.assignee_kind == core::AssigneeKind::kDistrictCommittee && o.declines > 0)
      line(o.dispatched_h, kDispatched,
           say(l, "story.order.left_to_committee", {{"n", integer(o.declines)}}));
    else
      line(o.dispatched_h, kDispatched, say(l, "story.order.dispatched", {{"assignee", assignee}}));
  }
  for (const auto& [decline_sequence, d] : declines_)
    line(d.time_h, kDeclined,
         say(l, "story.order.declined",
             {{"org", name_or_index(world.social_orgs, d.org)},
              {"standing", percent(d.standing)},
              {"expected", percent(d.expected_rate)}}),
         decline_sequence);
  if (o.escalated)
    line(o.created_h + deadline_h_, kEscalated,
         say(l, "story.order.escalated", {{"deadline", hours_text(deadline_h_)}}));
  if (o.started_h >= 0.0)
    line(o.started_h, kStarted,
         say(l, "story.order.started",
             {{"assignee", assignee}, {"wait", hours_text(o.started_h - o.created_h)}}));
  if (o.finished_h >= 0.0)
    line(o.finished_h, kFinished,
         say(l, "story.order.finished",
             {{"hours", hours_text(o.finished_h - std::max(o.started_h, o.created_h))},
              {"attended", integer(o.attended)},
              {"targeted", integer(o.targeted)},
              {"satisfied", integer(o.satisfied)},
              {"votes", integer(o.votes)}}) +
             (o.cost_yuan > 0.0
                  ? say(l, "story.order.cost",
                        {{"cost", say(l, "story.yuan", {{"yuan", fixed(o.cost_yuan, 0)}})}})
                  : ""));
  if (o.closed_h >= 0.0)
    line(o.closed_h, kClosed, say(l, "story.order.closed", {{"state", state}}));
  else
    line(quarters_ * quarter_h_, kClosed, say(l, "story.order.open", {{"state", state}}));
  total = say(l, "story.order.total", {{"state", state}});
}

}  // namespace orgsim::narrate
