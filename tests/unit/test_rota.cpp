// The duty rota (轮值轮班): which hours the service points open, and who staffs each seat.
#include <gtest/gtest.h>

#include <map>

#include "config/scenario_loader.hpp"
#include "engine/rota_schedule.hpp"

using orgsim::engine::rota_assignments;
using orgsim::engine::RotaAssignment;
using orgsim::engine::shifts_of_run;

namespace {

orgsim::config::Scenario scenario_with(const std::vector<std::string>& overrides) {
  const auto loaded = orgsim::config::load_scenario({"test", "", overrides, std::nullopt});
  EXPECT_TRUE(loaded.problems.empty()) << loaded.problems.front().to_string();
  return *loaded.scenario;
}

// How many members hold each (shift, seat), over the whole rota.
std::map<std::pair<std::int64_t, std::int64_t>, int> seat_holders(std::int64_t rota_size,
                                                                  std::int64_t seats,
                                                                  std::int64_t shifts) {
  std::map<std::pair<std::int64_t, std::int64_t>, int> holders;
  for (std::int64_t m = 0; m < rota_size; ++m)
    for (const RotaAssignment& a : rota_assignments(m, rota_size, seats, shifts))
      ++holders[{a.shift, a.seat}];
  return holders;
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
      const auto holders = seat_holders(rota_size, seats, shifts);
      EXPECT_EQ(static_cast<std::int64_t>(holders.size()), shifts * seats)
          << rota_size << " members, " << seats << " seats";
      for (const auto& [seat, count] : holders) EXPECT_EQ(count, 1);
      std::size_t fewest = SIZE_MAX, most = 0;
      for (std::int64_t m = 0; m < rota_size; ++m) {
        const auto n = rota_assignments(m, rota_size, seats, shifts).size();
        fewest = std::min(fewest, n);
        most = std::max(most, n);
      }
      EXPECT_LE(most - fewest, 1u) << rota_size << " members, " << seats << " seats";
    }
  }
}

// Too few people: nobody is on two seats of one shift, so some seats stay empty.
TEST(Rota, FewerMembersThanSeatsLeavesSeatsEmpty) {
  const std::int64_t rota_size = 2, seats = 3, shifts = 30;
  for (std::int64_t m = 0; m < rota_size; ++m) {
    const auto duties = rota_assignments(m, rota_size, seats, shifts);
    for (std::size_t i = 1; i < duties.size(); ++i) EXPECT_LT(duties[i - 1].shift, duties[i].shift);
  }
  const auto holders = seat_holders(rota_size, seats, shifts);
  EXPECT_LT(static_cast<std::int64_t>(holders.size()), shifts * seats);
  EXPECT_GE(static_cast<std::int64_t>(holders.size()), shifts);  // at least one seat per shift
}

TEST(Rota, NoRotaOrNoSeatsMeansNoDuty) {
  EXPECT_TRUE(rota_assignments(0, 0, 1, 10).empty());
  EXPECT_TRUE(rota_assignments(0, 3, 0, 10).empty());
  EXPECT_TRUE(rota_assignments(0, 3, 1, 0).empty());
}
