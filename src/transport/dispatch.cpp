#include "transport/dispatch.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <unordered_map>

#include "routing/solver.h"

namespace siklus::transport {
namespace {

constexpr int kSeat = 0, kWheelchair = 1, kStretcher = 2, kDims = 3;
constexpr double kEps = 1e-6;
//! A started trip must have been picked up by `now` (on board) or be picked up soon after (the
//! driver is on the way): the window that keeps it at the head of its vehicle's day.
constexpr double kOnTheWaySlack = 45 * 60;

// The routing model of a day: tasks 2k, 2k+1 are trip k's pickup and delivery; vehicle v is
// input.vehicles[v]. Locations: vehicle homes first, then each trip's two ends.
struct Model {
  routing::Problem problem;
  std::unordered_map<int64_t, int> trip_index;     // trip id -> k
  std::unordered_map<int64_t, int> vehicle_index;  // vehicle id -> v
  std::vector<std::string> early_reason;           // per trip: refused before solving
};

std::vector<int64_t> amount_of(const TripLeg& t) {
  std::vector<int64_t> a(kDims, 0);
  a[kSeat] = t.companion ? 1 : 0;
  if (t.mobility == Mobility::kWalks) a[kSeat] += 1;
  if (t.mobility == Mobility::kWheelchair) a[kWheelchair] = 1;
  if (t.mobility == Mobility::kStretcher) a[kStretcher] = 1;
  return a;
}

double service_of(const DispatchInput& in, const TripLeg& t, bool pickup) {
  const double base = pickup ? in.pickup_service : in.delivery_service;
  switch (t.mobility) {
    case Mobility::kWheelchair:
      return base * 2;
    case Mobility::kStretcher:
      return base * 3;
    case Mobility::kWalks:
      break;
  }
  return base;
}

// `planning`: a plan from scratch (started trips pinned, windows cut at `now`, trips that can
// never be served given an empty window). Otherwise a replay of a stored plan: windows as booked,
// so stops already made still fit where they were made.
Result<Model> build_model(const DispatchInput& in, bool planning) {
  Model m;
  routing::Problem& p = m.problem;
  std::vector<routing::Coordinate> points;
  for (const auto& v : in.vehicles) points.push_back(v.home);
  for (const auto& t : in.trips) {
    points.push_back(t.from);
    points.push_back(t.to);
  }
  if (points.size() > static_cast<size_t>(routing::kMaxLocations)) {
    return Error::invalid("trips", "more trips and vehicles than one plan can hold");
  }
  routing::HaversineSource source(in.detour, in.speed_kmh / 3.6);
  auto matrices = source.matrices(points);
  if (!matrices) return matrices.error();
  p.locations = matrices->size;
  p.durations = std::move(matrices->durations);
  p.dims = kDims;

  // Pinning a started trip to its vehicle uses one skill bit per such vehicle (bit 0 unused).
  std::unordered_map<int64_t, int> pin_bit;
  for (size_t v = 0; v < in.vehicles.size(); ++v) {
    const VehicleDay& vd = in.vehicles[v];
    if (!m.vehicle_index.emplace(vd.id, static_cast<int>(v)).second) {
      return Error::invalid("vehicles", "vehicle " + std::to_string(vd.id) + " listed twice");
    }
    routing::Vehicle rv;
    rv.id = std::to_string(vd.id);
    rv.start = rv.end = static_cast<int>(v);
    rv.shift = {vd.shift_start, vd.shift_end};
    rv.capacity = {vd.seats, vd.wheelchairs, vd.stretchers};
    p.vehicles.push_back(std::move(rv));
  }
  const int homes = static_cast<int>(in.vehicles.size());
  bool any_stretcher = false, any_wheelchair = false, any_shift = false;
  for (const auto& v : in.vehicles) {
    const bool on_shift = v.shift_end > std::max(v.shift_start, in.now);
    any_shift |= on_shift;
    any_stretcher |= on_shift && v.stretchers > 0;
    any_wheelchair |= on_shift && v.wheelchairs > 0;
  }
  for (size_t k = 0; k < in.trips.size(); ++k) {
    const TripLeg& t = in.trips[k];
    if (!m.trip_index.emplace(t.id, static_cast<int>(k)).second) {
      return Error::invalid("trips", "trip " + std::to_string(t.id) + " listed twice");
    }
    const bool started = t.on_the_way || t.picked_up;
    const int from = homes + 2 * static_cast<int>(k), to = from + 1;
    const double direct = p.duration(from, to);
    routing::Task pick, drop;
    pick.id = std::to_string(t.id) + "/pickup";
    drop.id = std::to_string(t.id) + "/delivery";
    pick.location = from;
    drop.location = to;
    pick.service = service_of(in, t, true);
    drop.service = service_of(in, t, false);
    pick.amount = amount_of(t);
    drop.amount = pick.amount;
    drop.max_ride = t.max_ride > 0 ? t.max_ride : ride_limit(direct);
    routing::TimeWindow pw = t.pickup, dw = t.delivery;
    std::string reason;
    if (started && planning) {
      auto vi = m.vehicle_index.find(t.vehicle);
      if (vi == m.vehicle_index.end()) {
        return Error::invalid("trips",
                              "started trip " + std::to_string(t.id) + " is on an unknown vehicle");
      }
      auto [it, fresh] = pin_bit.emplace(t.vehicle, static_cast<int>(pin_bit.size()) + 1);
      if (it->second > 63) {
        return Error::invalid("trips", "more than 63 vehicles with trips under way");
      }
      pick.skills = drop.skills = uint64_t{1} << it->second;
      p.vehicles[vi->second].skills |= pick.skills;
      // Already (or about to be) picked up: keep it first, whatever its booked window said.
      pw = {in.vehicles[vi->second].shift_start,
            t.picked_up ? std::max(in.now, pw.end) : std::max(in.now + kOnTheWaySlack, pw.end)};
      dw.end = std::max(dw.end, pw.end + drop.max_ride);
      (void)fresh;
    } else {
      if (std::max(pw.start, in.now) > pw.end || dw.end < in.now) {
        reason = "time_passed";
      } else if (!any_shift) {
        reason = "no_vehicle_on_shift";
      } else if (t.mobility == Mobility::kStretcher && !any_stretcher) {
        reason = "no_stretcher_vehicle";
      } else if (t.mobility == Mobility::kWheelchair && !any_wheelchair) {
        reason = "no_wheelchair_vehicle";
      } else if (direct > drop.max_ride) {
        reason = "too_far_for_ride_limit";
      }
      if (planning) pw.start = std::max(pw.start, in.now);
    }
    m.early_reason.push_back(reason);
    if (planning && !reason.empty()) {  // an empty window: the solver leaves it out
      pw = {0, 0};
      dw = {0, 0};
    }
    pick.windows = {pw};
    drop.windows = {{dw.start, std::max(dw.start, dw.end)}};
    p.add_pair(std::move(pick), std::move(drop));
  }
  return m;
}

std::string routing_reason(const std::string& r) {
  if (r == "capacity") return "no_place";
  if (r == "time_window") return "unreachable_in_time";
  if (r == "skills") return "no_vehicle_on_shift";
  return "fleet_full";
}

// Earliest-start replay of one vehicle's task sequence, as the independent checker does it.
struct Replay {
  bool feasible = false;
  double cost = 0;
  routing::Route route;
  size_t failed_at = 0;  // position in the sequence of the first violation (size() = the end)
  bool late = false;     // that violation is a time (window or ride limit), not a capacity
};

Replay replay(const routing::Problem& p, int vehicle, const std::vector<int>& tasks) {
  Replay out;
  const routing::Vehicle& v = p.vehicles[static_cast<size_t>(vehicle)];
  routing::Route& route = out.route;
  route.vehicle = vehicle;
  route.steps.reserve(tasks.size() + 2);
  int64_t load[kDims] = {0, 0, 0};
  // Pickup departures by position; a delivery finds its pickup among the earlier positions.
  std::vector<double> departure(tasks.size(), 0);
  double t = v.shift.start;
  int loc = v.start;
  route.steps.push_back({routing::StepKind::kStart, -1, t, t, t});
  for (size_t pos = 0; pos < tasks.size(); ++pos) {
    const int i = tasks[pos];
    out.failed_at = pos;
    const routing::Task& task = p.tasks[static_cast<size_t>(i)];
    const double travel = p.duration(loc, task.location);
    route.travel_cost += p.cost(loc, task.location);
    route.travel_time += travel;
    const double arrival = t + travel;
    double start = task.windows.empty() ? arrival : -1;
    for (const auto& w : task.windows) {
      if (arrival <= w.end + kEps) {
        start = std::max(arrival, w.start);
        break;
      }
    }
    if ((task.skills & ~v.skills) != 0) return out;
    out.late = true;
    if (start < 0) return out;
    out.late = false;
    route.waiting_time += start - arrival;
    t = start + task.service;
    loc = task.location;
    departure[pos] = t;
    const int sign = task.kind == routing::TaskKind::kPickup ? 1 : -1;
    for (int d = 0; d < kDims; ++d) {
      load[d] += sign * task.amount[static_cast<size_t>(d)];
      if (load[d] > v.capacity[static_cast<size_t>(d)] || load[d] < 0) return out;
    }
    if (task.kind == routing::TaskKind::kDelivery) {
      size_t pick = pos;
      while (pick > 0 && tasks[--pick] != task.sibling) {
      }
      if (tasks[pick] != task.sibling) return out;
      out.late = true;
      if (start - departure[pick] > task.max_ride + kEps) return out;
      out.late = false;
    }
    route.steps.push_back({routing::StepKind::kTask, i, arrival, start, t});
  }
  out.failed_at = tasks.size();
  const double travel = p.duration(loc, v.end);
  route.travel_cost += p.cost(loc, v.end);
  route.travel_time += travel;
  t += travel;
  if (t > v.shift.end + kEps) return out;
  route.steps.push_back({routing::StepKind::kEnd, -1, t, t, t});
  out.cost = route.travel_cost;
  out.feasible = true;
  return out;
}

// Fills the plan's runs, counts and the solution's totals from its routes and unassigned tasks.
void describe(const DispatchInput& in, const Model& m, DispatchPlan& plan) {
  const routing::Problem& p = m.problem;
  routing::Solution& s = plan.solution;
  s.travel_cost = 0;
  s.vehicles = static_cast<int>(s.routes.size());
  double total = 0;
  plan.runs.clear();
  for (const auto& r : s.routes) {
    s.travel_cost += r.travel_cost;
    total += r.travel_cost + p.vehicles[static_cast<size_t>(r.vehicle)].fixed_cost;
    const VehicleDay& vd = in.vehicles[static_cast<size_t>(r.vehicle)];
    VehicleRun run{vd.id, vd.code, r.steps.front().departure, r.steps.back().arrival, {}};
    bool first = true;
    for (const auto& step : r.steps) {
      if (step.kind != routing::StepKind::kTask) continue;
      const int k = step.index / 2;
      double arrival = step.arrival;
      if (first) {  // the driver leaves home just in time for the first stop, and waits nowhere
        run.start =
            std::max(run.start, step.start - p.duration(r.vehicle, p.tasks[step.index].location));
        arrival = std::max(arrival, step.start);
        first = false;
      }
      run.stops.push_back({in.trips[static_cast<size_t>(k)].id, step.index % 2 == 0, arrival,
                           step.start, step.departure});
    }
    plan.runs.push_back(std::move(run));
  }
  const double base = routing::unassigned_base_cost(p);
  plan.unassigned.clear();
  for (const auto& u : s.unassigned) {
    if (p.tasks[static_cast<size_t>(u.task)].kind == routing::TaskKind::kDelivery) continue;
    total += routing::unassigned_penalty(p, base, u.task);
    plan.unassigned.push_back({in.trips[static_cast<size_t>(u.task / 2)].id, u.reason});
  }
  s.total_cost = total;
  plan.trips = static_cast<int>(in.trips.size());
  plan.assigned = plan.trips - static_cast<int>(plan.unassigned.size());
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
      .count();
}

}  // namespace

const char* mobility_code(Mobility m) {
  switch (m) {
    case Mobility::kWheelchair:
      return "wheelchair";
    case Mobility::kStretcher:
      return "stretcher";
    case Mobility::kWalks:
      break;
  }
  return "walks";
}

bool parse_mobility(std::string_view text, Mobility* out) {
  if (text == "walks")
    *out = Mobility::kWalks;
  else if (text == "wheelchair")
    *out = Mobility::kWheelchair;
  else if (text == "stretcher")
    *out = Mobility::kStretcher;
  else
    return false;
  return true;
}

std::string reason_text(const std::string& reason) {
  if (reason == "no_stretcher_vehicle") return "no vehicle with a stretcher place is on shift";
  if (reason == "no_wheelchair_vehicle") return "no vehicle with a wheelchair place is on shift";
  if (reason == "no_vehicle_on_shift") return "no vehicle has a driver on shift that day";
  if (reason == "time_passed") return "the pick-up time has already passed";
  if (reason == "too_far_for_ride_limit") return "the direct ride is longer than the ride limit";
  if (reason == "no_place") return "no vehicle has room for the patient and companion";
  if (reason == "unreachable_in_time") return "no vehicle can reach the patient in time";
  if (reason == "fleet_full") return "every vehicle on shift is busy at that time";
  return reason;
}

double ride_limit(double direct) { return std::min(1.5 * direct + 20 * 60, 90.0 * 60); }

Result<DispatchPlan> plan_day(const DispatchInput& input, const PlanOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto model = build_model(input, true);
  if (!model) return model.error();
  DispatchPlan plan;
  routing::SolveOptions so;
  so.time_limit_ms = options.time_limit_ms;
  so.threads = options.threads;
  so.seed = options.seed;
  so.max_iterations = options.max_iterations;
  auto solution = routing::solve(model->problem, so);
  if (!solution) return solution.error();
  plan.solution = std::move(*solution);
  for (auto& u : plan.solution.unassigned) {
    const std::string& early = model->early_reason[static_cast<size_t>(u.task / 2)];
    u.reason = early.empty() ? routing_reason(u.reason) : early;
  }
  describe(input, *model, plan);
  plan.problem = std::move(model->problem);
  plan.ms = elapsed_ms(started);
  return plan;
}

Result<DispatchPlan> rebuild(const DispatchInput& input, const std::vector<VehicleRun>& runs) {
  auto model = build_model(input, false);
  if (!model) return model.error();
  DispatchPlan plan;
  std::vector<bool> served(input.trips.size() * 2, false);
  for (const auto& run : runs) {
    auto vi = model->vehicle_index.find(run.vehicle);
    if (vi == model->vehicle_index.end()) {
      return Error::invalid("plan", "unknown vehicle " + std::to_string(run.vehicle));
    }
    std::vector<int> tasks;
    for (const auto& stop : run.stops) {
      auto ti = model->trip_index.find(stop.trip);
      if (ti == model->trip_index.end()) {
        return Error::invalid("plan", "unknown trip " + std::to_string(stop.trip));
      }
      tasks.push_back(2 * ti->second + (stop.pickup ? 0 : 1));
      served[static_cast<size_t>(tasks.back())] = true;
    }
    if (tasks.empty()) continue;
    Replay r = replay(model->problem, vi->second, tasks);
    if (!r.feasible) {
      // A stored run no longer fits (a window or shift edited since): keep its order, report it.
      return Error::conflict("plan", "the run of vehicle " + run.code + " is no longer feasible");
    }
    plan.solution.routes.push_back(std::move(r.route));
  }
  for (size_t i = 0; i < served.size(); ++i) {
    if (served[i]) continue;
    const std::string& early = model->early_reason[i / 2];
    plan.solution.unassigned.push_back(
        {static_cast<int>(i), early.empty() ? std::string("not_planned") : early});
  }
  describe(input, *model, plan);
  plan.problem = std::move(model->problem);
  return plan;
}

Result<DispatchPlan> insert_trip(const DispatchInput& input, const DispatchPlan& current,
                                 int64_t trip) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<VehicleRun> runs = current.runs;
  runs.erase(
      std::remove_if(runs.begin(), runs.end(), [](const VehicleRun& r) { return r.stops.empty(); }),
      runs.end());
  for (auto& run : runs) {
    std::erase_if(run.stops, [trip](const PlannedStop& s) { return s.trip == trip; });
  }
  auto base = rebuild(input, runs);
  if (!base) return base.error();
  auto model = build_model(input, false);
  if (!model) return model.error();
  auto ti = model->trip_index.find(trip);
  if (ti == model->trip_index.end()) {
    return Error::invalid("trip", "trip " + std::to_string(trip) + " is not among the day's trips");
  }
  const int k = ti->second;
  // The new trip cannot be picked up before now (the others keep their booked windows).
  auto& new_pickup = model->problem.tasks[static_cast<size_t>(2 * k)].windows.front();
  new_pickup.start = std::min(std::max(new_pickup.start, input.now), new_pickup.end);
  const routing::Problem& p = model->problem;
  std::string early = model->early_reason[static_cast<size_t>(k)];

