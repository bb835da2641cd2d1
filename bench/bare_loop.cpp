// A bare M/M/c order loop on SimGrid, as a reference floor for orgsim's per-order cost.
//
// Sources place orders with exponential gaps over one year; each order goes to an organization
// picked uniformly at random; an organization has `staff` servers and a FIFO queue; service is
// exponential (mean 2 h by default). Nothing else: no attributes, no statistics beyond a count
// and the mean wait. Time is in hours, as in orgsim.
//
// Three variants:
//   --variant timers  every event (arrival and service end) is a kernel timer
//                     (simgrid::kernel::timer::Timer::set); no actors at all.
//   --variant actors  one actor per source, sleep_for per arrival; service ends on timers.
//   --variant queue   every event on orgsim's own clock (engine::SimgridClock: the timers in
//                     engine/timer_queue.hpp behind one SimGrid timer), as orgsim runs them:
//                     the floor of orgsim's own event loop, without the model.
//
// Each source has its own random stream (gaps, then the organization of each order) and each
// organization its own (service times), so both variants simulate the same arrivals and print
// the same order count for the same parameters.
//
// Build: cmake --build build --target bench_bare_loop   (not part of the default build)
// Run:   build/bench_bare_loop --variant timers --sources 250 --orgs 60 --orders-per-source-year 176
#include <malloc.h>
#include <xbt/log.h>

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "engine/clock.hpp"

namespace sg4 = simgrid::s4u;

namespace {

constexpr double kYearH = 365.0 * 24.0;

// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and the same on every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform on [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

  double exponential(double mean) { return -mean * std::log1p(-uniform()); }

  // Uniform on [0, n) by multiply-shift; the bias (n / 2^32) is irrelevant here.
  std::uint32_t index(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }

 private:
  std::uint64_t state_;
};

// A distinct, well-mixed seed per stream.
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t kind, std::uint64_t id) {
  SplitMix64 mix(seed ^ (kind * 0xD1B54A32D192ED03ULL) ^ (id * 0x9E3779B97F4A7C15ULL));
  mix.next();
  return mix.next();
}

enum class Variant { kTimers, kActors, kQueue };

struct Params {
  Variant variant = Variant::kTimers;
  std::uint32_t sources = 250;
  std::uint32_t orgs = 60;
  double orders_per_source_year = 176.0;
  std::uint32_t staff = 3;
  double service_mean_h = 2.0;
  std::uint64_t seed = 1;
  bool json = false;
};

struct Org {
  explicit Org(std::uint64_t seed) : service_rng(seed) {}
  std::uint32_t busy = 0;
  std::deque<double> waiting;  // arrival dates of the orders waiting for a free staff member
  SplitMix64 service_rng;
};

struct Source {
  explicit Source(std::uint64_t seed) : rng(seed) {}
  SplitMix64 rng;
  double next_at = 0.0;  // --variant queue: the pending arrival's date
};

class OrderLoop {
 public:
  explicit OrderLoop(const Params& p) : p_(p), mean_gap_h_(kYearH / p.orders_per_source_year) {
    orgs_.reserve(p.orgs);
    for (std::uint32_t o = 0; o < p.orgs; ++o) orgs_.emplace_back(stream_seed(p.seed, 2, o));
    sources_.reserve(p.sources);
    for (std::uint32_t s = 0; s < p.sources; ++s) sources_.emplace_back(stream_seed(p.seed, 1, s));
  }

  // Variant (a): the first arrival of every source on a timer; each arrival schedules the next.
  void start_timers() {
    for (std::uint32_t s = 0; s < p_.sources; ++s) {
      const double first = sources_[s].rng.exponential(mean_gap_h_);
      if (first < kYearH) schedule_arrival(s, first);
    }
  }

  // Variant (c): as (a), on orgsim's clock. The engine must be about to run.
  void start_queue() {
    clock_ = std::make_unique<orgsim::engine::SimgridClock>();
    start_timers();
  }

  // Variant (b): one actor per source that sleeps until each arrival.
  void start_actors(sg4::Host* host) {
    for (std::uint32_t s = 0; s < p_.sources; ++s)
      sg4::Actor::create("source-" + std::to_string(s), host, [this, s] { source_actor(s); });
  }

  std::uint64_t arrived() const { return arrived_; }
  std::uint64_t served() const { return served_; }
  double mean_wait_h() const {
    return served_ == 0 ? 0.0 : wait_sum_h_ / static_cast<double>(served_);
  }

