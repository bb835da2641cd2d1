#pragma once
// Fatigue on the duty rota (behaviour.roster = fatigue; docs/MODEL.md §13.4): a member's load
// is the duty hours worked over a recent window; beyond a limit, missing a shift becomes
// likelier.
#include <deque>

namespace orgsim::core {

struct FatigueRule {
  double window_h = 28.0 * 24.0;
  double limit_h = 20.0;  // load beyond this tires (> 0)
  double slope = 0.5;     // extra miss probability per limit_h beyond the limit
};

// The duty hours one member worked, kept for the window.
class DutyLoad {
 public:
  void worked(double start_h, double hours);
  // Hours of shifts that started in [now_h - window_h, now_h] (shifts start in time order).
  // Older shifts are forgotten for good: call it with the same window every time.
  double load_h(double now_h, double window_h);

 private:
  struct Worked {
    double start_h;
    double hours;
  };
  std::deque<Worked> shifts_;
  double total_h_ = 0.0;
};

// P(miss) = min(1, base + slope * max(0, load - limit) / limit).
double miss_probability(double base_absence, double load_h, const FatigueRule& rule);

}  // namespace orgsim::core
