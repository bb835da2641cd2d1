#include "engine/rota_schedule.hpp"

#include <algorithm>
#include <string>

namespace orgsim::engine {
namespace {

int weekday_index(const std::string& day) {
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (int i = 0; i < 7; ++i)
    if (day == kDays[i]) return i;
  return -1;  // the loader only lets the seven names through
}

}  // namespace

std::vector<Shift> shifts_of_run(const config::Scenario& s) {
  bool open[7] = {};
  for (const auto& day : s.roster.open_weekdays) {
    const int index = weekday_index(day);
    if (index >= 0) open[index] = true;
  }
  std::vector<Shift> shifts;
  for (std::int64_t day = 0; day < s.run.days * s.run.years; ++day) {
    if (!open[day % 7]) continue;
    const double base = static_cast<double>(day) * 24.0;
    const double close = base + static_cast<double>(s.roster.close_hour);
    for (double start = base + static_cast<double>(s.roster.open_hour); start < close;
         start += s.roster.shift_h)
      shifts.push_back({start, std::min(start + s.roster.shift_h, close)});
  }
  return shifts;
}

std::vector<std::int64_t> shift_seating(std::int64_t shift, std::int64_t rota_size,
                                        std::int64_t seats) {
  std::vector<std::int64_t> member(static_cast<std::size_t>(std::max<std::int64_t>(seats, 0)), -1);
  if (rota_size <= 0) return member;
  std::vector<bool> seated(static_cast<std::size_t>(rota_size), false);
  for (std::int64_t seat = 0; seat < seats; ++seat) {
    const std::int64_t m = (shift * seats + seat) % rota_size;
    if (seated[static_cast<std::size_t>(m)]) continue;
    seated[static_cast<std::size_t>(m)] = true;
    member[static_cast<std::size_t>(seat)] = m;
  }
  return member;
}

}  // namespace orgsim::engine
