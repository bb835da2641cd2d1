// The calendar of the year: at each quarter's end the inspection groups (one per area, 考核小组)
// score their branches, the district ranks them (季度排行榜) and the rank sets each part-time
// leader's allowance tier (补贴分档); at the year end every social organization is incubated or
// denied by its annual two rates (孵化), and every order still open is closed.
#include <cmath>
#include <cstdio>
#include <memory>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Barrier.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "core/ranking.hpp"
#include "core/tiers.hpp"
#include "engine/actors/actors.hpp"

namespace sg4 = simgrid::s4u;

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
  const double quarter_h = d.year_end_h() / 4.0;
  for (int quarter = 0; quarter < 4; ++quarter) {
    sg4::this_actor::sleep_until((quarter + 1) * quarter_h);
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
      r.score = 100.0 * weighted + bias + noise.normal(0.0, s.inspection.visit_noise_sd);
    }
    board->scored->wait();
  }
}

// Ranks the records (district-wide or per area), sets tiers and allowances, and emits them.
void rank_and_pay(District& d, std::vector<InspectionRecord>& records) {
  const auto& s = d.scenario();
  std::vector<std::vector<std::int32_t>> scopes;
  if (s.inspection.ranking == config::RankingScope::kArea) {
    scopes = d.world().branches_by_area;
  } else {
    scopes.emplace_back();
    for (std::size_t b = 0; b < records.size(); ++b)
      scopes.back().push_back(static_cast<std::int32_t>(b));
  }
  for (const auto& scope : scopes) {
    std::vector<double> scores;
    for (auto b : scope) scores.push_back(records[b].score);
    const auto ranks = core::competition_ranks(scores);
    for (std::size_t i = 0; i < scope.size(); ++i) {
      InspectionRecord& r = records[scope[i]];
      r.rank = ranks[i];
      r.tier = core::tier_for(r.rank, static_cast<int>(scope.size()), r.score, s.tiers);
      // Amounts are per calendar quarter; a run shorter than a year has shorter quarters.
      r.allowance_yuan = s.tiers.amounts_yuan[static_cast<std::size_t>(r.tier)] * year_fraction(s);
    }
  }
  for (const auto& r : records) d.sink().on_inspection(r);
}

void decide_incubation(District& d) {
  const auto& orgs = d.world().social_orgs;
  for (std::size_t o = 0; o < orgs.size(); ++o) {
    results::IncubationRecord r;
    r.org = static_cast<std::int32_t>(o);
    r.tally = d.org_tallies()[o];
    r.decision = core::decide_incubation(r.tally, d.scenario().incubation);
    r.true_attraction_quality = orgs[o].attraction_quality;
    r.true_satisfaction_quality = orgs[o].satisfaction_quality;
    d.sink().on_incubation(r);
  }
}

void calendar(District& d, std::shared_ptr<QuarterBoard> board) {
  const double quarter_h = d.year_end_h() / 4.0;
  for (int quarter = 0; quarter < 4; ++quarter) {
    sg4::this_actor::sleep_until((quarter + 1) * quarter_h);
    board->scored->wait();
    rank_and_pay(d, board->records);
    d.reset_quarter();
  }
  d.close_year();
  decide_incubation(d);
}

void progress(District& d) {
  const double month_h = 30.0 * 24.0;
  for (double t = month_h; t < d.year_end_h(); t += month_h) {
    sg4::this_actor::sleep_until(t);
    std::fprintf(stderr, "orgsim: day %.0f of %.0f, %lld orders so far\n", t / 24.0,
                 d.year_end_h() / 24.0, static_cast<long long>(d.counts().created));
  }
}

}  // namespace

void start_calendar_and_inspection(District& district, const Platform& platform,
                                   const CalendarOptions& options) {
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
      guarded(district, "calendar", [&district, board] { calendar(district, board); }));
  if (options.progress)
    sg4::Actor::create("progress", platform.district_host, [&district] {
      progress(district);
    })->daemonize();
}

}  // namespace orgsim::engine
