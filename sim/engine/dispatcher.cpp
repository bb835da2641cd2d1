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
      return least_loaded(capable, view.desks);
    case config::DispatchRule::kRandom:
      return capable[rng_.uniform_index(capable.size())];
    case config::DispatchRule::kRoundRobin: {
      auto& next = round_robin_next_[category];
      const auto chosen = capable[next % capable.size()];
      ++next;
      return chosen;
    }
    case config::DispatchRule::kBestRated: {
      // Highest published two-rate score; ties to the shorter queue, then the lower index.
      std::int32_t best = capable.front();
      for (auto c : capable) {
        const double sc = published_two_rate_score(view.tallies[c]);
        const double sb = published_two_rate_score(view.tallies[best]);
        if (sc > sb ||
            (sc == sb && view.desks[c].load_per_staff() < view.desks[best].load_per_staff()))
          best = c;
      }
      return best;
    }
    case config::DispatchRule::kAllianceFirst: {
      std::vector<std::int32_t> same_alliance;
      for (auto c : capable)
        if (view.world.social_orgs[c].alliance == alliance) same_alliance.push_back(c);
      return least_loaded(same_alliance.empty() ? capable : same_alliance, view.desks);
    }
  }
  return capable.front();
}

}  // namespace orgsim::engine
