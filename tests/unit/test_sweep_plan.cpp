// The sweep file's own rules, on texts (sweep/sweep_plan.cpp): what used to be accepted
// silently and ran something other than what the file says.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "sweep/sweep_plan.hpp"

namespace orgsim::sweep {
namespace {

std::string all_problems(const SweepLoadResult& r) {
  std::string text;
  for (const auto& p : r.problems) text += p.to_string() + "\n";
  return text;
}

SweepLoadResult load(const std::string& text) { return load_sweep("s.ini", text, "."); }

TEST(SweepFile, ABomAndCrLineEndsAreRead) {
  const auto r = load(
      "\xEF\xBB\xBF[sweep]\r\nname = crlf\r\n[policy.a]\r\nincubation.threshold = "
      "0.75\r[policy.b]\r");
  ASSERT_TRUE(r.plan) << all_problems(r);
  EXPECT_EQ(r.plan->name, "crlf");
  ASSERT_EQ(r.plan->points.size(), 2u);
  EXPECT_EQ(r.plan->points[0].overrides, std::vector<std::string>{"incubation.threshold=0.75"});
}

// Boost merges the keys of two [policy.a] sections into one policy without a word.
TEST(SweepFile, APolicyGivenTwiceIsRefused) {
  const auto r = load("[policy.a]\nincubation.threshold = 0.7\n[policy.a]\ntiers.shares = 1\n");
  EXPECT_FALSE(r.plan);
  EXPECT_NE(all_problems(r).find("[policy.a]: : given twice"), std::string::npos)
      << all_problems(r);
}

// [policy.x.incubation] then threshold = 0.7 used to make two policies, x.incubation (empty)
// and x (with the threshold).
TEST(SweepFile, ASectionInAPolicyHeaderIsRefused) {
  const auto r = load("[policy.base]\n[policy.x.incubation]\nthreshold = 0.7\n");
  EXPECT_FALSE(r.plan);
  const std::string text = all_problems(r);
  EXPECT_NE(text.find("[policy.x.incubation]: : ends in a scenario section"), std::string::npos)
      << text;
  EXPECT_NE(text.find("policy.x.incubation.threshold: 0.7: not a policy setting"),
            std::string::npos)
      << text;
}

TEST(SweepFile, JunkAfterARangeIsRefused) {
  const auto r = load("[vary]\ndesign = lhs\nsamples = 2\ninspection.visit_noise_sd = 0..6x\n");
  EXPECT_FALSE(r.plan);
  EXPECT_NE(all_problems(r).find("0..6x: not a range"), std::string::npos) << all_problems(r);
}

// A number with trailing junk is refused wherever a sweep file holds one, naming the key, the
// value and why ("3abc" used to be read as 3 by std::stoll, "0.8x" as 0.8 by std::stod).
struct JunkCase {
  const char* name;
  const char* text;
  const char* expected;  // a part of the problems
};

void PrintTo(const JunkCase& c, std::ostream* out) { *out << c.name; }

class NumbersWithJunk : public ::testing::TestWithParam<JunkCase> {};

TEST_P(NumbersWithJunk, AreRefusedWithTheReason) {
  const auto r = load(GetParam().text);
  EXPECT_FALSE(r.plan);
  EXPECT_NE(all_problems(r).find(GetParam().expected), std::string::npos) << all_problems(r);
}

INSTANTIATE_TEST_SUITE_P(
    SweepFile, NumbersWithJunk,
    ::testing::Values(
        JunkCase{"replications", "[sweep]\nreplications = 3abc\n",
                 "sweep.replications: 3abc: not an integer (trailing junk \"abc\"); allowed: an "
                 "integer in [1, 100000]"},
        JunkCase{"seed", "[sweep]\nseed = 7x\n",
                 "sweep.seed: 7x: not an integer (trailing junk \"x\")"},
        JunkCase{"grid_value", "[vary]\nincubation.threshold = 0.8x | 0.9\n",
                 "incubation.threshold: 0.8x: not a number (trailing junk \"x\"); allowed: a "
                 "number in [0, 1]"},
        JunkCase{"policy_value", "[policy.a]\ndistrict.scale = 0.1x\n",
                 "district.scale: 0.1x: not a number (trailing junk \"x\")"},
        JunkCase{"samples",
                 "[vary]\ndesign = lhs\nsamples = 4abc\nincubation.threshold = 0.7..0.9\n",
                 "vary.samples: 4abc: not an integer (trailing junk \"abc\")"},
        JunkCase{"range_low",
                 "[vary]\ndesign = lhs\nsamples = 2\nincubation.threshold = 0.7x..0.9\n",
                 "vary.incubation.threshold: 0.7x..0.9: not a range of a number parameter (0.7x: "
                 "not a number (trailing junk \"x\"))"},
        JunkCase{"levels",
                 "[vary]\ndesign = morris\ntrajectories = 2\nlevels = 1\n"
                 "incubation.threshold = 0.7..0.9\n",
                 "vary.levels: 1: out of range"}),
    [](const ::testing::TestParamInfo<JunkCase>& test) { return test.param.name; });

TEST(SweepFile, AFolderIsNotABaseScenario) {
  const auto r = load("[sweep]\nbase = .\n");
  EXPECT_FALSE(r.plan);
  EXPECT_NE(all_problems(r).find("not a regular file"), std::string::npos) << all_problems(r);
}

// Two equal values make two equal points: the same run id twice, run at once into one file.
TEST(SweepFile, AValueListedTwiceIsRefused) {
  const auto r = load("[vary]\nincubation.threshold = 0.7 | 0.7\n");
  EXPECT_FALSE(r.plan);
  EXPECT_NE(all_problems(r).find("vary.incubation.threshold: 0.7: listed twice"), std::string::npos)
      << all_problems(r);
}

// The runs are counted before the plan is built: 10^12 points used to eat gigabytes.
TEST(SweepFile, APlanTooLargeIsRefusedBeforeItIsBuilt) {
  std::string values;
  for (int i = 0; i < 1000; ++i) values += (i ? " | " : "") + std::to_string(i);
  const std::string text = "[sweep]\nreplications = 10\n[vary]\nrun.seed = " + values +
                           "\ndistrict.branches = " + values + "\n";
  const auto refused = load_sweep("s.ini", text, ".", 1000000);
  EXPECT_FALSE(refused.plan);
  EXPECT_NE(all_problems(refused).find("the plan has 1e+07 runs"), std::string::npos)
      << all_problems(refused);
  const auto sobol = load_sweep(
      "s.ini", "[vary]\ndesign = sobol\nsamples = 100\nincubation.threshold = 0.7..0.9\n", ".",
      299);
  EXPECT_FALSE(sobol.plan);  // 100 x (1 + 2) x 10 replications = 3,000 runs
  EXPECT_NE(all_problems(sobol).find("the plan has 3000 runs"), std::string::npos);
}

}  // namespace
}  // namespace orgsim::sweep
