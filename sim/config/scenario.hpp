#pragma once
// The typed scenario: every parameter of a simulated year. Field defaults live in ONE place,
// the parameter catalogue (parameter_catalogue.cpp), which also holds each parameter's key,
// unit, range and description; a Scenario is only ever built by the loader from that catalogue.
// Time is in hours; money in yuan. Counts marked "at scale 1" are multiplied by district.scale.
#include <cstdint>
#include <string>
#include <vector>

#include "core/inspection_score.hpp"
#include "core/reference_standard.hpp"
#include "core/tiers.hpp"
#include "core/two_rates.hpp"

namespace orgsim::config {

enum class DispatchRule { kShortestQueue, kRandom, kRoundRobin, kBestRated, kAllianceFirst };
enum class TieBreak { kLeastRecent, kLowestIndex };
enum class DurationModel { kExponential, kLognormal };
enum class StaffModel { kPoisson, kFixed };
enum class RankingScope { kDistrict, kArea };
enum class LeaderModel { kFixed, kAdaptive, kTournament };
enum class EffortPoints { kDerived, kFixed };
enum class OrganizationModel { kFixed, kProtective };
enum class PublicModel { kFixed, kTrust };
enum class RosterModel { kFixed, kFatigue };

struct RunParams {
  std::int64_t seed;       // base seed of every random stream
  std::int64_t days;       // length of each simulated year; day 0 is a Monday
  std::int64_t years;      // years simulated one after another (organizations and leaders carry on)
  std::string name;        // scenario name (UTF-8)
  std::string start_date;  // calendar date of day 0, YYYY-MM-DD (a Monday); "none": day numbers
};

struct DistrictParams {
  std::string name;                 // district name (UTF-8)
  std::vector<std::string> towns;   // names of towns and streets (镇街), at scale 1
  std::int64_t branches;            // village and community branches, at scale 1
  std::int64_t areas;               // inspection areas (片区)
  double scale;                     // multiplies every population and demand
  std::int64_t officials_per_town;  // officials sharing league work in each town
  std::int64_t committee_staff;     // district committee staff who handle special needs
  std::int64_t social_orgs;         // social organizations and service teams, at scale 1
  std::int64_t partner_units;       // partner units (共建结对单位), at scale 1
  std::int64_t alliances;           // league-building alliances (团建联盟), at scale 1
};

struct DemandParams {
  double public_orders_per_branch_week;  // the public's orders, per branch per week
  double offline_share;                  // share of public orders placed in person
  double menu_orders_per_branch_week;    // orders of the league's menu items
  std::int64_t menu_items;               // signature services on the menu (服务清单)
  double campaigns_per_year;             // party-government campaigns (专项行动)
  double campaign_branch_share;          // share of branches one campaign places an order for
  double campaign_spread_days;           // a campaign's orders arrive over this many days
  double immediate_share;                // share of public orders that are immediate items
  double special_share;                  // share of public orders that are special needs
  std::vector<std::string> categories;   // service categories (UTF-8 names)
  // The categories' Chinese labels, one per category (empty: the names themselves), for the
  // Chinese story, explanations and report.
  std::vector<std::string> category_labels_zh;
  std::vector<double> hourly_profile;  // 24 relative arrival weights, hour 0..23
  std::vector<double> weekly_profile;  // 7 relative arrival weights, Monday..Sunday
};

struct DispatchParams {
  DispatchRule rule;                  // which capable social organization gets an order
  TieBreak tie_break;                 // which of equally good organizations gets it
  double answer_deadline_h;           // not started within this: escalated (件件有回音)
  std::int64_t categories_per_org;    // categories each social organization can serve
  double committee_search_mean_h;     // mean time the committee takes to find resources
  double partner_meeting_interval_h;  // partner units plan their orders at meetings this often
};

struct RosterParams {
  std::int64_t service_points_per_town;    // staffed service points (便民服务中心) per town
  std::int64_t open_hour;                  // first hour of the duty day
  std::int64_t close_hour;                 // the duty day ends at this hour
  double shift_h;                          // length of one duty shift
  std::vector<std::string> open_weekdays;  // days the points open: mon..sun
  std::int64_t staff_per_shift;            // people on duty at a point during a shift
  std::int64_t org_members_per_org;        // core members of each social organization on the rota
  double absence_prob;                     // probability that a rostered person misses a shift
  double closed_wait_share;  // walk-ins at a closed point who wait for the next opening
  double closed_request_share;  // walk-ins at a closed point who leave their order there (自助点单)
};

struct ServiceParams {
  DurationModel duration_model;      // distribution of service durations
  double immediate_mean_h;           // mean service duration of immediate items
  double non_immediate_mean_h;       // mean service duration of non-immediate items
  double special_mean_h;             // mean service duration of special needs
  double duration_cv;                // coefficient of variation (lognormal only)
  double org_staff_mean;             // mean staff of a social organization (at least 1)
  StaffModel org_staff_model;        // poisson: 1 + Poisson(mean - 1); fixed: round(mean)
  std::int64_t partner_staff;        // staff of a partner unit who serve orders
  double attraction_quality_mean;    // mean true attraction quality of organizations
  double satisfaction_quality_mean;  // mean true satisfaction quality of organizations
  double quality_sd;                 // spread of true quality between organizations
  double people_targeted_mean;       // mean people one service targets
  double vote_share;                 // share of attendees who vote
  double wait_tolerance_h;           // rates decay as exp(-wait / tolerance)
};

struct ResourceParams {
  std::int64_t venues_per_street;  // venues in the shared database per town (阵地)
  double activity_share;           // share of immediate items that are activities
  double venue_wait_h;             // an activity waits this long for a venue, then cancels
  double activity_cost_mean_yuan;  // mean cost of one activity
  double budget_yuan;              // a town's league budget in the programme's first year
  double budget_growth;            // yearly growth of the budget
  std::int64_t programme_year;     // which year of the programme is simulated (1 = first)
  double fund_deposit_yuan;        // provident fund (党群公积金) deposit per branch
  double fund_payout_min;          // the fund pays out at least this ratio of deposits
  double fund_payout_max;          // ... and at most this ratio
};

struct BranchParams {
  double leader_effort;               // fixed effort of part-time leaders (1 = normal)
  double activities_per_quarter;      // a branch's own activities per quarter at effort 1
  double activity_duration_h;         // how long a branch activity holds its venue
  double youth_contacts_per_quarter;  // youths contacted per quarter at effort 1
};

struct InspectionParams {
  std::int64_t groups;         // inspection groups, one per area
  double weight_orders;        // score weight: orders placed in the branch
  double weight_answered;      // score weight: share of its orders answered on time
  double weight_activities;    // score weight: activities held
  double weight_contacts;      // score weight: youth contacts
  double weight_duty;          // score weight: duty attendance in its town
  double weight_satisfaction;  // score weight: satisfaction of its served orders
  double group_bias_sd;        // points: each group's persistent bias
  double visit_noise_sd;       // points: noise of each inspection visit
  RankingScope ranking;        // rank district-wide or within each area

