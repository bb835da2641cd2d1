#include "engine/dispatcher.hpp"

namespace orgsim::engine {

double published_two_rate_score(const core::TwoRateTally& tally) {
  if (tally.evaluations == 0 || tally.targeted == 0) return 1.0;
  const double attraction =
      static_cast<double>(tally.attended) / static_cast<double>(tally.targeted);
  // No vote cast yet (nobody came, or nobody voted): only the attraction rate is known.
  if (tally.votes == 0) return attraction;
  const double satisfaction =
      static_cast<double>(tally.satisfied) / static_cast<double>(tally.votes);
  return 0.5 * (attraction + satisfaction);
}

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

}  // namespace orgsim::engine
