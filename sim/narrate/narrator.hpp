#pragma once
// The story of the year (`orgsim run --narrate zh|en --follow KIND=NAME`, issue 6): a
// core::EventSink that listens to the live event stream of a run, keeps the events about one
// followed agent (a branch, a social organization, an official or one order) and tells them at
// the end, in time order and grouped by quarter, in Chinese or English through the one message
// catalogue (messages.hpp). Every line and every count in the story comes from those events,
// never from bookkeeping of its own, so the story agrees with the run file.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/scenario.hpp"
#include "core/event_sink.hpp"
#include "core/order.hpp"
#include "core/world.hpp"
#include "narrate/messages.hpp"

namespace orgsim::narrate {

enum class FollowKind { kBranch, kOrg, kOfficial, kOrder };

// "branch", "org" (or "organization"), "official", "order"; empty for anything else.
std::optional<FollowKind> parse_follow_kind(std::string_view word);
// What KIND may be, for error messages: "branch, org, official or order".
const char* follow_kinds_allowed();

// `--follow KIND=NAME` split at the first '='; `problem` is set (in the style of the other
// bad-input messages: "what: problem; allowed: ...") when the text is not KIND=NAME with a
// known KIND and a non-empty NAME (for an order, a whole number: its id).
struct FollowSpec {
  FollowKind kind = FollowKind::kBranch;
  std::string name;
  std::string problem;
};
FollowSpec parse_follow(std::string_view text);

// The followed agent: an index among the world's branches, social organizations or
// officials, or an order id.
struct Follow {
  FollowKind kind = FollowKind::kBranch;
  std::int64_t id = 0;
};

// Resolves the NAME of a spec without a problem (a name, else an index) in `world`, which
// must be the world the run will build (engine::build_world(scenario) is deterministic; an
// organization that enters in a later year, run.years > 1, is not in it yet). An order's id
// is taken as it is: whether it occurs is known only after the run. On failure `problem`
// lists the nearest names.
struct FollowResolution {
  std::optional<Follow> follow;
  std::string problem;
};
FollowResolution resolve_follow(const FollowSpec& spec, const core::World& world);

class NarratorSink final : public core::EventSink {
 public:
  NarratorSink(Language language, Follow follow, const config::Scenario& scenario);

  void on_order_closed(const core::Order& order) override;
  void on_duty_shift(const core::DutyShiftRecord& shift) override;
  void on_branch_activity(const core::BranchActivityRecord& activity) override;
  void on_inspection(const core::InspectionRecord& record) override;
  void on_incubation(const core::IncubationRecord& record) override;
  void on_decline(const core::DeclineRecord& record) override;

  // The chronicle: a title, then the lines in time order under a heading per quarter, a
  // summary line at each quarter's end and one for the whole run. Names come from `world`,
  // the population the run ended with (it holds the organizations that entered in later
  // years too).
  std::string story(const core::World& world) const;

 private:
  struct Line {
    int quarter = 0;  // 0-based, through the run
    double time_h = 0.0;
    std::int64_t sequence = 0;  // ties keep the order of emission
    std::string text;
  };
  int quarter_of(double time_h) const;
  std::string time_text(double time_h) const;
  std::string hours_text(double hours) const;
  std::string assignee_text(const core::World& world, const core::Order& order) const;
  std::string order_outcome(const core::Order& order) const;
  std::string state_counts(const std::vector<const core::Order*>& orders) const;
  std::string title(const core::World& world) const;
  std::string render(std::vector<Line> lines, const std::map<int, std::string>& quarter_summaries,
                     const std::string& total) const;

  void branch_story(const core::World& world, std::vector<Line>& lines,
                    std::map<int, std::string>& summaries, std::string& total) const;
  void org_story(const core::World& world, std::vector<Line>& lines,
                 std::map<int, std::string>& summaries, std::string& total) const;
  void official_story(const core::World& world, std::vector<Line>& lines,
                      std::map<int, std::string>& summaries, std::string& total) const;
  void order_story(const core::World& world, std::vector<Line>& lines, std::string& total) const;

  Language language_;
  Follow follow_;
  // What the scenario says about time and the rules, to place and read the events.
  double quarter_h_;
  int quarters_;
  int years_;
  double deadline_h_;
  core::IncubationRule rule_;
  core::ReferenceStandard standard_;  // [truth]: whom the story calls good
  int tiers_;
  bool rank_by_area_;
  std::vector<std::string> categories_;
  std::string start_date_;  // run.start_date: dates instead of day numbers unless "none"

  std::int64_t orders_seen_ = 0;  // every order of the run (for an order never placed)
  std::int64_t sequence_ = 0;     // events kept so far, in emission order
  std::vector<std::pair<std::int64_t, core::Order>> orders_;  // the followed agent's orders
  std::vector<std::pair<std::int64_t, core::DeclineRecord>> declines_;
  std::set<std::int64_t> declined_ids_;                  // org: the orders it turned down ...
  std::map<std::int64_t, core::Order> declined_orders_;  // ... and what became of them
  std::vector<std::pair<std::int64_t, core::BranchActivityRecord>> activities_;
  std::vector<std::pair<std::int64_t, core::InspectionRecord>> inspections_;
  std::map<std::pair<int, int>, int> ranked_;  // (quarter, area or -1): branches ranked together
  std::vector<std::pair<std::int64_t, core::IncubationRecord>> incubations_;
  std::vector<std::pair<std::int64_t, core::DutyShiftRecord>> shifts_;
};

}  // namespace orgsim::narrate
