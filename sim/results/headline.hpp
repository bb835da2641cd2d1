#pragma once
// The headline indicators of one run, as a sweep's index holds them (docs/SWEEPS.md), and how
// they are read from the run's JSON summary (`orgsim run --json`). Each indicator is declared
// once (headline_fields): its /runs column, its field and, for one that is a number of the
// summary as it stands, the summary's key; the sweep index's columns and the reading of the
// summary are both driven by that list. Every key of the summary it reads is named through the
// summary's own declaration (summary_schema.hpp).
#include <optional>
#include <string>
#include <vector>

namespace orgsim::results {

// Counts are over the whole run (compare.py divides them by `years`).
struct Headline {
  double incubation_rate = 0.0;  // incubated / social organizations
  double incubated = 0.0;
  double denied = 0.0;
  double not_enough_data = 0.0;  // decisions without enough data to judge
  // Against the reference standard ([truth]), the same for every policy:
  double good_denied = 0.0;                     // good organizations denied
  double good_denied_share = 0.0;               // ... of the good ones
  double below_standard_incubated = 0.0;        // organizations below the standard incubated
  double below_standard_incubated_share = 0.0;  // ... of those below it
  double good_not_enough_data = 0.0;            // good organizations left undecided
  // Against each run's own rule on the true qualities (moves with the policy):
  double own_rule_wrongly_denied_share = 0.0;
  double own_rule_wrongly_incubated_share = 0.0;
  double mean_response_h = 0.0;        // served orders: creation to end of service
  double mean_wait_incl_open_h = 0.0;  // orders still waiting counted to the run's end
  double still_waiting_at_end = 0.0;   // orders waiting for service at the run's end
  double backlog_total = 0.0;          // orders open at the run's end
  double backlog_committee = 0.0;      // of them, with the district committee
  double escalated = 0.0;
  double answered_on_time_share = 0.0;
  double satisfaction_rate = 0.0;  // pooled satisfied votes / votes
  double activities_held = 0.0;    // the branches' own activities
  double activities_cancelled = 0.0;
  double youth_contacts = 0.0;
  double leaders_gave_up = 0.0;     // leaders at the effort floor, mean over the quarters
  double leader_effort_mean = 0.0;  // leaders' effort, mean over the quarters
  double allowance_total_yuan = 0.0;
  double official_duty_h_mean = 0.0;
  double declined_orders = 0.0;                  // orders an organization turned down
  double tier_noise_share = 0.0;                 // branch-quarters whose tier the noise changed
  double special_left_to_committee_share = 0.0;  // special orders the committee ended up with
  double warnings = 0.0;                         // queues that do not settle
  double years = 1.0;                            // run.years
  double orders_total = 0.0;
  double wall_seconds = 0.0;
};

struct HeadlineField {
  const char* name;  // the /runs column
  double Headline::*value;
  // The JSON summary's key (dotted) whose number the indicator is, the declared path of
  // summary_schema.hpp (summary_key(): a key it does not declare throws when the list is built);
  // nullptr for an indicator worked out from several (a share, a mean over the quarters, a sum).
  const char* summary_key;
};
// Every indicator once, in the order of the /runs columns.
const std::vector<HeadlineField>& headline_fields();
// The indicators' names, in the order of Headline's fields (the /runs columns).
const std::vector<std::string>& headline_names();
std::vector<double> headline_values(const Headline& h);

struct RunHeadline {
  Headline headline;
  std::string fingerprint;
  std::string scenario_digest;  // "" in the summary of an orgsim older than the key
};
// A run's headline and fingerprint from its JSON summary; nothing when the text is not a
// complete summary, and then `problem` says what is wrong (not JSON, a key missing or not a
// number).
std::optional<RunHeadline> read_headline(const std::string& summary_json, std::string& problem);

}  // namespace orgsim::results
