#include "config/parameter_catalogue.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "config/text.hpp"

namespace orgsim::config {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

// ---- How a parameter binds to its Scenario field -------------------------------------------

struct Binding {
  std::function<void(Scenario&, const ParamValue&)> set;
  std::function<ParamValue(const Scenario&)> get;
};

// Binds a parameter to `(scenario.*section).*field`. Every field sits exactly one struct deep.
// Enums travel as the index of their word in ParamSpec::choices (words are in enum order).
template <class Section, class Field>
Binding bind(Section Scenario::*section, Field Section::*field) {
  Binding binding;
  binding.set = [section, field](Scenario& scenario, const ParamValue& value) {
    if constexpr (std::is_enum_v<Field>) {
      (scenario.*section).*field = static_cast<Field>(std::get<std::int64_t>(value));
    } else {
      (scenario.*section).*field = std::get<Field>(value);
    }
  };
  binding.get = [section, field](const Scenario& scenario) -> ParamValue {
    if constexpr (std::is_enum_v<Field>) {
      return static_cast<std::int64_t>((scenario.*section).*field);
    } else {
      return (scenario.*section).*field;
    }
  };
  return binding;
}

// ---- Builders that keep each declaration on a few lines ------------------------------------

RealBounds closed(double min, double max) { return {min, max, false, false}; }      // [a, b]
RealBounds open_closed(double min, double max) { return {min, max, true, false}; }  // (a, b]
RealBounds open(double min, double max) { return {min, max, true, true}; }          // (a, b)
RealBounds at_least(double min) { return {min, kInf, false, false}; }               // >= a
RealBounds any_real() { return {}; }
RealBounds zero_or(RealBounds bounds) {  // 0, or a value in `bounds`
  bounds.zero_too = true;
  return bounds;
}

ListRule items(std::size_t min, std::size_t max) {
  ListRule rule;
  rule.min_items = min;
  rule.max_items = max;
  return rule;
}
ListRule unique_items(std::size_t min, std::size_t max) {
  ListRule rule = items(min, max);
  rule.unique = true;
  return rule;
}
ListRule with_positive_sum(ListRule rule) {
  rule.positive_sum = true;
  return rule;
}
ListRule strictly_decreasing(ListRule rule) {
  rule.strictly_decreasing = true;
  return rule;
}

ParamSpec param(std::string key, ParamType type, std::string default_text, std::string unit,
                std::string description, Binding binding) {
  ParamSpec spec;
  spec.key = std::move(key);
  spec.type = type;
  spec.default_text = std::move(default_text);
  spec.unit = std::move(unit);
  spec.description = std::move(description);
  spec.set = std::move(binding.set);
  spec.get = std::move(binding.get);
  return spec;
}

ParamSpec int_param(std::string key, std::string default_text, std::string unit, std::int64_t min,
                    std::int64_t max, std::string description, Binding binding) {
  ParamSpec spec = param(std::move(key), ParamType::kInt, std::move(default_text), std::move(unit),
                         std::move(description), std::move(binding));
  spec.int_min = min;
  spec.int_max = max;
  return spec;
}

ParamSpec real_param(std::string key, std::string default_text, std::string unit, RealBounds bounds,
                     std::string description, Binding binding) {
  ParamSpec spec = param(std::move(key), ParamType::kReal, std::move(default_text), std::move(unit),
                         std::move(description), std::move(binding));
  spec.real = bounds;
  return spec;
}

ParamSpec string_param(std::string key, std::string default_text, std::string description,
                       Binding binding) {
  return param(std::move(key), ParamType::kString, std::move(default_text), "-",
               std::move(description), std::move(binding));
}

// A calendar date held as text: "none", or YYYY-MM-DD that is a Monday (the loader checks it).
ParamSpec date_param(std::string key, std::string default_text, std::string description,
                     Binding binding) {
  ParamSpec spec = param(std::move(key), ParamType::kString, std::move(default_text), "date",
                         std::move(description), std::move(binding));
  spec.text_form = "none or a Monday YYYY-MM-DD";
  return spec;
}

ParamSpec choice_param(std::string key, std::string default_text, std::vector<std::string> choices,
                       std::string description, Binding binding) {
  ParamSpec spec = param(std::move(key), ParamType::kChoice, std::move(default_text), "-",
                         std::move(description), std::move(binding));
  spec.choices = std::move(choices);
  return spec;
}

// `vocabulary` empty: any non-empty names; else the only allowed items.
ParamSpec string_list_param(std::string key, std::string default_text, std::string unit,
                            ListRule rule, std::vector<std::string> vocabulary,
                            std::string description, Binding binding) {
  ParamSpec spec = param(std::move(key), ParamType::kStringList, std::move(default_text),
                         std::move(unit), std::move(description), std::move(binding));
  spec.list = rule;
  spec.choices = std::move(vocabulary);
  return spec;
}

ParamSpec real_list_param(std::string key, std::string default_text, std::string unit,
                          ListRule rule, RealBounds item_bounds, std::string description,
                          Binding binding) {
  ParamSpec spec = param(std::move(key), ParamType::kRealList, std::move(default_text),
                         std::move(unit), std::move(description), std::move(binding));
  spec.list = rule;
  spec.real = item_bounds;
  return spec;
}

// ---- The catalogue (docs/PARAMETERS.md is its human copy) -------------------------------

std::vector<ParamSpec> build_catalogue() {
  using S = Scenario;
  return {
      // [run]
      int_param("run.seed", "1", "-", 0, kInt64Max, "base seed of every random stream",
                bind(&S::run, &RunParams::seed)),
      int_param("run.days", "365", "day", 1, 3660,
                "length of each simulated year (shorter: a part-year, pro rata); day 0 is a "
                "Monday",
                bind(&S::run, &RunParams::days)),
      int_param("run.years", "1", "year", 1, 20,
                "years simulated one after another; organizations and leaders carry over",
                bind(&S::run, &RunParams::years)),
      string_param("run.name", "ouhai", "scenario name (UTF-8)", bind(&S::run, &RunParams::name)),
      date_param("run.start_date", "2024-01-01",
                 "calendar date of day 0, YYYY-MM-DD, a Monday (the simulated week starts on "
                 "Monday): the story and explain give dates (3月31日 周五 06:00); none: day "
                 "numbers (第89天 06:00); only names the days, the run is the same",
                 bind(&S::run, &RunParams::start_date)),

      // [district]
      string_param("district.name", "瓯海区", "district name (UTF-8)",
                   bind(&S::district, &DistrictParams::name)),
      string_list_param("district.towns",
                        "景山街道,新桥街道,娄桥街道,潘桥街道,郭溪街道,瞿溪街道,三垟街道,"
                        "梧田街道,南白象街道,茶山街道,丽岙街道,仙岩街道,泽雅镇",
                        "town", unique_items(1, 1000), {}, "towns and streets (镇街) at scale 1",
                        bind(&S::district, &DistrictParams::towns)),
      int_param("district.branches", "250", "branch", 1, 100000,
                "village and community branches at scale 1",
                bind(&S::district, &DistrictParams::branches)),
      int_param("district.areas", "7", "area", 1, 1000, "inspection areas (片区)",
                bind(&S::district, &DistrictParams::areas)),
      real_param("district.scale", "1.0", "factor", open_closed(0, 1000),
                 "multiplies every population and demand (0.1 tiny, 80 about a province)",
                 bind(&S::district, &DistrictParams::scale)),
      int_param("district.officials_per_town", "2", "official", 0, 100,
                "officials sharing league work in each town",
                bind(&S::district, &DistrictParams::officials_per_town)),
      int_param("district.committee_staff", "4", "person", 1, 1000,
                "district committee staff handling special needs (1 seconded + 3 part-time "
                "deputy secretaries)",
                bind(&S::district, &DistrictParams::committee_staff)),
      int_param("district.social_orgs", "60", "organization", 1, 100000,
                "social organizations and service teams at scale 1",
                bind(&S::district, &DistrictParams::social_orgs)),
      int_param("district.partner_units", "26", "unit", 1, 100000,
                "partner units (共建结对单位) at scale 1",
                bind(&S::district, &DistrictParams::partner_units)),
      int_param("district.alliances", "12", "alliance", 1, 100000,
                "league-building alliances (团建联盟) at scale 1",
                bind(&S::district, &DistrictParams::alliances)),

      // [demand]
      real_param("demand.public_orders_per_branch_week", "1.5", "order/branch/week",
                 closed(0, 1000), "the public's orders per branch per week",
                 bind(&S::demand, &DemandParams::public_orders_per_branch_week)),
      real_param("demand.offline_share", "0.4", "share", closed(0, 1),
                 "share of public orders placed in person at a service point",
                 bind(&S::demand, &DemandParams::offline_share)),
      real_param("demand.menu_orders_per_branch_week", "0.4", "order/branch/week", closed(0, 1000),
                 "orders for the league's menu items per branch per week",
                 bind(&S::demand, &DemandParams::menu_orders_per_branch_week)),
      int_param("demand.menu_items", "26", "item", 1, 10000,
                "signature services on the league's menu",
                bind(&S::demand, &DemandParams::menu_items)),
      real_param("demand.campaigns_per_year", "33", "campaign/year", closed(0, 10000),
                 "party-government campaigns per year",
                 bind(&S::demand, &DemandParams::campaigns_per_year)),
      real_param("demand.campaign_branch_share", "0.3", "share", closed(0, 1),
                 "share of branches one campaign places an order for",
                 bind(&S::demand, &DemandParams::campaign_branch_share)),
      real_param("demand.campaign_spread_days", "7", "day", open_closed(0, 365),
                 "a campaign's orders arrive over this many days",
                 bind(&S::demand, &DemandParams::campaign_spread_days)),
      real_param("demand.immediate_share", "0.7", "share", closed(0, 1),
                 "share of public orders that are immediate items",
                 bind(&S::demand, &DemandParams::immediate_share)),
      real_param("demand.special_share", "0.05", "share", closed(0, 1),
                 "share of public orders that are special needs",
                 bind(&S::demand, &DemandParams::special_share)),
      string_list_param("demand.categories",
                        "volunteer,education,legal_aid,elderly_care,environment,culture,"
                        "employment,safety_patrol",
                        "category", unique_items(1, 64), {}, "service categories",
                        bind(&S::demand, &DemandParams::categories)),
      string_list_param("demand.category_labels_zh", "", "category", items(0, 64), {},
                        "Chinese labels of the categories, one per category in the same order "
                        "(empty: the names themselves)",
                        bind(&S::demand, &DemandParams::category_labels_zh)),
      real_list_param("demand.hourly_profile",
                      "0.1,0.05,0.05,0.05,0.05,0.1,0.3,0.6,1.0,1.5,1.6,1.4,1.0,1.1,1.4,1.5,1.4,"
                      "1.2,1.0,1.2,1.3,1.0,0.6,0.3",
                      "weight", with_positive_sum(items(24, 24)), closed(0, 1e6),
                      "relative arrival weight of each hour 0..23",
                      bind(&S::demand, &DemandParams::hourly_profile)),
      real_list_param("demand.weekly_profile", "1,1,1,1,1,1.3,1.3", "weight",
                      with_positive_sum(items(7, 7)), closed(0, 1e6),
                      "relative arrival weight of Monday..Sunday",
                      bind(&S::demand, &DemandParams::weekly_profile)),

      // [dispatch]
      choice_param("dispatch.rule", "shortest_queue",
                   {"shortest_queue", "random", "round_robin", "best_rated", "alliance_first"},
                   "which capable social organization gets an immediate item",
                   bind(&S::dispatch, &DispatchParams::rule)),
      choice_param("dispatch.tie_break", "least_recent", {"least_recent", "lowest_index"},
                   "which of equally good organizations gets an order: the one assigned least "
                   "recently, or the lowest index (orgsim before issue 13)",
                   bind(&S::dispatch, &DispatchParams::tie_break)),
      real_param("dispatch.answer_deadline_h", "168", "h", open_closed(0, 8760),
                 "an order not started within this is escalated",
                 bind(&S::dispatch, &DispatchParams::answer_deadline_h)),
      int_param("dispatch.categories_per_org", "2", "category", 1, 64,
                "categories each social organization can serve",
                bind(&S::dispatch, &DispatchParams::categories_per_org)),
      real_param("dispatch.committee_search_mean_h", "24", "h", open_closed(0, 8760),
                 "mean time the district committee takes to find resources for a special need",
                 bind(&S::dispatch, &DispatchParams::committee_search_mean_h)),
      real_param("dispatch.partner_meeting_interval_h", "168", "h", zero_or(closed(1, 8760)),
                 "partner units plan their pending orders at meetings this often (0: they take "
                 "each order into their queue at once)",
                 bind(&S::dispatch, &DispatchParams::partner_meeting_interval_h)),

      // [roster]
      int_param("roster.service_points_per_town", "1", "point", 0, 1000,
                "staffed service points per town (0: no in-person ordering)",
                bind(&S::roster, &RosterParams::service_points_per_town)),
      int_param("roster.open_hour", "9", "hour of day", 0, 23, "the duty day starts at this hour",
                bind(&S::roster, &RosterParams::open_hour)),
      int_param("roster.close_hour", "17", "hour of day", 1, 24, "the duty day ends at this hour",
                bind(&S::roster, &RosterParams::close_hour)),
      real_param("roster.shift_h", "4", "h", closed(0.25, 24), "length of one duty shift",
                 bind(&S::roster, &RosterParams::shift_h)),
      string_list_param("roster.open_weekdays", "mon,tue,wed,thu,fri", "-", unique_items(1, 7),
                        {"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
                        "days the service points open",
                        bind(&S::roster, &RosterParams::open_weekdays)),
      int_param("roster.staff_per_shift", "1", "person", 1, 100,
                "people on duty at a point during one shift",
                bind(&S::roster, &RosterParams::staff_per_shift)),
      int_param("roster.org_members_per_org", "1", "person", 0, 100,
                "core members of each social organization on the rota",
                bind(&S::roster, &RosterParams::org_members_per_org)),
      real_param("roster.absence_prob", "0.05", "probability", closed(0, 1),
                 "probability that a rostered person misses a shift",
                 bind(&S::roster, &RosterParams::absence_prob)),
      real_param("roster.closed_wait_share", "0", "share", closed(0, 1),
                 "walk-ins at a closed point who wait there for the next opening",
                 bind(&S::roster, &RosterParams::closed_wait_share)),
      real_param(
          "roster.closed_request_share", "1", "share", closed(0, 1),
          "walk-ins at a closed point who leave their order there by self-service (自助点单): "
          "placed at once, in person (the rest of those who do not wait give up)",
          bind(&S::roster, &RosterParams::closed_request_share)),

      // [service]
      choice_param("service.duration_model", "lognormal", {"exponential", "lognormal"},
                   "distribution of service durations",
                   bind(&S::service, &ServiceParams::duration_model)),
      real_param("service.immediate_mean_h", "24", "h", open_closed(0, 8760),
                 "mean service duration of an immediate item",
                 bind(&S::service, &ServiceParams::immediate_mean_h)),
      real_param("service.non_immediate_mean_h", "48", "h", open_closed(0, 8760),
                 "mean service duration of a non-immediate item",
                 bind(&S::service, &ServiceParams::non_immediate_mean_h)),
      real_param("service.special_mean_h", "72", "h", open_closed(0, 8760),
                 "mean service duration of a special need",
                 bind(&S::service, &ServiceParams::special_mean_h)),
      real_param("service.duration_cv", "0.8", "ratio", open_closed(0, 10),
                 "coefficient of variation of lognormal durations",
                 bind(&S::service, &ServiceParams::duration_cv)),
      real_param("service.org_staff_mean", "3", "person", closed(1, 1000),
                 "mean staff of a social organization",
                 bind(&S::service, &ServiceParams::org_staff_mean)),
      choice_param("service.org_staff_model", "poisson", {"poisson", "fixed"},
                   "how staff vary between organizations: 1 + Poisson(mean - 1), or round(mean) "
                   "for all",
                   bind(&S::service, &ServiceParams::org_staff_model)),
      int_param("service.partner_staff", "2", "person", 1, 1000,
                "staff of a partner unit who serve orders",
                bind(&S::service, &ServiceParams::partner_staff)),
      real_param("service.attraction_quality_mean", "0.86", "probability", open(0, 1),
                 "mean true attraction quality of organizations",
                 bind(&S::service, &ServiceParams::attraction_quality_mean)),
      real_param("service.satisfaction_quality_mean", "0.88", "probability", open(0, 1),
                 "mean true satisfaction quality of organizations",
                 bind(&S::service, &ServiceParams::satisfaction_quality_mean)),
      real_param("service.quality_sd", "0.06", "probability", open_closed(0, 0.5),
                 "spread of true quality between organizations",
                 bind(&S::service, &ServiceParams::quality_sd)),
      real_param("service.people_targeted_mean", "20", "person", closed(1, 100000),
                 "mean people one service targets",
                 bind(&S::service, &ServiceParams::people_targeted_mean)),
      real_param("service.vote_share", "0.6", "share", open_closed(0, 1),
                 "share of attendees who vote", bind(&S::service, &ServiceParams::vote_share)),
      real_param("service.wait_tolerance_h", "336", "h", open_closed(0, 87600),
                 "attraction and satisfaction decay as exp(-wait/tolerance)",
                 bind(&S::service, &ServiceParams::wait_tolerance_h)),

      // [resources]
      int_param("resources.venues_per_street", "50", "venue", 0, 100000,
                "venues in the shared database per town (阵地)",
                bind(&S::resources, &ResourceParams::venues_per_street)),
      real_param("resources.activity_share", "0.2", "share", closed(0, 1),
                 "share of immediate items that are activities needing a venue and money",
                 bind(&S::resources, &ResourceParams::activity_share)),
      real_param("resources.venue_wait_h", "48", "h", closed(0, 8760),
                 "an activity waits this long for a venue, then is cancelled",
                 bind(&S::resources, &ResourceParams::venue_wait_h)),
      real_param("resources.activity_cost_mean_yuan", "300", "yuan", closed(0, 10000000),
                 "mean cost of one activity",
                 bind(&S::resources, &ResourceParams::activity_cost_mean_yuan)),
      real_param("resources.budget_yuan", "200000", "yuan/year", closed(0, 10000000000.0),
                 "a town's league budget in the programme's first year (pro rata for runs of other "
                 "lengths)",
                 bind(&S::resources, &ResourceParams::budget_yuan)),
      real_param("resources.budget_growth", "0.1", "1/year", closed(0, 10),
                 "yearly growth of the budget",
                 bind(&S::resources, &ResourceParams::budget_growth)),
      int_param("resources.programme_year", "1", "year", 1, 100,
                "which year of the programme is simulated (1 = first)",
                bind(&S::resources, &ResourceParams::programme_year)),
      real_param("resources.fund_deposit_yuan", "2000", "yuan", closed(0, 1000000000),
                 "provident fund (党群公积金) deposit per branch per year (pro rata for runs of "
                 "other lengths)",
                 bind(&S::resources, &ResourceParams::fund_deposit_yuan)),
      real_param("resources.fund_payout_min", "1.1", "ratio", closed(0, 10),
                 "the fund pays out at least this multiple of the deposit",
                 bind(&S::resources, &ResourceParams::fund_payout_min)),
      real_param("resources.fund_payout_max", "1.5", "ratio", closed(0, 10),
                 "the fund pays out at most this multiple of the deposit",
                 bind(&S::resources, &ResourceParams::fund_payout_max)),

      // [branch]
      real_param("branch.leader_effort", "1.0", "ratio", closed(0, 10),
                 "effort of part-time branch leaders (fixed; 1 = normal)",
                 bind(&S::branch, &BranchParams::leader_effort)),
      real_param("branch.activities_per_quarter", "3", "activity/quarter", closed(0, 1000),
                 "a branch's own activities per calendar quarter (91.25 days) at effort 1",
                 bind(&S::branch, &BranchParams::activities_per_quarter)),
      real_param("branch.activity_duration_h", "3", "h", open_closed(0, 168),
                 "how long a branch's own activity holds its venue",
                 bind(&S::branch, &BranchParams::activity_duration_h)),
      real_param("branch.youth_contacts_per_quarter", "25", "youth/quarter", closed(0, 100000),
                 "youths a branch contacts per calendar quarter (91.25 days) at effort 1",
                 bind(&S::branch, &BranchParams::youth_contacts_per_quarter)),

      // [inspection]
      int_param("inspection.groups", "7", "group", 1, 1000, "inspection groups, one per area",
                bind(&S::inspection, &InspectionParams::groups)),
      real_param("inspection.weight_orders", "0.15", "weight", closed(0, 1),
                 "score weight of orders placed in the branch",
                 bind(&S::inspection, &InspectionParams::weight_orders)),
      real_param("inspection.weight_answered", "0.2", "weight", closed(0, 1),
                 "score weight of the share of its orders answered on time",
                 bind(&S::inspection, &InspectionParams::weight_answered)),
      real_param("inspection.weight_activities", "0.2", "weight", closed(0, 1),
                 "score weight of activities held",
                 bind(&S::inspection, &InspectionParams::weight_activities)),
      real_param("inspection.weight_contacts", "0.15", "weight", closed(0, 1),
                 "score weight of youth contacts",
                 bind(&S::inspection, &InspectionParams::weight_contacts)),
      real_param("inspection.weight_duty", "0.1", "weight", closed(0, 1),
                 "score weight of duty attendance in its town",
                 bind(&S::inspection, &InspectionParams::weight_duty)),
      real_param("inspection.weight_satisfaction", "0.2", "weight", closed(0, 1),
                 "score weight of the satisfaction of its served orders",
                 bind(&S::inspection, &InspectionParams::weight_satisfaction)),
      real_param("inspection.group_bias_sd", "2", "point", closed(0, 100),
                 "spread of each inspection group's persistent bias",
                 bind(&S::inspection, &InspectionParams::group_bias_sd)),
      real_param("inspection.visit_noise_sd", "3", "point", closed(0, 100),
                 "noise of each inspection visit",
                 bind(&S::inspection, &InspectionParams::visit_noise_sd)),
      choice_param("inspection.ranking", "district", {"district", "area"},
                   "rank branches district-wide or within each area",
                   bind(&S::inspection, &InspectionParams::ranking)),

      // [tiers]
      choice_param("tiers.scheme", "rank_share", {"rank_share", "score_cutoff"},
                   "how the rank or score sets the allowance tier",
                   bind(&S::tiers, &core::TierScheme::kind)),
      real_list_param("tiers.shares", "0.2,0.3,0.3,0.2", "share", items(1, 20), open_closed(0, 1),
                      "share of ranked branches in each tier, top first",
                      bind(&S::tiers, &core::TierScheme::shares)),
      real_list_param("tiers.score_cutoffs", "80,65,50", "point", strictly_decreasing(items(0, 19)),
                      any_real(), "minimum score of each tier but the last, top first",
                      bind(&S::tiers, &core::TierScheme::score_cutoffs)),
      real_list_param("tiers.amounts_yuan", "1500,1200,900,600", "yuan/quarter", items(1, 20),
                      closed(0, 1e7),
                      "allowance of each tier per calendar quarter, top first; its length is the "
                      "number of tiers",
                      bind(&S::tiers, &core::TierScheme::amounts_yuan)),

      // [incubation]
      real_param("incubation.threshold", "0.8", "rate", closed(0, 1),
                 "the two rates must reach this for incubation",
                 bind(&S::incubation, &core::IncubationRule::threshold)),
      choice_param("incubation.combine", "both", {"both", "mean", "weighted"},
                   "how the two rates combine against the threshold",
                   bind(&S::incubation, &core::IncubationRule::combine)),
      real_param("incubation.attraction_weight", "0.5", "weight", closed(0, 1),
                 "weight of attraction when combine = weighted",
                 bind(&S::incubation, &core::IncubationRule::attraction_weight)),
      int_param("incubation.min_evaluations", "1", "evaluation", 1, 1000000,
                "fewer evaluations: \"not enough data\", not denied",
                bind(&S::incubation, &core::IncubationRule::min_evaluations)),
      choice_param("incubation.estimator", "raw", {"raw", "wilson", "bayes", "wilson_upper"},
                   "how each rate is estimated from the year's counts: the ratio (the seed), the "
                   "Wilson lower bound, a Beta-prior posterior mean, or the Wilson upper bound "
                   "(the benefit of the doubt)",
                   bind(&S::incubation, &core::IncubationRule::estimator)),
      real_param("incubation.wilson_confidence", "0.95", "probability", open(0, 1),
                 "confidence of the Wilson interval when estimator = wilson or wilson_upper",
                 bind(&S::incubation, &core::IncubationRule::wilson_confidence)),
      real_param("incubation.prior_mean", "0.8", "rate", closed(0, 1),
                 "mean of the Beta prior when estimator = bayes",
                 bind(&S::incubation, &core::IncubationRule::prior_mean)),
      real_param("incubation.prior_strength", "10", "person", closed(0, 1000000),
                 "weight of the Beta prior, in people (or votes), when estimator = bayes",
                 bind(&S::incubation, &core::IncubationRule::prior_strength)),
      choice_param("incubation.pooling", "pooled", {"pooled", "per_event"},
                   "the year's pooled counts, or the mean of each service's own ratio (raw only)",
                   bind(&S::incubation, &core::IncubationRule::pooling)),

      // [truth]
      real_param("truth.threshold", "0.8", "rate", closed(0, 1),
                 "the reference standard: an organization is good when its true qualities reach "
                 "this (the same for every policy of a sweep)",
                 bind(&S::truth, &core::ReferenceStandard::threshold)),
      choice_param("truth.combine", "both", {"both", "mean", "weighted"},
                   "the reference standard: how the two true qualities combine against "
                   "truth.threshold",
                   bind(&S::truth, &core::ReferenceStandard::combine)),
      real_param("truth.attraction_weight", "0.5", "weight", closed(0, 1),
                 "the reference standard: weight of attraction when truth.combine = weighted",
                 bind(&S::truth, &core::ReferenceStandard::attraction_weight)),
      choice_param("truth.waits", "excluded", {"excluded", "included"},
                   "the reference standard judges the true qualities alone (excluded), or as the "
                   "public experienced them, lowered by the year's waits (included)",
                   bind(&S::truth, &core::ReferenceStandard::waits)),

      // [behaviour]
      choice_param("behaviour.leader", "fixed", {"fixed", "adaptive", "tournament"},
                   "how part-time leaders choose their effort each quarter: fixed at "
                   "branch.leader_effort, adaptive to the allowance received, or a tournament "
                   "best response to the ranking",
                   bind(&S::behaviour, &BehaviourParams::leader)),
      real_param("behaviour.effort_min", "0.2", "ratio", closed(0, 10),
                 "lowest effort an adaptive or tournament leader chooses",
                 bind(&S::behaviour, &BehaviourParams::effort_min)),
      real_param("behaviour.effort_max", "2", "ratio", closed(0, 10),
                 "highest effort an adaptive or tournament leader chooses",
                 bind(&S::behaviour, &BehaviourParams::effort_max)),
      real_param("behaviour.reference_allowance_yuan", "1000", "yuan/quarter", open_closed(0, 1e9),
                 "adaptive: the quarterly allowance at which a leader keeps effort 1 (effort "
                 "tends to allowance / this)",
                 bind(&S::behaviour, &BehaviourParams::reference_allowance_yuan)),
      real_param("behaviour.adaptation_rate", "0.5", "share", closed(0, 1),
                 "adaptive: share of the gap to the effort the allowance pays for closed each "
                 "quarter",
                 bind(&S::behaviour, &BehaviourParams::adaptation_rate)),
      real_param("behaviour.effort_cost_yuan", "400", "yuan/quarter", open_closed(0, 1e9),
                 "tournament: a leader's personal cost of effort e is c*e^2/2 per quarter",
                 bind(&S::behaviour, &BehaviourParams::effort_cost_yuan)),
      choice_param("behaviour.effort_points", "derived", {"derived", "fixed"},
                   "tournament: the points a leader expects one unit of effort to add: derived "
                   "each quarter from the inspection's weights and its own last activities and "
                   "contacts components, or fixed at behaviour.points_per_effort",
                   bind(&S::behaviour, &BehaviourParams::effort_points)),
      real_param("behaviour.points_per_effort", "15", "point", closed(0, 100),
                 "tournament with effort_points = fixed: score points a leader expects one "
                 "unit of effort to add",
                 bind(&S::behaviour, &BehaviourParams::points_per_effort)),
      real_param("behaviour.score_uncertainty", "5", "point", open_closed(0, 100),
                 "tournament: spread of a leader's forecast of its own score",
                 bind(&S::behaviour, &BehaviourParams::score_uncertainty)),
      choice_param("behaviour.organization", "fixed", {"fixed", "protective"},
                   "whether social organizations near the threshold turn down orders expected "
                   "to score badly",
                   bind(&S::behaviour, &BehaviourParams::organization)),
      real_param("behaviour.protect_margin", "0.05", "rate", closed(0, 1),
                 "protective: organizations whose standing is below threshold + margin protect "
                 "their rates",
                 bind(&S::behaviour, &BehaviourParams::protect_margin)),
      real_param("behaviour.decline_hit", "0.1", "rate", closed(0, 1),
                 "protective: an order expected to score more than this below the "
                 "organization's standing is declined",
                 bind(&S::behaviour, &BehaviourParams::decline_hit)),
      int_param("behaviour.offers_per_order", "3", "organization", 1, 100,
                "protective: organizations an order is offered to before the district committee "
                "takes it",
                bind(&S::behaviour, &BehaviourParams::offers_per_order)),
      choice_param("behaviour.public", "fixed", {"fixed", "trust"},
                   "whether the public orders more where service was good and follows the "
                   "published ranking",
                   bind(&S::behaviour, &BehaviourParams::public_model)),
      real_param("behaviour.trust_memory", "0.95", "weight", closed(0, 1),
                 "trust: weight a branch's public keeps of its old trust at each served order",
                 bind(&S::behaviour, &BehaviourParams::trust_memory)),
      real_param("behaviour.trust_max", "1.25", "ratio", closed(1, 10),
                 "trust: the most a branch's public demand can grow, as a multiple of the "
                 "scenario's",
                 bind(&S::behaviour, &BehaviourParams::trust_max)),
      real_param("behaviour.trust_reference", "0.8", "rate", open(0, 1),
                 "trust: satisfaction at which a branch's public demand stays as it is",
                 bind(&S::behaviour, &BehaviourParams::trust_reference)),
      real_param("behaviour.ranking_pull", "0.3", "share", closed(0, 1),
                 "trust: share of online public orders that ask for the top-ranked capable "
                 "organization",
                 bind(&S::behaviour, &BehaviourParams::ranking_pull)),
      choice_param("behaviour.roster", "fixed", {"fixed", "fatigue"},
                   "whether people on the duty rota miss or swap shifts when their load is high",
                   bind(&S::behaviour, &BehaviourParams::roster)),
      real_param("behaviour.fatigue_window_days", "28", "day", open_closed(0, 365),
                 "fatigue: duty hours are counted over this many past days",
                 bind(&S::behaviour, &BehaviourParams::fatigue_window_days)),
      real_param("behaviour.fatigue_hours", "20", "h", open_closed(0, 10000),
                 "fatigue: duty hours in the window beyond which a member tires",
                 bind(&S::behaviour, &BehaviourParams::fatigue_hours)),
      real_param("behaviour.fatigue_miss_slope", "0.5", "probability", closed(0, 10),
                 "fatigue: extra probability of missing a shift per fatigue_hours beyond them",
                 bind(&S::behaviour, &BehaviourParams::fatigue_miss_slope)),
      real_param("behaviour.swap_share", "0.5", "share", closed(0, 1),
                 "fatigue: share of fatigued misses that a less-loaded colleague covers",
                 bind(&S::behaviour, &BehaviourParams::swap_share)),

      // [succession]
      real_param("succession.denied_exit_prob", "0.5", "probability", closed(0, 1),
                 "run.years > 1: a denied organization leaves at the year end with this "
                 "probability",
                 bind(&S::succession, &SuccessionParams::denied_exit_prob)),
      real_param("succession.denied_staff_share", "0.5", "share", closed(0, 1),
                 "run.years > 1: a denied organization that stays keeps this share of its staff "
                 "(at least 1)",
                 bind(&S::succession, &SuccessionParams::denied_staff_share)),
      real_param("succession.entrants_per_exit", "1", "organization", closed(0, 10),
                 "run.years > 1: new organizations entering for each one that leaves",
                 bind(&S::succession, &SuccessionParams::entrants_per_exit)),

      // [warnings]
      real_param("warnings.backlog_share", "0.1", "share", open_closed(0, 1),
                 "warn when more than this share of an assignee kind's orders is still open at "
                 "the run's end",
                 bind(&S::warnings, &WarningParams::backlog_share)),
      real_param("warnings.wait_growth_ratio", "2", "ratio", at_least(1),
                 "warn when an assignee kind's mean wait (open orders counted to the run's end) "
                 "in the run's second half exceeds this multiple of the first half's",
                 bind(&S::warnings, &WarningParams::wait_growth_ratio)),
      int_param("warnings.min_orders", "20", "order", 1, 1000000000,
                "an assignee kind with fewer orders in the run is not judged for warnings",
                bind(&S::warnings, &WarningParams::min_orders)),
  };
}

// ---- Text helpers ----------------------------------------------------------------------------

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// Items of a comma-separated list, each trimmed. An empty text is an empty list, so that a
// list that may be empty (tiers.score_cutoffs with one tier) can be written as "key =".
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> parts;
  if (trim(text).empty()) return parts;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    parts.push_back(trim(std::string_view(text).substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parts;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. Names end up in
// HDF5 string datasets declared UTF-8, so broken bytes must be stopped here.
bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code = byte & 0x1Fu;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code = byte & 0x0Fu;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code = byte & 0x07u;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

// Why a text cannot be a name (string value or string-list item), or "" if it can.
std::string name_problem(const std::string& text) {
  if (text.empty()) return "is empty";
  if (!is_valid_utf8(text)) return "is not valid UTF-8";
  // A NUL would cut the text stored in the run file, a line end would break its INI text.
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F)
      return "contains a control character (code " + std::to_string(byte) +
             "), which a scenario file cannot hold";
  }
  // Boost's INI reader cuts a line at '#', so such a value could not be written back.
  if (text.find('#') != std::string::npos) return "contains '#', which starts an INI comment";
  return "";
}

bool within(double x, const RealBounds& bounds) {
  if (bounds.zero_too && x == 0.0) return true;
  const bool above_min = bounds.min_open ? x > bounds.min : x >= bounds.min;
  const bool below_max = bounds.max_open ? x < bounds.max : x <= bounds.max;
  return above_min && below_max;
}

bool has_bounds(const RealBounds& bounds) {
  return std::isfinite(bounds.min) || std::isfinite(bounds.max);
}

// "[0, 1]", "(0, 1000]", ">= 0", "any number", "0 or [1, 8760]".
std::string bounds_text(const RealBounds& bounds) {
  if (bounds.zero_too) {
    RealBounds rest = bounds;
    rest.zero_too = false;
    return "0 or " + bounds_text(rest);
  }
  const bool has_min = std::isfinite(bounds.min);
  const bool has_max = std::isfinite(bounds.max);
  if (has_min && has_max) {
    return std::string(bounds.min_open ? "(" : "[") + format_real(bounds.min) + ", " +
           format_real(bounds.max) + (bounds.max_open ? ")" : "]");
  }
  if (has_min) return std::string(bounds.min_open ? "> " : ">= ") + format_real(bounds.min);
  if (has_max) return std::string(bounds.max_open ? "< " : "<= ") + format_real(bounds.max);
  return "any number";
}

// "exactly 24", "1..20", "at least 1".
std::string count_text(const ListRule& rule) {
  if (rule.min_items == rule.max_items) return "exactly " + std::to_string(rule.min_items);
  if (rule.max_items == std::numeric_limits<std::size_t>::max()) {
    return "at least " + std::to_string(rule.min_items);
  }
  return std::to_string(rule.min_items) + ".." + std::to_string(rule.max_items);
}

std::string unit_suffix(const ParamSpec& spec) {
  return spec.unit == "-" ? "" : " (unit: " + spec.unit + ")";
}

std::string item_label(std::size_t index, const std::string& item) {
  return "item " + std::to_string(index + 1) + " " + quoted(item);
}

// ---- Checks of one value, by type ------------------------------------------------------------

void check_count(const ParamSpec& spec, std::size_t count, const char* noun,
                 std::vector<std::string>& problems) {
  if (count < spec.list.min_items || count > spec.list.max_items) {
    problems.push_back("has " + std::to_string(count) + " " + noun + ", expected " +
                       count_text(spec.list));
  }
}

// A list's items are checked one by one only when their number is allowed (50,000 items
// checked for repeats used to take a minute and gigabytes of messages), and at most this many
// problems are listed for one value, then how many more there are.
constexpr std::size_t kItemProblemsListed = 20;

void cap_item_problems(std::vector<std::string>& problems) {
  if (problems.size() <= kItemProblemsListed) return;
  const std::size_t more = problems.size() - kItemProblemsListed;
  problems.resize(kItemProblemsListed);
  problems.push_back("and " + std::to_string(more) + " more problems with its items");
}

ParsedValue parse_string_list(const ParamSpec& spec, const std::string& text) {
  ParsedValue out;
  const std::vector<std::string> names = split_list(text);
  check_count(spec, names.size(), "items", out.problems);
  if (names.size() > spec.list.max_items) return out;
  std::unordered_map<std::string, std::size_t> first_seen;  // name -> its first item
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string problem = name_problem(names[i]);
    if (!problem.empty()) {
      out.problems.push_back("item " + std::to_string(i + 1) + " " + problem);
      continue;
    }
    if (!spec.choices.empty() &&
        std::find(spec.choices.begin(), spec.choices.end(), names[i]) == spec.choices.end()) {
      out.problems.push_back(item_label(i, names[i]) + " is not an allowed item");
    }
    if (spec.list.unique) {
      const auto [earlier, first] = first_seen.emplace(names[i], i);
      if (!first)
        out.problems.push_back(item_label(i, names[i]) + " repeats item " +
                               std::to_string(earlier->second + 1));
    }
  }
  cap_item_problems(out.problems);
  if (out.problems.empty()) out.value = names;
  return out;
}

ParsedValue parse_real_list(const ParamSpec& spec, const std::string& text) {
  ParsedValue out;
  const std::vector<std::string> items_text = split_list(text);
  check_count(spec, items_text.size(), "values", out.problems);
  if (items_text.size() > spec.list.max_items) return out;
  std::vector<double> values;
  for (std::size_t i = 0; i < items_text.size(); ++i) {
    std::string problem;
    const std::optional<double> value = to_real(items_text[i], problem);
    if (!value) {
      out.problems.push_back(item_label(i, items_text[i]) + ": " + problem);
    } else if (!within(*value, spec.real)) {
      out.problems.push_back(item_label(i, items_text[i]) + ": out of range");
    } else {
      values.push_back(*value);
    }
  }
  cap_item_problems(out.problems);
  if (!out.problems.empty()) return out;
  double sum = 0;
  for (double value : values) sum += value;
  if (spec.list.positive_sum && !(sum > 0)) out.problems.push_back("values sum to 0");
  for (std::size_t i = 1; i < values.size(); ++i) {
    if (spec.list.strictly_decreasing && !(values[i] < values[i - 1])) {
      out.problems.push_back("not strictly decreasing: " + item_label(i, items_text[i]) +
                             " is not below item " + std::to_string(i));
    }
  }
  cap_item_problems(out.problems);
  if (out.problems.empty()) out.value = values;
  return out;
}

}  // namespace