 private:
  void schedule_arrival(std::uint32_t s, double at) {
    if (clock_) {
      sources_[s].next_at = at;
      clock_->schedule_at(at, &OrderLoop::queued_arrival, this, s);
      return;
    }
    simgrid::kernel::timer::Timer::set(at, [this, s, at] { on_timer_arrival(s, at); });
  }
  static void queued_arrival(void* self, std::uint64_t s) {
    auto* loop = static_cast<OrderLoop*>(self);
    const auto source = static_cast<std::uint32_t>(s);
    loop->on_timer_arrival(source, loop->sources_[source].next_at);
  }
  static void queued_finish(void* self, std::uint64_t o) {
    auto* loop = static_cast<OrderLoop*>(self);
    loop->finish_service(static_cast<std::uint32_t>(o), loop->clock_->now_h());
  }

  void on_timer_arrival(std::uint32_t s, double at) {
    Source& src = sources_[s];
    arrive(src.rng.index(p_.orgs), at);
    const double next = at + src.rng.exponential(mean_gap_h_);
    if (next < kYearH) schedule_arrival(s, next);
  }

  void source_actor(std::uint32_t s) {
    Source& src = sources_[s];
    double t = 0.0;
    for (double gap = src.rng.exponential(mean_gap_h_); t + gap < kYearH;
         gap = src.rng.exponential(mean_gap_h_)) {
      sg4::this_actor::sleep_for(gap);
      t += gap;
      arrive(src.rng.index(p_.orgs), t);
    }
  }

  void arrive(std::uint32_t o, double now) {
    ++arrived_;
    Org& org = orgs_[o];
    if (org.busy < p_.staff) {
      ++org.busy;
      start_service(o, now, now);
    } else {
      org.waiting.push_back(now);
    }
  }

  void start_service(std::uint32_t o, double arrived_at, double now) {
    wait_sum_h_ += now - arrived_at;
    const double done = now + orgs_[o].service_rng.exponential(p_.service_mean_h);
    if (clock_) {
      clock_->schedule_at(done, &OrderLoop::queued_finish, this, o);
      return;
    }
    simgrid::kernel::timer::Timer::set(done, [this, o, done] { finish_service(o, done); });
  }

  void finish_service(std::uint32_t o, double now) {
    ++served_;
    Org& org = orgs_[o];
    if (org.waiting.empty()) {
      --org.busy;
      return;
    }
    const double arrived_at = org.waiting.front();
    org.waiting.pop_front();
    start_service(o, arrived_at, now);
  }

  Params p_;
  double mean_gap_h_;
  std::vector<Org> orgs_;
  std::vector<Source> sources_;
  std::unique_ptr<orgsim::engine::SimgridClock> clock_;  // --variant queue only
  std::uint64_t arrived_ = 0;
  std::uint64_t served_ = 0;
  double wait_sum_h_ = 0.0;
};

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: bench_bare_loop [--variant timers|actors|queue] [--sources N] [--orgs N]\n"
               "                       [--orders-per-source-year X] [--staff N]\n"
               "                       [--service-mean-h X] [--seed N] [--json]\n"
               "  --variant timers   every event on a kernel timer, no actors (default)\n"
               "  --variant actors   one actor per source (sleep_for per arrival), timers for "
               "service\n"
               "  --variant queue    every event on orgsim's clock (its own timer queue)\n"
               "  defaults: 250 sources, 60 orgs, 176 orders/source/year (~44k orders), 3 staff,\n"
               "            service mean 2 h, seed 1. One simulated year (8760 h).\n");
}

[[noreturn]] void bad_argument(const std::string& what) {
  std::fprintf(stderr, "bench_bare_loop: %s\n", what.c_str());
  usage(stderr);
  std::exit(2);
}

std::uint64_t parse_count(const char* flag, const char* text, std::uint64_t max) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v > max)
    bad_argument(std::string(flag) + ": not a valid count: " + text);
  return static_cast<std::uint64_t>(v);
}

double parse_positive(const char* flag, const char* text) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || !(v > 0.0) || !std::isfinite(v))
    bad_argument(std::string(flag) + ": not a positive number: " + text);
  return v;
}

