#pragma once
// Calendar dates for the run's days: run.start_date ("YYYY-MM-DD", a Monday, since the
// simulation's week starts on a Monday) names day 0, and the story and the explanations then say
// "3月31日 周五 06:00" rather than "第89天 06:00". Dates are civil (proleptic Gregorian) days,
// computed with the C library's UTC conversions, so there are no time zones or leap seconds.
#include <ctime>
#include <optional>
#include <string>

namespace orgsim::core {

struct CivilDate {
  int year;
  int month;    // 1..12
  int day;      // 1..31
  int weekday;  // 0 = Monday .. 6 = Sunday
};

namespace calendar_detail {
inline std::optional<CivilDate> from_tm(std::tm tm) {
  const std::time_t t = timegm(&tm);  // normalises tm (and fills tm_wday)
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return CivilDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, (tm.tm_wday + 6) % 7};
}
}  // namespace calendar_detail

// "2024-01-01" -> that date; nullopt unless the text is exactly a real date in that form.
inline std::optional<CivilDate> parse_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  std::tm tm{};
  tm.tm_year = std::stoi(text.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(text.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(text.substr(8, 2));
  tm.tm_hour = 12;
  const auto date = calendar_detail::from_tm(tm);
  // 2023-02-30 would roll over into March: not a date
  if (!date || date->month != tm.tm_mon + 1 || date->day != tm.tm_mday) return std::nullopt;
  return date;
}

// The date `days` days after `start` (days may be any whole number of days).
inline CivilDate add_days(const CivilDate& start, long long days) {
  std::tm tm{};
  tm.tm_year = start.year - 1900;
  tm.tm_mon = start.month - 1;
  tm.tm_mday = start.day + static_cast<int>(days);
  tm.tm_hour = 12;
  return *calendar_detail::from_tm(tm);
}

}  // namespace orgsim::core
