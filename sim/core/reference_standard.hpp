#pragma once
// The reference standard ([truth]): the one yardstick every policy's incubation decisions are
// judged against. The simulator knows each organization's true qualities, which no district
// does; a policy's decisions are right or wrong against this standard, never against the
// policy's own rule, so that a lower threshold cannot look like a free gain (docs/MODEL.md
// §11.1). By default it is the seed's rule (both rates at least 0.80) on the true qualities.
#include <optional>

#include "core/two_rates.hpp"

namespace orgsim::core {

// Which qualities the standard judges:
//   kExcluded  the organization's own true qualities, whatever the system made it wait (the
//              same for every policy: the default);
//   kIncluded  what its public experienced: the true qualities times the mean wait decay of
//              the services it gave that year (so a policy whose dispatch makes people wait
//              moves the standard: use it to ask "was the service good as people got it?").
enum class StandardWaits { kExcluded, kIncluded };

struct ReferenceStandard {
  double threshold = 0.80;
  RateCombine combine = RateCombine::kBoth;
  double attraction_weight = 0.5;  // for kWeighted
  StandardWaits waits = StandardWaits::kExcluded;
};

// The wait decay an organization's services carried over a year, weighted as the rates pool:
// attraction by people targeted, satisfaction by votes (docs/MODEL.md §7).
struct WaitExposure {
  double targeted = 0.0;
  double targeted_decay = 0.0;  // sum of targeted * decay
  double votes = 0.0;
  double votes_decay = 0.0;  // sum of votes * decay

  void add(double targeted_people, double vote_count, double decay);
};

// The qualities the public experienced: each true quality times its mean decay. Empty when
// the organization gave no service with someone targeted and a vote cast.
std::optional<TwoRates> experienced_qualities(const TwoRates& true_qualities,
                                              const WaitExposure& exposure);

// Whether an organization meets the standard. `experienced` is used with kIncluded; without
// it (no service that year) the true qualities are judged, as no wait lowered them.
bool meets_standard(const TwoRates& true_qualities, const std::optional<TwoRates>& experienced,
                    const ReferenceStandard& standard);

const char* to_string(StandardWaits waits);  // excluded, included

}  // namespace orgsim::core
