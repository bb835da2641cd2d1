// The calendar of the run: at each quarter's end the inspection groups (one per area, 考核小组)
// score their branches, the district ranks them (季度排行榜), the rank sets each part-time
// leader's allowance tier (补贴分档), and the leaders choose next quarter's effort; at each year
// end every social organization is incubated or denied by its annual two rates (孵化); at the
// end of the last year every order still open is closed.
#include <xbt/log.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Barrier.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "core/inspection_score.hpp"
#include "core/money.hpp"
#include "engine/actors/actors.hpp"
#include "engine/leader_decisions.hpp"
#include "engine/succession.hpp"

namespace sg4 = simgrid::s4u;

XBT_LOG_EXTERNAL_CATEGORY(orgsim);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(orgsim_calendar, orgsim,
                                "quarterly inspections and ranking, the year ends");

namespace orgsim::engine {
namespace {

using core::InspectionRecord;

struct QuarterBoard {
  std::vector<core::InspectionRecord> records;  // one per branch, filled by the groups
  sg4::BarrierPtr scored;                       // groups + calendar meet here each quarter
};

// What the inspection group counts for branch `b` this quarter.
core::BranchQuarterCounts quarter_counts(District& d, std::int32_t b) {
  const BranchQuarter& q = d.branch_quarter().counts()[b];
  const auto town_id = d.world().branches[b].town;
  const TownQuarter& town = d.town_quarter()[town_id];
  core::BranchQuarterCounts c;
  c.orders_placed = q.orders_placed;
  c.started_on_time = q.started_on_time;
  c.escalated = q.escalated;
  c.activities_held = q.activities_held;
  c.youth_contacts = q.youth_contacts;
  c.shifts_assigned = town.shifts_assigned;
  c.shifts_attended = town.shifts_attended;
  c.town_has_service_point = !d.world().towns[town_id].service_points.empty();
  c.votes = q.votes;
  c.satisfied = q.satisfied;
  return c;
}

// An inspection group (考核小组) scores every branch of its area at each quarter's end
// (core/inspection_score.hpp). Its bias is drawn once; the visit noise once per branch and
// quarter, in the area's branch order.
void inspection_group(District& d, std::int32_t area, std::shared_ptr<QuarterBoard> board) {
  const auto& s = d.scenario();
  const auto seed = static_cast<std::uint64_t>(s.run.seed);
  core::RandomStream bias_rng(seed, "inspection_bias", static_cast<std::uint64_t>(area));
  core::RandomStream noise(seed, "inspection_noise", static_cast<std::uint64_t>(area));
  const double bias = bias_rng.normal(0.0, s.inspection.group_bias_sd);
  const core::ScoreWeights weights = s.inspection.weights();
  const auto& branches = d.world().branches_by_area[area];
  const double quarter_h = d.year_length_h() / 4.0;
  for (int quarter = 0; quarter < 4 * d.years(); ++quarter) {
    sleep_until(d, (quarter + 1) * quarter_h);
    std::vector<core::BranchQuarterCounts> counts;
    for (auto b : branches) counts.push_back(quarter_counts(d, b));
    const auto components = core::area_components(counts);
    for (std::size_t i = 0; i < branches.size(); ++i) {
      core::InspectionRecord& r = board->records[branches[i]];
      r = core::InspectionRecord{};
      r.quarter = quarter;
      r.branch = branches[i];
      r.area = area;
      r.components = components[i];
      const auto scored = core::inspection_score(components[i], weights, bias,
                                                 noise.normal(0.0, s.inspection.visit_noise_sd));
      r.score = scored.score;
      r.noise_points = scored.noise_points;
      r.youth_contacts = counts[i].youth_contacts;
    }
    board->scored->wait();
  }
}

// The branches ranked together: the whole district, or each area.
std::vector<std::vector<std::int32_t>> ranking_scopes(const District& d) {
  if (d.scenario().inspection.ranking == config::RankingScope::kArea)
    return d.world().branches_by_area;
  std::vector<std::vector<std::int32_t>> scopes(1);
  for (std::size_t b = 0; b < d.world().branches.size(); ++b)
    scopes[0].push_back(static_cast<std::int32_t>(b));
  return scopes;
}

// Ranks the records within each scope, sets ranks, tiers and allowances, and what the tiers
// and allowances would have been had no score carried inspector noise, and emits them with the
// effort each leader gave the quarter.
void rank_and_pay(District& d, const std::vector<std::vector<std::int32_t>>& scopes,
                  std::vector<core::InspectionRecord>& records) {
  const auto& s = d.scenario();
  // Amounts are per calendar quarter; a run shorter than a year has shorter quarters.
  const double fraction = core::year_fraction(s.run.days);
  for (const auto& scope : scopes) {
    std::vector<double> scores, noise_points;
    for (auto b : scope) {
      scores.push_back(records[b].score);
      noise_points.push_back(records[b].noise_points);
    }
    const auto placed =
        core::place_scope_with_and_without_noise(scores, noise_points, s.tiers, fraction);
    for (std::size_t i = 0; i < scope.size(); ++i) {
      core::InspectionRecord& r = records[scope[i]];
      r.rank = placed.with_noise[i].rank;
      r.tier = placed.with_noise[i].tier;
      r.allowance_yuan = placed.with_noise[i].allowance_yuan;
      r.tier_without_noise = placed.without_noise[i].tier;
      r.allowance_without_noise_yuan = placed.without_noise[i].allowance_yuan;
    }
  }
  for (std::size_t b = 0; b < records.size(); ++b) {
    records[b].effort = d.leader_effort()[b];
    d.sink().on_inspection(records[b]);
  }
}

std::int64_t tiers_moved_by_noise(const std::vector<core::InspectionRecord>& records) {
  std::int64_t moved = 0;
  for (const auto& r : records) moved += r.tier != r.tier_without_noise ? 1 : 0;
  return moved;
}

void calendar(District& d, std::shared_ptr<QuarterBoard> board, std::shared_ptr<QuarterGate> gate) {
  const double quarter_h = d.year_length_h() / 4.0;
  const auto scopes = ranking_scopes(d);
  OrgDraws entrants(d.scenario(), "entrant_");
  const int quarters = 4 * d.years();
  for (int quarter = 0; quarter < quarters; ++quarter) {
    sleep_until(d, (quarter + 1) * quarter_h);
    board->scored->wait();
    rank_and_pay(d, scopes, board->records);
    XBT_INFO("quarter %d ranked: %zu branches, %lld changed tier by the inspectors' error",
             quarter + 1, board->records.size(),
             static_cast<long long>(tiers_moved_by_noise(board->records)));
    decide_efforts(d.scenario(), scopes, board->records, d.leader_effort());
    d.reset_quarter();
    if (quarter % 4 == 3) {
      XBT_INFO("year %d ends: %lld orders placed so far, %lld escalated", quarter / 4 + 1,
               static_cast<long long>(d.counts().created),
               static_cast<long long>(d.counts().escalated));
      if (quarter + 1 == quarters) d.close_year();  // the run's end: open orders are closed
      end_incubation_year(d, quarter / 4, entrants);
    }
    gate->open(quarter + 1);
  }
}

void progress(District& d) {
  const double month_h = 30.0 * 24.0;
  for (double t = month_h; t < d.horizon_h(); t += month_h) {
    sleep_until(d, t);
    std::fprintf(stderr, "orgsim: day %.0f of %.0f, %lld orders so far\n", t / 24.0,
                 d.horizon_h() / 24.0, static_cast<long long>(d.counts().created));
  }
}

}  // namespace

void start_calendar_and_inspection(District& district, const Platform& platform,
                                   const CalendarOptions& options,
                                   std::shared_ptr<QuarterGate> gate) {
  const auto areas = district.world().areas;
  auto board = std::make_shared<QuarterBoard>();
  board->records.resize(district.world().branches.size());
  board->scored = sg4::Barrier::create(static_cast<unsigned>(areas + 1));
  for (std::int32_t a = 0; a < areas; ++a)
    sg4::Actor::create("inspection-group-" + std::to_string(a + 1), platform.district_host,
                       guarded(district, "inspection group",
                               [&district, a, board] { inspection_group(district, a, board); }))
        ->daemonize();
  // The calendar is the one regular actor: when it returns, the daemons are killed and the
  // simulation ends.
  sg4::Actor::create(
      "calendar", platform.district_host,
      guarded(district, "calendar", [&district, board, gate] { calendar(district, board, gate); }));
  if (options.progress)
    sg4::Actor::create("progress", platform.district_host, [&district] {
      progress(district);
    })->daemonize();
}

}  // namespace orgsim::engine
