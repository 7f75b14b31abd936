// A JSAS day at the scale of a large city: 400 trip legs on 25 vehicles (ambulances with a
// stretcher place, cars with seats and a wheelchair place), planned by the dispatcher, checked by
// the independent checker; then same-day insertions into the running plan at 10:00.
// Prints one JSON object: {"trips","vehicles","assigned","plan_ms","checked","insertions":n,
// "insert_ms_median","insert_ms_max","inserted"}.
//   transport_day_bench [--trips 400] [--vehicles 25] [--time-limit-ms 8000] [--seed 1]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "routing/checker.h"
#include "transport/dispatch.h"

using namespace siklus;
using namespace siklus::transport;

namespace {

constexpr double kHour = 3600;

struct Rng {
  uint64_t s;
  double next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / static_cast<double>(1ULL << 53);
  }
};

// Homes within ~5.5 km of the centre (Semarang-sized), eight destinations (two RSUD, six
// puskesmas), appointments 07:00-16:00 on the quarter hour, about 40 % of bookings with a return.
TripLeg make_leg(Rng& rng, int64_t id, double appointment) {
  const routing::Coordinate centre{110.42, -6.99};
  TripLeg t;
  t.id = id;
  t.from = {centre.x + (rng.next() - 0.5) * 0.10, centre.y + (rng.next() - 0.5) * 0.10};
  const int d = static_cast<int>(rng.next() * 8);
  t.to = {centre.x + (d % 4 - 1.5) * 0.025, centre.y + (d / 4 - 0.5) * 0.03};
  const double m = rng.next();
  t.mobility =
      m < 0.65 ? Mobility::kWalks : (m < 0.9 ? Mobility::kWheelchair : Mobility::kStretcher);
  t.companion = rng.next() < 0.5;
  t.pickup = {appointment - 1.5 * kHour, appointment - 0.25 * kHour};
  t.delivery = {appointment - 1.5 * kHour, appointment - 10 * 60};
  return t;
}

DispatchInput make_day(int legs, int vehicles, uint64_t seed) {
  DispatchInput in;
  Rng rng{seed * 7919 + 17};
  int64_t id = 1;
  while (static_cast<int>(in.trips.size()) < legs) {
    const double appointment = 7 * kHour + static_cast<int>(rng.next() * 37) * 900;
    TripLeg out = make_leg(rng, id++, appointment);
    in.trips.push_back(out);
    if (static_cast<int>(in.trips.size()) < legs && rng.next() < 0.4) {
      TripLeg back = out;
      back.id = id++;
      std::swap(back.from, back.to);
      back.pickup = {appointment + kHour, appointment + 3.5 * kHour};
      back.delivery = {appointment + kHour, appointment + 5 * kHour};
      in.trips.push_back(back);
    }
  }
  for (int v = 0; v < vehicles; ++v) {
    VehicleDay vd;
    vd.id = 1000 + v;
    const bool ambulance = v % 3 == 0;
    vd.code = (ambulance ? "AMB-" : "MBL-") + std::to_string(v + 1);
    vd.seats = ambulance ? 2 : 3;
    vd.wheelchairs = ambulance ? 0 : 1;
    vd.stretchers = ambulance ? 1 : 0;
    vd.home = {110.42 + (v % 5 - 2) * 0.02, -6.99 + (v / 5 - 2) * 0.02};
    vd.shift_start = 6 * kHour;
    vd.shift_end = 20 * kHour;
    in.vehicles.push_back(vd);
  }
  return in;
}

}  // namespace

int main(int argc, char** argv) {
  int trips = 400, vehicles = 25;
  double limit = 8000;
  uint64_t seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--trips"))
      trips = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--vehicles"))
      vehicles = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--time-limit-ms"))
      limit = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seed"))
      seed = std::strtoull(argv[i + 1], nullptr, 10);
  }
  DispatchInput in = make_day(trips, vehicles, seed);
  PlanOptions o;
  o.time_limit_ms = limit;
  o.threads = 2;
  o.seed = seed;
  auto plan = plan_day(in, o);
  if (!plan) {
    std::fprintf(stderr, "plan: %s\n", plan.error().message.c_str());
    return 1;
  }
  const bool checked = static_cast<bool>(routing::check_solution(plan->problem, plan->solution));

  // Same-day insertions at 10:00: each a new booking for an appointment between 12:00 and 15:00,
  // inserted into the plan as it stands (each on the same base plan, independently).
  in.now = 10 * kHour;
  Rng rng{seed + 99};
  std::vector<double> ms;
  int inserted = 0;
  bool all_checked = checked;
  for (int k = 0; k < 20; ++k) {
    DispatchInput with = in;
    with.trips.push_back(
        make_leg(rng, 900000 + k, 12 * kHour + static_cast<int>(rng.next() * 13) * 900));
    auto next = insert_trip(with, *plan, 900000 + k);
    if (!next) {
      std::fprintf(stderr, "insert: %s\n", next.error().message.c_str());
      return 1;
    }
    ms.push_back(next->ms);
    inserted += next->assigned > plan->assigned;
    all_checked =
        all_checked && static_cast<bool>(routing::check_solution(next->problem, next->solution));
  }
  std::sort(ms.begin(), ms.end());
  std::printf(
      "{\"trips\": %d, \"vehicles\": %d, \"assigned\": %d, \"vehicles_used\": %zu, \"plan_ms\": "
      "%.0f,"
      " \"checked\": %s, \"insertions\": %zu, \"inserted\": %d, \"insert_ms_median\": %.2f,"
      " \"insert_ms_max\": %.2f}\n",
      plan->trips, vehicles, plan->assigned, plan->runs.size(), plan->ms,
      all_checked ? "true" : "false", ms.size(), inserted, ms[ms.size() / 2], ms.back());
  return all_checked ? 0 : 1;
}
