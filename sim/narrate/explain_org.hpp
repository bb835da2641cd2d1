#pragma once
// `orgsim explain RUN.h5 --org O [--year Y]` (issue 6): why a social organization (社会组织)
// was incubated (孵化) or denied in a year. Everything comes from the recorded events replayed
// from the run file: the year's decision (core::IncubationRecord: the tally of the two rates, the
// decision, the true qualities, the support after), the orders it served, and the orders it
// declined (core::DeclineRecord) and what became of them; the rule comes from the run's scenario
// and is applied with the model's own functions (core::judged_rates, core::decide_incubation,
// core::rates_pass). The text comes from the one message catalogue.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/scenario.hpp"
#include "core/event_sink.hpp"
#include "core/two_rates.hpp"
#include "narrate/messages.hpp"

namespace orgsim::narrate {

// An order the organization declined, and the order as it finally closed (unset if the run
// file has no row for it).
struct DeclineFact {
  core::DeclineRecord decline;
  std::optional<core::Order> order;
};

// What the recorded events say about one organization in one year.
struct OrgYearFacts {
  int year = 0;                                  // 0-based
  std::optional<core::IncubationRecord> record;  // the year's decision (unset: none)
  std::vector<DeclineFact> declines;             // in the order they happened
};

// Collects the events of one organization from the replayed run file.
class OrgEventCollector final : public core::EventSink {
 public:
  // `year_length_h`: run.days * 24; `years`: run.years.
  OrgEventCollector(std::int32_t org, double year_length_h, int years);
  void on_order_closed(const core::Order& o) override;
  void on_incubation(const core::IncubationRecord& r) override;
  void on_decline(const core::DeclineRecord& r) override;

  // The 0-based years with a decision about the organization, in order.
  std::vector<int> decided_years() const;
  OrgYearFacts facts(int year) const;

 private:
  int year_of(double time_h) const;

  std::int32_t org_;
  double year_length_h_;
  int years_;
  std::vector<core::IncubationRecord> records_;
  std::vector<core::DeclineRecord> declines_;
  std::unordered_map<std::int64_t, core::Order> declined_orders_;  // any order declined by anyone
};

// One of the two rates: part of whole, the rate and its Wilson 95% interval (unset when the
// whole is 0).
struct RateExplanation {
  std::int64_t part = 0;
  std::int64_t whole = 0;
  std::optional<double> rate;
  std::optional<double> low, high;
};

enum class Shortfall { kNone, kFewEvaluations, kNoRate };

struct OrgYearExplanation {
  int year = 0;  // 0-based
  bool decided = false;
  core::IncubationRecord record;  // valid when decided; its tally is what the rule judged
  RateExplanation attraction, satisfaction;
  std::optional<core::TwoRates> judged;  // by the rule's estimator and pooling
  std::optional<double> combined;        // the number compared with the threshold
  bool passes = false;
  Shortfall shortfall = Shortfall::kNone;
  core::IncubationDecision recomputed = core::IncubationDecision::kNotEnoughData;
  // Against the reference standard ([truth]), the yardstick every policy is judged by:
  bool meets_standard = false;
  bool good_denied = false;               // good by the standard, yet denied
  bool below_standard_incubated = false;  // below the standard, yet incubated
  bool own_rule_good = false;             // the run's own rule passes on the true qualities
  std::vector<DeclineFact> declines;
};

OrgYearExplanation explain_org_year(const OrgYearFacts& facts, const core::IncubationRule& rule,
                                    const core::ReferenceStandard& standard);

struct OrgNames {
  std::string org;
  std::string town;
  int active_from_year = 1;  // 1-based
  // To name who finally took a declined order.
  std::vector<std::string> org_names;
  std::vector<std::string> partner_unit_names;
};

// Declines listed one by one before "and N more".
inline constexpr std::size_t kDeclinesShown = 5;

std::string format_org_explanation(const std::vector<OrgYearExplanation>& years,
                                   const OrgNames& names, const config::Scenario& scenario,
                                   Language language);

}  // namespace orgsim::narrate
