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

#include "core/ranking.hpp"
#include "core/tiers.hpp"
#include "engine/actors/actors.hpp"
#include "engine/leader_decisions.hpp"
#include "engine/succession.hpp"

namespace sg4 = simgrid::s4u;

XBT_LOG_EXTERNAL_CATEGORY(orgsim);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(orgsim_calendar, orgsim,
                                "quarterly inspections and ranking, the year ends");

namespace orgsim::engine {
namespace {

using results::InspectionRecord;
using results::kScoreComponentCount;

struct QuarterBoard {
  std::vector<InspectionRecord> records;  // one per branch, filled by the groups
  sg4::BarrierPtr scored;                 // groups + calendar meet here each quarter
};

double ratio_or(double numerator, double denominator, double fallback) {
  return denominator > 0.0 ? numerator / denominator : fallback;
}

// The raw components of one branch, before normalisation within the area.
std::array<double, kScoreComponentCount> raw_components(District& d, std::int32_t b,
                                                        double area_satisfaction) {
  const BranchQuarter& q = d.branch_quarter()[b];
  const auto town_id = d.world().branches[b].town;
  const TownQuarter& town = d.town_quarter()[town_id];
  // Every order that comes due either starts within the deadline or is escalated at it.
  const auto came_due = static_cast<double>(q.started_on_time + q.escalated);
  // A town with service points but nobody on duty scores 0; one with no point has no duty to
  // judge and scores full marks (set inspection.weight_duty = 0 to leave duty out).
  const double no_shift_duty = d.world().towns[town_id].service_points.empty() ? 1.0 : 0.0;
  return {
      static_cast<double>(q.orders_placed),
      // Nothing came due in the quarter: nothing was late.
      ratio_or(static_cast<double>(q.started_on_time), came_due, 1.0),
      static_cast<double>(q.activities_held), static_cast<double>(q.youth_contacts),
      ratio_or(static_cast<double>(town.shifts_attended), static_cast<double>(town.shifts_assigned),
               no_shift_duty),
      // No vote in the quarter: the area's satisfaction stands in (nothing to judge).
      ratio_or(static_cast<double>(q.satisfied), static_cast<double>(q.votes), area_satisfaction)};
}

// An inspection group (考核小组) scores every branch of its area at each quarter's end.
void inspection_group(District& d, std::int32_t area, std::shared_ptr<QuarterBoard> board) {
  const auto& s = d.scenario();
  const auto seed = static_cast<std::uint64_t>(s.run.seed);
  core::RandomStream bias_rng(seed, "inspection_bias", static_cast<std::uint64_t>(area));
  core::RandomStream noise(seed, "inspection_noise", static_cast<std::uint64_t>(area));
  const double bias = bias_rng.normal(0.0, s.inspection.group_bias_sd);
  const std::array<double, kScoreComponentCount> weights = {
      s.inspection.weight_orders,   s.inspection.weight_answered, s.inspection.weight_activities,
      s.inspection.weight_contacts, s.inspection.weight_duty,     s.inspection.weight_satisfaction};
  const auto& branches = d.world().branches_by_area[area];
  const double quarter_h = d.year_length_h() / 4.0;
  for (int quarter = 0; quarter < 4 * d.years(); ++quarter) {
    sleep_until(d, (quarter + 1) * quarter_h);
    std::int64_t votes = 0, satisfied = 0;
    for (auto b : branches) {
      votes += d.branch_quarter()[b].votes;
      satisfied += d.branch_quarter()[b].satisfied;
    }
    const double area_satisfaction =
        ratio_or(static_cast<double>(satisfied), static_cast<double>(votes), 0.0);
    std::vector<std::array<double, kScoreComponentCount>> raw;
    std::array<double, kScoreComponentCount> area_max{};
    for (auto b : branches) {
      raw.push_back(raw_components(d, b, area_satisfaction));
      for (int c = 0; c < kScoreComponentCount; ++c)
        area_max[c] = std::max(area_max[c], raw.back()[c]);
    }
    // Counts (orders, activities, contacts) are judged against the area's best branch; the
    // shares (answered, duty, satisfaction) are already in [0, 1].
    const bool is_count[kScoreComponentCount] = {true, false, true, true, false, false};
    for (std::size_t i = 0; i < branches.size(); ++i) {
      InspectionRecord& r = board->records[branches[i]];
      r = InspectionRecord{};
      r.quarter = quarter;
      r.branch = branches[i];
      r.area = area;
      double weighted = 0.0;
      for (int c = 0; c < kScoreComponentCount; ++c) {
        r.components[c] = is_count[c] ? ratio_or(raw[i][c], area_max[c], 0.0) : raw[i][c];
        weighted += weights[c] * r.components[c];
      }
      const double visit = noise.normal(0.0, s.inspection.visit_noise_sd);
      r.score = 100.0 * weighted + bias + visit;  // in this order: the fingerprint's bits
      r.youth_contacts = d.branch_quarter()[branches[i]].youth_contacts;
      r.noise_points = bias + visit;
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

// Ranks `scores` (one per branch of `scope`) and gives each its tier and allowance.
template <class Assign>
void tier_scope(const config::Scenario& s, const std::vector<double>& scores, Assign assign) {
  const auto ranks = core::competition_ranks(scores);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const int tier = core::tier_for(ranks[i], static_cast<int>(scores.size()), scores[i], s.tiers);
    // Amounts are per calendar quarter; a run shorter than a year has shorter quarters.
    assign(i, ranks[i], tier,
           s.tiers.amounts_yuan[static_cast<std::size_t>(tier)] * year_fraction(s));
  }
}

// Ranks the records within each scope, sets tiers and allowances, and what they would have
// been had no score carried inspector noise (the same ranking of the noise-free scores), and
// emits them with the effort each leader gave the quarter.
void rank_and_pay(District& d, const std::vector<std::vector<std::int32_t>>& scopes,
                  std::vector<InspectionRecord>& records) {
  const auto& s = d.scenario();
  for (const auto& scope : scopes) {
    std::vector<double> scores, noise_free;
    for (auto b : scope) {
      scores.push_back(records[b].score);
      noise_free.push_back(records[b].score - records[b].noise_points);
    }
    tier_scope(s, scores, [&](std::size_t i, int rank, int tier, double allowance) {
      InspectionRecord& r = records[scope[i]];
      r.rank = rank;
      r.tier = tier;
      r.allowance_yuan = allowance;
    });
    tier_scope(s, noise_free, [&](std::size_t i, int /*rank*/, int tier, double allowance) {
      records[scope[i]].tier_without_noise = tier;
      records[scope[i]].allowance_without_noise_yuan = allowance;
    });
  }
  for (std::size_t b = 0; b < records.size(); ++b) {
    records[b].effort = d.leader_effort()[b];
    d.sink().on_inspection(records[b]);
  }
}

std::int64_t tiers_moved_by_noise(const std::vector<InspectionRecord>& records) {
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
