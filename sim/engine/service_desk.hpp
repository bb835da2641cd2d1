#pragma once
// An assignee's real capacity: `staff` people who serve one order at a time, and a FIFO queue
// of the orders waiting for one of them.
#include <cstdint>

#include "engine/slot_queue.hpp"

namespace orgsim::engine {

struct ServiceDesk {
  std::int32_t staff = 1;
  std::int32_t busy = 0;
  SlotQueue queue;  // order slots, head first

  bool has_free_staff() const { return busy < staff; }
  // Orders waiting plus orders in service, per staff member: the dispatcher's view of a queue.
  double load_per_staff() const {
    return static_cast<double>(busy + static_cast<std::int32_t>(queue.size())) / staff;
  }
};

}  // namespace orgsim::engine
