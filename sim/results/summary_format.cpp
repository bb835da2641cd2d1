#include <cstdio>
#include <sstream>
#include <string>
#include <variant>

#include "results/json_writer.hpp"
#include "results/summary.hpp"
#include "results/summary_schema.hpp"

namespace orgsim::results {
namespace {

// A declared key and its value; an object's or an array's content as declared.
void write(JsonWriter& j, const summary_schema::Key& k, const summary_schema::Row& row) {
  using summary_schema::Type;
  const auto value = [&j](std::string_view key, const summary_schema::Value& v) {
    std::visit([&j, key](const auto& x) { j.value(key, x); }, v);
  };
  switch (k.type) {
    case Type::kObject:
      j.begin_object(k.name);
      for (const auto& field : k.fields) write(j, field, row);
      j.end_object();
      break;
    case Type::kMap:
      j.begin_object(k.name);
      for (const auto& [name, v] : k.items(row)) value(name, v);
      j.end_object();
      break;
    case Type::kArray:
      j.begin_array(k.name);
      if (k.count) {
        for (std::size_t i = 0, n = k.count(row); i < n; ++i) {
          const summary_schema::Row element{row.summary, i};
          j.begin_object();
          for (const auto& field : k.fields) write(j, field, element);
          j.end_object();
        }
      } else {
        for (const auto& item : k.items(row)) value("", item.second);
      }
      j.end_array();
      break;
    default:
      value(k.name, k.value(row));
  }
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
  for (const auto& key : summary_schema::keys()) write(j, key, summary_schema::Row{s});
  j.end_object();
  return j.str() + "\n";
}

double share(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

Unanswered unanswered(const Summary& s) {
  auto state = [&s](core::FinalState f) { return s.by_state[static_cast<std::size_t>(f)]; };
  return {state(core::FinalState::kGaveUp), state(core::FinalState::kCancelledNoVenue),
          state(core::FinalState::kCancelledNoMoney), s.still_waiting_at_end};
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
