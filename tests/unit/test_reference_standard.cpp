// The reference standard ([truth]): which organizations are good, judged on their true or
// experienced qualities, and what the waits did to the experienced ones.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <ostream>
#include <string>

#include "core/evaluation.hpp"
#include "core/reference_standard.hpp"

namespace orgsim::core {
namespace {

ReferenceStandard standard_of(RateCombine combine, StandardWaits waits, double threshold = 0.80,
                              double weight = 0.5) {
  ReferenceStandard s;
  s.threshold = threshold;
  s.combine = combine;
  s.attraction_weight = weight;
  s.waits = waits;
  return s;
}

struct Case {
  std::string name;
  TwoRates quality;
  std::optional<TwoRates> experienced;
  ReferenceStandard standard;
  bool good;
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.name; }

class MeetsStandard : public ::testing::TestWithParam<Case> {};

TEST_P(MeetsStandard, JudgesTheRightQualities) {
  const Case& c = GetParam();
  EXPECT_EQ(meets_standard(c.quality, c.experienced, c.standard), c.good);
}

constexpr auto kBoth = RateCombine::kBoth;
constexpr auto kMean = RateCombine::kMean;
constexpr auto kWeighted = RateCombine::kWeighted;
constexpr auto kExcluded = StandardWaits::kExcluded;
constexpr auto kIncluded = StandardWaits::kIncluded;

INSTANTIATE_TEST_SUITE_P(
    Table, MeetsStandard,
    ::testing::Values(
        Case{"both_at_the_line_is_good",
             {0.80, 0.80},
             std::nullopt,
             standard_of(kBoth, kExcluded),
             true},
        Case{"both_one_just_below",
             {0.79999, 0.95},
             std::nullopt,
             standard_of(kBoth, kExcluded),
             false},
        Case{"mean_passes_what_both_fails",
             {0.75, 0.90},
             std::nullopt,
             standard_of(kMean, kExcluded),
             true},
        Case{"weighted_leans_on_attraction",
             {0.90, 0.60},
             std::nullopt,
             standard_of(kWeighted, kExcluded, 0.8, 0.75),
             true},
        Case{"weighted_leans_on_satisfaction",
             {0.90, 0.60},
             std::nullopt,
             standard_of(kWeighted, kExcluded, 0.8, 0.25),
             false},
        // Waits excluded: what the public experienced does not matter.
        Case{"excluded_ignores_the_waits",
             {0.90, 0.90},
             TwoRates{0.70, 0.70},
             standard_of(kBoth, kExcluded),
             true},
        // Waits included: the experienced qualities are judged...
        Case{"included_judges_the_experienced",
             {0.90, 0.90},
             TwoRates{0.78, 0.85},
             standard_of(kBoth, kIncluded),
             false},
        Case{"included_good_after_short_waits",
             {0.90, 0.90},
             TwoRates{0.85, 0.86},
             standard_of(kBoth, kIncluded),
             true},
        // ... and an organization that gave no service had no wait: its true qualities.
        Case{"included_without_service_judges_the_truth",
             {0.90, 0.90},
             std::nullopt,
             standard_of(kBoth, kIncluded),
             true}),
    [](const auto& test) { return test.param.name; });

TEST(ExperiencedQualities, AreTheQualitiesTimesTheMeanDecayWeightedAsTheRatesPool) {
  WaitExposure exposure;
  const double tolerance_h = 336.0;
  exposure.add(20, 10, wait_decay(0.0, tolerance_h));    // served at once: decay 1
  exposure.add(60, 30, wait_decay(336.0, tolerance_h));  // a wait of one tolerance: e^-1
  const auto felt = experienced_qualities({0.9, 0.8}, exposure);
  ASSERT_TRUE(felt);
  const double mean_decay = (20.0 * 1.0 + 60.0 * std::exp(-1.0)) / 80.0;  // by people
  EXPECT_DOUBLE_EQ(felt->attraction, 0.9 * mean_decay);
  EXPECT_DOUBLE_EQ(felt->satisfaction, 0.8 * (10.0 + 30.0 * std::exp(-1.0)) / 40.0);  // by votes
}

TEST(ExperiencedQualities, NeedPeopleAndVotes) {
  WaitExposure none;
  EXPECT_FALSE(experienced_qualities({0.9, 0.9}, none));
  WaitExposure no_votes;
  no_votes.add(10, 0, 1.0);
  EXPECT_FALSE(experienced_qualities({0.9, 0.9}, no_votes));
}

}  // namespace
}  // namespace orgsim::core
