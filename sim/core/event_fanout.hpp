#pragma once
// One sink that passes every event on to several, in the order they were added (the run's
// fingerprint, summary, run file and narrator all listen to the same year).
#include <vector>

#include "core/event_sink.hpp"

namespace orgsim::core {

class EventFanout final : public EventSink {
 public:
  void add(EventSink& sink) { sinks_.push_back(&sink); }
  void on_order_closed(const Order& o) override {
    for (auto* s : sinks_) s->on_order_closed(o);
  }
  void on_duty_shift(const DutyShiftRecord& d) override {
    for (auto* s : sinks_) s->on_duty_shift(d);
  }
  void on_branch_activity(const BranchActivityRecord& a) override {
    for (auto* s : sinks_) s->on_branch_activity(a);
  }
  void on_inspection(const InspectionRecord& r) override {
    for (auto* s : sinks_) s->on_inspection(r);
  }
  void on_incubation(const IncubationRecord& r) override {
    for (auto* s : sinks_) s->on_incubation(r);
  }
  void on_decline(const DeclineRecord& r) override {
    for (auto* s : sinks_) s->on_decline(r);
  }

 private:
  std::vector<EventSink*> sinks_;
};

}  // namespace orgsim::core
