#include "results/summary_schema.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/order.hpp"
#include "core/reference_standard.hpp"
#include "core/stats.hpp"
#include "results/queue_health.hpp"

namespace orgsim::results::summary_schema {
namespace {

using S = Summary;
template <class T>
using Read = std::function<T(const Row&)>;

// ---- the kinds of entry ---------------------------------------------------------------------

Key entry(std::string name, Type type, std::string unit, std::string doc) {
  Key k;
  k.name = std::move(name);
  k.type = type;
  k.unit = std::move(unit);
  k.doc = std::move(doc);
  return k;
}

Key integer(std::string name, std::string unit, std::string doc, Read<std::int64_t> read) {
  Key k = entry(std::move(name), Type::kInteger, std::move(unit), std::move(doc));
  k.value = [read = std::move(read)](const Row& r) { return Value(read(r)); };
  return k;
}
Key integer(std::string name, std::string unit, std::string doc, std::int64_t S::*field) {
  return integer(std::move(name), std::move(unit), std::move(doc),
                 [field](const Row& r) { return r.summary.*field; });
}

Key number(std::string name, std::string unit, std::string doc, Read<double> read) {
  Key k = entry(std::move(name), Type::kNumber, std::move(unit), std::move(doc));
  k.value = [read = std::move(read)](const Row& r) { return Value(read(r)); };
  return k;
}
Key number(std::string name, std::string unit, std::string doc, double S::*field) {
  return number(std::move(name), std::move(unit), std::move(doc),
                [field](const Row& r) { return r.summary.*field; });
}

Key text(std::string name, std::string doc, Read<std::string> read) {
  Key k = entry(std::move(name), Type::kText, "", std::move(doc));
  k.value = [read = std::move(read)](const Row& r) { return Value(read(r)); };
  return k;
}
Key text(std::string name, std::string doc, std::string S::*field) {
  return text(std::move(name), std::move(doc), [field](const Row& r) { return r.summary.*field; });
}

Key object(std::string name, std::string doc, std::vector<Key> fields) {
  Key k = entry(std::move(name), Type::kObject, "", std::move(doc));
  k.fields = std::move(fields);
  return k;
}

// An array of objects: `count` elements, each with `fields` read at Row::index.
Key objects(std::string name, std::string doc, Read<std::size_t> count, std::vector<Key> fields) {
  Key k = entry(std::move(name), Type::kArray, "", std::move(doc));
  k.count = std::move(count);
  k.fields = std::move(fields);
  return k;
}

// An array of plain values of type `element`.
Key values(std::string name, Type element, std::string unit, std::string doc, Read<Items> items) {
  Key k = entry(std::move(name), Type::kArray, std::move(unit), std::move(doc));
  k.element = element;
  k.items = std::move(items);
  return k;
}

Key map(std::string name, Type element, std::string unit, std::string doc, Read<Items> items) {
  Key k = entry(std::move(name), Type::kMap, std::move(unit), std::move(doc));
  k.element = element;
  k.items = std::move(items);
  return k;
}

// ---- the summary's recurring shapes ---------------------------------------------------------

// One count per label of Enum (orders.by_state, by_source, ...), keyed by the label.
template <class Enum, std::size_t N>
Key counts(std::string name, const std::string& doc, const std::string& each,
           std::function<const std::array<std::int64_t, N>&(const Row&)> of) {
  std::vector<Key> fields;
  for (std::size_t i = 0; i < N; ++i) {
    const char* label = core::to_string(static_cast<Enum>(i));
    fields.push_back(
        integer(label, "orders", each + " " + label, [of, i](const Row& r) { return of(r)[i]; }));
  }
  return object(std::move(name), doc, std::move(fields));
}

Key distribution(std::string name, const std::string& unit, const std::string& count_unit,
                 const std::string& doc, std::function<const core::Distribution&(const Row&)> of) {
  using D = core::Distribution;
  const auto stat = [&](const char* field, const char* what, double D::*member) {
    return number(field, unit, what, [of, member](const Row& r) { return of(r).*member; });
  };
  return object(
      std::move(name), doc,
      {integer("count", count_unit, "how many values", [of](const Row& r) { return of(r).count; }),
       stat("mean", "mean", &D::mean),
       stat("sd", "sample standard deviation (0 with fewer than two values)", &D::sd),
       stat("min", "smallest", &D::min), stat("p10", "10th percentile", &D::p10),
       stat("median", "median", &D::median), stat("p90", "90th percentile", &D::p90),
       stat("max", "largest", &D::max)});
}

// The incubation decisions and what they did (incubation, and each of incubation.by_year).
std::vector<Key> incubation_counts(std::function<const IncubationCounts&(const Row&)> of) {
  using C = IncubationCounts;
  const auto count = [&](const char* name, const char* doc, std::int64_t C::*member) {
    return integer(name, "decisions", doc, [of, member](const Row& r) { return of(r).*member; });
  };
  return {
      count("incubated", "decisions to incubate", &C::incubated),
      count("denied", "decisions to deny", &C::denied),
      count("not_enough_data", "decisions without enough evaluations or rates to judge",
            &C::not_enough_data),
      count("meets_standard", "decisions about organizations good by the reference standard",
            &C::meets_standard),
      count("good_denied", "good by the standard, denied", &C::good_denied),
      number("good_denied_share", "", "good_denied / meets_standard (0 when none)",
             [of](const Row& r) { return share(of(r).good_denied, of(r).meets_standard); }),
      count("good_not_enough_data", "good by the standard, left undecided",
            &C::good_not_enough_data),
      integer("below_standard", "decisions", "decisions - meets_standard",
              [of](const Row& r) { return of(r).below_standard(); }),
      count("below_standard_incubated", "below the standard, incubated",
            &C::below_standard_incubated),
      number("below_standard_incubated_share", "",
             "below_standard_incubated / below_standard (0 when none)",
             [of](const Row& r) {
               return share(of(r).below_standard_incubated, of(r).below_standard());
             }),
      object("own_rule", "the run's own rule applied to the true qualities",
             {count("good", "decisions the rule passes on the true qualities", &C::own_rule_good),
              count("wrongly_denied", "denied although good by the own rule",
                    &C::own_rule_wrongly_denied),
              count("wrongly_incubated", "incubated although not good by the own rule",
                    &C::own_rule_wrongly_incubated)}),
      count("exited", "decisions after which the organization left (run.years > 1)", &C::exited),
      count("shrunk", "decisions after which the organization kept only part of its staff",
            &C::shrunk),
  };
}

const S::MonthOrders& month(const Row& r) { return r.summary.by_month[r.index]; }
const QuarterTiers& quarter(const Row& r) { return r.summary.tiers[r.index]; }
std::int64_t ordinal(const Row& r) { return static_cast<std::int64_t>(r.index + 1); }

Key queue(core::AssigneeKind kind) {
  const auto of = [kind](const Row& r) -> const QueueTally& {
    return r.summary.queues[static_cast<std::size_t>(kind)];
  };
  return object(
      core::to_string(kind), "the queue of the orders whose final assignee is of this kind",
      {integer("orders", "orders", "orders whose final assignee is of this kind",
               [of](const Row& r) { return of(r).orders; }),
       integer("open_at_end", "orders", "of them, open at the run's end",
               [of](const Row& r) { return of(r).open_at_end; }),
       number("wait_first_half_h", "h",
              "mean wait of those that started in the first half of the run (null: none did)",
              [of](const Row& r) { return of(r).mean_wait_h(0); }),
       number("wait_second_half_h", "h",
              "mean wait of those that started in the second half of the run (null: none did)",
              [of](const Row& r) { return of(r).mean_wait_h(1); })});
}

std::vector<Key> declare() {
  std::vector<Key> queues;
  for (const auto kind : kQueuedAssigneeKinds) queues.push_back(queue(kind));
  return {
      text("scenario", "the scenario's name (run.name)", &S::scenario_name),
      integer("seed", "", "the run's seed", &S::seed),
      text("fingerprint", "16 hex digits: the hash of the run's whole event stream",
           &S::fingerprint),
      text("scenario_digest", "16 hex digits: the FNV-1a hash of the effective scenario",
           &S::scenario_digest),
      text("software_version", "orgsim's version", &S::software_version),
      integer("days", "days", "run.days: the length of each year", &S::days),
      integer("years", "years", "run.years", &S::years),
      number("scale", "", "district.scale", &S::scale),
      object("population", "the district's agents",
             {integer("towns", "towns", "towns", &S::towns),
              integer("branches", "branches", "village branches", &S::branches),
              integer("social_orgs", "organizations", "social organizations and service teams",
                      &S::social_orgs),
              integer("partner_units", "units", "partner units", &S::partner_units),
              integer("officials", "people", "officials on the duty rota", &S::officials),
              integer("service_points", "points", "service points", &S::service_points),
              integer("actors", "actors", "SimGrid actors of the run", &S::actors)}),
      object(
          "orders", "every order of the run",
          {integer("total", "orders", "orders created", &S::orders_total),
           counts<core::FinalState, core::kFinalStateCount>(
               "by_state", "orders by final state", "orders whose final state is",
               [](const Row& r) -> const auto& { return r.summary.by_state; }),
           counts<core::Source, core::kSourceCount>(
               "by_source", "orders by source", "orders from",
               [](const Row& r) -> const auto& { return r.summary.by_source; }),
           counts<core::Channel, core::kChannelCount>(
               "by_channel", "orders by channel", "orders through the channel",
               [](const Row& r) -> const auto& { return r.summary.by_channel; }),
           counts<core::Kind, core::kKindCount>(
               "by_kind", "orders by kind", "orders of kind",
               [](const Row& r) -> const auto& { return r.summary.by_kind; }),
           counts<core::AssigneeKind, core::kAssigneeKindCount>(
               "by_assignee", "orders by the kind of their final assignee",
               "orders whose final assignee is",
               [](const Row& r) -> const auto& { return r.summary.by_assignee; }),
           integer("special_left_to_committee", "orders",
                   "special orders whose final assignee is the district committee",
                   &S::special_left_to_committee),
           integer("campaigns_started", "campaigns",
                   "party-government campaigns that placed at least one order",
                   &S::campaigns_started),
           map("by_category", Type::kInteger, "orders",
               "orders per category, keyed by the names of demand.categories",
               [](const Row& r) {
                 const S& s = r.summary;
                 Items out;
                 for (std::size_t c = 0; c < s.by_category.size() && c < s.category_names.size();
                      ++c)
                   out.emplace_back(s.category_names[c], s.by_category[c]);
                 return out;
               }),
           objects("by_month", "one object per twelfth of a year of the run (12 per year)",
                   [](const Row& r) { return r.summary.by_month.size(); },
                   {integer("month", "", "1-based over the run", ordinal),
                    counts<core::Source, core::kSourceCount>(
                        "source", "orders created in the month by source", "orders from",
                        [](const Row& r) -> const auto& { return month(r).by_source; }),
                    counts<core::Channel, core::kChannelCount>(
                        "channel", "orders created in the month by channel",
                        "orders through the channel",
                        [](const Row& r) -> const auto& { return month(r).by_channel; })}),
           number("offline_per_service_point", "orders",
                  "offline orders over the run per service point (0 without any)",
                  [](const Row& r) {
                    const S& s = r.summary;
                    const auto offline =
                        s.by_channel[static_cast<std::size_t>(core::Channel::kOffline)];
                    return s.service_points > 0 ? static_cast<double>(offline) /
                                                      static_cast<double>(s.service_points)
                                                : 0.0;
                  }),
           integer("escalated", "orders", "orders escalated at their deadline", &S::escalated),
           number("answered_on_time_share", "",
                  "of the orders that came due, the share started within the deadline",
                  &S::answered_on_time_share),
           object("never_answered", "orders whose service never started, by why",
                  {integer("total", "orders", "the sum of the four below",
                           [](const Row& r) { return unanswered(r.summary).total(); }),
                   integer("gave_up", "orders", "walk-ins who gave up at a closed point",
                           [](const Row& r) { return unanswered(r.summary).gave_up; }),
                   integer("cancelled_no_venue", "orders", "cancelled for want of a venue",
                           [](const Row& r) { return unanswered(r.summary).cancelled_no_venue; }),
                   integer("cancelled_no_money", "orders", "cancelled for want of money",
                           [](const Row& r) { return unanswered(r.summary).cancelled_no_money; }),
                   integer("still_waiting_at_end", "orders", "still waiting at the run's end",
                           [](const Row& r) { return unanswered(r.summary).still_waiting; })}),
           distribution(
               "wait_h", "h", "orders", "from creation to the start of service",
               [](const Row& r) -> const auto& { return r.summary.wait_h; }),
           distribution(
               "response_h", "h", "orders", "served orders: from creation to the end of service",
               [](const Row& r) -> const auto& { return r.summary.response_h; }),
           object("wait_incl_open_h",
                  "the wait of every order that waited, one still waiting counted to the end",
                  {integer("count", "orders", "orders that waited for service",
                           &S::wait_incl_open_count),
                   integer("still_waiting_at_end", "orders", "of them, still waiting at the end",
                           &S::still_waiting_at_end),
                   number("mean", "h", "mean wait (censored at the run's end: a lower bound)",
                          &S::wait_incl_open_mean_h)}),
           number("attraction_rate", "", "attended / targeted, pooled over every evaluation",
                  &S::attraction_rate),
           number("satisfaction_rate", "", "satisfied votes / votes, pooled",
                  &S::satisfaction_rate),
           object("queues", "per final assignee kind that queues", std::move(queues))}),
      object("organizations", "the social organizations' annual two rates",
             {integer("count", "organizations", "organizations in the world (entrants included)",
                      &S::social_orgs),
              distribution(
                  "attraction", "", "organizations", "every decided year's attraction rate",
                  [](const Row& r) -> const auto& { return r.summary.org_attraction; }),
              distribution(
                  "satisfaction", "", "organizations", "every decided year's satisfaction rate",
                  [](const Row& r) -> const auto& { return r.summary.org_satisfaction; })}),
      [] {
        std::vector<Key> fields = {
            number("threshold", "", "incubation.threshold", &S::threshold),
            text("combine", "incubation.combine", &S::combine),
            text("estimator", "incubation.estimator: raw, wilson or bayes", &S::estimator),
            text("pooling", "incubation.pooling: pooled or per_event", &S::pooling),
            object("standard", "the reference standard (truth.*)",
                   {number("threshold", "", "truth.threshold",
                           [](const Row& r) { return r.summary.standard.threshold; }),
                    text("combine", "truth.combine",
                         [](const Row& r) { return core::to_string(r.summary.standard.combine); }),
                    number("attraction_weight", "", "truth.attraction_weight",
                           [](const Row& r) { return r.summary.standard.attraction_weight; }),
                    text("waits", "truth.waits: excluded or included",
                         [](const Row& r) { return core::to_string(r.summary.standard.waits); })}),
        };
        for (Key& k : incubation_counts(
                 [](const Row& r) -> const IncubationCounts& { return r.summary.incubation; }))
          fields.push_back(std::move(k));
        std::vector<Key> year = {integer("year", "", "1-based", ordinal)};
        for (Key& k : incubation_counts([](const Row& r) -> const IncubationCounts& {
               return r.summary.incubation_by_year[r.index];
             }))
          year.push_back(std::move(k));
        fields.push_back(objects(
            "by_year", "the same counts, one object per year, year 1 first",
            [](const Row& r) { return r.summary.incubation_by_year.size(); }, std::move(year)));
        return object("incubation", "the rule and its decisions, totals over every year",
                      std::move(fields));
      }(),
      objects("tiers", "one object per quarter of the run",
              [](const Row& r) { return r.summary.tiers.size(); },
              {integer("year", "", "1-based",
                       [](const Row& r) { return static_cast<std::int64_t>(r.index / 4 + 1); }),
               integer("quarter", "", "numbered over the whole run, 1..4 * years", ordinal),
               values("branches_per_tier", Type::kInteger, "branches", "top tier first",
                      [](const Row& r) {
                        Items out;
                        for (auto n : quarter(r).branches_per_tier) out.emplace_back("", n);
                        return out;
                      }),
               number("allowance_yuan", "yuan", "allowance paid for the quarter",
                      [](const Row& r) { return quarter(r).allowance_yuan; }),
               integer("changed_by_noise", "branches",
                       "branches whose tier differs from tier_without_noise",
                       [](const Row& r) { return quarter(r).changed_by_noise; })}),
      number("allowance_total_yuan", "yuan", "allowance paid over the run",
             &S::allowance_total_yuan),
      object("tier_noise", "the inspectors' noise",
             {integer("branch_quarters", "inspections", "branch-quarters inspected",
                      &S::noise_branch_quarters),
              integer("changed", "inspections", "those whose tier the noise changed",
                      &S::noise_changed),
              number("changed_share", "", "changed / branch_quarters (0 without inspections)",
                     [](const Row& r) {
                       return share(r.summary.noise_changed, r.summary.noise_branch_quarters);
                     }),
              number("allowance_moved_yuan", "yuan",
                     "allowance paid above what the noise-free scores would have paid",
                     &S::noise_allowance_moved_yuan)}),
      object(
          "activities", "the branches' own activities and the money spent",
          {integer("held", "activities", "activities held", &S::activities_held),
           integer("cancelled_no_venue", "activities", "cancelled for want of a venue",
                   &S::activities_cancelled_no_venue),
           integer("cancelled_no_money", "activities", "cancelled for want of money",
                   &S::activities_cancelled_no_money),
           integer("youth_contacts", "people", "youths the branches contacted", &S::youth_contacts),
           number("budget_spent_yuan", "yuan", "spent from the budget", &S::budget_spent_yuan),
           number("fund_spent_yuan", "yuan", "spent from the provident fund",
                  &S::fund_spent_yuan)}),
      object("duty", "the duty rota",
             {integer("shifts", "shifts", "duty shifts", &S::shifts),
              integer("shifts_missed", "shifts", "shifts nobody worked", &S::shifts_missed),
              distribution(
                  "official_hours", "h", "officials", "hours on duty per official",
                  [](const Row& r) -> const auto& { return r.summary.official_duty_h; }),
              number("point_hours_staffed", "h", "hours the service points were staffed",
                     &S::point_hours_staffed)}),
      object(
          "behaviour", "the behaviour models' words and what they did",
          {text("leader", "behaviour.leader", &S::leader_model),
           text("organization", "behaviour.organization", &S::organization_model),
           text("public", "behaviour.public", &S::public_model),
           text("roster", "behaviour.roster", &S::roster_model),
           values("leader_effort_mean", Type::kNumber, "",
                  "the leaders' mean effort per quarter (null: no inspection that quarter)",
                  [](const Row& r) {
                    Items out;
                    for (const auto& q : r.summary.tiers)
                      out.emplace_back("", q.leader_effort_mean());
                    return out;
                  }),
           number("effort_floor", "", "behaviour.effort_min", &S::effort_floor),
           values("leaders_at_floor", Type::kInteger, "branches",
                  "per quarter, the inspected branches whose leader gave up (effort at the floor)",
                  [](const Row& r) {
                    Items out;
                    for (const auto& q : r.summary.tiers) out.emplace_back("", q.leaders_at_floor);
                    return out;
                  }),
           integer("declines", "declines", "times an organization turned an order down",
                   &S::declines),
           integer("declined_orders", "orders", "orders declined at least once",
                   &S::declined_orders),
           integer("declined_to_committee", "orders",
                   "of those, orders whose final assignee is the district committee",
                   &S::declined_to_committee),
           integer("steered_orders", "orders", "online orders that asked for the top-ranked",
                   &S::steered_orders),
           integer("shifts_covered", "shifts", "shifts a colleague covered", &S::shifts_covered)}),
      values("warnings", Type::kText, "", "queues that do not settle, one sentence each",
             [](const Row& r) {
               Items out;
               for (const auto& w : r.summary.warnings) out.emplace_back("", w.message());
               return out;
             }),
      number("wall_seconds", "s",
             "the run's wall time: always last, the only key that differs "
             "between two runs of the same inputs",
             &S::wall_seconds),
  };
}

void add_paths(std::vector<Path>& out, const std::string& prefix, const Key& k) {
  const std::string path = prefix.empty() ? k.name : prefix + "." + k.name;
  out.push_back({path, k.type, &k});
  if (k.type == Type::kObject) {
    for (const Key& f : k.fields) add_paths(out, path, f);
  } else if (k.type == Type::kArray && k.count) {
    out.push_back({path + "[]", Type::kObject, &k});
    for (const Key& f : k.fields) add_paths(out, path + "[]", f);
  } else if (k.type == Type::kArray) {
    out.push_back({path + "[]", k.element, &k});
  } else if (k.type == Type::kMap) {
    out.push_back({path + ".*", k.element, &k});
  }
}

}  // namespace

const char* to_string(Type type) {
  switch (type) {
    case Type::kInteger:
      return "integer";
    case Type::kNumber:
      return "number";
    case Type::kText:
      return "text";
    case Type::kObject:
      return "object";
    case Type::kArray:
      return "array";
    case Type::kMap:
      return "map";
  }
  return "?";
}

const std::vector<Key>& keys() {
  static const std::vector<Key> declared = declare();
  return declared;
}

const std::vector<Path>& paths() {
  static const std::vector<Path> all = [] {
    std::vector<Path> out;
    for (const Key& k : keys()) add_paths(out, "", k);
    return out;
  }();
  return all;
}

const char* summary_key(const std::string& dotted) {
  for (const Path& p : paths())
    if (p.path == dotted) return p.path.c_str();
  throw std::logic_error("the JSON summary declares no key " + dotted +
                         " (sim/results/summary_schema.cpp)");
}

}  // namespace orgsim::results::summary_schema
