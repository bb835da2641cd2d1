#include "core/order.hpp"

namespace orgsim::core {

// Names are snake_case, stable: they appear in output files and summaries.

const char* to_string(Source value) {
  switch (value) {
    case Source::kPartyGov:
      return "party_gov";
    case Source::kPublic:
      return "public";
    case Source::kLeagueMenu:
      return "league_menu";
  }
  return "unknown";
}

const char* to_string(Channel value) {
  switch (value) {
    case Channel::kAssigned:
      return "assigned";
    case Channel::kOnline:
      return "online";
    case Channel::kOffline:
      return "offline";
  }
  return "unknown";
}

const char* to_string(Kind value) {
  switch (value) {
    case Kind::kImmediate:
      return "immediate";
    case Kind::kNonImmediate:
      return "non_immediate";
    case Kind::kSpecial:
      return "special";
  }
  return "unknown";
}

const char* to_string(AssigneeKind value) {
  switch (value) {
    case AssigneeKind::kNone:
      return "none";
    case AssigneeKind::kSocialOrg:
      return "social_org";
    case AssigneeKind::kPartnerUnit:
      return "partner_unit";
    case AssigneeKind::kDistrictCommittee:
      return "district_committee";
  }
  return "unknown";
}

const char* to_string(FinalState value) {
  switch (value) {
    case FinalState::kServed:
      return "served";
    case FinalState::kGaveUp:
      return "gave_up";
    case FinalState::kCancelledNoVenue:
      return "cancelled_no_venue";
    case FinalState::kCancelledNoMoney:
      return "cancelled_no_money";
    case FinalState::kOpenAtYearEnd:
      return "open_at_year_end";
  }
  return "unknown";
}

}  // namespace orgsim::core
