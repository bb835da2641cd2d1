#include <cstdio>
#include <sstream>
#include <string>

#include "results/json_writer.hpp"
#include "results/summary.hpp"

namespace orgsim::results {
namespace {

template <class Enum, std::size_t N>
void counts_object(JsonWriter& j, std::string_view key, const std::array<std::int64_t, N>& counts) {
  j.begin_object(key);
  for (std::size_t i = 0; i < N; ++i) j.value(core::to_string(static_cast<Enum>(i)), counts[i]);
  j.end_object();
}

void distribution_object(JsonWriter& j, std::string_view key, const core::Distribution& d) {
  j.begin_object(key)
      .value("count", d.count)
      .value("mean", d.mean)
      .value("sd", d.sd)
      .value("min", d.min)
      .value("p10", d.p10)
      .value("median", d.median)
      .value("p90", d.p90)
      .value("max", d.max)
      .end_object();
}

double share(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

void incubation_counts(JsonWriter& j, const IncubationCounts& c) {
  j.value("incubated", c.incubated)
      .value("denied", c.denied)
      .value("not_enough_data", c.not_enough_data)
      .value("meets_standard", c.meets_standard)
      .value("good_denied", c.good_denied)
      .value("good_denied_share", share(c.good_denied, c.meets_standard))
      .value("good_not_enough_data", c.good_not_enough_data)
      .value("below_standard", c.below_standard())
      .value("below_standard_incubated", c.below_standard_incubated)
      .value("below_standard_incubated_share",
             share(c.below_standard_incubated, c.below_standard()));
  j.begin_object("own_rule")
      .value("good", c.own_rule_good)
      .value("wrongly_denied", c.own_rule_wrongly_denied)
      .value("wrongly_incubated", c.own_rule_wrongly_incubated)
      .end_object();
  j.value("exited", c.exited).value("shrunk", c.shrunk);
}

// A mean that may be undefined (NaN) is written as null.
void queue_object(JsonWriter& j, core::AssigneeKind kind, const QueueTally& t) {
  j.begin_object(core::to_string(kind))
      .value("orders", t.orders)
      .value("open_at_end", t.open_at_end)
      .value("wait_first_half_h", t.mean_wait_h(0))
      .value("wait_second_half_h", t.mean_wait_h(1))
      .end_object();
}

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

template <class Enum, std::size_t N>
void counts_rows(std::ostringstream& out, const char* title,
                 const std::array<std::int64_t, N>& counts, std::int64_t total) {
  out << "  " << title << "\n";
  for (std::size_t i = 0; i < N; ++i) {
    const double share =
        total > 0 ? 100.0 * static_cast<double>(counts[i]) / static_cast<double>(total) : 0.0;
    char line[160];
    std::snprintf(line, sizeof line, "    %-22s %10lld  %5.1f%%\n",
                  core::to_string(static_cast<Enum>(i)), static_cast<long long>(counts[i]), share);
    out << line;
  }
}

void distribution_row(std::ostringstream& out, const char* title, const core::Distribution& d) {
  char line[200];
  std::snprintf(line, sizeof line, "    %-22s mean %9.2f  median %9.2f  p90 %9.2f  (n=%lld)\n",
                title, d.mean, d.median, d.p90, static_cast<long long>(d.count));
  out << line;
}

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

Unanswered unanswered(const Summary& s) {
  auto state = [&s](core::FinalState f) { return s.by_state[static_cast<std::size_t>(f)]; };
  return {state(core::FinalState::kGaveUp), state(core::FinalState::kCancelledNoVenue),
          state(core::FinalState::kCancelledNoMoney), s.still_waiting_at_end};
}

}  // namespace

std::string format_summary_json(const Summary& s) {
  JsonWriter j;
  j.begin_object();
  j.value("scenario", s.scenario_name)
      .value("seed", s.seed)
      .value("fingerprint", s.fingerprint)
      .value("scenario_digest", s.scenario_digest)
      .value("software_version", s.software_version)
      .value("days", s.days)
      .value("years", s.years)
      .value("scale", s.scale);
  j.begin_object("population")
      .value("towns", s.towns)
      .value("branches", s.branches)
      .value("social_orgs", s.social_orgs)
      .value("partner_units", s.partner_units)
      .value("officials", s.officials)
      .value("service_points", s.service_points)
      .value("actors", s.actors)
      .end_object();
  j.begin_object("orders").value("total", s.orders_total);
  counts_object<core::FinalState>(j, "by_state", s.by_state);
  counts_object<core::Source>(j, "by_source", s.by_source);
  counts_object<core::Channel>(j, "by_channel", s.by_channel);
  counts_object<core::Kind>(j, "by_kind", s.by_kind);
  counts_object<core::AssigneeKind>(j, "by_assignee", s.by_assignee);
  j.value("special_left_to_committee", s.special_left_to_committee);
  j.value("campaigns_started", s.campaigns_started);
  j.begin_object("by_category");
  for (std::size_t c = 0; c < s.by_category.size() && c < s.category_names.size(); ++c)
    j.value(s.category_names[c], s.by_category[c]);
  j.end_object();
  j.begin_array("by_month");
  for (std::size_t m = 0; m < s.by_month.size(); ++m) {
    j.begin_object().value("month", static_cast<std::int64_t>(m + 1));
    counts_object<core::Source>(j, "source", s.by_month[m].by_source);
    counts_object<core::Channel>(j, "channel", s.by_month[m].by_channel);
    j.end_object();
  }
  j.end_array();
  const auto offline = s.by_channel[static_cast<std::size_t>(core::Channel::kOffline)];
  j.value("offline_per_service_point",
          s.service_points > 0
              ? static_cast<double>(offline) / static_cast<double>(s.service_points)
              : 0.0);
  j.value("escalated", s.escalated).value("answered_on_time_share", s.answered_on_time_share);
  const Unanswered left = unanswered(s);
  j.begin_object("never_answered")
      .value("total", left.total())
      .value("gave_up", left.gave_up)
      .value("cancelled_no_venue", left.cancelled_no_venue)
      .value("cancelled_no_money", left.cancelled_no_money)
      .value("still_waiting_at_end", left.still_waiting)
      .end_object();
  distribution_object(j, "wait_h", s.wait_h);
  distribution_object(j, "response_h", s.response_h);
  j.begin_object("wait_incl_open_h")
      .value("count", s.wait_incl_open_count)
      .value("still_waiting_at_end", s.still_waiting_at_end)
      .value("mean", s.wait_incl_open_mean_h)
      .end_object();
  j.value("attraction_rate", s.attraction_rate).value("satisfaction_rate", s.satisfaction_rate);
  j.begin_object("queues");
  for (const auto kind : kQueuedAssigneeKinds)
    queue_object(j, kind, s.queues[static_cast<std::size_t>(kind)]);
  j.end_object();
  j.end_object();
  j.begin_object("organizations").value("count", s.social_orgs);
  distribution_object(j, "attraction", s.org_attraction);
  distribution_object(j, "satisfaction", s.org_satisfaction);
  j.end_object();
  j.begin_object("incubation")
      .value("threshold", s.threshold)
      .value("combine", s.combine)
      .value("estimator", s.estimator)
      .value("pooling", s.pooling);
  j.begin_object("standard")
      .value("threshold", s.standard.threshold)
      .value("combine", core::to_string(s.standard.combine))
      .value("attraction_weight", s.standard.attraction_weight)
      .value("waits", core::to_string(s.standard.waits))
      .end_object();
  incubation_counts(j, s.incubation);
  j.begin_array("by_year");
  for (std::size_t y = 0; y < s.incubation_by_year.size(); ++y) {
    j.begin_object().value("year", static_cast<std::int64_t>(y + 1));
    incubation_counts(j, s.incubation_by_year[y]);
    j.end_object();
  }
  j.end_array().end_object();
  j.begin_array("tiers");
  for (std::size_t q = 0; q < s.tiers.size(); ++q) {
    j.begin_object()
        .value("year", static_cast<std::int64_t>(q / 4 + 1))
        .value("quarter", static_cast<std::int64_t>(q + 1));
    j.begin_array("branches_per_tier");
    for (auto n : s.tiers[q].branches_per_tier) j.value("", n);
    j.end_array()
        .value("allowance_yuan", s.tiers[q].allowance_yuan)
        .value("changed_by_noise", s.tiers[q].changed_by_noise)
        .end_object();
  }
  j.end_array();
  j.value("allowance_total_yuan", s.allowance_total_yuan);
  j.begin_object("tier_noise")
      .value("branch_quarters", s.noise_branch_quarters)
      .value("changed", s.noise_changed)
      .value("changed_share", share(s.noise_changed, s.noise_branch_quarters))
      .value("allowance_moved_yuan", s.noise_allowance_moved_yuan)
      .end_object();
  j.begin_object("activities")
      .value("held", s.activities_held)
      .value("cancelled_no_venue", s.activities_cancelled_no_venue)
      .value("cancelled_no_money", s.activities_cancelled_no_money)
      .value("youth_contacts", s.youth_contacts)
      .value("budget_spent_yuan", s.budget_spent_yuan)
      .value("fund_spent_yuan", s.fund_spent_yuan)
      .end_object();
  j.begin_object("duty").value("shifts", s.shifts).value("shifts_missed", s.shifts_missed);
  distribution_object(j, "official_hours", s.official_duty_h);
  j.value("point_hours_staffed", s.point_hours_staffed).end_object();
  j.begin_object("behaviour")
      .value("leader", s.leader_model)
      .value("organization", s.organization_model)
      .value("public", s.public_model)
      .value("roster", s.roster_model);
  j.begin_array("leader_effort_mean");
  for (const auto& q : s.tiers) j.value("", q.leader_effort_mean());
  j.end_array().value("effort_floor", s.effort_floor);
  j.begin_array("leaders_at_floor");
  for (const auto& q : s.tiers) j.value("", q.leaders_at_floor);
  j.end_array()
      .value("declines", s.declines)
      .value("declined_orders", s.declined_orders)
      .value("declined_to_committee", s.declined_to_committee)
      .value("steered_orders", s.steered_orders)
      .value("shifts_covered", s.shifts_covered)
      .end_object();
  j.begin_array("warnings");
  for (const auto& w : s.warnings) j.value("", w.message());
  j.end_array();
  j.value("wall_seconds", s.wall_seconds);
  j.end_object();
  return j.str() + "\n";
}

std::string format_summary_table(const Summary& s) {
  std::ostringstream out;
  out << "orgsim " << s.software_version << " — scenario " << s.scenario_name << ", seed " << s.seed
      << ", " << (s.years > 1 ? std::to_string(s.years) + " years of " : std::string()) << s.days
      << " days, scale " << fmt("%g", s.scale) << "\n";
  out << "fingerprint " << s.fingerprint << "\n\n";
  for (const auto& w : s.warnings) out << "WARNING: " << w.message() << "\n";
  if (!s.warnings.empty()) out << "\n";
  out << "Population: " << s.towns << " towns, " << s.branches << " branches, " << s.social_orgs
      << " social organizations, " << s.partner_units << " partner units, " << s.officials
      << " officials, " << s.service_points << " service points\n\n";
  out << "Orders: " << s.orders_total << " (escalated " << s.escalated << ", answered on time "
      << fmt("%.1f", 100.0 * s.answered_on_time_share) << "%)\n";
  counts_rows<core::FinalState>(out, "by final state", s.by_state, s.orders_total);
  const Unanswered left = unanswered(s);
  out << "  never answered (件件有回音): " << left.total() << " (gave up at a closed point "
      << left.gave_up << ", activities cancelled for want of a venue " << left.cancelled_no_venue
      << " or of money " << left.cancelled_no_money << ", still waiting at the end "
      << left.still_waiting << ")\n";
  counts_rows<core::Source>(out, "by source", s.by_source, s.orders_total);
  counts_rows<core::Channel>(out, "by channel", s.by_channel, s.orders_total);
  counts_rows<core::Kind>(out, "by kind", s.by_kind, s.orders_total);
  out << "  times (hours)\n";
  distribution_row(out, "wait to start", s.wait_h);
  distribution_row(out, "response (to finish)", s.response_h);
  out << "    wait, open included    mean " << fmt("%9.2f", s.wait_incl_open_mean_h)
      << "  (n=" << s.wait_incl_open_count << ", " << s.still_waiting_at_end
      << " still waiting at the end, counted to the end)\n";
  out << "  still open at the end by assignee:";
  for (std::size_t k = 1; k < s.queues.size(); ++k)
    out << " " << core::to_string(static_cast<core::AssigneeKind>(k)) << " "
        << s.queues[k].open_at_end << "/" << s.queues[k].orders;
  out << "\n";
  out << "  evaluations: attraction rate " << fmt("%.3f", s.attraction_rate)
      << ", satisfaction rate " << fmt("%.3f", s.satisfaction_rate) << "\n\n";
  out << "Social organizations (annual two rates; threshold " << fmt("%.2f", s.threshold) << ", "
      << s.combine << ", " << s.estimator << " " << s.pooling << ")\n";
  distribution_row(out, "attraction", s.org_attraction);
  distribution_row(out, "satisfaction", s.org_satisfaction);
  const IncubationCounts& c = s.incubation;
  out << "    " << (s.years > 1 ? "all years: " : "") << "incubated " << c.incubated << ", denied "
      << c.denied << ", not enough data " << c.not_enough_data << "\n";
  out << "    against the standard (true qualities, " << core::to_string(s.standard.combine)
      << " >= " << fmt("%.2f", s.standard.threshold) << ", waits "
      << core::to_string(s.standard.waits) << "): " << c.meets_standard << " good, "
      << c.good_denied << " of them denied and " << c.good_not_enough_data << " undecided; "
      << c.below_standard() << " below, " << c.below_standard_incubated << " of them incubated\n";
  out << "    against its own rule on the true qualities: " << c.own_rule_good
      << " good, wrongly denied " << c.own_rule_wrongly_denied << ", wrongly incubated "
      << c.own_rule_wrongly_incubated << "; support after: exited " << c.exited << ", shrunk "
      << c.shrunk << "\n";
  if (s.years > 1) {
    for (std::size_t y = 0; y < s.incubation_by_year.size(); ++y) {
      const IncubationCounts& yc = s.incubation_by_year[y];
      out << "    year " << y + 1 << ": incubated " << yc.incubated << ", denied " << yc.denied
          << ", not enough data " << yc.not_enough_data << " (against the standard: good denied "
          << yc.good_denied << ", below incubated " << yc.below_standard_incubated << "); exited "
          << yc.exited << ", shrunk " << yc.shrunk << "\n";
    }
  }
  out << "\n";
  out << "Branch tiers per quarter (top tier first), allowance paid, tiers changed by noise\n";
  for (std::size_t q = 0; q < s.tiers.size(); ++q) {
    out << "    " << (s.years > 1 ? "Y" + std::to_string(q / 4 + 1) + " " : std::string()) << "Q"
        << q % 4 + 1 << ":";
    for (auto n : s.tiers[q].branches_per_tier) out << " " << n;
    out << "   " << fmt("%.0f", s.tiers[q].allowance_yuan) << " yuan, "
        << s.tiers[q].changed_by_noise << " changed by noise\n";
  }
  out << "    " << (s.years > 1 ? "all years" : "year") << ": "
      << fmt("%.0f", s.allowance_total_yuan) << " yuan\n";
  out << "    tier noise: " << s.noise_changed << " of " << s.noise_branch_quarters
      << " branch-quarters changed tier ("
      << fmt("%.1f", 100.0 * share(s.noise_changed, s.noise_branch_quarters)) << "%), "
      << fmt("%.0f", s.noise_allowance_moved_yuan) << " yuan moved\n";
  out << "Branch activities: held " << s.activities_held << ", cancelled for want of a venue "
      << s.activities_cancelled_no_venue << ", of money " << s.activities_cancelled_no_money
      << "; youth contacts " << s.youth_contacts << "\n";
  out << "Money spent: budget " << fmt("%.0f", s.budget_spent_yuan) << " yuan, provident fund "
      << fmt("%.0f", s.fund_spent_yuan) << " yuan\n\n";
  out << "Duty rota: " << s.shifts << " shifts, " << s.shifts_missed
      << " missed; service points staffed " << fmt("%.0f", s.point_hours_staffed) << " h\n";
  char line[200];
  std::snprintf(line, sizeof line,
                "    hours per official: mean %.1f, sd %.1f, min %.1f, max %.1f (n=%lld)\n",
                s.official_duty_h.mean, s.official_duty_h.sd, s.official_duty_h.min,
                s.official_duty_h.max, static_cast<long long>(s.official_duty_h.count));
  out << line;
  out << "\nBehaviour: leader " << s.leader_model << ", organization " << s.organization_model
      << ", public " << s.public_model << ", roster " << s.roster_model << "\n";
  out << "    leader effort per quarter:";
  for (const auto& q : s.tiers) out << " " << fmt("%.2f", q.leader_effort_mean());
  out << "\n    leaders who gave up (effort at " << fmt("%g", s.effort_floor) << ") per quarter:";
  for (const auto& q : s.tiers) out << " " << q.leaders_at_floor;
  out << "\n    declines " << s.declines << " (orders declined " << s.declined_orders
      << ", left to the committee " << s.declined_to_committee << "), steered orders "
      << s.steered_orders << ", shifts covered " << s.shifts_covered << "\n";
  out << "\nwall time " << fmt("%.3f", s.wall_seconds) << " s\n";
  return out.str();
}

}  // namespace orgsim::results
