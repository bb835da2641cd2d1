#pragma once
#include <string>

namespace orgsim::results {

// The current time as ISO 8601 UTC ("2026-11-26T23:04:14Z"), for provenance attributes.
std::string utc_now_iso8601();

}  // namespace orgsim::results
