#include "engine/branch_quarter_table.hpp"

#include <algorithm>
#include <array>

namespace orgsim::engine {
namespace {

// Each Counter's field, in the enum's order.
constexpr std::array<std::int64_t BranchQuarter::*, 8> kFields{
    &BranchQuarter::orders_placed, &BranchQuarter::orders_started,  &BranchQuarter::started_on_time,
    &BranchQuarter::escalated,     &BranchQuarter::activities_held, &BranchQuarter::youth_contacts,
    &BranchQuarter::votes,         &BranchQuarter::satisfied};

// How many increments ahead the branch's counts are fetched while the log is added up.
constexpr std::size_t kPrefetchAhead = 8;

}  // namespace

BranchQuarterTable::BranchQuarterTable(std::size_t branches) : counts_(branches) {
  log_.reserve(kBatch);
}

void BranchQuarterTable::apply_log() {
  const std::size_t n = log_.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kPrefetchAhead < n) __builtin_prefetch(&counts_[log_[i + kPrefetchAhead].branch], 1);
    const Increment& x = log_[i];
    counts_[x.branch].*kFields[static_cast<std::size_t>(x.counter)] += x.amount;
  }
  log_.clear();
}

void BranchQuarterTable::reset() {
  log_.clear();
  std::fill(counts_.begin(), counts_.end(), BranchQuarter{});
}

}  // namespace orgsim::engine
