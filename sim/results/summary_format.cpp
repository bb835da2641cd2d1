#include <cstdio>
#include <sstream>

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

}  // namespace

std::string format_summary_json(const Summary& s) {
  JsonWriter j;
  j.begin_object();
  j.value("scenario", s.scenario_name)
      .value("seed", s.seed)
      .value("fingerprint", s.fingerprint)
      .value("software_version", s.software_version)
      .value("days", s.days)
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
  j.value("escalated", s.escalated).value("answered_on_time_share", s.answered_on_time_share);
  distribution_object(j, "wait_h", s.wait_h);
  distribution_object(j, "response_h", s.response_h);
  j.value("attraction_rate", s.attraction_rate).value("satisfaction_rate", s.satisfaction_rate);
  j.end_object();
  j.begin_object("organizations").value("count", s.social_orgs);
  distribution_object(j, "attraction", s.org_attraction);
  distribution_object(j, "satisfaction", s.org_satisfaction);
  j.end_object();
  j.begin_object("incubation")
      .value("threshold", s.threshold)
      .value("combine", s.combine)
      .value("estimator", s.estimator)
      .value("pooling", s.pooling)
      .value("incubated", s.incubated)
      .value("denied", s.denied)
      .value("insufficient_data", s.insufficient_data)
      .value("truly_good", s.truly_good)
      .value("good_denied", s.good_denied)
      .end_object();
  j.begin_array("tiers");
  for (std::size_t q = 0; q < s.tiers.size(); ++q) {
    j.begin_object().value("quarter", static_cast<std::int64_t>(q + 1));
    j.begin_array("branches_per_tier");
    for (auto n : s.tiers[q].branches_per_tier) j.value("", n);
    j.end_array().value("allowance_yuan", s.tiers[q].allowance_yuan).end_object();
  }
  j.end_array();
  j.value("allowance_total_yuan", s.allowance_total_yuan);
  j.begin_object("activities")
      .value("held", s.activities_held)
      .value("cancelled_no_venue", s.activities_cancelled_no_venue)
      .value("cancelled_no_money", s.activities_cancelled_no_money)
      .value("budget_spent_yuan", s.budget_spent_yuan)
      .value("fund_spent_yuan", s.fund_spent_yuan)
      .end_object();
  j.begin_object("duty").value("shifts", s.shifts).value("shifts_missed", s.shifts_missed);
  distribution_object(j, "official_hours", s.official_duty_h);
  j.value("point_hours_staffed", s.point_hours_staffed).end_object();
  j.value("wall_seconds", s.wall_seconds);
  j.end_object();
  return j.str() + "\n";
}

std::string format_summary_table(const Summary& s) {
  std::ostringstream out;
  out << "orgsim " << s.software_version << " — scenario " << s.scenario_name << ", seed " << s.seed
      << ", " << s.days << " days, scale " << fmt("%g", s.scale) << "\n";
  out << "fingerprint " << s.fingerprint << "\n\n";
  out << "Population: " << s.towns << " towns, " << s.branches << " branches, " << s.social_orgs
      << " social organizations, " << s.partner_units << " partner units, " << s.officials
      << " officials, " << s.service_points << " service points\n\n";
  out << "Orders: " << s.orders_total << " (escalated " << s.escalated << ", answered on time "
      << fmt("%.1f", 100.0 * s.answered_on_time_share) << "%)\n";
  counts_rows<core::FinalState>(out, "by final state", s.by_state, s.orders_total);
  counts_rows<core::Source>(out, "by source", s.by_source, s.orders_total);
  counts_rows<core::Channel>(out, "by channel", s.by_channel, s.orders_total);
  counts_rows<core::Kind>(out, "by kind", s.by_kind, s.orders_total);
  out << "  times (hours)\n";
  distribution_row(out, "wait to start", s.wait_h);
  distribution_row(out, "response (to finish)", s.response_h);
  out << "  evaluations: attraction rate " << fmt("%.3f", s.attraction_rate)
      << ", satisfaction rate " << fmt("%.3f", s.satisfaction_rate) << "\n\n";
  out << "Social organizations (annual two rates; threshold " << fmt("%.2f", s.threshold) << ", "
      << s.combine << ", " << s.estimator << " " << s.pooling << ")\n";
  distribution_row(out, "attraction", s.org_attraction);
  distribution_row(out, "satisfaction", s.org_satisfaction);
  out << "    incubated " << s.incubated << ", denied " << s.denied << " (of which truly good "
      << s.good_denied << "), insufficient data " << s.insufficient_data << "\n\n";
  out << "Branch tiers per quarter (top tier first) and allowance paid\n";
  for (std::size_t q = 0; q < s.tiers.size(); ++q) {
    out << "    Q" << q + 1 << ":";
    for (auto n : s.tiers[q].branches_per_tier) out << " " << n;
    out << "   " << fmt("%.0f", s.tiers[q].allowance_yuan) << " yuan\n";
  }
  out << "    year: " << fmt("%.0f", s.allowance_total_yuan) << " yuan\n";
  out << "Branch activities: held " << s.activities_held << ", cancelled for want of a venue "
      << s.activities_cancelled_no_venue << ", of money " << s.activities_cancelled_no_money
      << "\n";
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
  out << "\nwall time " << fmt("%.3f", s.wall_seconds) << " s\n";
  return out.str();
}

}  // namespace orgsim::results
