#include "transport/dispatch.h"

#include <gtest/gtest.h>

#include "routing/checker.h"

namespace siklus::transport {
namespace {

constexpr double kHour = 3600;

// A Kota Magelang-sized day: homes within ~4 km of the centre, three destinations (RSUD and two
// puskesmas), appointments between 08:00 and 13:00, a third with a return trip.
DispatchInput city_day(int bookings, uint64_t seed) {
  DispatchInput in;
  uint64_t s = seed;
  auto rnd = [&s]() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 33) / static_cast<double>(1ULL << 31);
  };
  const routing::Coordinate centre{110.217, -7.479};
  const routing::Coordinate dest[] = {{110.218, -7.468}, {110.205, -7.490}, {110.228, -7.495}};
  int64_t id = 1;
  for (int b = 0; b < bookings; ++b) {
    const routing::Coordinate home{centre.x + (rnd() - 0.5) * 0.07,
                                   centre.y + (rnd() - 0.5) * 0.07};
    const routing::Coordinate to = dest[static_cast<int>(rnd() * 3)];
    const double appointment = 8 * kHour + static_cast<int>(rnd() * 20) * 15 * 60;
    const double r = rnd();
    const Mobility mob =
        r < 0.6 ? Mobility::kWalks : (r < 0.9 ? Mobility::kWheelchair : Mobility::kStretcher);
    const bool companion = rnd() < 0.5;
    TripLeg out;
    out.id = id++;
    out.from = home;
    out.to = to;
    out.mobility = mob;
    out.companion = companion;
    out.pickup = {appointment - 1.5 * kHour, appointment - 15 * 60};
    out.delivery = {appointment - 1.5 * kHour, appointment - 10 * 60};
    in.trips.push_back(out);
    if (rnd() < 0.35) {
      TripLeg back = out;
      back.id = id++;
      back.from = to;
      back.to = home;
      back.pickup = {appointment + kHour, appointment + 2.5 * kHour};
      back.delivery = {appointment + kHour, 18 * kHour};
      in.trips.push_back(back);
    }
  }
  for (int v = 0; v < 6; ++v) {
    VehicleDay vd;
    vd.id = 100 + v;
    vd.code = (v < 2 ? "AMB-0" : "CAR-0") + std::to_string(v + 1);
    vd.seats = v < 2 ? 2 : 3;
    vd.wheelchairs = v < 2 ? 0 : 1;
    vd.stretchers = v < 2 ? 1 : 0;
    vd.home = centre;
    vd.shift_start = 6 * kHour;
    vd.shift_end = 18 * kHour;
    in.vehicles.push_back(vd);
  }
  return in;
}

PlanOptions quick() {
  PlanOptions o;
  o.time_limit_ms = 400;
  o.max_iterations = 3000;
  o.threads = 1;
  return o;
}

TEST(DispatchTest, CityDayPlannedAndFeasible) {
  const DispatchInput in = city_day(14, 3);
  auto plan = plan_day(in, quick());
  ASSERT_TRUE(plan) << plan.error().message;
  auto ok = routing::check_solution(plan->problem, plan->solution);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(plan->trips, static_cast<int>(in.trips.size()));
  EXPECT_EQ(plan->assigned, plan->trips) << plan->unassigned.front().reason;
  // Every outbound patient arrives before the appointment and rides no longer than the limit.
  for (const auto& run : plan->runs) {
    for (const auto& stop : run.stops) {
      const TripLeg& t = in.trips[static_cast<size_t>(stop.trip - 1)];
      if (stop.pickup) {
        EXPECT_GE(stop.start, t.pickup.start - 1e-6);
        EXPECT_LE(stop.start, t.pickup.end + 1e-6);
      } else {
        EXPECT_LE(stop.start, t.delivery.end + 1e-6);
      }
    }
  }
}

TEST(DispatchTest, StretcherPatientWithoutStretcherVehicleGetsAReason) {
  DispatchInput in = city_day(4, 5);
  for (auto& v : in.vehicles) v.stretchers = 0;
  in.trips[0].mobility = Mobility::kStretcher;
  auto plan = plan_day(in, quick());
  ASSERT_TRUE(plan);
  ASSERT_TRUE(routing::check_solution(plan->problem, plan->solution));
  ASSERT_EQ(plan->unassigned.size(), 1u);
  EXPECT_EQ(plan->unassigned[0].trip, in.trips[0].id);
  EXPECT_EQ(plan->unassigned[0].reason, "no_stretcher_vehicle");
}

