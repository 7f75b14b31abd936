#include "routing/problem.h"

#include <algorithm>
#include <cmath>

namespace siklus::routing {

int Problem::add_task(Task task) {
  task.kind = TaskKind::kSingle;
  task.sibling = -1;
  tasks.push_back(std::move(task));
  return static_cast<int>(tasks.size()) - 1;
}

int Problem::add_pair(Task pickup, Task delivery) {
  const int p = static_cast<int>(tasks.size());
  pickup.kind = TaskKind::kPickup;
  pickup.sibling = p + 1;
  delivery.kind = TaskKind::kDelivery;
  delivery.sibling = p;
  delivery.amount = pickup.amount;
  tasks.push_back(std::move(pickup));
  tasks.push_back(std::move(delivery));
  return p;
}

namespace {
Status check_windows(const std::vector<TimeWindow>& windows, const std::string& field) {
  for (size_t w = 0; w < windows.size(); ++w) {
    const auto& tw = windows[w];
    if (!(tw.start <= tw.end) || std::isnan(tw.start)) {
      return Error::invalid(field + "[" + std::to_string(w) + "]", "window ends before it starts");
    }
    if (w > 0 && tw.start < windows[w - 1].end) {
      return Error::invalid(field + "[" + std::to_string(w) + "]",
                            "windows must be sorted and must not overlap");
    }
  }
  return {};
}
}  // namespace

Status check_value(double x, const std::string& field) {
  if (!std::isfinite(x)) return Error::invalid(field, "must be a finite number");
  if (std::fabs(x) > kMaxValue) {
    return Error::invalid(field, "out of range (at most 1e9 in magnitude)");
  }
  return {};
}

size_t usable_fleet(double requested, size_t tasks) {
  const double cap = static_cast<double>(std::max<size_t>(1, tasks));
  return static_cast<size_t>(std::clamp(requested, 1.0, cap));
}

Status validate(const Problem& problem) {
  if (problem.locations < 0 || problem.locations > kMaxLocations) {
    return Error::invalid("locations", "at most " + std::to_string(kMaxLocations) + " locations");
  }
  if (problem.tasks.size() > static_cast<size_t>(kMaxTasks)) {
    return Error::invalid("tasks", "at most " + std::to_string(kMaxTasks) + " tasks");
  }
  if (problem.vehicles.size() > static_cast<size_t>(kMaxVehicles)) {
    return Error::invalid("vehicles", "at most " + std::to_string(kMaxVehicles) + " vehicles");
  }
  const size_t cells = static_cast<size_t>(problem.locations) * problem.locations;
  if (problem.durations.size() != cells) {
    return Error::invalid("matrix", "durations must be locations x locations");
  }
  if (!problem.costs.empty() && problem.costs.size() != cells) {
    return Error::invalid("matrix", "costs must be locations x locations");
  }
  for (double d : problem.durations) {
    if (!(d >= 0) || std::isinf(d)) {
      return Error::invalid("matrix", "durations must be finite and non-negative");
    }
  }
  for (double c : problem.costs) {
    if (!(c >= 0) || std::isinf(c)) {
      return Error::invalid("matrix", "costs must be finite and non-negative");
    }
  }
  if (problem.dims < 0 || problem.dims > kMaxDims) {
    return Error::invalid("dims", "at most " + std::to_string(kMaxDims) + " capacity dimensions");
  }
  for (size_t i = 0; i < problem.tasks.size(); ++i) {
    const Task& t = problem.tasks[i];
    const std::string f = "tasks[" + std::to_string(i) + "]";
    if (t.location < 0 || t.location >= problem.locations) {
      return Error::invalid(f + ".location", "outside the matrix");
    }
    if (!(t.service >= 0)) return Error::invalid(f + ".service", "must be >= 0");
    SK_TRY(check_windows(t.windows, f + ".windows"));
    if (static_cast<int>(t.amount.size()) > problem.dims) {
      return Error::invalid(f + ".amount", "more dimensions than the problem declares");
    }
    for (int64_t a : t.amount) {
      if (a < 0 || a > kMaxAmount) return Error::invalid(f + ".amount", "must be 0..1e9");
    }
    if (t.priority < 0 || t.priority > 100) return Error::invalid(f + ".priority", "0..100");
    if (t.kind != TaskKind::kSingle) {
      const int s = t.sibling;
      if (s < 0 || static_cast<size_t>(s) >= problem.tasks.size() ||
          problem.tasks[s].sibling != static_cast<int>(i) || problem.tasks[s].kind == t.kind ||
          problem.tasks[s].kind == TaskKind::kSingle) {
        return Error::invalid(f + ".sibling", "pickup and delivery must name each other");
      }
      if (problem.tasks[s].amount != t.amount) {
        return Error::invalid(f + ".amount", "a pickup and its delivery carry the same amount");
      }
    }
    if (t.preferred_vehicle >= static_cast<int>(problem.vehicles.size())) {
      return Error::invalid(f + ".preferred_vehicle", "no such vehicle");
    }
    if (!(t.max_ride >= 0)) return Error::invalid(f + ".max_ride", "must be >= 0");
  }
  for (size_t i = 0; i < problem.vehicles.size(); ++i) {
    const Vehicle& v = problem.vehicles[i];
    const std::string f = "vehicles[" + std::to_string(i) + "]";
    if (v.start < -1 || v.start >= problem.locations) {
      return Error::invalid(f + ".start", "outside the matrix");
    }
    if (v.end < -1 || v.end >= problem.locations) {
      return Error::invalid(f + ".end", "outside the matrix");
    }
    if (!(v.shift.start <= v.shift.end)) return Error::invalid(f + ".shift", "ends before start");
    if (!(v.speed_factor > 0)) return Error::invalid(f + ".speed_factor", "must be > 0");
    if (static_cast<int>(v.capacity.size()) > problem.dims) {
      return Error::invalid(f + ".capacity", "more dimensions than the problem declares");
    }
    for (int64_t c : v.capacity) {
      if (c < 0 || c > kMaxAmount) return Error::invalid(f + ".capacity", "must be 0..1e9");
    }
    for (size_t b = 0; b < v.breaks.size(); ++b) {
      SK_TRY(check_windows(v.breaks[b].windows, f + ".breaks[" + std::to_string(b) + "].windows"));
      if (!(v.breaks[b].service >= 0)) {
        return Error::invalid(f + ".breaks[" + std::to_string(b) + "].service", "must be >= 0");
      }
    }
    if (v.max_tasks < 0) return Error::invalid(f + ".max_tasks", "must be >= 0");
  }
  return {};
}

double unassigned_base_cost(const Problem& problem) {
  if (problem.unassigned_cost > 0) return problem.unassigned_cost;
  const auto& m = problem.costs.empty() ? problem.durations : problem.costs;
  double max_arc = 0;
  for (double c : m) max_arc = std::max(max_arc, c);
  double extra = 0;
  for (const auto& v : problem.vehicles) extra = std::max(extra, v.fixed_cost);
  double pref = 0;
  for (const auto& t : problem.tasks) pref = std::max(pref, t.preference_cost);
  return 10 * max_arc + extra + pref + 1;
}

}  // namespace siklus::routing
