// 团区委: the district committee's staff take special needs one at a time, spend time finding
// resources (左右找资源，上下挖资源), then hand the order to a capable social organization or,
// when none exists, serve it themselves.
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Semaphore.hpp>

#include "engine/actors/actors.hpp"
#include "engine/world.hpp"

namespace sg4 = simgrid::s4u;

namespace orgsim::engine {
namespace {

void committee_staff(District& d, sg4::SemaphorePtr waiting) {
  for (;;) {
    waiting->acquire();  // one release per special need placed
    const auto slot = d.next_special();
    if (!slot) {
      d.violate("the committee was woken for a special need but none was waiting");
      return;
    }
    sleep_for(d, d.draw_committee_search_h());
    if (d.route_special(*slot)) continue;
    d.committee_started(*slot);
    sleep_for(d, d.draw_committee_service_h());
    d.committee_finished(*slot);
  }
}

}  // namespace

void start_committee(District& district, const Platform& platform) {
  auto waiting = sg4::Semaphore::create(0);
  district.on_special_waiting = [waiting] { waiting->release(); };
  const auto staff = scaled_count(district.scenario().district.committee_staff,
                                  district.scenario().district.scale);
  for (std::int64_t i = 0; i < staff; ++i)
    sg4::Actor::create("committee-" + std::to_string(i), platform.district_host,
                       guarded(district, "committee",
                               [&district, waiting] { committee_staff(district, waiting); }))
        ->daemonize();
}

}  // namespace orgsim::engine
