#include "narrate/explain_org.hpp"

#include <algorithm>
#include <cmath>

#include "narrate/explain_format.hpp"

namespace orgsim::narrate {
namespace {

using namespace explain_format;
using core::IncubationDecision;

// The confidence of the interval shown beside each rate, whatever the rule's estimator.
constexpr double kIntervalConfidence = 0.95;

RateExplanation rate_of(std::int64_t part, std::int64_t whole) {
  RateExplanation r;
  r.part = part;
  r.whole = whole;
  if (whole > 0) {
    r.rate = static_cast<double>(part) / static_cast<double>(whole);
    r.low = core::wilson_lower_bound(part, whole, kIntervalConfidence);
    r.high = core::wilson_upper_bound(part, whole, kIntervalConfidence);
  }
  return r;
}

const char* decision_id(IncubationDecision d) {
  switch (d) {
    case IncubationDecision::kIncubated:
      return "decision.incubated";
    case IncubationDecision::kDenied:
      return "decision.denied";
    case IncubationDecision::kNotEnoughData:
      return "decision.not_enough_data";
  }
  return "decision.not_enough_data";
}

const char* support_id(core::SupportOutcome s) {
  switch (s) {
    case core::SupportOutcome::kKept:
      return "support.kept";
    case core::SupportOutcome::kShrunk:
      return "support.shrunk";
    case core::SupportOutcome::kExited:
      return "support.exited";
  }
  return "support.kept";
}

std::string kind_name(Language lang, core::Kind kind) {
  return say(lang, std::string("kind.") + core::to_string(kind));
}

// Who finally took an order: the glossary's kind, and the name for an organization or unit.
std::string assignee_name(Language lang, const core::Order& o, const OrgNames& names) {
  const std::string kind = say(lang, std::string("assignee.") + core::to_string(o.assignee_kind));
  const auto named = [&](const std::vector<std::string>& list) {
    const auto i = static_cast<std::size_t>(o.assignee);
    return o.assignee >= 0 && i < list.size() ? kind + " " + list[i] : kind;
  };
  if (o.assignee_kind == core::AssigneeKind::kSocialOrg) return named(names.org_names);
  if (o.assignee_kind == core::AssigneeKind::kPartnerUnit) return named(names.partner_unit_names);
  return kind;
}

// The qualities as the public experienced them that year (NaN in the record: no service).
std::optional<core::TwoRates> experienced(const core::IncubationRecord& r) {
  if (std::isnan(r.experienced_attraction) || std::isnan(r.experienced_satisfaction))
    return std::nullopt;
  return core::TwoRates{r.experienced_attraction, r.experienced_satisfaction};
}

std::string combine_text(Language lang, const core::IncubationRule& rule) {
  switch (rule.combine) {
    case core::RateCombine::kBoth:
      return say(lang, "explain.combine.both");
    case core::RateCombine::kMean:
      return say(lang, "explain.combine.mean");
    case core::RateCombine::kWeighted:
      return say(lang, "explain.combine.weighted", {{"w", plain(rule.attraction_weight)}});
  }
  return {};
}

// The reference standard in words: "both true qualities at least 0.8, waits excluded".
std::string standard_text(Language lang, const core::ReferenceStandard& standard) {
  const std::string t = plain(standard.threshold);
  std::string text;
  switch (standard.combine) {
    case core::RateCombine::kBoth:
      text = say(lang, "explain.standard.both", {{"t", t}});
      break;
    case core::RateCombine::kMean:
      text = say(lang, "explain.standard.mean", {{"t", t}});
      break;
    case core::RateCombine::kWeighted:
      text = say(lang, "explain.standard.weighted",
                 {{"t", t}, {"w", plain(standard.attraction_weight)}});
      break;
  }
  return text + say(lang, standard.waits == core::StandardWaits::kIncluded
                              ? "explain.standard.waits_included"
                              : "explain.standard.waits_excluded");
}

}  // namespace

OrgEventCollector::OrgEventCollector(std::int32_t org, double year_length_h, int years)
    : org_(org), year_length_h_(year_length_h), years_(std::max(years, 1)) {}

int OrgEventCollector::year_of(double time_h) const {
  const auto year = static_cast<int>(std::floor(time_h / year_length_h_));
  return std::clamp(year, 0, years_ - 1);
}

void OrgEventCollector::on_order_closed(const core::Order& o) {
  if (o.declines > 0) declined_orders_.emplace(o.id, o);
}

void OrgEventCollector::on_incubation(const core::IncubationRecord& r) {
  if (r.org == org_) records_.push_back(r);
}

void OrgEventCollector::on_decline(const core::DeclineRecord& r) {
  if (r.org == org_) declines_.push_back(r);
}

std::vector<int> OrgEventCollector::decided_years() const {
  std::vector<int> years;
  for (const auto& r : records_) years.push_back(r.year);
  return years;
}

OrgYearFacts OrgEventCollector::facts(int year) const {
  OrgYearFacts f;
  f.year = year;
  for (const auto& r : records_)
    if (r.year == year) f.record = r;
  for (const auto& d : declines_) {
    if (year_of(d.time_h) != year) continue;
    DeclineFact fact{d, std::nullopt};
    if (const auto found = declined_orders_.find(d.order_id); found != declined_orders_.end())
      fact.order = found->second;
    f.declines.push_back(fact);
  }
  return f;
}

OrgYearExplanation explain_org_year(const OrgYearFacts& facts, const core::IncubationRule& rule,
                                    const core::ReferenceStandard& standard) {
  OrgYearExplanation e;
  e.year = facts.year;
  e.declines = facts.declines;
  if (!facts.record) return e;
  e.decided = true;
  e.record = *facts.record;
  const core::TwoRateTally& tally = e.record.tally;
  e.attraction = rate_of(tally.attended, tally.targeted);
  e.satisfaction = rate_of(tally.satisfied, tally.votes);

  if (tally.evaluations < std::max<std::int64_t>(rule.min_evaluations, 1))
    e.shortfall = Shortfall::kFewEvaluations;
  else if (!core::annual_rates(tally))
    e.shortfall = Shortfall::kNoRate;
  e.judged = core::judged_rates(tally, rule);
  if (e.judged) {
    e.combined = core::combined_rate(*e.judged, rule);
    e.passes = core::rates_pass(*e.judged, rule);
  } else if (e.shortfall == Shortfall::kNone) {
    e.shortfall = Shortfall::kNoRate;  // per-event pooling with no service voted on
  }
  e.recomputed = core::decide_incubation(tally, rule);

  const core::TwoRates quality{e.record.true_attraction_quality,
                               e.record.true_satisfaction_quality};
  e.meets_standard = core::meets_standard(quality, experienced(e.record), standard);
  e.own_rule_good = core::rates_pass(quality, rule);
  e.good_denied = e.record.decision == IncubationDecision::kDenied && e.meets_standard;
  e.below_standard_incubated =
      e.record.decision == IncubationDecision::kIncubated && !e.meets_standard;
  return e;
}

std::string format_org_explanation(const std::vector<OrgYearExplanation>& years,
                                   const OrgNames& names, const config::Scenario& scenario,
                                   Language lang) {
  const core::IncubationRule& rule = scenario.incubation;
  std::string out;
  const auto line = [&](std::string_view id, std::initializer_list<Arg> args) {
    out += say(lang, id, args);
    out += '\n';
  };
  const auto rate_line = [&](const char* name_id, const RateExplanation& r) {
    if (r.rate)
      line("explain.org.rate", {{"rate_name", say(lang, name_id)},
                                {"part", integer(r.part)},
                                {"whole", integer(r.whole)},
                                {"rate", fixed(*r.rate, 3)},
                                {"low", fixed(*r.low, 3)},
                                {"high", fixed(*r.high, 3)}});
    else
      line("explain.org.rate_none", {{"rate_name", say(lang, name_id)}});
  };

  if (names.active_from_year > 1)
    line("explain.org.entered", {{"org", names.org}, {"year", integer(names.active_from_year)}});
  bool first = true;
  for (const OrgYearExplanation& e : years) {
    if (!first) out += '\n';
    first = false;
    const std::string year = integer(e.year + 1);
    if (!e.decided) {
      line("explain.org.no_decision", {{"org", names.org}, {"year", year}});
      continue;
    }
    const std::string decision = say(lang, decision_id(e.record.decision));
    line("explain.org.title",
         {{"org", names.org}, {"town", names.town}, {"year", year}, {"decision", decision}});

    // The year's tally and the rates with their confidence.
    line("explain.org.tally", {{"evaluations", integer(e.record.tally.evaluations)}});
    rate_line("explain.rate.attraction", e.attraction);
    rate_line("explain.rate.satisfaction", e.satisfaction);

    // The rule and what it judged.
    line("explain.org.rule", {{"threshold", plain(rule.threshold)},
                              {"combine", combine_text(lang, rule)},
                              {"estimator", estimator_text(lang, rule)},
                              {"pooling", say(lang, rule.pooling == core::RatePooling::kPooled
                                                        ? "explain.pooling.pooled"
                                                        : "explain.pooling.per_event")},
                              {"min", integer(rule.min_evaluations)}});
    if (e.shortfall == Shortfall::kFewEvaluations)
      line("explain.org.few_evaluations", {{"evaluations", integer(e.record.tally.evaluations)},
                                           {"min", integer(rule.min_evaluations)}});
    else if (e.shortfall == Shortfall::kNoRate)
      line("explain.org.no_rate", {});
    if (e.judged && e.combined && e.shortfall == Shortfall::kNone)
      line("explain.org.judged",
           {{"attraction", fixed(e.judged->attraction, 3)},
            {"satisfaction", fixed(e.judged->satisfaction, 3)},
            {"combined", fixed(*e.combined, 3)},
            {"threshold", plain(rule.threshold)},
            {"verdict", say(lang, e.passes ? "explain.verdict.pass" : "explain.verdict.fail")}});
    line("explain.org.decision", {{"decision", decision}});
    if (e.recomputed != e.record.decision)
      line("explain.org.mismatch", {{"recomputed", say(lang, decision_id(e.recomputed))}});

    // The truth the rule cannot see, against the one reference standard of every policy.
    line("explain.org.truth", {{"qa", fixed(e.record.true_attraction_quality, 3)},
                               {"qs", fixed(e.record.true_satisfaction_quality, 3)}});
    if (const auto felt = experienced(e.record))
      line("explain.org.experienced",
           {{"ea", fixed(felt->attraction, 3)}, {"es", fixed(felt->satisfaction, 3)}});
    line(
        "explain.org.standard",
        {{"standard", standard_text(lang, scenario.truth)},
         {"good", say(lang, e.meets_standard ? "explain.standard.good" : "explain.standard.below")},
         {"verdict",
          say(lang, e.own_rule_good ? "explain.verdict.pass" : "explain.verdict.fail")}});
    if (e.good_denied)
      line("explain.org.wrongly_denied", {});
    else if (e.below_standard_incubated)
      line("explain.org.wrongly_incubated", {});
    else if (e.record.decision == IncubationDecision::kNotEnoughData)
      line("explain.org.not_judged", {});
    else
      line("explain.org.right", {});
    // A decision in the run's last year has no consequence inside the run.
    if (e.record.year + 1 < scenario.run.years)
      line("explain.org.support", {{"support", say(lang, support_id(e.record.support))},
                                   {"staff", integer(e.record.staff_after)}});
    else
      line("explain.org.last_year", {});

    // What it served and what it declined.
    // Every order it served and that ended in the year was evaluated once.
    line("explain.org.served", {{"served", integer(e.record.tally.evaluations)}});
    if (e.declines.empty()) {
      line("explain.org.declines_none", {});
      continue;
    }
    const std::size_t shown = std::min(kDeclinesShown, e.declines.size());
    line("explain.org.declines",
         {{"count", integer(static_cast<long long>(e.declines.size()))},
          {"line", plain(rule.threshold + scenario.behaviour.protect_margin)},
          {"hit", plain(scenario.behaviour.decline_hit)},
          {"shown", integer(static_cast<long long>(shown))}});
    for (std::size_t i = 0; i < shown; ++i) {
      const DeclineFact& d = e.declines[i];
      const std::string when = time_text(lang, scenario.run.start_date, d.decline.time_h, 1);
      if (d.order)
        line("explain.org.decline",
             {{"time", when},
              {"order", integer(d.decline.order_id)},
              {"kind", kind_name(lang, d.order->kind)},
              {"standing", fixed(d.decline.standing, 3)},
              {"expected", fixed(d.decline.expected_rate, 3)},
              {"assignee", assignee_name(lang, *d.order, names)},
              {"state", say(lang, std::string("state.") + core::to_string(d.order->state))}});
      else
        line("explain.org.decline_bare", {{"time", when},
                                          {"order", integer(d.decline.order_id)},
                                          {"standing", fixed(d.decline.standing, 3)},
                                          {"expected", fixed(d.decline.expected_rate, 3)}});
    }
    if (e.declines.size() > shown)
      line("explain.org.declines_more",
           {{"more", integer(static_cast<long long>(e.declines.size() - shown))}});
  }
  return out;
}

}  // namespace orgsim::narrate
