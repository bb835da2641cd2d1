#include "engine/org_index.hpp"

#include "engine/dispatcher.hpp"

namespace orgsim::engine {
namespace {
// Orders waiting plus in service, per staff member, below 1: someone can start a new order
// now (a queue forms only when every staff member is busy).
bool has_free_staff(double load_per_staff) { return load_per_staff < 1.0; }
}  // namespace

OrgIndex::OrgIndex(const World& world, const std::vector<ServiceDesk>& desks,
                   const std::vector<core::TwoRateTally>& tallies, Orderings orderings)
    : world_(world),
      desks_(desks),
      tallies_(tallies),
      alliances_(world.alliances),
      orderings_(orderings),
      load_(world.social_orgs.size()),
      score_(world.social_orgs.size()),
      by_load_(world.orgs_by_category.size()),
      by_load_in_alliance_(world.orgs_by_category.size() *
                           static_cast<std::size_t>(world.alliances)),
      by_score_(world.orgs_by_category.size()) {
  for (std::size_t o = 0; o < world.social_orgs.size(); ++o) {
    load_[o] = desks_[o].load_per_staff();
    score_[o] = orderings_.by_score ? published_two_rate_score(tallies_[o]) : 0.0;
    insert(static_cast<std::int32_t>(o));
  }
}

void OrgIndex::insert(std::int32_t org) {
  const ServiceProvider& p = world_.social_orgs[org];
  for (auto c : p.categories) {
    by_load_[c].insert({load_[org], org});
    if (orderings_.by_alliance)
      by_load_in_alliance_[static_cast<std::size_t>(c * alliances_ + p.alliance)].insert(
          {load_[org], org});
    if (orderings_.by_score && has_free_staff(load_[org]))
      by_score_[c].insert({-score_[org], load_[org], org});
  }
}

void OrgIndex::erase(std::int32_t org) {
  const ServiceProvider& p = world_.social_orgs[org];
  for (auto c : p.categories) {
    by_load_[c].erase({load_[org], org});
    if (orderings_.by_alliance)
      by_load_in_alliance_[static_cast<std::size_t>(c * alliances_ + p.alliance)].erase(
          {load_[org], org});
    if (orderings_.by_score && has_free_staff(load_[org]))
      by_score_[c].erase({-score_[org], load_[org], org});
  }
}

void OrgIndex::refresh(std::int32_t org) {
  const double load = desks_[org].load_per_staff();
  const double score = orderings_.by_score ? published_two_rate_score(tallies_[org]) : 0.0;
  if (load == load_[org] && score == score_[org]) return;
  erase(org);
  load_[org] = load;
  score_[org] = score;
  insert(org);
}

std::int32_t OrgIndex::least_loaded(std::int32_t category) const {
  return by_load_[category].begin()->second;
}

std::int32_t OrgIndex::least_loaded(std::int32_t category, std::int32_t alliance) const {
  const auto& set =
      by_load_in_alliance_[static_cast<std::size_t>(category * alliances_ + alliance)];
  return set.empty() ? -1 : set.begin()->second;
}

std::int32_t OrgIndex::best_rated(std::int32_t category) const {
  const auto& free = by_score_[category];
  return free.empty() ? least_loaded(category) : std::get<2>(*free.begin());
}

}  // namespace orgsim::engine
