// Money (core/money.hpp, docs/MODEL.md §1, §8): the year fraction every yearly sum is granted
// by, the cost of an activity, and paying for it: the whole cost from the town's budget, else
// the whole cost from the branch's provident fund, else neither; never split, never overdrawn.
// Then engine::Resources, which keeps the accounts by these rules.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "config/scenario_loader.hpp"
#include "core/money.hpp"
#include "engine/resources.hpp"
#include "engine/world.hpp"

namespace orgsim::core {
namespace {

TEST(YearFraction, IsTheRunsDaysOver365) {
  EXPECT_EQ(year_fraction(365), 1.0);
  EXPECT_EQ(year_fraction(730), 2.0);
  EXPECT_NEAR(year_fraction(73), 0.2, 1e-15);
  EXPECT_NEAR(year_fraction(30), 30.0 / 365.0, 1e-15);
}

struct CostCase {
  std::string name;
  double mean;
  double u;
  double cost;  // mean * (0.5 + u)
};

std::ostream& operator<<(std::ostream& os, const CostCase& c) { return os << c.name; }

class ActivityCost : public testing::TestWithParam<CostCase> {};

TEST_P(ActivityCost, UniformWithinHalfTheMeanEitherSide) {
  const CostCase& c = GetParam();
  EXPECT_NEAR(activity_cost_yuan(c.mean, c.u), c.cost, 1e-9);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ActivityCost,
    testing::Values(CostCase{"u_0_is_half_the_mean", 300, 0.0, 150},
                    CostCase{"u_half_is_the_mean", 300, 0.5, 300},
                    CostCase{"u_near_1_is_one_and_a_half_means", 300, 0.999, 449.7},
                    CostCase{"a_quarter", 200, 0.25, 150}, CostCase{"free", 0, 0.7, 0}),
    [](const testing::TestParamInfo<CostCase>& row) { return row.param.name; });

struct PayCase {
  std::string name;
  Pots before;
  double cost;
  PaidFrom from;
  Pots after;
};

std::ostream& operator<<(std::ostream& os, const PayCase& c) { return os << c.name; }

class PayActivity : public testing::TestWithParam<PayCase> {};

TEST_P(PayActivity, BudgetBeforeFundWholeCostNoOverdraft) {
  const PayCase& c = GetParam();
  const Payment p = pay_activity(c.before, c.cost);
  EXPECT_EQ(static_cast<int>(p.from), static_cast<int>(c.from));
  EXPECT_DOUBLE_EQ(p.left.budget_yuan, c.after.budget_yuan);
  EXPECT_DOUBLE_EQ(p.left.fund_yuan, c.after.fund_yuan);
  EXPECT_GE(p.left.budget_yuan, 0.0);
  EXPECT_GE(p.left.fund_yuan, 0.0);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PayActivity,
    testing::Values(
        // Both could pay: the budget does, the fund is left alone.
        PayCase{"budget_first", {1000, 1000}, 300, PaidFrom::kBudget, {700, 1000}},
        // Exactly what is left is enough (no overdraft, but down to 0).
        PayCase{"budget_to_zero", {300, 1000}, 300, PaidFrom::kBudget, {0, 1000}},
        // One yuan short: the fund pays the whole cost; the budget keeps its 299.
        PayCase{"budget_short_fund_pays_all", {299, 1000}, 300, PaidFrom::kFund, {299, 700}},
        PayCase{"fund_to_zero", {0, 300}, 300, PaidFrom::kFund, {0, 0}},
        // 200 + 200 would cover 300, but a cost is never split: nobody pays, nothing moves.
        PayCase{"never_split", {200, 200}, 300, PaidFrom::kNeither, {200, 200}},
        PayCase{"both_empty", {0, 0}, 150, PaidFrom::kNeither, {0, 0}},
        PayCase{"a_free_activity_is_the_budgets", {0, 0}, 0, PaidFrom::kBudget, {0, 0}}),
    [](const testing::TestParamInfo<PayCase>& row) { return row.param.name; });

// engine::Resources keeps the accounts: a 73-day run (a fifth of a year) in its first
// programme year grants each town 200,000 * 0.2 = 40,000 yuan and each branch 2,000 * its
// payout ratio * 0.2; paying follows pay_activity.
TEST(Resources, GrantsProRataAndPaysByTheRule) {
  const auto loaded = config::load_scenario({"test", "", {"run.days=73"}, std::nullopt});
  ASSERT_TRUE(loaded.scenario);
  const config::Scenario& s = *loaded.scenario;
  const engine::World world = engine::build_world(s);
  engine::Resources r(s, world);
  const std::int32_t branch = world.towns[0].branches.front();
  const double fund = 2000.0 * world.branches[branch].fund_payout_ratio * 0.2;  // 440 to 600
  EXPECT_NEAR(r.budget_left_yuan(0), 40000.0, 1e-9);
  EXPECT_NEAR(r.fund_left_yuan(branch), fund, 1e-9);

  EXPECT_TRUE(r.pay(0, branch, 100.0));  // both could: the budget pays
  EXPECT_NEAR(r.budget_left_yuan(0), 39900.0, 1e-9);
  EXPECT_NEAR(r.fund_left_yuan(branch), fund, 1e-9);
  EXPECT_TRUE(r.pay(0, branch, 39800.0));  // the budget: 100 left
  EXPECT_NEAR(r.budget_left_yuan(0), 100.0, 1e-9);
  EXPECT_NEAR(r.fund_left_yuan(branch), fund, 1e-9);
  EXPECT_TRUE(r.pay(0, branch, fund));  // more than the budget's 100: the fund, all of it
  EXPECT_NEAR(r.budget_left_yuan(0), 100.0, 1e-9);
  EXPECT_NEAR(r.fund_left_yuan(branch), 0.0, 1e-9);
  EXPECT_FALSE(r.pay(0, branch, 150.0));  // neither pot has 150
  EXPECT_NEAR(r.budget_left_yuan(0), 100.0, 1e-9);
  EXPECT_TRUE(r.pay(0, branch, 100.0));
  EXPECT_NEAR(r.budget_left_yuan(0), 0.0, 1e-9);
  EXPECT_NEAR(r.spent_budget_yuan(), 40000.0, 1e-9);
  EXPECT_NEAR(r.spent_fund_yuan(), fund, 1e-9);

  // The second year's grant, grown by 10%: 200,000 * 1.1 * 0.2 = 44,000 afresh.
  r.start_year(s, 1);
  EXPECT_NEAR(r.budget_left_yuan(0), 44000.0, 1e-9);
  EXPECT_NEAR(r.fund_left_yuan(branch), fund, 1e-9);
}

}  // namespace
}  // namespace orgsim::core
