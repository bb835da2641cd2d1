#include "engine/dispatcher.hpp"

namespace orgsim::engine {

double published_two_rate_score(const core::TwoRateTally& tally) {
  const auto rates = core::annual_rates(tally);
  if (!rates) return 1.0;
  return 0.5 * (rates->attraction + rates->satisfaction);
}

Dispatcher::Dispatcher(config::DispatchRule rule, std::uint64_t seed, std::size_t categories)
    : rule_(rule), rng_(seed, "dispatch"), round_robin_next_(categories, 0) {}

std::int32_t Dispatcher::least_loaded(const std::vector<std::int32_t>& candidates,
                                      const std::vector<ServiceDesk>& desks) {
  std::int32_t best = candidates.front();
  for (auto c : candidates)
    if (desks[c].load_per_staff() < desks[best].load_per_staff()) best = c;
  return best;
}

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

}  // namespace orgsim::engine
