#pragma once
// The JSAS dispatcher: a day's patient trips as pickup-and-delivery with time windows on the
// routing engine (src/routing). Pure: no store, no clock; the caller passes "now".
//
// Each trip is one leg (home -> facility before the appointment, or facility -> home after it).
// Capacity has three kinds of place, one routing dimension each: seats (a walking patient, every
// companion), wheelchair places, stretcher places. A patient's ride is bounded (max_ride). A
// vehicle works inside its driver's shift, from and back to its home facility.
//
// Two ways to plan:
//  - plan_day: the whole day from scratch, except trips already started (driver on the way or
//    patient on board), which stay on their vehicle in their order; the rest of that vehicle's
//    day starts where and when its started work ends.
//  - insert_trip: a same-day booking put into the running plan at its cheapest feasible place,
//    moving no other stop (nothing already started can move, and nothing else is disturbed).
// Trips that cannot be served get a reason, never a silent drop.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "routing/problem.h"
#include "routing/solution.h"
#include "routing/travel.h"

namespace siklus::transport {

enum class Mobility { kWalks, kWheelchair, kStretcher };
const char* mobility_code(Mobility m);  // "walks", "wheelchair", "stretcher"
bool parse_mobility(std::string_view text, Mobility* out);

//! Times are seconds since midnight (WIB) of the planned day.
struct TripLeg {
  int64_t id = 0;
  routing::Coordinate from;  // lon/lat
  routing::Coordinate to;
  Mobility mobility = Mobility::kWalks;
  bool companion = false;
  routing::TimeWindow pickup;    // when the vehicle may start loading the patient
  routing::TimeWindow delivery;  // when it may start unloading (outbound: before the appointment)
  double max_ride = 0;           // seconds; 0 = derived from the direct ride (ride_limit)
  //! Running plan: the vehicle that serves the trip (0 = none) and whether it has started
  //! (driver on the way = pickup pending but committed; patient on board = picked up).
  int64_t vehicle = 0;
  bool on_the_way = false;
  bool picked_up = false;
};

struct VehicleDay {
  int64_t id = 0;
  std::string code;  // "AMB-01"
  int seats = 0;     // besides the driver
  int wheelchairs = 0;
  int stretchers = 0;
  routing::Coordinate home;
  double shift_start = 0;  // the driver's shift that day; a vehicle without one is not used
  double shift_end = 0;
};

struct DispatchInput {
  std::vector<TripLeg> trips;
  std::vector<VehicleDay> vehicles;
  double now = 0;  // seconds since midnight; nothing is planned to start earlier
  double speed_kmh = 25;
  double detour = 1.35;
  double pickup_service = 300;  // seconds at the door (a wheelchair or stretcher takes longer)
  double delivery_service = 300;
};

struct PlannedStop {
  int64_t trip = 0;
  bool pickup = true;
  double arrival = 0, start = 0, departure = 0;
};

struct VehicleRun {
  int64_t vehicle = 0;
  std::string code;
  double start = 0, end = 0;  // leaves home, back home
  std::vector<PlannedStop> stops;
};

struct UnassignedTrip {
  int64_t trip = 0;
  std::string reason;  // stable code, see reason_text
};

struct DispatchPlan {
  std::vector<VehicleRun> runs;  // vehicles with at least one stop
  std::vector<UnassignedTrip> unassigned;
  int trips = 0;
  int assigned = 0;
  double ms = 0;
  //! The routing problem the plan answers and the plan in its terms, for the independent checker.
  routing::Problem problem;
  routing::Solution solution;
};

struct PlanOptions {
  double time_limit_ms = 2000;
  int threads = 2;
  uint64_t seed = 1;
  long long max_iterations = 0;
};

//! Reasons for an unassigned trip: "no_stretcher_vehicle", "no_wheelchair_vehicle",
//! "no_vehicle_on_shift", "time_passed", "too_far_for_ride_limit", "no_place" (no vehicle with
//! room for the patient and companion), "unreachable_in_time", "fleet_full".
std::string reason_text(const std::string& reason);

//! The longest ride allowed for a direct ride of `direct` seconds: 1.5 x direct + 20 minutes,
//! at most 90 minutes (a patient is not toured around the city).
double ride_limit(double direct);

//! Plans the day (see above). kInvalidArgument on malformed input (duplicate ids, a started trip
//! on an unknown vehicle).
Result<DispatchPlan> plan_day(const DispatchInput& input, const PlanOptions& options = {});

//! Inserts `trip` (one of input.trips, not in `current`) into `current` at the cheapest feasible
//! place after everything that has started or is due before `input.now`; no other stop moves.
//! When it fits nowhere the plan comes back unchanged with the trip unassigned and a reason.
Result<DispatchPlan> insert_trip(const DispatchInput& input, const DispatchPlan& current,
                                 int64_t trip);

//! Rebuilds the routing problem and solution of `plan` for `input` (a plan read back from the
//! store) and the schedule of every run; kInvalidArgument when a stop names an unknown trip.
Result<DispatchPlan> rebuild(const DispatchInput& input, const std::vector<VehicleRun>& runs);

}  // namespace siklus::transport
