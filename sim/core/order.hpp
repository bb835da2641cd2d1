#pragma once
// An order (点单): a request placed by one of the three sources, dispatched to an assignee,
// served, evaluated. Orders are plain data passed by index, never actors.
#include <cstdint>

namespace orgsim::core {

// 点单来源: where the order comes from.
enum class Source : std::uint8_t {
  kPartyGov = 0,    // 党政所需: party and government needs, assigned in campaigns
  kPublic = 1,      // 群众所求: the public's requests
  kLeagueMenu = 2,  // 共青团所能: the league's own menu of signature services
};
inline constexpr int kSourceCount = 3;

enum class Channel : std::uint8_t {
  kAssigned = 0,  // party-government orders are assigned directly (党政直接点办)
  kOnline = 1,    // WeChat account, any time
  kOffline = 2,   // in person at a staffed service point
};
inline constexpr int kChannelCount = 3;

// 即办件 / 非即办件 / 特殊需求
enum class Kind : std::uint8_t {
  kImmediate = 0,     // straight to a social organization or service team
  kNonImmediate = 1,  // to a partner unit (共建结对单位)
  kSpecial = 2,       // to the district committee, which finds resources itself
};
inline constexpr int kKindCount = 3;

enum class AssigneeKind : std::uint8_t {
  kNone = 0,
  kSocialOrg = 1,
  kPartnerUnit = 2,
  kDistrictCommittee = 3,
};
inline constexpr int kAssigneeKindCount = 4;

// Every order ends in exactly one of these states.
enum class FinalState : std::uint8_t {
  kServed = 0,            // served and evaluated
  kGaveUp = 1,            // walk-in found the service point closed and gave up
  kCancelledNoVenue = 2,  // activity waited too long for a venue
  kCancelledNoMoney = 3,  // activity could not be paid from budget or provident fund
  kOpenAtYearEnd = 4,     // still waiting or in service when the year ended
};
inline constexpr int kFinalStateCount = 5;

const char* to_string(Source value);
const char* to_string(Channel value);
const char* to_string(Kind value);
const char* to_string(AssigneeKind value);
const char* to_string(FinalState value);

inline constexpr double kNotYet = -1.0;  // a time that has not happened (hours)

struct Order {
  std::int64_t id = 0;
  Source source = Source::kPublic;
  Channel channel = Channel::kOnline;
  Kind kind = Kind::kImmediate;
  std::int32_t category = 0;  // index into demand.categories
  std::int32_t branch = 0;    // the branch (village/community) the order comes from
  std::int32_t town = 0;
  AssigneeKind assignee_kind = AssigneeKind::kNone;
  std::int32_t assignee = -1;  // index within its kind
  bool needs_venue = false;    // an activity: needs a venue slot and money
  bool escalated = false;      // not answered (started) within the deadline
  bool steered = false;        // an online order that asked for the top-ranked organization
  std::uint8_t declines = 0;   // organizations that declined it (behaviour.organization)
  std::int32_t campaign = -1;  // 专项行动: the party-government campaign it belongs to (0-based)
  double created_h = kNotYet;
  double dispatched_h = kNotYet;  // reached the assignee's queue
  double started_h = kNotYet;     // a staff member began serving (the order is "answered")
  double finished_h = kNotYet;
  double closed_h = kNotYet;  // reached its final state (stays kNotYet for open_at_year_end)
  double cost_yuan = 0.0;
  std::int32_t targeted = 0;  // people the service targets
  std::int32_t attended = 0;
  std::int32_t votes = 0;
  std::int32_t satisfied = 0;
  FinalState state = FinalState::kOpenAtYearEnd;
};

}  // namespace orgsim::core
