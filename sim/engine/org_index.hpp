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
#include "engine/service_desk.hpp"
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
  // `last_assigned` holds, per organization, the number of the dispatch that last chose it
  // (-1: never), for ties broken by config::TieBreak::kLeastRecent; with kLowestIndex it is
  // not read.
  OrgIndex(const World& world, const std::vector<ServiceDesk>& desks,
           const std::vector<core::TwoRateTally>& tallies,
           const std::vector<std::int64_t>& last_assigned, config::TieBreak tie_break,
           Orderings orderings);

  // Re-reads org's load, score and last assignment; call after every change to its queue,
  // staff, tally or last assignment.
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
  double load_of(std::int32_t org) const { return desks_[org].load_per_staff(); }
  double score_of(std::int32_t org) const;
  std::int32_t alliance_of(std::int32_t org) const { return world_.social_orgs[org].alliance; }
  bool free_staff_at(std::int32_t org) const { return desks_[org].has_free_staff(); }
  // The tie-break's key: smaller wins among equals (0 for every org under kLowestIndex).
  std::int64_t tie_key_of(std::int32_t org) const;

 private:
  using ScoreKey =
      std::tuple<double, double, std::int64_t, std::int32_t>;  // -score, load, tie key, org
  struct Place {
    std::int32_t ordering;  // which tree: a category, or a (category, alliance)
    std::int32_t leaf;
  };
  // One organization as indexed now, and where its leaves are: what update() and refresh() read
  // of the organization, in one place. At province scale an organization's entry is cold when
  // its queue changes; three arrays and two vectors per organization were five cache misses,
  // this is two (bench/README.md, issue 17).
  struct Indexed {
    double load = 0.0;
    double score = 0.0;
    std::int64_t tie_key = 0;
    std::int32_t first_place = 0;  // its places: places_[first_place .. first_place + places)
    std::int32_t places = 0;       // its category orderings first, then its alliance orderings
    std::int32_t category_places = 0;
  };
  void update(std::int32_t org);

  const World& world_;
  const std::vector<ServiceDesk>& desks_;
  const std::vector<core::TwoRateTally>& tallies_;
  const std::vector<std::int64_t>& last_assigned_;
  config::TieBreak tie_break_;
  std::int32_t alliances_;
  Orderings orderings_;
  std::vector<Indexed> indexed_;                             // per org
  std::vector<Place> places_;                                // every org's, org after org
  std::vector<core::MinTree<LoadKey>> by_load_;              // per category
  std::vector<core::MinTree<LoadKey>> by_load_in_alliance_;  // per category * alliances + alliance
  std::vector<core::MinTree<ScoreKey>>
      by_score_;  // per category; absent unless a staff member is free
};

}  // namespace orgsim::engine
