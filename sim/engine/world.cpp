#include "engine/world.hpp"

#include <algorithm>
#include <cmath>

#include "core/random_stream.hpp"
#include "engine/category_deck.hpp"

namespace orgsim::engine {

std::int64_t scaled_count(std::int64_t count_at_scale_1, double scale) {
  const auto scaled = std::llround(static_cast<double>(count_at_scale_1) * scale);
  return std::max<std::int64_t>(1, scaled);
}

namespace {

// Index of item i when n items are split into `parts` contiguous blocks of nearly equal size.
std::int32_t block_of(std::int64_t i, std::int64_t n, std::int64_t parts) {
  return static_cast<std::int32_t>(i * parts / n);
}

// Towns beyond the named ones (district.scale > 1) reuse the names with a numeric suffix.
std::string town_name(const std::vector<std::string>& names, std::size_t t) {
  const std::size_t n = names.size();
  if (t < n) return names[t];
  return names[t % n] + "·" + std::to_string(t / n + 1);
}

std::string numbered(const std::string& prefix, std::size_t index) {
  return prefix + std::to_string(index + 1);
}

void build_towns(const config::Scenario& s, World& w) {
  const auto n_towns =
      scaled_count(static_cast<std::int64_t>(s.district.towns.size()), s.district.scale);
  w.alliances = static_cast<std::int32_t>(scaled_count(s.district.alliances, s.district.scale));
  w.towns.resize(n_towns);
  for (std::int64_t t = 0; t < n_towns; ++t) {
    w.towns[t].name = town_name(s.district.towns, static_cast<std::size_t>(t));
    w.towns[t].alliance = static_cast<std::int32_t>(t % w.alliances);
  }
}

void build_branches(const config::Scenario& s, World& w) {
  const auto n = scaled_count(s.district.branches, s.district.scale);
  const auto n_towns = static_cast<std::int64_t>(w.towns.size());
  w.areas = static_cast<std::int32_t>(s.district.areas);
  w.branches.resize(n);
  w.branches_by_area.assign(w.areas, {});
  core::RandomStream payout(s.run.seed, "fund_payout");
  for (std::int64_t b = 0; b < n; ++b) {
    Branch& branch = w.branches[b];
    branch.town = block_of(b, n, n_towns);
    // Areas are contiguous blocks of branches, so they follow towns where towns are many and
    // split a town where areas outnumber towns (a tiny district).
    branch.area = block_of(b, n, w.areas);
    Town& town = w.towns[branch.town];
    town.branches.push_back(static_cast<std::int32_t>(b));
    branch.name = town.name + "·村社团组织" + std::to_string(town.branches.size());
    branch.leader = branch.name + "·负责人";
    branch.fund_payout_ratio =
        payout.uniform(s.resources.fund_payout_min, s.resources.fund_payout_max);
    w.branches_by_area[branch.area].push_back(static_cast<std::int32_t>(b));
  }
}

ServiceProvider draw_provider(const config::Scenario& s, core::RandomStream& quality,
                              std::int32_t town, std::int32_t alliance) {
  ServiceProvider p;
  p.town = town;
  p.alliance = alliance;
  p.attraction_quality =
      quality.beta_mean_sd(s.service.attraction_quality_mean, s.service.quality_sd);
  p.satisfaction_quality =
      quality.beta_mean_sd(s.service.satisfaction_quality_mean, s.service.quality_sd);
  return p;
}

}  // namespace

OrgDraws::OrgDraws(const config::Scenario& s, const char* stream_prefix)
    : scenario_(s),
      quality_(s.run.seed, std::string(stream_prefix) + "quality"),
      staff_(s.run.seed, std::string(stream_prefix) + "staff"),
      categories_(s.run.seed, std::string(stream_prefix) + "categories"),
      deck_(categories_, static_cast<std::int32_t>(s.demand.categories.size())) {}

ServiceProvider OrgDraws::next(const World& w) {
  const auto& s = scenario_;
  const auto o = w.social_orgs.size();
  const auto town = static_cast<std::int32_t>(o % w.towns.size());
  ServiceProvider org = draw_provider(s, quality_, town, w.towns[town].alliance);
  org.name = numbered("青年社会组织", o);
  // The draw is made under both models so that other streams' use never depends on it.
  const auto drawn = 1 + staff_.poisson(s.service.org_staff_mean - 1.0);
  org.staff = static_cast<std::int32_t>(s.service.org_staff_model == config::StaffModel::kFixed
                                            ? std::llround(s.service.org_staff_mean)
                                            : drawn);
  org.categories = deck_.deal(static_cast<std::int32_t>(s.dispatch.categories_per_org));
  return org;
}

namespace {

void build_social_orgs(const config::Scenario& s, World& w) {
  const auto n = scaled_count(s.district.social_orgs, s.district.scale);
  OrgDraws draws(s, "org_");
  w.orgs_by_category.assign(s.demand.categories.size(), {});
  w.social_orgs.reserve(n);
  for (std::int64_t o = 0; o < n; ++o) {
    ServiceProvider org = draws.next(w);
    for (auto c : org.categories) w.orgs_by_category[c].push_back(static_cast<std::int32_t>(o));
    w.social_orgs.push_back(std::move(org));
  }
}

void build_partner_units(const config::Scenario& s, World& w) {
  const auto n = scaled_count(s.district.partner_units, s.district.scale);
  const auto n_towns = static_cast<std::int64_t>(w.towns.size());
  core::RandomStream quality(s.run.seed, "partner_quality");
  for (std::int64_t p = 0; p < n; ++p) {
    const auto town = static_cast<std::int32_t>(p % n_towns);
    ServiceProvider unit = draw_provider(s, quality, town, w.towns[town].alliance);
    unit.name = numbered("共建结对单位", static_cast<std::size_t>(p));
    unit.staff = static_cast<std::int32_t>(s.service.partner_staff);
    w.partner_units.push_back(std::move(unit));
  }
  // Each town's non-immediate items go to its own partner units; a town without one uses its
  // alliance's, and failing that every unit in the district.
  for (std::size_t t = 0; t < w.towns.size(); ++t) {
    Town& town = w.towns[t];
    for (std::size_t p = 0; p < w.partner_units.size(); ++p)
      if (w.partner_units[p].town == static_cast<std::int32_t>(t))
        town.partner_units.push_back(static_cast<std::int32_t>(p));
    if (!town.partner_units.empty()) continue;
    for (std::size_t p = 0; p < w.partner_units.size(); ++p)
      if (w.partner_units[p].alliance == town.alliance)
        town.partner_units.push_back(static_cast<std::int32_t>(p));
    if (!town.partner_units.empty()) continue;
    for (std::size_t p = 0; p < w.partner_units.size(); ++p)
      town.partner_units.push_back(static_cast<std::int32_t>(p));
  }
}

void build_rota(const config::Scenario& s, World& w) {
  for (std::size_t t = 0; t < w.towns.size(); ++t) {
    Town& town = w.towns[t];
    for (std::int64_t i = 0; i < s.district.officials_per_town; ++i) {
      town.rota_officials.push_back(static_cast<std::int32_t>(w.officials.size()));
      w.officials.push_back(
          {town.name + "·团干部" + std::to_string(i + 1), static_cast<std::int32_t>(t)});
    }
    for (std::int64_t p = 0; p < s.roster.service_points_per_town; ++p) {
      town.service_points.push_back(static_cast<std::int32_t>(w.service_points.size()));
      w.service_points.push_back(
          {town.name + "·便民服务点" + std::to_string(p + 1), static_cast<std::int32_t>(t)});
    }
  }
  for (std::size_t o = 0; o < w.social_orgs.size(); ++o) {
    const auto town = w.social_orgs[o].town;
    for (std::int64_t m = 0; m < s.roster.org_members_per_org; ++m) {
      w.towns[town].rota_org_members.push_back(static_cast<std::int32_t>(w.org_members.size()));
      w.org_members.push_back({static_cast<std::int32_t>(o), town});
    }
  }
}

}  // namespace

World build_world(const config::Scenario& scenario) {
  World w;
  build_towns(scenario, w);
  build_branches(scenario, w);
  build_social_orgs(scenario, w);
  build_partner_units(scenario, w);
  build_rota(scenario, w);
  return w;
}

}  // namespace orgsim::engine
