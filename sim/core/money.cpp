#include "core/money.hpp"

namespace orgsim::core {

double year_fraction(std::int64_t run_days) { return static_cast<double>(run_days) / 365.0; }

double activity_cost_yuan(double mean_yuan, double u) { return mean_yuan * (0.5 + u); }

Payment pay_activity(const Pots& left, double cost_yuan) {
  Payment p{PaidFrom::kNeither, left};
  if (left.budget_yuan >= cost_yuan) {
    p.from = PaidFrom::kBudget;
    p.left.budget_yuan -= cost_yuan;
  } else if (left.fund_yuan >= cost_yuan) {
    p.from = PaidFrom::kFund;
    p.left.fund_yuan -= cost_yuan;
  }
  return p;
}

}  // namespace orgsim::core