TEST(DispatchTest, PassedPickupTimeGetsAReason) {
  DispatchInput in = city_day(4, 9);
  in.now = 12 * kHour;
  in.trips[0].pickup = {8 * kHour, 9 * kHour};
  in.trips[0].delivery = {8 * kHour, 10 * kHour};
  auto plan = plan_day(in, quick());
  ASSERT_TRUE(plan);
  bool found = false;
  for (const auto& u : plan->unassigned) {
    if (u.trip == in.trips[0].id) {
      found = true;
      EXPECT_EQ(u.reason, "time_passed");
    }
  }
  EXPECT_TRUE(found);
}

TEST(DispatchTest, ThreeKindsOfPlaceAreKeptApart) {
  // Two wheelchair patients and one car with one wheelchair place: never both on board.
  DispatchInput in = city_day(1, 11);
  in.trips.resize(1);
  in.trips[0].mobility = Mobility::kWheelchair;
  TripLeg second = in.trips[0];
  second.id = 2;
  second.from.x += 0.001;
  in.trips.push_back(second);
  in.vehicles = {in.vehicles[2]};
  in.vehicles[0].wheelchairs = 1;
  auto plan = plan_day(in, quick());
  ASSERT_TRUE(plan);
  ASSERT_TRUE(routing::check_solution(plan->problem, plan->solution));
  for (const auto& run : plan->runs) {
    int on_board = 0;
    for (const auto& stop : run.stops) {
      on_board += stop.pickup ? 1 : -1;
      EXPECT_LE(on_board, 1);
    }
  }
}

TEST(DispatchTest, SameDayInsertionMovesNothingElse) {
  DispatchInput in = city_day(14, 21);
  TripLeg late = in.trips.back();
  in.trips.pop_back();
  auto plan = plan_day(in, quick());
  ASSERT_TRUE(plan);
  // It is 09:00; the new booking is for a 12:00 appointment.
  in.now = 9 * kHour;
  late.id = 999;
  late.mobility = Mobility::kWalks;
  late.pickup = {10 * kHour, 11.75 * kHour};
  late.delivery = {11 * kHour, 11.8 * kHour};
  in.trips.push_back(late);
  auto inserted = insert_trip(in, *plan, 999);
  ASSERT_TRUE(inserted) << inserted.error().message;
  auto ok = routing::check_solution(inserted->problem, inserted->solution);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(inserted->assigned, plan->assigned + 1);
  EXPECT_LT(inserted->ms, 200);
  // Every vehicle's other stops keep their order, and stops before 09:00 their times.
  for (const auto& before : plan->runs) {
    const VehicleRun* after = nullptr;
    for (const auto& r : inserted->runs) {
      if (r.vehicle == before.vehicle) after = &r;
    }
    ASSERT_NE(after, nullptr);
    std::vector<PlannedStop> kept;
    for (const auto& s : after->stops) {
      if (s.trip != 999) kept.push_back(s);
    }
    ASSERT_EQ(kept.size(), before.stops.size());
    for (size_t i = 0; i < kept.size(); ++i) {
      EXPECT_EQ(kept[i].trip, before.stops[i].trip);
      EXPECT_EQ(kept[i].pickup, before.stops[i].pickup);
      if (before.stops[i].start < in.now) {
        EXPECT_DOUBLE_EQ(kept[i].start, before.stops[i].start);
      }
    }
    for (const auto& s : after->stops) {
      if (s.trip == 999) {
        EXPECT_GE(s.start, in.now);
      }
    }
  }
}

TEST(DispatchTest, StartedTripsStayOnTheirVehicleWhenReplanning) {
  DispatchInput in = city_day(14, 33);
  auto plan = plan_day(in, quick());
  ASSERT_TRUE(plan);
  ASSERT_FALSE(plan->runs.empty());
  // The first stop of the first run: the driver is on the way at the moment of its pickup.
  const VehicleRun& run = plan->runs.front();
  const int64_t trip = run.stops.front().trip;
  in.now = run.stops.front().start;
  for (auto& t : in.trips) {
    if (t.id == trip) {
      t.vehicle = run.vehicle;
      t.picked_up = true;
    }
  }
  auto again = plan_day(in, quick());
  ASSERT_TRUE(again);
  ASSERT_TRUE(routing::check_solution(again->problem, again->solution));
  bool kept = false;
  for (const auto& r : again->runs) {
    for (const auto& s : r.stops) {
      if (s.trip == trip) kept = r.vehicle == run.vehicle;
    }
  }
  EXPECT_TRUE(kept);
}

}  // namespace
}  // namespace siklus::transport
