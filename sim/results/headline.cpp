#include "results/headline.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <sstream>

#include "results/summary_schema.hpp"

namespace orgsim::results {

const std::vector<HeadlineField>& headline_fields() {
  using H = Headline;
  // Through the summary's declaration: a key it does not declare throws when the list is built.
  const auto key = [](const char* dotted) { return summary_schema::summary_key(dotted); };
  static const std::vector<HeadlineField> fields = {
      {"incubation_rate", &H::incubation_rate, nullptr},
      {"incubated", &H::incubated, key("incubation.incubated")},
      {"denied", &H::denied, key("incubation.denied")},
      {"not_enough_data", &H::not_enough_data, key("incubation.not_enough_data")},
      {"good_denied", &H::good_denied, key("incubation.good_denied")},
      {"good_denied_share", &H::good_denied_share, key("incubation.good_denied_share")},
      {"below_standard_incubated", &H::below_standard_incubated,
       key("incubation.below_standard_incubated")},
      {"below_standard_incubated_share", &H::below_standard_incubated_share,
       key("incubation.below_standard_incubated_share")},
      {"good_not_enough_data", &H::good_not_enough_data, key("incubation.good_not_enough_data")},
      {"own_rule_wrongly_denied_share", &H::own_rule_wrongly_denied_share, nullptr},
      {"own_rule_wrongly_incubated_share", &H::own_rule_wrongly_incubated_share, nullptr},
      {"mean_response_h", &H::mean_response_h, key("orders.response_h.mean")},
      {"mean_wait_incl_open_h", &H::mean_wait_incl_open_h, key("orders.wait_incl_open_h.mean")},
      {"still_waiting_at_end", &H::still_waiting_at_end,
       key("orders.wait_incl_open_h.still_waiting_at_end")},
      {"backlog_total", &H::backlog_total, key("orders.by_state.open_at_year_end")},
      {"backlog_committee", &H::backlog_committee,
       key("orders.queues.district_committee.open_at_end")},
      {"escalated", &H::escalated, key("orders.escalated")},
      {"answered_on_time_share", &H::answered_on_time_share, key("orders.answered_on_time_share")},
      {"satisfaction_rate", &H::satisfaction_rate, key("orders.satisfaction_rate")},
      {"activities_held", &H::activities_held, key("activities.held")},
      {"activities_cancelled", &H::activities_cancelled, nullptr},
      {"youth_contacts", &H::youth_contacts, key("activities.youth_contacts")},
      {"leaders_gave_up", &H::leaders_gave_up, nullptr},
      {"leader_effort_mean", &H::leader_effort_mean, nullptr},
      {"allowance_total_yuan", &H::allowance_total_yuan, key("allowance_total_yuan")},
      {"official_duty_h_mean", &H::official_duty_h_mean, key("duty.official_hours.mean")},
      {"declined_orders", &H::declined_orders, key("behaviour.declined_orders")},
      {"tier_noise_share", &H::tier_noise_share, key("tier_noise.changed_share")},
      {"special_left_to_committee_share", &H::special_left_to_committee_share, nullptr},
      {"warnings", &H::warnings, nullptr},
      {"years", &H::years, key("years")},
      {"orders_total", &H::orders_total, key("orders.total")},
      {"wall_seconds", &H::wall_seconds, key("wall_seconds")}};
  return fields;
}

const std::vector<std::string>& headline_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& f : headline_fields()) out.emplace_back(f.name);
    return out;
  }();
  return names;
}

std::vector<double> headline_values(const Headline& h) {
  std::vector<double> out;
  for (const auto& f : headline_fields()) out.push_back(h.*f.value);
  return out;
}

std::optional<RunHeadline> read_headline(const std::string& summary_json, std::string& problem) {
  namespace pt = boost::property_tree;
  try {
    std::istringstream in(summary_json);
    pt::ptree j;
    pt::read_json(in, j);
    // Every key read here is named through the summary's declaration (summary_schema.hpp).
    const auto declared = [](const char* dotted) { return summary_schema::summary_key(dotted); };
    const auto number = [&](const char* key) { return j.get<double>(declared(key)); };
    const auto share = [](double part, double whole) { return whole > 0 ? part / whole : 0.0; };
    Headline h;
    for (const HeadlineField& f : headline_fields())
      if (f.summary_key != nullptr) h.*f.value = j.get<double>(f.summary_key);
    // The indicators worked out from several numbers.
    h.incubation_rate = share(h.incubated, number("organizations.count"));
    const double own_good = number("incubation.own_rule.good");
    const double decisions = h.incubated + h.denied + h.not_enough_data;
    h.own_rule_wrongly_denied_share = share(number("incubation.own_rule.wrongly_denied"), own_good);
    h.own_rule_wrongly_incubated_share =
        share(number("incubation.own_rule.wrongly_incubated"), decisions - own_good);
    h.activities_cancelled =
        number("activities.cancelled_no_venue") + number("activities.cancelled_no_money");
    // Means over the quarters that were inspected (a quarter without any has a null effort).
    double effort_sum = 0.0, quarters = 0.0, at_floor = 0.0;
    for (const auto& quarter : j.get_child(declared("behaviour.leader_effort_mean")))
      if (const auto effort = quarter.second.get_value_optional<double>()) {
        effort_sum += *effort;
        quarters += 1.0;
      }
    for (const auto& quarter : j.get_child(declared("behaviour.leaders_at_floor")))
      at_floor += quarter.second.get_value<double>();
    h.leader_effort_mean = share(effort_sum, quarters);
    h.leaders_gave_up = share(at_floor, quarters);
    h.special_left_to_committee_share =
        share(number("orders.special_left_to_committee"), number("orders.by_kind.special"));
    h.warnings = static_cast<double>(j.get_child(declared("warnings")).size());
    return RunHeadline{h, j.get<std::string>(declared("fingerprint")),
                       j.get<std::string>(declared("scenario_digest"), "")};
  } catch (const pt::ptree_error& e) {
    // Not JSON (json_parser_error), a key that is not there (ptree_bad_path) or not a number
    // (ptree_bad_data): not a complete summary.
    problem = e.what();
    return std::nullopt;
  }
}

}  // namespace orgsim::results
