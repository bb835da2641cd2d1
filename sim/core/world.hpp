#pragma once
// The population of a simulated district: towns, areas, alliances, branches, social
// organizations, partner units, officials, the rota's organization members and service
// points. Plain data, built once before the year starts (engine/world.hpp); the actors in
// engine/ give it a life, and the results record it.
#include <cstdint>
#include <string>
#include <vector>

namespace orgsim::core {

struct Town {
  std::string name;
  std::int32_t alliance = 0;
  std::vector<std::int32_t> branches;
  std::vector<std::int32_t> partner_units;  // paired with this town (or its alliance, or all)
  std::vector<std::int32_t> service_points;
  // The duty rota: officials first, then org members located in the town.
  std::vector<std::int32_t> rota_officials;
  std::vector<std::int32_t> rota_org_members;
};

struct Branch {
  std::string name;
  std::string leader;  // part-time branch leader (兼职村社团组织负责人)
  std::int32_t town = 0;
  std::int32_t area = 0;
  double fund_payout_ratio = 1.0;  // the provident fund pays deposit * ratio at most
};

// A social organization or service team (社会组织 / 服务团队), or a partner unit: an assignee
// with staff and a true, hidden service quality.
struct ServiceProvider {
  std::string name;
  std::int32_t town = 0;
  std::int32_t alliance = 0;
  std::int32_t staff = 1;
  double attraction_quality = 0.0;       // probability that a targeted person comes
  double satisfaction_quality = 0.0;     // probability that a voter is satisfied
  std::vector<std::int32_t> categories;  // social organizations only
  std::int32_t active_from_year = 0;     // 0-based year it enters (entrants: run.years > 1)
};

struct Official {
  std::string name;
  std::int32_t town = 0;
};

struct OrgMember {
  std::int32_t org = 0;
  std::int32_t town = 0;
};

struct ServicePoint {
  std::string name;
  std::int32_t town = 0;
};

struct World {
  std::vector<Town> towns;
  std::vector<Branch> branches;
  std::vector<ServiceProvider> social_orgs;
  std::vector<ServiceProvider> partner_units;
  std::vector<Official> officials;
  std::vector<OrgMember> org_members;
  std::vector<ServicePoint> service_points;
  std::int32_t areas = 0;
  std::int32_t alliances = 0;
  std::vector<std::vector<std::int32_t>> orgs_by_category;  // category -> capable orgs
  std::vector<std::vector<std::int32_t>> branches_by_area;
};

}  // namespace orgsim::core