Params parse_args(int argc, char** argv) {
  Params p;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      usage(stdout);
      std::exit(0);
    }
    if (arg == "--json") {
      p.json = true;
      continue;
    }
    if (i + 1 >= argc) bad_argument("missing value after " + arg);
    const char* value = argv[++i];
    if (arg == "--variant") {
      if (std::strcmp(value, "timers") == 0)
        p.variant = Variant::kTimers;
      else if (std::strcmp(value, "actors") == 0)
        p.variant = Variant::kActors;
      else if (std::strcmp(value, "queue") == 0)
        p.variant = Variant::kQueue;
      else
        bad_argument(std::string("--variant: expected timers, actors or queue, got ") + value);
    } else if (arg == "--sources") {
      p.sources = static_cast<std::uint32_t>(parse_count("--sources", value, 10'000'000));
    } else if (arg == "--orgs") {
      p.orgs = static_cast<std::uint32_t>(parse_count("--orgs", value, 10'000'000));
    } else if (arg == "--orders-per-source-year") {
      p.orders_per_source_year = parse_positive("--orders-per-source-year", value);
    } else if (arg == "--staff") {
      p.staff = static_cast<std::uint32_t>(parse_count("--staff", value, 1'000'000));
    } else if (arg == "--service-mean-h") {
      p.service_mean_h = parse_positive("--service-mean-h", value);
    } else if (arg == "--seed") {
      p.seed = parse_count("--seed", value, UINT64_MAX);
    } else {
      bad_argument("unknown option " + arg);
    }
  }
  if (p.sources == 0 || p.orgs == 0 || p.staff == 0)
    bad_argument("--sources, --orgs and --staff must be at least 1");
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  const Params p = parse_args(argc, argv);

  const auto started = std::chrono::steady_clock::now();
  // As in sim/engine/simulation.cpp: stacks on the heap, no guard pages (many actors).
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 0);
  int engine_argc = 1;
  char program[] = "bench_bare_loop";
  char* engine_argv[] = {program, nullptr};
  sg4::Engine engine(&engine_argc, engine_argv);
  xbt_log_control_set("root.thres:critical");
  engine.set_config("contexts/guard-size:0");
  engine.set_config("contexts/factory:raw");

  auto* zone = sg4::create_full_zone("bench");
  sg4::Host* host = zone->create_host("office", 1e9);
  zone->seal();

  OrderLoop loop(p);
  if (p.variant == Variant::kTimers)
    loop.start_timers();
  else if (p.variant == Variant::kQueue)
    loop.start_queue();
  else
    loop.start_actors(host);
  engine.run();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const char* variant = p.variant == Variant::kTimers  ? "timers"
                        : p.variant == Variant::kQueue ? "queue"
                                                       : "actors";
  const double rate = wall > 0.0 ? static_cast<double>(loop.arrived()) / wall : 0.0;
  if (p.json) {
    std::printf(
        "{\"variant\": \"%s\", \"sources\": %u, \"orgs\": %u, \"staff\": %u, "
        "\"orders_per_source_year\": %.6g, \"service_mean_h\": %.6g, \"seed\": %llu, "
        "\"orders\": %llu, \"served\": %llu, \"mean_wait_h\": %.9g, \"sim_end_h\": %.6f, "
        "\"wall_seconds\": %.6f, \"orders_per_second\": %.1f}\n",
        variant, p.sources, p.orgs, p.staff, p.orders_per_source_year, p.service_mean_h,
        static_cast<unsigned long long>(p.seed), static_cast<unsigned long long>(loop.arrived()),
        static_cast<unsigned long long>(loop.served()), loop.mean_wait_h(),
        sg4::Engine::get_clock(), wall, rate);
  } else {
    std::printf("bare loop, %s: %u sources, %u orgs x %u staff, %.6g orders/source/year, "
                "service mean %.6g h, seed %llu\n",
                variant, p.sources, p.orgs, p.staff, p.orders_per_source_year, p.service_mean_h,
                static_cast<unsigned long long>(p.seed));
    std::printf("orders simulated:  %llu (served %llu, mean wait %.4f h)\n",
                static_cast<unsigned long long>(loop.arrived()),
                static_cast<unsigned long long>(loop.served()), loop.mean_wait_h());
    std::printf("wall seconds:      %.4f\n", wall);
    std::printf("orders per second: %.0f\n", rate);
  }
  if (loop.served() != loop.arrived()) {
    std::fprintf(stderr, "bench_bare_loop: %llu orders arrived but %llu were served\n",
                 static_cast<unsigned long long>(loop.arrived()),
                 static_cast<unsigned long long>(loop.served()));
    return 1;
  }
  return 0;
}
