#pragma once
// Where a simulated year's events go. The model never writes files: it calls an EventSink, and
// writers and narrators subscribe, as ns-3 trace sources do. Every method does nothing unless
// overridden, so a sink implements only the events it wants.
#include "core/events.hpp"
#include "core/order.hpp"

namespace orgsim::core {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_order_closed(const Order& /*order*/) {}
  virtual void on_duty_shift(const DutyShiftRecord& /*shift*/) {}
  virtual void on_branch_activity(const BranchActivityRecord& /*activity*/) {}
  virtual void on_inspection(const InspectionRecord& /*record*/) {}
  virtual void on_incubation(const IncubationRecord& /*record*/) {}
  virtual void on_decline(const DeclineRecord& /*record*/) {}
};

}  // namespace orgsim::core
