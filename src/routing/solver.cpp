// solve(): builds the search model, runs one Search per thread (search.h) and turns the best
// one's routes into a Solution with schedules and reasons for what is left unassigned.

#include "routing/solver.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "routing/search.h"

namespace siklus::routing {
namespace {

using search::Clock;
using search::Load;
using search::Model;
using search::RouteData;
using search::Search;

// Why an unassigned unit could not be served, judged against each vehicle alone.
std::string reason_for(const Model& m, const Search& s, int u) {
  const Problem& p = *m.problem;
  bool any_skill = false;
  bool any_capacity = false;
  for (int v = 0; v < m.nv; ++v) {
    if (!m.compat[static_cast<size_t>(u) * m.nv + v]) continue;
    any_skill = true;
    if (!m.fits(Load{}, m.amount[u], v)) continue;
    any_capacity = true;
    std::vector<int> nodes{u};
    if (m.kind[u] == TaskKind::kPickup) nodes.push_back(m.sibling[u]);
    if (static_cast<int>(nodes.size()) <= p.vehicles[v].max_tasks &&
        s.state().replay(v, nodes, nullptr)) {
      return "no_feasible_route";  // fits an empty vehicle, but not beside the other tasks
    }
  }
  if (!any_skill) return "skills";
  if (!any_capacity) return "capacity";
  return "time_window";
}

Solution extract(const Model& m, const Search& s) {
  const Problem& p = *m.problem;
  Solution sol;
  const double base = unassigned_base_cost(p);
  const auto& routes = s.best_routes();
  for (int v = 0; v < m.nv; ++v) {
    const RouteData& r = routes[v];
    if (r.nodes.empty()) continue;
    Route route;
    route.vehicle = v;
    s.state().replay(v, r.nodes, &route.steps);
    const Vehicle& veh = p.vehicles[v];
    int prev = veh.start;
    double travel_time = 0;
    double waiting = 0;
    for (const auto& st : route.steps) {
      if (st.kind == StepKind::kTask) {
        const int l = p.tasks[st.index].location;
        if (prev >= 0) {
          route.travel_cost += p.cost(prev, l);
          travel_time += p.duration(prev, l) / veh.speed_factor;
        }
        prev = l;
        waiting += st.start - st.arrival;
      }
    }
    if (veh.end >= 0 && prev >= 0) {
      route.travel_cost += p.cost(prev, veh.end);
      travel_time += p.duration(prev, veh.end) / veh.speed_factor;
    }
    route.travel_time = travel_time;
    route.waiting_time = waiting;
    sol.travel_cost += route.travel_cost;
    sol.total_cost += route.travel_cost + veh.fixed_cost;
    for (const auto& st : route.steps) {
      if (st.kind != StepKind::kTask) continue;
      const Task& t = p.tasks[st.index];
      if (t.kind != TaskKind::kDelivery && t.preferred_vehicle >= 0 && t.preferred_vehicle != v) {
        sol.total_cost += t.preference_cost;
      }
    }
    sol.routes.push_back(std::move(route));
  }
  for (int u : s.best_unassigned()) {
    const std::string reason = reason_for(m, s, u);
    sol.unassigned.push_back({u, reason});
    sol.total_cost += unassigned_penalty(p, base, u);
    if (m.kind[u] == TaskKind::kPickup) sol.unassigned.push_back({m.sibling[u], reason});
  }
  std::sort(sol.unassigned.begin(), sol.unassigned.end(),
            [](const Unassigned& a, const Unassigned& b) { return a.task < b.task; });
  sol.vehicles = static_cast<int>(sol.routes.size());
  return sol;
}

}  // namespace

Result<Solution> solve(const Problem& problem, const SolveOptions& options) {
  const auto started = Clock::now();
  SK_TRY(validate(problem));
  if (options.threads < 1) return Error::invalid("threads", "must be >= 1");
  if (!(options.time_limit_ms > 0)) return Error::invalid("time_limit_ms", "must be > 0");
  const Model model = search::build_model(problem);
  // Leave a little time to build the answer.
  // Threads finish their current iteration and the answer is built after the deadline; on a
  // loaded machine that takes a few milliseconds, so stop a little early.
  const double margin_ms = std::min(25.0, options.time_limit_ms * 0.04);
  const auto deadline = started + std::chrono::microseconds(static_cast<long long>(
                                      (options.time_limit_ms - margin_ms) * 1000.0));
  std::vector<std::unique_ptr<Search>> searches;
  for (int t = 0; t < options.threads; ++t) {
    searches.push_back(std::make_unique<Search>(model, options, options.seed * 1000003ULL + t));
  }
  auto work = [&](int t) { searches[t]->run(deadline, started); };
  std::vector<std::thread> pool;
  for (int t = 1; t < options.threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  int best = 0;
  long long iterations = 0;
  for (int t = 0; t < options.threads; ++t) {
    iterations += searches[t]->iterations();
    if (searches[t]->best_cost() < searches[best]->best_cost()) best = t;
  }
  Solution sol = extract(model, *searches[best]);
  sol.iterations = iterations;
  sol.ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  return sol;
}

}  // namespace siklus::routing
