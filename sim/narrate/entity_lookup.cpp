#include "narrate/entity_lookup.hpp"

#include <algorithm>

#include "config/text.hpp"

namespace orgsim::narrate {
namespace {

constexpr std::size_t kNearest = 5;

}  // namespace

Lookup find_by_name_or_id(const std::vector<std::string>& names, std::string_view text) {
  const std::string wanted = config::trim(text);
  Lookup result;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == wanted) {
      result.id = static_cast<std::int64_t>(i);
      return result;
    }
  std::string not_a_number;
  const auto number = config::to_int(wanted, not_a_number);  // the whole text, or none
  if (number && *number >= 0 && *number < static_cast<std::int64_t>(names.size())) {
    result.id = number;
    return result;
  }
  std::vector<std::pair<std::size_t, std::size_t>> by_distance;  // distance, index
  for (std::size_t i = 0; i < names.size(); ++i)
    by_distance.emplace_back(config::edit_distance(wanted, names[i]), i);
  const auto shown = std::min(kNearest, by_distance.size());
  std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(shown),
                    by_distance.end());
  for (std::size_t k = 0; k < shown; ++k) result.nearest.push_back(names[by_distance[k].second]);
  return result;
}

}  // namespace orgsim::narrate
