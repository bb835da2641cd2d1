#pragma once
// An index of social organizations by queue length and by published two-rate score, per
// category (and per category and alliance), so that dispatching an order costs O(log n) rather
// than a scan of every capable organization: at province scale a category has over a thousand.
// The district refreshes an organization's entry whenever its queue or its tally changes.
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "config/scenario.hpp"
#include "core/min_tree.hpp"
#include "core/two_rates.hpp"
#include "engine/load_key.hpp"
#include "engine/social_org_state.hpp"
#include "engine/world.hpp"

namespace orgsim::engine {

class OrgIndex {
 public:
  // Which orderings to keep: each costs a tree update per change, so only those the dispatch
  // rule reads are kept (the queue ordering always: special needs use it).
  struct Orderings {
    bool by_alliance = false;
    bool by_score = false;
  };
  // Reads each organization's desk, tally and last assignment (for ties broken by
  // config::TieBreak::kLeastRecent; with kLowestIndex it is not read) from `orgs`, and keeps
  // its own entry for each in `orgs[o].indexed`: one index per organization vector at a time.
  OrgIndex(const World& world, SocialOrgStates& orgs, config::TieBreak tie_break,
           Orderings orderings);

  // Re-reads org's load, score and last assignment into its leaves; call after every change to
  // its queue, staff, tally or last assignment. (It does not first compare them with what the
  // leaves hold: in a year, nearly every call changes something.)
  void refresh(std::int32_t org);

  // Lowest load per staff member among the category's organizations; ties by the tie-break
  // (the least recently assigned, or the lower index), then the lower index.
  // The category must have at least one organization.
  std::int32_t least_loaded(std::int32_t category) const;
  // The same among the category's organizations in `alliance`; -1 when there is none.
  // Needs Orderings::by_alliance.
  std::int32_t least_loaded(std::int32_t category, std::int32_t alliance) const;
  // The best-rated organization that has a staff member free now: highest published score
  // (mean of the running two rates), ties to the lower load, then by the tie-break. When every
  // capable organization is busy, the least loaded. Needs Orderings::by_score.
  std::int32_t best_rated(std::int32_t category) const;

  // For the linear scans of re-dispatch (engine/dispatcher.hpp): an organization's load per
  // staff member, published score, alliance and whether a staff member is free.
  double load_of(std::int32_t org) const { return orgs_[org].desk.load_per_staff(); }
  double score_of(std::int32_t org) const;
  std::int32_t alliance_of(std::int32_t org) const { return world_.social_orgs[org].alliance; }
  bool free_staff_at(std::int32_t org) const { return orgs_[org].desk.has_free_staff(); }
  // The tie-break's key: smaller wins among equals (0 for every org under kLowestIndex).
  std::int64_t tie_key_of(std::int32_t org) const;

 private:
  using ScoreKey =
      std::tuple<double, double, std::int64_t, std::int32_t>;  // -score, load, tie key, org
  using Place = OrgIndexPlace;
  // The org's place i (0 <= i < its entry's places).
  const Place& place(const OrgIndexEntry& x, std::int32_t i) const {
    return i < OrgIndexEntry::kInlinePlaces
               ? x.first_places[static_cast<std::size_t>(i)]
               : places_[static_cast<std::size_t>(x.more_places + i -
                                                  OrgIndexEntry::kInlinePlaces)];
  }

  const World& world_;
  SocialOrgStates& orgs_;  // each org's entry is orgs_[org].indexed
  config::TieBreak tie_break_;
  std::int32_t alliances_;
  Orderings orderings_;
  std::vector<Place> places_;  // every org's places past its entry's inline ones, org after org
  std::vector<core::MinTree<LoadKey>> by_load_;              // per category
  std::vector<core::MinTree<LoadKey>> by_load_in_alliance_;  // per category * alliances + alliance
  std::vector<core::MinTree<ScoreKey>>
      by_score_;  // per category; absent unless a staff member is free
};

}  // namespace orgsim::engine
