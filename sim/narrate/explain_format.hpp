#pragma once
// Small helpers shared by the explanations (explain_branch.cpp, explain_org.cpp): numbers as
// the explanations show them, lists joined in the language's way, the catalogue's names of
// tiers and components. No sentence lives here: sentences are in messages.cpp.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
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

}  // namespace orgsim::narrate::explain_format
