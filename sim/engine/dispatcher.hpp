#pragma once
// 派单: which of several capable social organizations gets an immediate item. Each rule is a
// small function of what the district committee can see when it dispatches (queues, the
// published two-rate ranking, alliances), so a later behaviour model can swap it.
#include <cstdint>
#include <vector>

#include "config/scenario.hpp"
#include "core/random_stream.hpp"
#include "engine/org_index.hpp"
#include "engine/service_desk.hpp"
#include "engine/world.hpp"

namespace orgsim::engine {

// What the dispatcher sees: organizations indexed by queue and by the live two-rate ranking
// (排行榜).
struct DispatchView {
  const OrgIndex& index;
};

class Dispatcher {
 public:
  Dispatcher(config::DispatchRule rule, std::uint64_t seed, std::size_t categories);

  // The chosen organization among `capable` (non-empty) for an order from `alliance`.
  std::int32_t choose(const std::vector<std::int32_t>& capable, std::int32_t category,
                      std::int32_t alliance, const DispatchView& view);
  // The same rule's choice among `capable` leaving out `excluded` (organizations that declined
  // the order); -1 when none is left. A linear scan: only declined orders come here.
  std::int32_t choose_excluding(const std::vector<std::int32_t>& capable,
                                const std::vector<std::int32_t>& excluded, std::int32_t category,
                                std::int32_t alliance, const DispatchView& view);

 private:
  config::DispatchRule rule_;
  core::RandomStream rng_;                     // stream "dispatch": the random rule's draws
  std::vector<std::size_t> round_robin_next_;  // per category
};

}  // namespace orgsim::engine
