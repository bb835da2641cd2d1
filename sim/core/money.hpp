#pragma once
// Money in the model (资源联体, docs/MODEL.md §1, §8): what a run grants in proportion to its
// length, what an activity costs, and which pot pays for it. Pure functions: the engine keeps
// the accounts (engine/resources.cpp) and draws the random numbers.
#include <cstdint>

namespace orgsim::core {

// A run's length in years, run.days / 365: yearly money (the towns' budgets, the branches'
// provident funds) and the quarterly allowances (tier_allowance_yuan, core/tiers.hpp) are
// granted in this proportion.
double year_fraction(std::int64_t run_days);

// The cost of one activity, uniform within ±50% of the mean: mean * (0.5 + u), u in [0, 1)
// drawn by the caller (docs/MODEL.md §3.2, §3.5, §9).
double activity_cost_yuan(double mean_yuan, double u);

// What is left in the two pots an activity can be paid from.
struct Pots {
  double budget_yuan = 0.0;  // the town's budget
  double fund_yuan = 0.0;    // the branch's provident fund (党群公积金)
};

enum class PaidFrom : std::uint8_t { kBudget, kFund, kNeither };

struct Payment {
  PaidFrom from = PaidFrom::kNeither;
  Pots left;  // the pots after paying (unchanged when neither paid)
};

// Paying for an activity (§8.4): the whole cost from the town's budget if enough is left;
// otherwise the whole cost from the branch's fund if enough is left there; otherwise neither
// pays (the activity is cancelled for want of money). A cost is never split between the pots,
// and no pot is overdrawn.
Payment pay_activity(const Pots& left, double cost_yuan);

}  // namespace orgsim::core
