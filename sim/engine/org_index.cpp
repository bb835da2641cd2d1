#include "engine/org_index.hpp"

#include <limits>

#include "core/two_rates.hpp"

namespace orgsim::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int32_t kNoOrg = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t kNoTie = std::numeric_limits<std::int64_t>::max();

// Orders waiting plus in service, per staff member, below 1: someone can start a new order
// now (a queue forms only when every staff member is busy).
bool has_free_staff(double load_per_staff) { return load_per_staff < 1.0; }

}  // namespace

OrgIndex::OrgIndex(const World& world, const std::vector<ServiceDesk>& desks,
                   const std::vector<core::TwoRateTally>& tallies,
                   const std::vector<std::int64_t>& last_assigned, config::TieBreak tie_break,
                   Orderings orderings)
    : world_(world),
      desks_(desks),
      tallies_(tallies),
      last_assigned_(last_assigned),
      tie_break_(tie_break),
      alliances_(world.alliances),
      orderings_(orderings),
      load_(world.social_orgs.size()),
      score_(world.social_orgs.size()),
      tie_key_(world.social_orgs.size()),
      in_category_(world.social_orgs.size()),
      in_alliance_(world.social_orgs.size()) {
  const LoadKey no_load{kInf, kNoTie, kNoOrg};
  const ScoreKey no_score{kInf, kInf, kNoTie, kNoOrg};
  const auto categories = world.orgs_by_category.size();
  for (std::size_t c = 0; c < categories; ++c) {
    const auto& members = world.orgs_by_category[c];
    by_load_.emplace_back(members.size(), no_load);
    if (orderings_.by_score) by_score_.emplace_back(members.size(), no_score);
    for (std::size_t i = 0; i < members.size(); ++i)
      in_category_[members[i]].push_back(
          {static_cast<std::int32_t>(c), static_cast<std::int32_t>(i)});
    if (!orderings_.by_alliance) continue;
    for (std::int32_t a = 0; a < alliances_; ++a) {
      std::vector<std::int32_t> local;
      for (auto o : members)
        if (world.social_orgs[o].alliance == a) local.push_back(o);
      const auto ordering = static_cast<std::int32_t>(by_load_in_alliance_.size());
      for (std::size_t i = 0; i < local.size(); ++i)
        in_alliance_[local[i]].push_back({ordering, static_cast<std::int32_t>(i)});
      by_load_in_alliance_.emplace_back(local.size(), no_load);
    }
  }
  for (std::size_t o = 0; o < world.social_orgs.size(); ++o) update(static_cast<std::int32_t>(o));
}

std::int64_t OrgIndex::tie_key_of(std::int32_t org) const {
  return tie_break_ == config::TieBreak::kLeastRecent ? last_assigned_[org] : 0;
}

void OrgIndex::update(std::int32_t org) {
  load_[org] = desks_[org].load_per_staff();
  score_[org] = orderings_.by_score ? core::published_two_rate_score(tallies_[org]) : 0.0;
  tie_key_[org] = tie_key_of(org);
  const LoadKey load{load_[org], tie_key_[org], org};
  for (const Place& p : in_category_[org]) {
    by_load_[p.ordering].set(p.leaf, load);
    if (orderings_.by_score)
      by_score_[p.ordering].set(p.leaf, has_free_staff(load_[org])
                                            ? ScoreKey{-score_[org], load_[org], tie_key_[org], org}
                                            : ScoreKey{kInf, kInf, kNoTie, kNoOrg});
  }
  for (const Place& p : in_alliance_[org]) by_load_in_alliance_[p.ordering].set(p.leaf, load);
}

void OrgIndex::refresh(std::int32_t org) {
  const double load = desks_[org].load_per_staff();
  const double score = orderings_.by_score ? core::published_two_rate_score(tallies_[org]) : 0.0;
  if (load == load_[org] && score == score_[org] && tie_key_of(org) == tie_key_[org]) return;
  update(org);
}

std::int32_t OrgIndex::least_loaded(std::int32_t category) const {
  return std::get<2>(by_load_[category].min());
}

std::int32_t OrgIndex::least_loaded(std::int32_t category, std::int32_t alliance) const {
  const auto& ordering =
      by_load_in_alliance_[static_cast<std::size_t>(category * alliances_ + alliance)];
  const auto org = std::get<2>(ordering.min());
  return org == kNoOrg ? -1 : org;
}

double OrgIndex::score_of(std::int32_t org) const {
  return core::published_two_rate_score(tallies_[org]);
}

std::int32_t OrgIndex::best_rated(std::int32_t category) const {
  const auto org = std::get<3>(by_score_[category].min());
  return org == kNoOrg ? least_loaded(category) : org;
}

}  // namespace orgsim::engine