  // The six weights in core::ScoreComponent order.
  core::ScoreWeights weights() const {
    return {weight_orders,   weight_answered, weight_activities,
            weight_contacts, weight_duty,     weight_satisfaction};
  }
};

// How people respond to the rules (docs/MODEL.md §13). Every model's "fixed" is the behaviour
// of the seed's rules with nobody responding.
struct BehaviourParams {
  LeaderModel leader;
  double effort_min;                // lowest effort a leader chooses
  double effort_max;                // highest effort a leader chooses
  double reference_allowance_yuan;  // adaptive: allowance at which a leader keeps effort 1
  double adaptation_rate;           // adaptive: share of the gap to the paid-for effort closed
  double effort_cost_yuan;          // tournament: personal cost of effort, c * e^2 / 2 a quarter
  EffortPoints effort_points;       // tournament: where the expected points per effort come from
  double points_per_effort;         // tournament (fixed): score points one unit of effort adds
  double score_uncertainty;         // tournament: spread of a leader's forecast of its own score
  OrganizationModel organization;
  double protect_margin;          // protective: standing below threshold + margin protects
  double decline_hit;             // protective: declines if expected rate < standing - this
  std::int64_t offers_per_order;  // organizations offered an order before the committee takes it
  PublicModel public_model;       // key behaviour.public
  double trust_memory;            // trust: weight kept of the old trust at each served order
  double trust_max;               // trust: the most a branch's demand can grow (multiple)
  double trust_reference;         // trust: satisfaction at which demand stays as it is
  double ranking_pull;            // trust: share of online public orders asking for the top-ranked
  RosterModel roster;
  double fatigue_window_days;  // fatigue: duty hours are counted over this window
  double fatigue_hours;        // fatigue: duty hours in the window that tire a member
  double fatigue_miss_slope;   // fatigue: extra miss probability per fatigue_hours beyond
  double swap_share;           // fatigue: share of fatigued misses a colleague covers
};

// What the incubation decision does to an organization's support in the years after
// (run.years > 1).
struct SuccessionParams {
  double denied_exit_prob;    // a denied organization leaves with this probability
  double denied_staff_share;  // a denied organization that stays keeps this share of its staff
  double entrants_per_exit;   // new organizations entering for each one that leaves
};

// When the summary warns that a run's queues do not settle (docs/MODEL.md §14.4).
struct WarningParams {
  double backlog_share;      // open at the run's end / the assignee kind's orders
  double wait_growth_ratio;  // second half's mean wait / first half's
  std::int64_t min_orders;   // an assignee kind with fewer orders is not judged
};

struct Scenario {
  RunParams run;
  DistrictParams district;
  DemandParams demand;
  DispatchParams dispatch;
  RosterParams roster;
  ServiceParams service;
  ResourceParams resources;
  BranchParams branch;
  InspectionParams inspection;
  core::TierScheme tiers;           // [tiers] scheme, shares, score_cutoffs, amounts_yuan
  core::IncubationRule incubation;  // [incubation] threshold, combine, weight, minimum
  core::ReferenceStandard truth;    // [truth] the standard every policy is judged against
  BehaviourParams behaviour;
  SuccessionParams succession;
  WarningParams warnings;
};

}  // namespace orgsim::config
