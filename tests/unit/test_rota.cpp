// The duty rota (轮值轮班): which hours the service points open, and who staffs each seat.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "config/scenario_loader.hpp"
#include "engine/rota_schedule.hpp"

using orgsim::engine::shift_seating;
using orgsim::engine::shifts_of_run;

namespace {

orgsim::config::Scenario scenario_with(const std::vector<std::string>& overrides) {
  const auto loaded = orgsim::config::load_scenario({"test", "", overrides, std::nullopt});
  EXPECT_TRUE(loaded.problems.empty()) << loaded.problems.front().to_string();
  return *loaded.scenario;
}

// The shifts each member sits in, in time order (one entry per seat taken).
std::vector<std::vector<std::int64_t>> duties(std::int64_t rota_size, std::int64_t seats,
                                              std::int64_t shifts) {
  std::vector<std::vector<std::int64_t>> of(static_cast<std::size_t>(rota_size));
  for (std::int64_t k = 0; k < shifts; ++k)
    for (const std::int64_t m : shift_seating(k, rota_size, seats))
      if (m >= 0) of[static_cast<std::size_t>(m)].push_back(k);
  return of;
}

// Seats filled over the run.
std::int64_t filled(std::int64_t rota_size, std::int64_t seats, std::int64_t shifts) {
  std::int64_t n = 0;
  for (std::int64_t k = 0; k < shifts; ++k)
    for (const std::int64_t m : shift_seating(k, rota_size, seats)) n += m >= 0;
  return n;
}

}  // namespace

TEST(Shifts, WeekdaysOpenHoursAndATruncatedLastShift) {
  const auto s = scenario_with({"run.days=14", "roster.open_weekdays=tue,sat", "roster.open_hour=9",
                                "roster.close_hour=17", "roster.shift_h=3"});
  const auto shifts = shifts_of_run(s);
  // Two open days a week for two weeks, three shifts a day: 9-12, 12-15, 15-17.
  ASSERT_EQ(shifts.size(), 12u);
  EXPECT_DOUBLE_EQ(shifts[0].start_h, 1 * 24 + 9);  // day 1 is Tuesday (day 0 is Monday)
  EXPECT_DOUBLE_EQ(shifts[0].end_h, 1 * 24 + 12);
  EXPECT_DOUBLE_EQ(shifts[2].start_h, 1 * 24 + 15);
  EXPECT_DOUBLE_EQ(shifts[2].end_h, 1 * 24 + 17);   // the last shift of the day is shorter
  EXPECT_DOUBLE_EQ(shifts[3].start_h, 5 * 24 + 9);  // Saturday
  EXPECT_DOUBLE_EQ(shifts[6].start_h, 8 * 24 + 9);  // the next Tuesday
  for (std::size_t i = 1; i < shifts.size(); ++i)
    EXPECT_LT(shifts[i - 1].start_h, shifts[i].start_h);
}

TEST(Shifts, DefaultYearHasTwoShiftsEachWorkingDay) {
  const auto shifts = shifts_of_run(scenario_with({}));
  EXPECT_EQ(shifts.size(), 261u * 2u);  // 365 days from a Monday hold 261 weekdays
}

// Enough people: every seat of every shift is held by exactly one member, and the duties are
// spread evenly (no member has more than one shift above another).
TEST(Rota, EverySeatCoveredOnceAndDutiesFair) {
  for (std::int64_t rota_size : {1, 2, 3, 5, 7, 12}) {
    for (std::int64_t seats : {1, 2, 3}) {
      if (rota_size < seats) continue;
      const std::int64_t shifts = 50;
      EXPECT_EQ(filled(rota_size, seats, shifts), shifts * seats)
          << rota_size << " members, " << seats << " seats";
      std::size_t fewest = SIZE_MAX, most = 0;
      for (const auto& own : duties(rota_size, seats, shifts)) {
        fewest = std::min(fewest, own.size());
        most = std::max(most, own.size());
      }
      EXPECT_LE(most - fewest, 1u) << rota_size << " members, " << seats << " seats";
    }
  }
}

// The seat formula itself: assignment k * seats + seat goes to member (assignment mod R).
TEST(Rota, SeatsGoRoundTheCycle) {
  EXPECT_EQ(shift_seating(0, 5, 2), (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(shift_seating(2, 5, 2), (std::vector<std::int64_t>{4, 0}));
  EXPECT_EQ(shift_seating(3, 5, 2), (std::vector<std::int64_t>{1, 2}));
}

// Too few people: nobody is on two seats of one shift, so some seats stay empty.
TEST(Rota, FewerMembersThanSeatsLeavesSeatsEmpty) {
  const std::int64_t rota_size = 2, seats = 3, shifts = 30;
  // Shift 0: assignments 0, 1, 2 -> members 0, 1, 0: the third seat stays empty.
  EXPECT_EQ(shift_seating(0, rota_size, seats), (std::vector<std::int64_t>{0, 1, -1}));
  for (const auto& own : duties(rota_size, seats, shifts))
    for (std::size_t i = 1; i < own.size(); ++i) EXPECT_LT(own[i - 1], own[i]);
  EXPECT_LT(filled(rota_size, seats, shifts), shifts * seats);
  EXPECT_GE(filled(rota_size, seats, shifts), shifts);  // at least one seat per shift
}

TEST(Rota, NoRotaOrNoSeatsMeansNoDuty) {
  EXPECT_EQ(shift_seating(0, 0, 2), (std::vector<std::int64_t>{-1, -1}));
  EXPECT_TRUE(shift_seating(0, 3, 0).empty());
}
