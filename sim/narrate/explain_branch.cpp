#include "narrate/explain_branch.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/inspection_score.hpp"
#include "core/money.hpp"
#include "core/tiers.hpp"
#include "narrate/explain_format.hpp"

namespace orgsim::narrate {
namespace {

using namespace explain_format;
using core::InspectionRecord;
using core::kScoreComponentCount;

// Slack when asking whether a component's rise fits below 1 (binary rounding).
constexpr double kFitSlack = 1e-9;

}  // namespace

void InspectionCollector::on_inspection(const core::InspectionRecord& r) {
  const auto q = static_cast<std::size_t>(r.quarter);
  if (by_quarter_.size() <= q) by_quarter_.resize(q + 1);
  by_quarter_[q].push_back(r);
}

const std::vector<core::InspectionRecord>& InspectionCollector::quarter(int quarter) const {
  return by_quarter_.at(static_cast<std::size_t>(quarter));
}

BranchExplanation explain_branch(const std::vector<core::InspectionRecord>& quarter_records,
                                 std::int32_t branch, const config::Scenario& scenario) {
  const auto self =
      std::find_if(quarter_records.begin(), quarter_records.end(),
                   [&](const core::InspectionRecord& r) { return r.branch == branch; });
  if (self == quarter_records.end())
    throw std::invalid_argument("branch " + std::to_string(branch) + " was not inspected");
  const core::InspectionRecord& me = *self;

  BranchExplanation e;
  e.branch = branch;
  e.quarter = me.quarter;
  e.year = me.quarter / 4;
  e.area = me.area;
  e.score = me.score;
  e.noise_points = me.noise_points;
  e.rank = me.rank;
  e.tier = me.tier;
  e.allowance_yuan = me.allowance_yuan;
  e.effort = me.effort;
  e.area_scope = scenario.inspection.ranking == config::RankingScope::kArea;
  e.tier_count = static_cast<int>(scenario.tiers.amounts_yuan.size());

  // The means of the area and of the district, and the ranking scope's scores and tiers.
  std::array<double, core::kScoreComponentCount> area_sum{}, district_sum{};
  int area_count = 0;
  std::vector<double> scope_scores, scope_noise;
  std::vector<int> scope_tiers;
  std::size_t me_in_scope = 0;
  for (const core::InspectionRecord& r : quarter_records) {
    const bool same_area = r.area == me.area;
    for (int c = 0; c < core::kScoreComponentCount; ++c) {
      district_sum[c] += r.components[c];
      if (same_area) area_sum[c] += r.components[c];
    }
    if (same_area) ++area_count;
    if (!e.area_scope || same_area) {
      if (&r == &me) me_in_scope = scope_scores.size();
      scope_scores.push_back(r.score);
      scope_noise.push_back(r.noise_points);
      scope_tiers.push_back(r.tier);
    }
  }
  e.ranked = static_cast<int>(scope_scores.size());

  // The score as the inspection group computed it (core/inspection_score.hpp).
  const core::ScoreWeights weights = scenario.inspection.weights();
  const core::ScoreComponents points = core::component_points(me.components, weights);
  for (int c = 0; c < core::kScoreComponentCount; ++c) {
    ComponentExplanation& k = e.components[c];
    k.value = me.components[c];
    k.area_mean = area_sum[c] / area_count;
    k.district_mean = district_sum[c] / static_cast<double>(quarter_records.size());
    k.weight = weights[c];
    k.points = points[c];
  }
  e.weighted_points = core::weighted_points(me.components, weights);

  // Without the inspectors' noise: the scope ranked and tiered again as the calendar does it.
  const double fraction = core::year_fraction(scenario.run.days);
  const core::Placement without_noise =
      core::place_scope_with_and_without_noise(scope_scores, scope_noise, scenario.tiers, fraction)
          .without_noise[me_in_scope];
  e.tier_without_noise = without_noise.tier;
  e.allowance_without_noise_yuan = without_noise.allowance_yuan;

  // The cut-offs: the scheme's, or the lowest score each tier took in the scope.
  const bool by_rank = scenario.tiers.kind == core::TierSchemeKind::kRankShare;
  const std::vector<double> cutoffs =
      core::published_cutoffs(scenario.tiers, scope_scores, scope_tiers);
  const auto cutoff = [&](int tier) -> std::optional<double> {
    if (tier < 0 || tier >= e.tier_count - 1 || tier >= static_cast<int>(cutoffs.size()))
      return std::nullopt;
    return cutoffs[static_cast<std::size_t>(tier)];
  };
  e.own_cutoff = cutoff(e.tier);
  if (e.own_cutoff) e.margin_points = e.score - *e.own_cutoff;

  if (e.tier > 0) {
    e.next_cutoff = cutoff(e.tier - 1);
    e.next_allowance_yuan = core::tier_allowance_yuan(scenario.tiers, e.tier - 1, fraction);
    if (by_rank) {
      // The worst rank the tier rule still places in the tier above.
      for (int rank = 1; rank <= e.ranked; ++rank)
        if (core::tier_for(rank, e.ranked, e.score, scenario.tiers) <= e.tier - 1)
          e.next_tier_last_rank = rank;
    }
    if (e.next_cutoff) {
      e.gap_points = std::max(0.0, *e.next_cutoff - e.score);
      for (ComponentExplanation& k : e.components) {
        if (k.weight <= 0.0) continue;
        k.increase_needed = e.gap_points / (100.0 * k.weight);
        k.closes_gap = *k.increase_needed <= 1.0 - k.value + kFitSlack;
      }
      if (e.noise_points < 0.0 && e.gap_points > 0.0)
        e.noise_share_of_gap = std::min(1.0, -e.noise_points / e.gap_points);
    }
  }
  if (e.noise_points > 0.0 && e.margin_points)
    e.noise_share_of_margin =
        *e.margin_points > 0.0 ? std::min(1.0, e.noise_points / *e.margin_points) : 1.0;
  return e;
}

std::string format_branch_explanation(const BranchExplanation& e, const BranchNames& names,
                                      const config::Scenario& scenario, Language lang) {
  std::string out;
  const auto line = [&](std::string_view id, std::initializer_list<Arg> args) {
    out += say(lang, id, args);
    out += '\n';
  };
  const std::string tier = tier_name(lang, e.tier);

  line("explain.branch.title", {{"branch", names.branch},
                                {"town", names.town},
                                {"area", integer(e.area + 1)},
                                {"quarter", integer(e.quarter + 1)},
                                {"year", integer(e.year + 1)},
                                {"tier", tier}});
  line("explain.branch.leader", {{"leader", names.leader}, {"effort", fixed(e.effort, 2)}});
  out += '\n';

  line("explain.branch.components_head", {});
  for (int c = 0; c < core::kScoreComponentCount; ++c) {
    const ComponentExplanation& k = e.components[c];
    line("explain.branch.component", {{"component", component_name(lang, c)},
                                      {"value", fixed(k.value, 3)},
                                      {"area_mean", fixed(k.area_mean, 3)},
                                      {"district_mean", fixed(k.district_mean, 3)},
                                      {"weight", plain(k.weight)},
                                      {"points", fixed(k.points, 2)}});
  }
  line("explain.branch.score", {{"weighted", fixed(e.weighted_points, 2)},
                                {"noise", signed_fixed(e.noise_points, 2)},
                                {"score", fixed(e.score, 2)}});
  out += '\n';

  // The scheme, the rank and the tier.
  std::vector<std::string> amounts;
  for (double a : scenario.tiers.amounts_yuan) amounts.push_back(plain(a));
  if (scenario.tiers.kind == core::TierSchemeKind::kRankShare) {
    std::vector<std::string> shares;
    for (double s : scenario.tiers.shares) shares.push_back(percent(s));
    line("explain.branch.scheme.rank_share",
         {{"shares", join(lang, shares)}, {"amounts", join(lang, amounts)}});
  } else {
    std::vector<std::string> cuts;
    for (double c : scenario.tiers.score_cutoffs) cuts.push_back(plain(c));
    line("explain.branch.scheme.score_cutoff",
         {{"cutoffs", join(lang, cuts)}, {"amounts", join(lang, amounts)}});
  }
  line(e.area_scope ? "explain.branch.rank.area" : "explain.branch.rank.district",
       {{"rank", integer(e.rank)},
        {"ranked", integer(e.ranked)},
        {"tier", tier},
        {"allowance", yuan(e.allowance_yuan)}});
  const bool by_rank = scenario.tiers.kind == core::TierSchemeKind::kRankShare;
  const char* cutoff_id =
      by_rank ? "explain.branch.cutoff.rank_share" : "explain.branch.cutoff.score";
  if (e.own_cutoff)
    line(cutoff_id, {{"tier", tier}, {"cutoff", fixed(*e.own_cutoff, 2)}});
  else
    line("explain.branch.bottom", {{"tier", tier}});

  // The tier above: its cut-off, the gap, and which component would have closed it.
  if (e.tier == 0) {
    line("explain.branch.top", {});
  } else {
    const std::string above = tier_name(lang, e.tier - 1);
    if (e.next_cutoff) line(cutoff_id, {{"tier", above}, {"cutoff", fixed(*e.next_cutoff, 2)}});
    if (e.next_tier_last_rank)
      line("explain.branch.ranks_needed",
           {{"tier", above}, {"rank", integer(*e.next_tier_last_rank)}});
    line("explain.branch.gap", {{"tier", above},
                                {"allowance", yuan(e.next_allowance_yuan)},
                                {"gap", fixed(e.gap_points, 2)}});
    std::vector<std::string> could;
    for (int c = 0; c < core::kScoreComponentCount; ++c) {
      const ComponentExplanation& k = e.components[c];
      const std::string name = component_name(lang, c);
      if (!k.increase_needed) {
        line("explain.branch.close.zero_weight", {{"component", name}});
      } else if (k.closes_gap) {
        could.push_back(name);
        line("explain.branch.close.could", {{"component", name},
                                            {"increase", fixed(*k.increase_needed, 3)},
                                            {"value", fixed(k.value, 3)},
                                            {"target", fixed(k.value + *k.increase_needed, 3)}});
      } else {
        line("explain.branch.close.could_not", {{"component", name},
                                                {"increase", fixed(*k.increase_needed, 3)},
                                                {"room", fixed(1.0 - k.value, 3)}});
      }
    }
    if (could.empty())
      line("explain.branch.close.none", {});
    else
      line("explain.branch.close.some", {{"components", join(lang, could)}});
  }
  out += '\n';

  // The noise: its points, its share of the gap or of the margin, the tier without it.
  const std::string without = fixed(e.score - e.noise_points, 2);
  const std::string points = fixed(std::fabs(e.noise_points), 2);
  if (e.noise_share_of_gap)
    line("explain.branch.noise.against_gap",
         {{"points", points}, {"share", percent(*e.noise_share_of_gap)}, {"without", without}});
  else if (e.noise_points < 0.0)
    line("explain.branch.noise.against", {{"points", points}, {"without", without}});
  else if (e.next_cutoff)
    line("explain.branch.noise.for_gap",
         {{"points", points},
          {"gap", fixed(std::max(0.0, *e.next_cutoff - (e.score - e.noise_points)), 2)},
          {"without", without}});
  else
    line("explain.branch.noise.for", {{"points", points}, {"without", without}});
  if (e.noise_share_of_margin) {
    if (*e.margin_points > 0.0)
      line("explain.branch.noise.margin",
           {{"margin", fixed(*e.margin_points, 2)}, {"share", percent(*e.noise_share_of_margin)}});
    else
      line("explain.branch.noise.lowest", {{"tier", tier}});
  }
  const std::string without_tier = tier_name(lang, e.tier_without_noise);
  if (e.tier_without_noise == e.tier)
    line("explain.branch.noise.same_tier",
         {{"tier", without_tier}, {"allowance", yuan(e.allowance_without_noise_yuan)}});
  else  // "少得 300 元" / "多得 300 元": the amount without a sign, the direction in words
    line("explain.branch.noise.other_tier",
         {{"tier", without_tier},
          {"allowance", yuan(e.allowance_without_noise_yuan)},
          {"direction", say(lang, e.allowance_yuan < e.allowance_without_noise_yuan
                                      ? "explain.branch.noise.less"
                                      : "explain.branch.noise.more")},
          {"difference", yuan(std::fabs(e.allowance_yuan - e.allowance_without_noise_yuan))}});
  return out;
}

}  // namespace orgsim::narrate
