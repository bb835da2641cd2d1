#include "core/reference_standard.hpp"

namespace orgsim::core {

void WaitExposure::add(double targeted_people, double vote_count, double decay) {
  targeted += targeted_people;
  targeted_decay += targeted_people * decay;
  votes += vote_count;
  votes_decay += vote_count * decay;
}

std::optional<TwoRates> experienced_qualities(const TwoRates& true_qualities,
                                              const WaitExposure& exposure) {
  if (exposure.targeted <= 0.0 || exposure.votes <= 0.0) return std::nullopt;
  return TwoRates{true_qualities.attraction * exposure.targeted_decay / exposure.targeted,
                  true_qualities.satisfaction * exposure.votes_decay / exposure.votes};
}

bool meets_standard(const TwoRates& true_qualities, const std::optional<TwoRates>& experienced,
                    const ReferenceStandard& standard) {
  IncubationRule rule;
  rule.threshold = standard.threshold;
  rule.combine = standard.combine;
  rule.attraction_weight = standard.attraction_weight;
  const bool judge_experienced = standard.waits == StandardWaits::kIncluded && experienced;
  return rates_pass(judge_experienced ? *experienced : true_qualities, rule);
}

const char* to_string(StandardWaits waits) {
  return waits == StandardWaits::kIncluded ? "included" : "excluded";
}

}  // namespace orgsim::core
