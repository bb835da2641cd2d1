#pragma once
// The year in numbers: what `orgsim run` prints as a table or as JSON.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/order.hpp"
#include "core/reference_standard.hpp"
#include "core/stats.hpp"
#include "results/queue_health.hpp"

namespace orgsim::results {

struct QuarterTiers {
  std::vector<std::int64_t> branches_per_tier;  // top tier first
  double allowance_yuan = 0.0;
  std::int64_t changed_by_noise = 0;  // branches whose tier differs from tier_without_noise
  std::int64_t leaders_at_floor = 0;  // adaptive or tournament leaders at behaviour.effort_min
  double effort_sum = 0.0;            // leaders' effort, summed over the inspected branches
  std::int64_t inspected = 0;         // branches inspected in the quarter
  // The mean effort of the leaders inspected in the quarter (NaN: none was).
  double leader_effort_mean() const;
};

// Incubation decisions and what they did, over one year or over every year.
struct IncubationCounts {
  std::int64_t incubated = 0, denied = 0, not_enough_data = 0;
  // Against the reference standard ([truth]), the same for every policy of a sweep:
  std::int64_t meets_standard = 0;            // organizations good by the standard
  std::int64_t good_denied = 0;               // good by the standard, denied
  std::int64_t good_not_enough_data = 0;      // good by the standard, left undecided
  std::int64_t below_standard_incubated = 0;  // below the standard, incubated
  // Against the run's own rule applied to the true qualities (moves with the policy):
  std::int64_t own_rule_good = 0;               // the rule passes on the true qualities
  std::int64_t own_rule_wrongly_denied = 0;     // denied although own_rule_good
  std::int64_t own_rule_wrongly_incubated = 0;  // incubated although not own_rule_good
  std::int64_t exited = 0, shrunk = 0;          // support after the decision (run.years > 1)
  std::int64_t decisions() const { return incubated + denied + not_enough_data; }
  std::int64_t below_standard() const { return decisions() - meets_standard; }
};

struct Summary {
  std::string scenario_name;
  std::int64_t seed = 0;
  std::string fingerprint;
  // The effective scenario's digest (scenario_digest): what `orgsim sweep` compares to know a
  // finished run is the run its plan asks for, without opening the run file.
  std::string scenario_digest;
  std::int64_t days = 0;   // per year
  std::int64_t years = 1;  // run.years
  double scale = 1.0;
  std::string software_version;

  // Population
  std::int64_t towns = 0, branches = 0, social_orgs = 0, partner_units = 0, officials = 0,
               service_points = 0, actors = 0;

  // Orders
  std::int64_t orders_total = 0;
  std::array<std::int64_t, core::kFinalStateCount> by_state{};
  std::array<std::int64_t, core::kSourceCount> by_source{};
  std::array<std::int64_t, core::kChannelCount> by_channel{};
  std::array<std::int64_t, core::kKindCount> by_kind{};
  std::array<std::int64_t, core::kAssigneeKindCount> by_assignee{};  // the final assignee
  std::int64_t special_left_to_committee = 0;  // special orders the committee ended up with
  std::int64_t campaigns_started = 0;          // 专项行动 that placed at least one order
  std::vector<std::int64_t> by_category;       // orders per demand.categories entry
  // Orders created in each twelfth of a year (12 per year of the run), by source and channel.
  struct MonthOrders {
    std::array<std::int64_t, core::kSourceCount> by_source{};
    std::array<std::int64_t, core::kChannelCount> by_channel{};
  };
  std::vector<MonthOrders> by_month;
  std::vector<std::string> category_names;  // demand.categories, for the JSON keys
  std::int64_t escalated = 0;
  // Of the orders that came due, the share started within the deadline (the rest escalated).
  double answered_on_time_share = 0.0;
  // From the order's creation (a walk-in who waited for a service point to open counts that
  // wait too) to the service start, and to its end for served orders.
  core::Distribution wait_h;
  core::Distribution response_h;
  // The mean wait of every order that waited for service, an order still waiting at the run's
  // end counted as waiting until then (censored: a lower bound of its wait).
  std::int64_t wait_incl_open_count = 0;
  std::int64_t still_waiting_at_end = 0;
  double wait_incl_open_mean_h = 0.0;
  QueueTallies queues{};               // per assignee kind (index: core::AssigneeKind)
  std::vector<QueueWarning> warnings;  // queues that do not settle
  double attraction_rate = 0.0;        // pooled over every evaluated service
  double satisfaction_rate = 0.0;

  // Social organizations
  core::Distribution org_attraction;  // annual rates of organizations with data
  core::Distribution org_satisfaction;
  double threshold = 0.0;
  std::string combine;
  std::string estimator;                             // raw, wilson or bayes
  std::string pooling;                               // pooled or per_event
  core::ReferenceStandard standard;                  // [truth]
  IncubationCounts incubation;                       // every year's decisions together
  std::vector<IncubationCounts> incubation_by_year;  // year 1 first

  // Branches
  std::vector<QuarterTiers> tiers;  // one per quarter of the run: quarter q is in year q / 4
  double allowance_total_yuan = 0.0;
  // The inspectors' noise: branch-quarters whose tier it changed, and the allowance it moved
  // (the sum of the allowances paid above what the noise-free scores would have paid).
  std::int64_t noise_branch_quarters = 0, noise_changed = 0;
  double noise_allowance_moved_yuan = 0.0;
  std::int64_t activities_held = 0, activities_cancelled_no_venue = 0,
               activities_cancelled_no_money = 0;
  std::int64_t youth_contacts = 0;  // 1+100 联系青年: youths the branches contacted

  // Duty rota
  core::Distribution official_duty_h;  // hours on duty per official over the year
  std::int64_t shifts = 0, shifts_missed = 0;
  double point_hours_staffed = 0.0;
  double budget_spent_yuan = 0.0, fund_spent_yuan = 0.0;

  // Behaviour (docs/MODEL.md §13): the models' words and what they did.
  std::string leader_model, organization_model, public_model, roster_model;
  double effort_floor = 0.0;               // behaviour.effort_min: a leader there has given up
  std::int64_t declines = 0;               // DeclineRecords: an organization turned an order down
  std::int64_t declined_orders = 0;        // orders declined at least once
  std::int64_t declined_to_committee = 0;  // of those, left to the district committee
  std::int64_t steered_orders = 0;         // online orders that asked for the top-ranked
  std::int64_t shifts_covered = 0;         // shifts a colleague covered (a swap)

  double wall_seconds = 0.0;
};

// part / whole, 0 when whole is 0 (the summary's shares).
double share(std::int64_t part, std::int64_t whole);

// Orders whose service never started (件件有回音 promises every order an answer), by why.
struct Unanswered {
  std::int64_t gave_up;
  std::int64_t cancelled_no_venue;
  std::int64_t cancelled_no_money;
  std::int64_t still_waiting;
  std::int64_t total() const {
    return gave_up + cancelled_no_venue + cancelled_no_money + still_waiting;
  }
};
Unanswered unanswered(const Summary& s);

std::string format_summary_table(const Summary& s);
// One JSON object: every key summary_schema.hpp declares, in the declared order. Its bytes
// depend only on the summary; wall_seconds is the last key, so two runs of the same inputs
// differ only on that line.
std::string format_summary_json(const Summary& s);

}  // namespace orgsim::results
