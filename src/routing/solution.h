#pragma once
// A solution: one route per used vehicle as explicit steps (start, tasks, breaks, end) with the
// schedule, plus the unassigned tasks with a reason. The checker re-derives everything from the
// step order alone, so the times here are informative.

#include <string>
#include <vector>

namespace siklus::routing {

enum class StepKind { kStart, kTask, kBreak, kEnd };

struct Step {
  StepKind kind = StepKind::kTask;
  int index = -1;      // task index for kTask, break index within the vehicle for kBreak
  double arrival = 0;  // at the step's location
  double start = 0;    // service start (after any waiting)
  double departure = 0;
};

struct Route {
  int vehicle = -1;
  std::vector<Step> steps;  // kStart, tasks and breaks in order, kEnd
  double travel_cost = 0;   // sum of arc costs
  double travel_time = 0;
  double waiting_time = 0;
};

struct Unassigned {
  int task = -1;
  std::string reason;  // "skills", "capacity", "time_window", "no_feasible_route", ...
};

struct Solution {
  std::vector<Route> routes;  // only vehicles that serve at least one task
  std::vector<Unassigned> unassigned;
  double travel_cost = 0;    // sum of route travel costs (the Solomon "cost")
  double total_cost = 0;     // travel + fixed + preference costs + unassigned penalties
  int vehicles = 0;          // routes used
  double ms = 0;             // solver wall time
  long long iterations = 0;  // ruin-and-recreate iterations, summed over threads
};

}  // namespace siklus::routing
