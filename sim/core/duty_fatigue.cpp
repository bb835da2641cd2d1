#include "core/duty_fatigue.hpp"

#include <algorithm>

namespace orgsim::core {

void DutyLoad::worked(double start_h, double hours) {
  shifts_.push_back({start_h, hours});
  total_h_ += hours;
}

double DutyLoad::load_h(double now_h, double window_h) {
  while (!shifts_.empty() && shifts_.front().start_h < now_h - window_h) {
    total_h_ -= shifts_.front().hours;
    shifts_.pop_front();
  }
  if (shifts_.empty()) total_h_ = 0.0;  // no drift from the subtractions
  return total_h_;
}

double miss_probability(double base_absence, double load_h, const FatigueRule& rule) {
  const double beyond = std::max(0.0, load_h - rule.limit_h) / rule.limit_h;
  return std::min(1.0, base_absence + rule.slope * beyond);
}

}  // namespace orgsim::core
