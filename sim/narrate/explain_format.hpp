#pragma once
// Small helpers shared by the explanations (explain_branch.cpp, explain_org.cpp): numbers as
// the explanations show them, lists joined in the language's way, the catalogue's names of
// tiers and components and the incubation rule's words (also used by the story, narrator.cpp).
// No sentence lives here: sentences are in messages.cpp.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/event_sink.hpp"
#include "core/two_rates.hpp"
#include "narrate/messages.hpp"

namespace orgsim::narrate::explain_format {

// A number with a sign always shown: "+0.49", "-3.20".
inline std::string signed_fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%+.*f", decimals, value);
  return buffer;
}

// A parameter as written in a scenario: up to 4 decimals, no trailing zeros ("0.15", "80").
inline std::string plain(double value) {
  std::string text = fixed(value, 4);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

// Money in whole yuan, or with decimals when the amount has them (a short run's allowance).
inline std::string yuan(double value) {
  return std::fabs(value - std::round(value)) < 0.005 ? fixed(value, 0) : fixed(value, 2);
}

// The catalogue's list separator between items ("、" / ", ").
inline std::string join(Language language, const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += say(language, "explain.list_separator");
    out += items[i];
  }
  return out;
}

// Tier t (0 = top) as the glossary names it: 第1档 / tier 1.
inline std::string tier_name(Language language, int tier) {
  return say(language, "tier.name", {{"n", integer(tier + 1)}});
}

inline std::string component_name(Language language, int component) {
  static const char* const kIds[core::kScoreComponentCount] = {
      "component.orders",   "component.answered", "component.activities",
      "component.contacts", "component.duty",     "component.satisfaction"};
  return say(language, kIds[component]);
}

// A moment of the run, `hours` from its start: with run.start_date ("2024-01-01", a Monday) the
// date, weekday and hour ("3月31日 周五 06:00" / "Fri 3/31 06:00"); with "none", the day number
// counted from `first_day` (the story counts from 0, the explanations from 1) and the hour.
inline std::string time_text(Language language, const std::string& start_date, double hours,
                             int first_day) {
  const long long minutes = std::llround(hours * 60.0);
  char hh[8], mm[8];
  std::snprintf(hh, sizeof hh, "%02lld", minutes % 1440 / 60);
  std::snprintf(mm, sizeof mm, "%02lld", minutes % 60);
  const auto start = core::parse_date(start_date);
  if (!start)
    return say(language, "time.at",
               {{"day", integer(minutes / 1440 + first_day)}, {"hh", hh}, {"mm", mm}});
  const core::CivilDate date = core::add_days(*start, minutes / 1440);
  return say(language, "time.date",
             {{"month", integer(date.month)},
              {"day", integer(date.day)},
              {"weekday", say(language, "weekday." + std::to_string(date.weekday))},
              {"hh", hh},
              {"mm", mm}});
}

// The threshold as a reader writes it: "80%", "82.5%".
inline std::string threshold_percent(double threshold) { return plain(threshold * 100) + "%"; }

// The rule's test in words: "两率均不低于80%" / "both rates at least 80%".
inline std::string rule_text(Language language, const core::IncubationRule& rule) {
  const std::string t = threshold_percent(rule.threshold);
  switch (rule.combine) {
    case core::RateCombine::kBoth:
      return say(language, "rule.both", {{"t", t}});
    case core::RateCombine::kMean:
      return say(language, "rule.mean", {{"t", t}});
    case core::RateCombine::kWeighted:
      return say(language, "rule.weighted", {{"t", t}, {"w", plain(rule.attraction_weight)}});
  }
  return {};
}

// How the rule reads each rate: "按原始比率", "按 Wilson 区间下限（置信度 0.95）", ...
inline std::string estimator_text(Language language, const core::IncubationRule& rule) {
  switch (rule.estimator) {
    case core::RateEstimator::kRaw:
      return say(language, "explain.estimator.raw");
    case core::RateEstimator::kWilson:
      return say(language, "explain.estimator.wilson", {{"c", plain(rule.wilson_confidence)}});
    case core::RateEstimator::kWilsonUpper:
      return say(language, "explain.estimator.wilson_upper",
                 {{"c", plain(rule.wilson_confidence)}});
    case core::RateEstimator::kBayes:
      return say(language, "explain.estimator.bayes",
                 {{"m", plain(rule.prior_mean)}, {"s", plain(rule.prior_strength)}});
  }
  return {};
}

}  // namespace orgsim::narrate::explain_format
