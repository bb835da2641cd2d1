#pragma once
// 资源联体: venues from the shared venue database and money from the town's budget or the
// branches' provident fund (党群公积金). Plain bookkeeping; the order flow and the branch actors
// decide what to do when a venue or money is missing.
#include <cstdint>
#include <deque>
#include <vector>

#include "config/scenario.hpp"
#include "engine/world.hpp"

namespace orgsim::engine {

class Resources {
 public:
  Resources(const config::Scenario& scenario, const World& world);

  // A town's league budget in run year `year` (0-based):
  // budget * (1 + growth)^(programme_year - 1 + year).
  static double yearly_budget_yuan(const config::ResourceParams& params, int year = 0);

  // A new year's money (run.years > 1): each town's budget and each branch's provident fund
  // start again; what was left of last year's does not carry over.
  void start_year(const config::Scenario& scenario, int year);

  bool venue_free(std::int32_t town) const { return venues_free_[town] > 0; }
  void take_venue(std::int32_t town);
  void release_venue(std::int32_t town);

  // Pays `cost` by core::pay_activity: the whole of it from the town's budget, or if that is
  // short, from the branch's provident fund (which pays out up to deposit * payout ratio).
  // False, and nothing paid, if neither can.
  bool pay(std::int32_t town, std::int32_t branch, double cost_yuan);

  // Activities (order slots) waiting for a venue in each town, oldest first.
  std::deque<std::int32_t>& venue_queue(std::int32_t town) { return venue_waiting_[town]; }

  double budget_left_yuan(std::int32_t town) const { return budget_left_[town]; }
  double fund_left_yuan(std::int32_t branch) const { return fund_left_[branch]; }
  double spent_budget_yuan() const { return spent_budget_; }
  double spent_fund_yuan() const { return spent_fund_; }

 private:
  std::vector<std::int64_t> venues_free_;
  std::vector<double> budget_left_;
  std::vector<double> fund_left_;
  std::vector<double> payout_ratio_;  // per branch
  std::vector<std::deque<std::int32_t>> venue_waiting_;
  double spent_budget_ = 0.0;
  double spent_fund_ = 0.0;
};

}  // namespace orgsim::engine
