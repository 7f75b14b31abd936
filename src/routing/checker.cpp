#include "routing/checker.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace siklus::routing {
namespace {

constexpr double kEps = 1e-6;

// The earliest start >= t inside one of `windows` (empty = any time); -1 if none.
double earliest_start(const std::vector<TimeWindow>& windows, double t) {
  if (windows.empty()) return t;
  for (const auto& w : windows) {
    if (t <= w.end + kEps) return std::max(t, w.start);
  }
  return -1;
}

Error violation(size_t route, const std::string& message) {
  return Error::invalid("routes[" + std::to_string(route) + "]", message);
}

bool close_enough(double a, double b) {
  return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::max(std::fabs(a), std::fabs(b)));
}

}  // namespace

Status check_solution(const Problem& problem, const Solution& solution) {
  const size_t n = problem.tasks.size();
  std::vector<int> seen(n, 0);
  std::vector<int> route_of(n, -1);
  std::vector<int> order_in_route(n, -1);
  std::vector<double> departure(n, 0);
  std::vector<int> vehicle_used(problem.vehicles.size(), 0);
  double travel_total = 0;
  const double base = unassigned_base_cost(problem);
  double total = 0;

  for (size_t r = 0; r < solution.routes.size(); ++r) {
    const Route& route = solution.routes[r];
    if (route.vehicle < 0 || static_cast<size_t>(route.vehicle) >= problem.vehicles.size()) {
      return violation(r, "unknown vehicle " + std::to_string(route.vehicle));
    }
    if (vehicle_used[route.vehicle]++) return violation(r, "vehicle used twice");
    const Vehicle& v = problem.vehicles[route.vehicle];
    const auto& steps = route.steps;
    if (steps.size() < 2 || steps.front().kind != StepKind::kStart ||
        steps.back().kind != StepKind::kEnd) {
      return violation(r, "route must begin with a start step and finish with an end step");
    }
    // Loads: singles are loaded at the start; pairs carry their amount from P to D.
    std::vector<int64_t> load(static_cast<size_t>(problem.dims), 0);
    int tasks_in_route = 0;
    std::vector<int> breaks_seen(v.breaks.size(), 0);
    for (size_t s = 1; s + 1 < steps.size(); ++s) {
      const Step& step = steps[s];
      if (step.kind == StepKind::kTask) {
        if (step.index < 0 || static_cast<size_t>(step.index) >= n) {
          return violation(r, "unknown task " + std::to_string(step.index));
        }
        const Task& t = problem.tasks[step.index];
        if (seen[step.index]++) return violation(r, "task " + t.id + " served twice");
        route_of[step.index] = static_cast<int>(r);
        order_in_route[step.index] = static_cast<int>(s);
        ++tasks_in_route;
        if ((t.skills & ~v.skills) != 0) {
          return violation(r, "vehicle " + v.id + " lacks a skill task " + t.id + " needs");
        }
        if (t.kind == TaskKind::kSingle) {
          for (int d = 0; d < problem.dims; ++d) {
            load[d] += d < static_cast<int>(t.amount.size()) ? t.amount[d] : 0;
          }
        }
      } else if (step.kind == StepKind::kBreak) {
        if (step.index < 0 || static_cast<size_t>(step.index) >= v.breaks.size()) {
          return violation(r, "unknown break " + std::to_string(step.index));
        }
        if (breaks_seen[step.index]++) return violation(r, "break taken twice");
      } else {
        return violation(r, "start or end step inside the route");
      }
    }
    if (tasks_in_route == 0) return violation(r, "route without tasks");
    for (size_t b = 0; b < breaks_seen.size(); ++b) {
      if (!breaks_seen[b]) return violation(r, "break " + v.breaks[b].id + " not taken");
    }
    if (tasks_in_route > v.max_tasks) return violation(r, "more tasks than max_tasks");
    auto check_load = [&](const std::string& where) -> Status {
      for (int d = 0; d < problem.dims; ++d) {
        const int64_t cap = d < static_cast<int>(v.capacity.size())
                                ? v.capacity[d]
                                : std::numeric_limits<int64_t>::max();
        if (load[d] > cap || load[d] < 0) {
          return violation(r, "load " + std::to_string(load[d]) + " outside capacity " +
                                  std::to_string(cap) + " " + where);
        }
      }
      return {};
    };
    SK_TRY(check_load("at the start"));

    // Replay the schedule.
    double t = v.shift.start;
    int loc = v.start;
    double travel_cost = 0;
    double first_departure = -1;
    for (size_t s = 1; s + 1 < steps.size(); ++s) {
      const Step& step = steps[s];
      if (step.kind == StepKind::kBreak) {
        const Break& b = v.breaks[step.index];
        const double st = earliest_start(b.windows, t);
        if (st < 0) return violation(r, "break " + b.id + " misses its windows");
        if (first_departure < 0) first_departure = v.shift.start;
        t = st + b.service;
        continue;
      }
      const Task& task = problem.tasks[step.index];
      double travel = 0;
      if (loc >= 0) {
        travel = problem.duration(loc, task.location) / v.speed_factor;
        travel_cost += problem.cost(loc, task.location);
      }
      const double arrival = t + travel;
      const double st = earliest_start(task.windows, arrival);
      if (st < 0) {
        return violation(r, "task " + task.id + " reached at " + std::to_string(arrival) +
                                ", after its time windows");
      }
      if (first_departure < 0) first_departure = std::max(v.shift.start, st - travel);
      t = st + task.service;
      loc = task.location;
      departure[step.index] = t;
      if (task.kind == TaskKind::kPickup || task.kind == TaskKind::kDelivery) {
        const int sign = task.kind == TaskKind::kPickup ? 1 : -1;
        for (int d = 0; d < problem.dims; ++d) {
          load[d] += sign * (d < static_cast<int>(task.amount.size()) ? task.amount[d] : 0);
        }
      } else {
        for (int d = 0; d < problem.dims; ++d) {
          load[d] -= d < static_cast<int>(task.amount.size()) ? task.amount[d] : 0;
        }
      }
      SK_TRY(check_load("after task " + task.id));
      if (task.kind == TaskKind::kDelivery) {
        const int p = task.sibling;
        if (route_of[p] != static_cast<int>(r) || order_in_route[p] > static_cast<int>(s)) {
          return violation(r, "delivery " + task.id + " not preceded by its pickup");
        }
        if (st - departure[p] > task.max_ride + kEps) {
          return violation(r, "ride time of " + task.id + " exceeds max_ride");
        }
      }
    }
    if (v.end >= 0 && loc >= 0) {
      t += problem.duration(loc, v.end) / v.speed_factor;
      travel_cost += problem.cost(loc, v.end);
    }
    if (t > v.shift.end + kEps) return violation(r, "returns after the shift ends");
    if (first_departure >= 0 && t - first_departure > v.max_working_time + kEps) {
      return violation(r, "working time exceeds max_working_time");
    }
    if (!close_enough(travel_cost, route.travel_cost)) {
      return violation(r, "reported travel cost " + std::to_string(route.travel_cost) +
                              " but the replay gives " + std::to_string(travel_cost));
    }
    travel_total += travel_cost;
    total += travel_cost + v.fixed_cost;
    for (size_t s = 1; s + 1 < steps.size(); ++s) {
      if (steps[s].kind != StepKind::kTask) continue;
      const Task& task = problem.tasks[steps[s].index];
      if (task.kind != TaskKind::kDelivery && task.preferred_vehicle >= 0 &&
          task.preferred_vehicle != route.vehicle) {
        total += task.preference_cost;
      }
    }
  }
  // Every pickup's delivery must be in the same route (checked from the delivery side above,
  // but a pickup whose delivery is unassigned would slip through).
  for (const auto& u : solution.unassigned) {
    if (u.task < 0 || static_cast<size_t>(u.task) >= n) {
      return Error::invalid("unassigned", "unknown task " + std::to_string(u.task));
    }
    if (seen[u.task]++) {
      return Error::invalid("unassigned", "task " + problem.tasks[u.task].id +
                                              " is both served and unassigned, or listed twice");
    }
    if (problem.tasks[u.task].kind != TaskKind::kDelivery) {
      total += unassigned_penalty(problem, base, u.task);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (seen[i] != 1) {
      return Error::invalid(
          "unassigned", "task " + problem.tasks[i].id + " neither served nor listed as unassigned");
    }
    const Task& t = problem.tasks[i];
    if (t.kind != TaskKind::kSingle && route_of[i] != route_of[t.sibling]) {
      return Error::invalid("routes", "pair " + t.id + " split across routes or half unassigned");
    }
  }
  if (!close_enough(travel_total, solution.travel_cost)) {
    return Error::invalid("travel_cost", "reported " + std::to_string(solution.travel_cost) +
                                             " but the routes sum to " +
                                             std::to_string(travel_total));
  }
  if (!close_enough(total, solution.total_cost)) {
    return Error::invalid("total_cost", "reported " + std::to_string(solution.total_cost) +
                                            " but the replay gives " + std::to_string(total));
  }
  if (solution.vehicles != static_cast<int>(solution.routes.size())) {
    return Error::invalid("vehicles", "does not match the number of routes");
  }
  return {};
}

}  // namespace siklus::routing