// ---- Public functions ------------------------------------------------------------------------

const char* to_string(ParamType type) {
  switch (type) {
    case ParamType::kInt:
      return "int";
    case ParamType::kReal:
      return "real";
    case ParamType::kString:
      return "string";
    case ParamType::kStringList:
      return "string-list";
    case ParamType::kRealList:
      return "real-list";
    case ParamType::kChoice:
      return "choice";
  }
  return "?";
}

std::string ParamSpec::section() const { return key.substr(0, key.find('.')); }

std::string ParamSpec::name() const {
  const auto dot = key.find('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

const std::vector<ParamSpec>& parameter_catalogue() {
  static const std::vector<ParamSpec> catalogue = build_catalogue();
  return catalogue;
}

const std::vector<std::string>& catalogue_sections() {
  static const std::vector<std::string> sections = [] {
    std::vector<std::string> names;
    for (const ParamSpec& spec : parameter_catalogue()) {
      if (names.empty() || names.back() != spec.section()) names.push_back(spec.section());
    }
    return names;
  }();
  return sections;
}

const ParamSpec* find_parameter(const std::string& key) {
  for (const ParamSpec& spec : parameter_catalogue()) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::string range_text(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::kInt:
      return "[" + std::to_string(spec.int_min) + ", " + std::to_string(spec.int_max) + "]";
    case ParamType::kReal:
      return bounds_text(spec.real);
    case ParamType::kString:
      return spec.text_form.empty() ? "non-empty" : spec.text_form;
    case ParamType::kChoice:
      return join(spec.choices, ", ");
    case ParamType::kStringList: {
      std::string text = count_text(spec.list) + (spec.list.unique ? " unique" : "");
      if (spec.choices.empty()) return text + " non-empty names";
      return text + " items from " + join(spec.choices, ", ");
    }
    case ParamType::kRealList: {
      std::string text = count_text(spec.list) + " values";
      if (has_bounds(spec.real)) {
        const std::string bounds = bounds_text(spec.real);
        text += bounds[0] == '[' || bounds[0] == '(' ? ", each in " + bounds : ", each " + bounds;
      }
      if (spec.list.positive_sum) text += ", sum > 0";
      if (spec.list.strictly_decreasing) text += ", strictly decreasing";
      return text;
    }
  }
  return "";
}

std::string allowed_text(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::kInt:
      return "an integer in " + range_text(spec) + unit_suffix(spec);
    case ParamType::kReal:
      return "a number in " + range_text(spec) + unit_suffix(spec);
    case ParamType::kString:
      return "non-empty UTF-8 text without '#' or control characters";
    case ParamType::kChoice:
      return "one of " + range_text(spec);
    case ParamType::kStringList:
      return "a comma-separated list of " + range_text(spec) + unit_suffix(spec);
    case ParamType::kRealList:
      return "a comma-separated list of " + range_text(spec) + unit_suffix(spec);
  }
  return "";
}

ParsedValue parse_value(const ParamSpec& spec, const std::string& text) {
  const std::string value_text = trim(text);
  ParsedValue out;
  std::string problem;
  switch (spec.type) {
    case ParamType::kInt:
      if (const auto value = to_int(value_text, problem)) {
        if (*value < spec.int_min || *value > spec.int_max) {
          problem = "out of range";
        } else {
          out.value = *value;
        }
      }
      break;
    case ParamType::kReal:
      if (const auto value = to_real(value_text, problem)) {
        if (!within(*value, spec.real)) {
          problem = "out of range";
        } else {
          out.value = *value;
        }
      }
      break;
    case ParamType::kString:
      problem = name_problem(value_text);
      if (problem.empty()) {
        out.value = value_text;
      } else {
        problem = "value " + problem;
      }
      break;
    case ParamType::kChoice: {
      const auto found = std::find(spec.choices.begin(), spec.choices.end(), value_text);
      if (found == spec.choices.end()) {
        problem = "not a valid choice";
      } else {
        out.value = static_cast<std::int64_t>(found - spec.choices.begin());
      }
      break;
    }
    case ParamType::kStringList:
      return parse_string_list(spec, value_text);
    case ParamType::kRealList:
      return parse_real_list(spec, value_text);
  }
  if (!problem.empty()) out.problems.push_back(problem);
  return out;
}

std::string format_value(const ParamSpec& spec, const ParamValue& value) {
  switch (spec.type) {
    case ParamType::kInt:
      return std::to_string(std::get<std::int64_t>(value));
    case ParamType::kReal:
      return format_real(std::get<double>(value));
    case ParamType::kString:
      return std::get<std::string>(value);
    case ParamType::kChoice:
      return spec.choices.at(static_cast<std::size_t>(std::get<std::int64_t>(value)));
    case ParamType::kStringList:
      return join(std::get<std::vector<std::string>>(value), ",");
    case ParamType::kRealList: {
      std::vector<std::string> parts;
      for (double item : std::get<std::vector<double>>(value)) parts.push_back(format_real(item));
      return join(parts, ",");
    }
  }
  return "";
}

std::string format_real(double x) {
  // Both forms are the shortest that reads back exactly; fixed is easier to read unless the
  // number is huge or tiny (fixed 1e-300 would need 300 digits).
  char buffer[64];
  const auto fixed = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed);
  if (fixed.ec == std::errc() && fixed.ptr - buffer <= 24) return std::string(buffer, fixed.ptr);
  const auto shortest = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, shortest.ptr);
}

}  // namespace orgsim::config
