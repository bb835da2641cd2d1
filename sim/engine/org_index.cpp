#include "engine/org_index.hpp"

#include <limits>
#include <stdexcept>
#include <string>

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

OrgIndex::OrgIndex(const World& world, SocialOrgStates& orgs, config::TieBreak tie_break,
                   Orderings orderings)
    : world_(world),
      orgs_(orgs),
      tie_break_(tie_break),
      alliances_(world.alliances),
      orderings_(orderings) {
  const auto org_count = world.social_orgs.size();
  if (orgs.size() != org_count)
    throw std::invalid_argument("dispatch index: " + std::to_string(orgs.size()) +
                                " organization states for " + std::to_string(org_count) +
                                " organizations");
  std::vector<std::vector<Place>> in_category(org_count);  // per org: its leaf in each category
  std::vector<std::vector<Place>> in_alliance(org_count);  // ... in each (category, alliance)
  const LoadKey no_load = LoadKey::absent();
  const ScoreKey no_score{kInf, kInf, kNoTie, kNoOrg};
  const auto categories = world.orgs_by_category.size();
  for (std::size_t c = 0; c < categories; ++c) {
    const auto& members = world.orgs_by_category[c];
    by_load_.emplace_back(members.size(), no_load);
    if (orderings_.by_score) by_score_.emplace_back(members.size(), no_score);
    for (std::size_t i = 0; i < members.size(); ++i)
      in_category[members[i]].push_back(
          {static_cast<std::int32_t>(c), static_cast<std::int32_t>(i)});
    if (!orderings_.by_alliance) continue;
    for (std::int32_t a = 0; a < alliances_; ++a) {
      std::vector<std::int32_t> local;
      for (auto o : members)
        if (world.social_orgs[o].alliance == a) local.push_back(o);
      const auto ordering = static_cast<std::int32_t>(by_load_in_alliance_.size());
      for (std::size_t i = 0; i < local.size(); ++i)
        in_alliance[local[i]].push_back({ordering, static_cast<std::int32_t>(i)});
      by_load_in_alliance_.emplace_back(local.size(), no_load);
    }
  }
  for (std::size_t o = 0; o < org_count; ++o) {
    const auto places = in_category[o].size() + in_alliance[o].size();
    if (places > std::numeric_limits<std::uint16_t>::max())
      throw std::length_error("dispatch index: an organization is in " + std::to_string(places) +
                              " orderings, more than its entry counts");
    std::vector<Place> all = in_category[o];
    all.insert(all.end(), in_alliance[o].begin(), in_alliance[o].end());
    OrgIndexEntry& x = orgs_[o].indexed;
    x = OrgIndexEntry{};
    x.more_places = static_cast<std::int32_t>(places_.size());
    x.category_places = static_cast<std::uint16_t>(in_category[o].size());
    x.places = static_cast<std::uint16_t>(places);
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (i < x.first_places.size()) {
        x.first_places[i] = all[i];
      } else {
        places_.push_back(all[i]);
      }
    }
  }
  for (std::size_t o = 0; o < org_count; ++o) refresh(static_cast<std::int32_t>(o));
}

std::int64_t OrgIndex::tie_key_of(std::int32_t org) const {
  return tie_break_ == config::TieBreak::kLeastRecent ? orgs_[org].last_assigned : 0;
}

void OrgIndex::refresh(std::int32_t org) {
  const SocialOrgState& state = orgs_[org];
  const OrgIndexEntry& x = state.indexed;
  const double load = state.desk.load_per_staff();
  const double score = orderings_.by_score ? core::published_two_rate_score(state.tally) : 0.0;
  const std::int64_t tie_key = tie_key_of(org);
  const LoadKey load_key(load, tie_key, org);
  for (std::int32_t i = 0; i < x.category_places; ++i) {
    const Place& p = place(x, i);
    by_load_[p.ordering].set(p.leaf, load_key);
    if (orderings_.by_score)
      by_score_[p.ordering].set(p.leaf, has_free_staff(load)
                                            ? ScoreKey{-score, load, tie_key, org}
                                            : ScoreKey{kInf, kInf, kNoTie, kNoOrg});
  }
  for (std::int32_t i = x.category_places; i < x.places; ++i) {
    const Place& p = place(x, i);
    by_load_in_alliance_[p.ordering].set(p.leaf, load_key);
  }
}

std::int32_t OrgIndex::least_loaded(std::int32_t category) const {
  return by_load_[category].min().org();
}

std::int32_t OrgIndex::least_loaded(std::int32_t category, std::int32_t alliance) const {
  const auto& ordering =
      by_load_in_alliance_[static_cast<std::size_t>(category * alliances_ + alliance)];
  const LoadKey& least = ordering.min();
  return least.is_absent() ? -1 : least.org();
}

double OrgIndex::score_of(std::int32_t org) const {
  return core::published_two_rate_score(orgs_[org].tally);
}

std::int32_t OrgIndex::best_rated(std::int32_t category) const {
  const auto org = std::get<3>(by_score_[category].min());
  return org == kNoOrg ? least_loaded(category) : org;
}

}  // namespace orgsim::engine
