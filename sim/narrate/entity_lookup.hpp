#pragma once
// Finding the branch, organization or official a user names (`--follow branch=...`,
// `explain --org ...`): an exact name, else a numeric id; a name that does not exist gives the
// nearest names, so a typo gets a useful answer.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orgsim::narrate {

struct Lookup {
  std::optional<std::int64_t> id;    // the index found
  std::vector<std::string> nearest;  // when not found: up to five nearest names, nearest first
};

// `text` is a name among `names` (exact, after trimming spaces) or a decimal index into them.
Lookup find_by_name_or_id(const std::vector<std::string>& names, std::string_view text);
// The nearest names are those at the least config::edit_distance (config/text.hpp).

}  // namespace orgsim::narrate
