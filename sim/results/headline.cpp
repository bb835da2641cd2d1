#include "results/headline.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <sstream>

namespace orgsim::results {

const std::vector<HeadlineField>& headline_fields() {
  using H = Headline;
  static const std::vector<HeadlineField> fields = {
      {"incubation_rate", &H::incubation_rate, nullptr},
      {"incubated", &H::incubated, "incubation.incubated"},
      {"denied", &H::denied, "incubation.denied"},
      {"not_enough_data", &H::not_enough_data, "incubation.not_enough_data"},
      {"good_denied", &H::good_denied, "incubation.good_denied"},
      {"good_denied_share", &H::good_denied_share, "incubation.good_denied_share"},
      {"below_standard_incubated", &H::below_standard_incubated,
       "incubation.below_standard_incubated"},
      {"below_standard_incubated_share", &H::below_standard_incubated_share,
       "incubation.below_standard_incubated_share"},
      {"good_not_enough_data", &H::good_not_enough_data, "incubation.good_not_enough_data"},
      {"own_rule_wrongly_denied_share", &H::own_rule_wrongly_denied_share, nullptr},
      {"own_rule_wrongly_incubated_share", &H::own_rule_wrongly_incubated_share, nullptr},
      {"mean_response_h", &H::mean_response_h, "orders.response_h.mean"},
      {"mean_wait_incl_open_h", &H::mean_wait_incl_open_h, "orders.wait_incl_open_h.mean"},
      {"still_waiting_at_end", &H::still_waiting_at_end,
       "orders.wait_incl_open_h.still_waiting_at_end"},
      {"backlog_total", &H::backlog_total, "orders.by_state.open_at_year_end"},
      {"backlog_committee", &H::backlog_committee, "orders.queues.district_committee.open_at_end"},
      {"escalated", &H::escalated, "orders.escalated"},
      {"answered_on_time_share", &H::answered_on_time_share, "orders.answered_on_time_share"},
      {"satisfaction_rate", &H::satisfaction_rate, "orders.satisfaction_rate"},
      {"activities_held", &H::activities_held, "activities.held"},
      {"activities_cancelled", &H::activities_cancelled, nullptr},
      {"youth_contacts", &H::youth_contacts, "activities.youth_contacts"},
      {"leaders_gave_up", &H::leaders_gave_up, nullptr},
      {"leader_effort_mean", &H::leader_effort_mean, nullptr},
      {"allowance_total_yuan", &H::allowance_total_yuan, "allowance_total_yuan"},
      {"official_duty_h_mean", &H::official_duty_h_mean, "duty.official_hours.mean"},
      {"declined_orders", &H::declined_orders, "behaviour.declined_orders"},
      {"tier_noise_share", &H::tier_noise_share, "tier_noise.changed_share"},
      {"special_left_to_committee_share", &H::special_left_to_committee_share, nullptr},
      {"warnings", &H::warnings, nullptr},
      {"years", &H::years, "years"},
      {"orders_total", &H::orders_total, "orders.total"},
      {"wall_seconds", &H::wall_seconds, "wall_seconds"}};
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
    const auto number = [&](const std::string& key) { return j.get<double>(key); };
    const auto share = [](double part, double whole) { return whole > 0 ? part / whole : 0.0; };
    Headline h;
    for (const HeadlineField& f : headline_fields())
      if (f.summary_key != nullptr) h.*f.value = number(f.summary_key);
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
    for (const auto& quarter : j.get_child("behaviour.leader_effort_mean"))
      if (const auto effort = quarter.second.get_value_optional<double>()) {
        effort_sum += *effort;
        quarters += 1.0;
      }
    for (const auto& quarter : j.get_child("behaviour.leaders_at_floor"))
      at_floor += quarter.second.get_value<double>();
    h.leader_effort_mean = share(effort_sum, quarters);
    h.leaders_gave_up = share(at_floor, quarters);
    h.special_left_to_committee_share =
        share(number("orders.special_left_to_committee"), number("orders.by_kind.special"));
    h.warnings = static_cast<double>(j.get_child("warnings").size());
    return RunHeadline{h, j.get<std::string>("fingerprint"),
                       j.get<std::string>("scenario_digest", "")};
  } catch (const pt::ptree_error& e) {
    // Not JSON (json_parser_error), a key that is not there (ptree_bad_path) or not a number
    // (ptree_bad_data): not a complete summary.
    problem = e.what();
    return std::nullopt;
  }
}

}  // namespace orgsim::results