  struct Best {
    double added = routing::kInfinity;
    int route = -1;  // index into base->solution.routes, or -1 - vehicle for an idle vehicle
    Replay replay;
  } best;
  std::string reason = early;
  if (early.empty()) {
    const std::vector<int64_t> need = p.tasks[static_cast<size_t>(2 * k)].amount;
    bool has_room = false;
    std::vector<bool> busy(p.vehicles.size(), false);
    auto consider = [&](int route_id, int vehicle, const std::vector<int>& tasks, size_t first,
                        double old_cost) {
      const auto& cap = p.vehicles[static_cast<size_t>(vehicle)].capacity;
      bool fits = true;
      for (int d = 0; d < kDims; ++d) fits &= need[d] <= cap[d];
      if (!fits) return;
      has_room = true;
      std::vector<int> seq;
      seq.reserve(tasks.size() + 2);
      for (size_t i = first; i <= tasks.size(); ++i) {
        for (size_t j = i; j <= tasks.size(); ++j) {
          seq.assign(tasks.begin(), tasks.begin() + static_cast<long>(i));
          seq.push_back(2 * k);
          seq.insert(seq.end(), tasks.begin() + static_cast<long>(i),
                     tasks.begin() + static_cast<long>(j));
          seq.push_back(2 * k + 1);
          seq.insert(seq.end(), tasks.begin() + static_cast<long>(j), tasks.end());
          Replay r = replay(p, vehicle, seq);
          if (r.feasible) {
            if (r.cost - old_cost < best.added - kEps) {
              best = {r.cost - old_cost, route_id, std::move(r)};
            }
            continue;
          }
          // The schedule only gets later as the pickup (delivery) moves down the route: a pickup
          // missing its window rules out every later place for it, a delivery missing its window
          // or ride limit every later place for the delivery.
          if (r.late && r.failed_at == i) return;
          if (r.late && r.failed_at == j + 1) break;
        }
      }
    };
    const auto& routes = base->solution.routes;
    for (size_t ri = 0; ri < routes.size(); ++ri) {
      const auto& route = routes[ri];
      busy[static_cast<size_t>(route.vehicle)] = true;
      std::vector<int> tasks;
      size_t first = 0;  // nothing goes before a stop that is due already or whose trip started
      for (const auto& step : route.steps) {
        if (step.kind != routing::StepKind::kTask) continue;
        tasks.push_back(step.index);
        const TripLeg& leg = input.trips[static_cast<size_t>(step.index / 2)];
        if (step.start < input.now || leg.on_the_way || leg.picked_up) first = tasks.size();
      }
      consider(static_cast<int>(ri), route.vehicle, tasks, first, route.travel_cost);
    }
    // One idle vehicle of each kind is enough: identical idle vehicles differ only by home.
    for (size_t v = 0; v < p.vehicles.size(); ++v) {
      if (!busy[v]) consider(-1 - static_cast<int>(v), static_cast<int>(v), {}, 0, 0);
    }
    if (best.route == -1 && best.added == routing::kInfinity) {
      reason = has_room ? "fleet_full" : "no_place";
    }
  }

  DispatchPlan plan;
  plan.solution.routes = base->solution.routes;
  if (best.added < routing::kInfinity) {
    if (best.route >= 0) {
      plan.solution.routes[static_cast<size_t>(best.route)] = std::move(best.replay.route);
    } else {
      plan.solution.routes.push_back(std::move(best.replay.route));
    }
  }
  for (const auto& u : base->solution.unassigned) {
    if (u.task / 2 == k && best.added < routing::kInfinity) continue;
    plan.solution.unassigned.push_back(u.task / 2 == k ? routing::Unassigned{u.task, reason} : u);
  }
  describe(input, *model, plan);
  plan.problem = std::move(model->problem);
  plan.ms = elapsed_ms(started);
  return plan;
}

}  // namespace siklus::transport
