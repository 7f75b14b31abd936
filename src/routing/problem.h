#pragma once
// The routing problem: tasks (single visits, or pickup/delivery pairs), vehicles (teams) and the
// travel matrices between locations. Pure data; no I/O. Filled by the io/ parsers or by callers.
//
// Units: every time and cost is a double in one "time unit" chosen by whoever builds the problem
// (seconds for our JSON format and for travel sources on real coordinates; the instance's own
// unit for Solomon / Li & Lim, where travel time = Euclidean distance). Amounts are integers.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/result.h"

namespace siklus::routing {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
//! Capacity dimensions supported (fixed so loads live in registers, like VROOM's Amount).
inline constexpr int kMaxDims = 4;

// Size limits (docs/limits.md) so memory and time stay bounded for any input: the matrices are
// locations^2 doubles (2,500 locations = 50 MB each), and the largest published benchmarks (Li &
// Lim, Gehring & Homberger) have 1,001 locations. A city day has a few hundred visits.
inline constexpr int kMaxLocations = 2500;
inline constexpr int kMaxTasks = 10000;
inline constexpr int kMaxVehicles = 2500;
//! Largest magnitude of any time, cost or coordinate: far beyond any real problem (31 years in
//! seconds), small enough that sums of thousands of them stay exact and finite.
inline constexpr double kMaxValue = 1e9;
//! Largest amount or capacity: sums over a route cannot overflow int64.
inline constexpr int64_t kMaxAmount = 1'000'000'000;

struct TimeWindow {
  double start = 0;
  double end = kInfinity;
};

enum class TaskKind { kSingle, kPickup, kDelivery };

//! One stop to serve. A pickup and its delivery are two tasks naming each other as `sibling`.
struct Task {
  std::string id;  // the caller's id, echoed in the solution
  TaskKind kind = TaskKind::kSingle;
  int location = 0;                 // index into the matrices
  double service = 0;               // time spent at the stop
  std::vector<TimeWindow> windows;  // sorted, disjoint; empty = any time
  std::vector<int64_t> amount;      // single: loaded at the start depot; pair: carried P->D
  uint64_t skills = 0;              // bit set of required skills
  int priority = 0;                 // 0..100; a higher priority costs more to leave unassigned
  int sibling = -1;                 // the other half of a pickup/delivery pair
  double max_ride = kInfinity;      // on a delivery: latest (delivery start - pickup departure)
  int preferred_vehicle = -1;       // soft: serving with another vehicle adds preference_cost
  double preference_cost = 0;
};

struct Break {
  std::string id;
  std::vector<TimeWindow> windows;  // the break must start inside one of these
  double service = 0;               // duration
};

struct Vehicle {
  std::string id;
  int start = -1;  // location index, -1 = route starts at its first stop
  int end = -1;    // location index, -1 = route ends at its last stop
  TimeWindow shift;
  uint64_t skills = 0;
  std::vector<int64_t> capacity;  // empty = unlimited
  double speed_factor = 1;        // travel time = matrix duration / speed_factor
  std::vector<Break> breaks;
  int max_tasks = std::numeric_limits<int>::max();
  double max_working_time = kInfinity;  // end arrival - departure from start
  double fixed_cost = 0;                // paid once if the vehicle is used
};

struct Problem {
  std::vector<Task> tasks;
  std::vector<Vehicle> vehicles;
  int locations = 0;              // matrix size
  std::vector<double> durations;  // locations x locations, row-major
  std::vector<double> costs;      // same shape; empty = durations
  int dims = 0;                   // capacity dimensions in use (<= kMaxDims)
  double unassigned_cost = 0;     // per task, times (1 + priority); 0 = derived from the matrix

  double duration(int from, int to) const {
    return durations[static_cast<size_t>(from) * static_cast<size_t>(locations) +
                     static_cast<size_t>(to)];
  }
  double cost(int from, int to) const {
    const auto& m = costs.empty() ? durations : costs;
    return m[static_cast<size_t>(from) * static_cast<size_t>(locations) + static_cast<size_t>(to)];
  }
  //! Adds a single visit and returns its index.
  int add_task(Task task);
  //! Adds a pickup/delivery pair; returns the pickup index (the delivery is the next one).
  int add_pair(Task pickup, Task delivery);
};

//! Checks sizes, indices, windows, amounts and pairs; names the offending field
//! ("tasks[3].windows").
Status validate(const Problem& problem);

//! A number read from a file: finite and |x| <= kMaxValue. The Error names `field`.
Status check_value(double x, const std::string& field);

//! A fleet of identical vehicles never needs more vehicles than tasks (each used vehicle serves at
//! least one): the count a file asks for, capped so a count of 2147483647 cannot exhaust memory.
size_t usable_fleet(double requested, size_t tasks);

//! The cost of leaving one priority-0 task unassigned: `unassigned_cost`, or when that is 0,
//! 10 x the largest arc cost + the largest fixed and preference costs (so serving always wins).
double unassigned_base_cost(const Problem& problem);
//! The penalty for leaving `task` unassigned: base x (1 + priority).
inline double unassigned_penalty(const Problem& problem, double base, int task) {
  return base * (1.0 + problem.tasks[static_cast<size_t>(task)].priority);
}

}  // namespace siklus::routing
