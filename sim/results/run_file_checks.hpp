#pragma once
// What a row read back from a run file may hold. The replay indexes arrays with ids and codes
// read from the file (a tier, a branch, a person); a damaged or crafted file must not make it
// read or write outside them. Every check throws NotARunFile (bad input, exit 2) naming the
// file, the table, the row and the value, against the sizes the file itself declares.
#include <cstdint>
#include <string>

#include "results/run_file_schema.hpp"

namespace orgsim::results {

// The sizes a run file declares: its /summary attributes, its agent tables and its scenario.
struct RunFileSizes {
  std::int64_t towns = 0, branches = 0, social_orgs = 0, partner_units = 0, officials = 0,
               org_members = 0, service_points = 0;
  std::int64_t categories = 0, tiers = 0, areas = 0, years = 0;
};

// `where` names the row: "FILE: /orders row 12".
void check_row(const schema::OrderRow& row, const RunFileSizes& sizes, const std::string& where);
void check_row(const schema::ShiftRow& row, const RunFileSizes& sizes, const std::string& where);
void check_row(const schema::ActivityRow& row, const RunFileSizes& sizes, const std::string& where);
void check_row(const schema::DeclineRow& row, const RunFileSizes& sizes, const std::string& where);
void check_row(const schema::IncubationRow& row, const RunFileSizes& sizes,
               const std::string& where);
// An inspection cell of the /quarterly panels (tier -1: not inspected, skipped before this).
void check_inspection(std::int32_t tier, std::int32_t tier_without_noise, std::int32_t rank,
                      std::int32_t area, const RunFileSizes& sizes, const std::string& where);

}  // namespace orgsim::results
