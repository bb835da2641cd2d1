#include "engine/dispatcher.hpp"

#include <algorithm>
#include <tuple>

namespace orgsim::engine {

Dispatcher::Dispatcher(config::DispatchRule rule, std::uint64_t seed, std::size_t categories)
    : rule_(rule), rng_(seed, "dispatch"), round_robin_next_(categories, 0) {}

std::int32_t Dispatcher::choose(const std::vector<std::int32_t>& capable, std::int32_t category,
                                std::int32_t alliance, const DispatchView& view) {
  switch (rule_) {
    case config::DispatchRule::kShortestQueue:
      return view.index.least_loaded(category);
    case config::DispatchRule::kRandom:
      return capable[rng_.uniform_index(capable.size())];
    case config::DispatchRule::kRoundRobin: {
      auto& next = round_robin_next_[static_cast<std::size_t>(category)];
      const auto chosen = capable[next % capable.size()];
      ++next;
      return chosen;
    }
    case config::DispatchRule::kBestRated:
      return view.index.best_rated(category);
    case config::DispatchRule::kAllianceFirst: {
      const auto local = view.index.least_loaded(category, alliance);
      return local >= 0 ? local : view.index.least_loaded(category);
    }
  }
  return capable.front();
}

std::int32_t Dispatcher::choose_excluding(const std::vector<std::int32_t>& capable,
                                          const std::vector<std::int32_t>& excluded,
                                          std::int32_t category, std::int32_t alliance,
                                          const DispatchView& view) {
  std::vector<std::int32_t> left;
  for (auto org : capable)
    if (std::find(excluded.begin(), excluded.end(), org) == excluded.end()) left.push_back(org);
  if (left.empty()) return -1;
  const OrgIndex& index = view.index;
  // The smallest key wins; ties by the tie-break, then to the lower index (as in the index's
  // trees).
  auto smallest = [&left](auto key) {
    return *std::min_element(left.begin(), left.end(),
                             [&key](std::int32_t a, std::int32_t b) { return key(a) < key(b); });
  };
  switch (rule_) {
    case config::DispatchRule::kShortestQueue:
      return smallest([&](std::int32_t o) {
        return std::make_tuple(index.load_of(o), index.tie_key_of(o), o);
      });
    case config::DispatchRule::kRandom:
      return left[rng_.uniform_index(left.size())];
    case config::DispatchRule::kRoundRobin: {
      auto& next = round_robin_next_[static_cast<std::size_t>(category)];
      for (std::size_t tried = 0; tried < capable.size(); ++tried, ++next) {
        const auto org = capable[next % capable.size()];
        if (std::find(left.begin(), left.end(), org) != left.end()) {
          ++next;
          return org;
        }
      }
      return left.front();
    }
    case config::DispatchRule::kBestRated:
      // With nobody free anywhere, the least loaded (as best_rated does).
      return smallest([&](std::int32_t o) {
        const bool free = index.free_staff_at(o);
        return std::make_tuple(!free, free ? -index.score_of(o) : 0.0, index.load_of(o),
                               index.tie_key_of(o), o);
      });
    case config::DispatchRule::kAllianceFirst:
      return smallest([&](std::int32_t o) {
        return std::make_tuple(index.alliance_of(o) != alliance, index.load_of(o),
                               index.tie_key_of(o), o);
      });
  }
  return left.front();
}

}  // namespace orgsim::engine
