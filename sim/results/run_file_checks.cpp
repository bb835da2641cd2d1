#include "results/run_file_checks.hpp"

#include "results/run_file_reader.hpp"

namespace orgsim::results {

namespace {

// `value` must lie in [low, high); otherwise the row is refused, naming what it should be.
void in_range(std::int64_t value, std::int64_t low, std::int64_t high, const char* column,
              const std::string& where) {
  if (value >= low && value < high) return;
  throw NotARunFile(where + ": " + column + " " + std::to_string(value) + " is outside " +
                    std::to_string(low) + ".." + std::to_string(high - 1) +
                    " (the file is damaged or was not written by orgsim)");
}

}  // namespace

void check_row(const schema::OrderRow& r, const RunFileSizes& n, const std::string& where) {
  in_range(r.source, 0, core::kSourceCount, "source", where);
  in_range(r.channel, 0, core::kChannelCount, "channel", where);
  in_range(r.kind, 0, core::kKindCount, "kind", where);
  in_range(r.state, 0, core::kFinalStateCount, "state", where);
  in_range(r.assignee_kind, 0, core::kAssigneeKindCount, "assignee_kind", where);
  in_range(r.category, 0, n.categories, "category", where);
  in_range(r.branch, 0, n.branches, "branch", where);
  in_range(r.town, 0, n.towns, "town", where);
  switch (static_cast<core::AssigneeKind>(r.assignee_kind)) {
    case core::AssigneeKind::kNone:
      in_range(r.assignee, -1, 0, "assignee", where);
      break;
    case core::AssigneeKind::kSocialOrg:
      in_range(r.assignee, 0, n.social_orgs, "assignee", where);
      break;
    case core::AssigneeKind::kPartnerUnit:
      in_range(r.assignee, 0, n.partner_units, "assignee", where);
      break;
    case core::AssigneeKind::kDistrictCommittee:
      in_range(r.assignee, 0, 1, "assignee", where);
      break;
  }
  in_range(r.campaign, -1, INT32_MAX, "campaign", where);
}

void check_row(const schema::ShiftRow& r, const RunFileSizes& n, const std::string& where) {
  in_range(r.role, 0, 2, "role", where);
  const std::int64_t people = r.role == 0 ? n.officials : n.org_members;
  in_range(r.person, 0, people, "person", where);
  in_range(r.point, 0, n.service_points, "point", where);
  in_range(r.covered_for, -1, people, "covered_for", where);
}

void check_row(const schema::ActivityRow& r, const RunFileSizes& n, const std::string& where) {
  in_range(r.branch, 0, n.branches, "branch", where);
  in_range(r.outcome, 0, 3, "outcome", where);
}

void check_row(const schema::DeclineRow& r, const RunFileSizes& n, const std::string& where) {
  in_range(r.org, 0, n.social_orgs, "org", where);
}

void check_row(const schema::IncubationRow& r, const RunFileSizes& n, const std::string& where) {
  in_range(r.year, 1, n.years + 1, "year", where);
  in_range(r.org, 0, n.social_orgs, "org", where);
  in_range(r.decision, 0, 3, "decision", where);
  in_range(r.support, 0, 3, "support", where);
}

void check_inspection(std::int32_t tier, std::int32_t tier_without_noise, std::int32_t rank,
                      std::int32_t area, const RunFileSizes& n, const std::string& where) {
  in_range(tier, 0, n.tiers, "tier", where);
  in_range(tier_without_noise, 0, n.tiers, "tier_without_noise", where);
  in_range(rank, 1, n.branches + 1, "rank", where);
  in_range(area, 0, n.areas, "area", where);
}

}  // namespace orgsim::results
