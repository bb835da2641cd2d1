#pragma once
// The year in numbers: what `orgsim run` prints as a table or as JSON.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/order.hpp"
#include "core/stats.hpp"

namespace orgsim::results {

struct QuarterTiers {
  std::vector<std::int64_t> branches_per_tier;  // top tier first
  double allowance_yuan = 0.0;
};

struct Summary {
  std::string scenario_name;
  std::int64_t seed = 0;
  std::string fingerprint;
  std::int64_t days = 0;
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
  std::int64_t escalated = 0;
  // Of the orders that came due, the share started within the deadline (the rest escalated).
  double answered_on_time_share = 1.0;
  // From the order's creation (a walk-in who waited for a service point to open counts that
  // wait too) to the service start, and to its end for served orders.
  core::Distribution wait_h;
  core::Distribution response_h;
  double attraction_rate = 0.0;  // pooled over every evaluated service
  double satisfaction_rate = 0.0;

  // Social organizations
  core::Distribution org_attraction;  // annual rates of organizations with data
  core::Distribution org_satisfaction;
  double threshold = 0.0;
  std::string combine;
  std::string estimator;  // raw, wilson or bayes
  std::string pooling;    // pooled or per_event
  std::int64_t incubated = 0, denied = 0, insufficient_data = 0;
  std::int64_t truly_good = 0;   // organizations the rule passes on their true qualities
  std::int64_t good_denied = 0;  // denied although the rule passes on its true qualities

  // Branches
  std::vector<QuarterTiers> tiers;
  double allowance_total_yuan = 0.0;
  std::int64_t activities_held = 0, activities_cancelled_no_venue = 0,
               activities_cancelled_no_money = 0;

  // Duty rota
  core::Distribution official_duty_h;  // hours on duty per official over the year
  std::int64_t shifts = 0, shifts_missed = 0;
  double point_hours_staffed = 0.0;
  double budget_spent_yuan = 0.0, fund_spent_yuan = 0.0;

  double wall_seconds = 0.0;
};

std::string format_summary_table(const Summary& s);
// One JSON object. Its bytes depend only on the summary; wall_seconds is the last key, so two
// runs of the same inputs differ only on that line.
std::string format_summary_json(const Summary& s);

}  // namespace orgsim::results
