#pragma once
// 轮值轮班: when the service points are open and who staffs them. Each town's rota is a cycle:
// the s-th shift of the run has `seats` seats (points x staff_per_shift), and assignment
// a = s * seats + seat goes to rota member a mod (rota size). Plain functions, so the rota's
// coverage and fairness can be tested without a simulation.
#include <cstdint>
#include <vector>

#include "config/scenario.hpp"

namespace orgsim::engine {

struct Shift {
  double start_h;
  double end_h;
};

// Every shift of the run (run.days * run.years days), in time order: on open weekdays, from
// open_hour to close_hour in blocks of shift_h (the last block of a day may be shorter).
std::vector<Shift> shifts_of_run(const config::Scenario& scenario);

// The member (0 .. rota_size-1) in each seat (0 .. seats-1; the point is seat /
// staff_per_shift) of the run's shift `shift`: assignment shift * seats + seat goes to member
// (assignment mod rota_size). With fewer members than seats a member comes up twice in one
// shift; it takes the first seat and the other stays empty (-1).
std::vector<std::int64_t> shift_seating(std::int64_t shift, std::int64_t rota_size,
                                        std::int64_t seats);

}  // namespace orgsim::engine
