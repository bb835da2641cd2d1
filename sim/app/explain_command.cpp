#include "app/explain_command.hpp"

#include <iostream>
#include <vector>

#include "app/exit_codes.hpp"
#include "narrate/entity_lookup.hpp"
#include "narrate/explain_branch.hpp"
#include "narrate/explain_org.hpp"
#include "results/hdf5_file.hpp"
#include "results/run_file_reader.hpp"

namespace orgsim::app {
namespace {

using narrate::Language;
using narrate::say;

// A name or id among `names`; on a miss, the error with the nearest names and no id.
std::optional<std::int64_t> find(const std::vector<std::string>& names, const std::string& text,
                                 const char* what_id, Language lang) {
  const narrate::Lookup found = narrate::find_by_name_or_id(names, text);
  if (found.id) return found.id;
  std::string nearest;
  for (const auto& name : found.nearest)
    nearest += (nearest.empty() ? "" : say(lang, "explain.list_separator")) + name;
  std::cerr << "orgsim: "
            << say(lang, "explain.error.no_such",
                   {{"name", text}, {"what", say(lang, what_id)}, {"nearest", nearest}})
            << "\n";
  return std::nullopt;
}

std::string name_at(const std::vector<std::string>& names, std::int64_t i) {
  return i >= 0 && static_cast<std::size_t>(i) < names.size() ? names[static_cast<std::size_t>(i)]
                                                              : std::to_string(i);
}

int explain_branch(const ExplainArguments& a, const config::Scenario& scenario,
                   const results::RunAgents& agents) {
  const Language lang = a.language;
  const auto branch = find(agents.branch_names, *a.branch, "explain.what.branch", lang);
  if (!branch) return kExitBadInput;

  narrate::InspectionCollector inspections;
  results::replay_run_file(a.file, inspections);
  const int quarters = inspections.inspected_quarters();
  if (quarters == 0) {
    std::cerr << "orgsim: " << say(lang, "explain.error.no_quarter") << "\n";
    return kExitBadInput;
  }
  const long long quarter = a.quarter.value_or(quarters);
  if (quarter < 1 || quarter > quarters) {
    std::cerr << "orgsim: "
              << say(lang, "explain.error.quarter_range",
                     {{"quarter", narrate::integer(quarter)}, {"last", narrate::integer(quarters)}})
              << "\n";
    return kExitBadInput;
  }
  const auto& records = inspections.quarter(static_cast<int>(quarter - 1));
  const auto b = static_cast<std::int32_t>(*branch);
  const narrate::BranchExplanation e = narrate::explain_branch(records, b, scenario);
  const narrate::BranchNames names{
      name_at(agents.branch_names, b), name_at(agents.branch_leaders, b),
      name_at(agents.town_names, agents.branch_town.at(static_cast<std::size_t>(b)))};
  std::cout << narrate::format_branch_explanation(e, names, scenario, lang);
  return kExitOk;
}

int explain_org(const ExplainArguments& a, const config::Scenario& scenario,
                const results::RunAgents& agents) {
  const Language lang = a.language;
  const auto org = find(agents.org_names, *a.org, "explain.what.org", lang);
  if (!org) return kExitBadInput;
  const auto years = static_cast<long long>(scenario.run.years);
  if (a.year && (*a.year < 1 || *a.year > years)) {
    std::cerr << "orgsim: "
              << say(lang, "explain.error.year_range",
                     {{"year", narrate::integer(*a.year)}, {"last", narrate::integer(years)}})
              << "\n";
    return kExitBadInput;
  }

  const auto o = static_cast<std::int32_t>(*org);
  narrate::OrgEventCollector events(o, static_cast<double>(scenario.run.days) * 24.0,
                                    static_cast<int>(years));
  results::replay_run_file(a.file, events);
  std::vector<int> chosen;
  if (a.year)
    chosen.push_back(static_cast<int>(*a.year - 1));
  else
    chosen = events.decided_years();
  if (chosen.empty())  // no decision recorded (a run that broke off): say so for every year
    for (int y = 0; y < static_cast<int>(years); ++y) chosen.push_back(y);
  std::vector<narrate::OrgYearExplanation> explained;
  for (int y : chosen)
    explained.push_back(
        narrate::explain_org_year(events.facts(y), scenario.incubation, scenario.truth));

  const auto i = static_cast<std::size_t>(o);
  narrate::OrgNames names;
  names.org = name_at(agents.org_names, o);
  names.town = name_at(agents.town_names, agents.org_town.at(i));
  names.active_from_year = agents.org_active_from_year.at(i);
  names.org_names = agents.org_names;
  names.partner_unit_names = agents.partner_unit_names;
  std::cout << narrate::format_org_explanation(explained, names, scenario, lang);
  return kExitOk;
}

}  // namespace

int explain_command(const ExplainArguments& arguments) {
  try {
    const config::Scenario scenario = results::read_run_scenario(arguments.file);
    const results::RunAgents agents = results::read_run_agents(arguments.file);
    return arguments.branch ? explain_branch(arguments, scenario, agents)
                            : explain_org(arguments, scenario, agents);
  } catch (const results::NotARunFile& e) {
    std::cerr << "orgsim: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const results::h5::Error& e) {
    std::cerr << "orgsim: cannot read " << arguments.file << ": " << e.what() << "\n";
    return kExitIo;
  }
}

}  // namespace orgsim::app
