#include "narrate/entity_lookup.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>

#include "config/text.hpp"

namespace orgsim::narrate {
namespace {

// Code points of a UTF-8 string (a malformed byte counts as one code point of its own).
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t length = c < 0x80           ? 1
                               : (c >> 5) == 0x6  ? 2
                               : (c >> 4) == 0xe  ? 3
                               : (c >> 3) == 0x1e ? 4
                                                  : 1;
    char32_t value = length == 1 ? c : c & (0x7f >> length);
    for (std::size_t k = 1; k < length && i + k < s.size(); ++k)
      value = (value << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    out.push_back(value);
    i += length;
  }
  return out;
}

constexpr std::size_t kNearest = 5;

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto x = code_points(a), y = code_points(b);
  std::vector<std::size_t> row(y.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

Lookup find_by_name_or_id(const std::vector<std::string>& names, std::string_view text) {
  const std::string wanted = config::trim(text);
  Lookup result;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == wanted) {
      result.id = static_cast<std::int64_t>(i);
      return result;
    }
  std::int64_t number = -1;
  const auto [end, error] = std::from_chars(wanted.data(), wanted.data() + wanted.size(), number);
  if (error == std::errc() && end == wanted.data() + wanted.size() && number >= 0 &&
      number < static_cast<std::int64_t>(names.size())) {
    result.id = number;
    return result;
  }
  std::vector<std::pair<std::size_t, std::size_t>> by_distance;  // distance, index
  for (std::size_t i = 0; i < names.size(); ++i)
    by_distance.emplace_back(edit_distance(wanted, names[i]), i);
  const auto shown = std::min(kNearest, by_distance.size());
  std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(shown),
                    by_distance.end());
  for (std::size_t k = 0; k < shown; ++k) result.nearest.push_back(names[by_distance[k].second]);
  return result;
}

}  // namespace orgsim::narrate
