#include "routing/search_routes.h"

#include <algorithm>

namespace siklus::routing::search {

RouteState::RouteState(const Model& m) : routes(m.nv), route_of(m.n, -1), m_(m), dep_(m.n, 0) {
  for (int v = 0; v < m.nv; ++v) update(v);
}

void RouteState::update(int v) {
  RouteData& r = routes[v];
  const int n = static_cast<int>(r.nodes.size());
  const Vehicle& veh = m_.problem->vehicles[v];
  r.pos.resize(n + 2);
  bool ok = true;
  double total = 0;
  int prev = m_.start[v];
  double t = veh.shift.start;
  r.pos[0].fwd = t;
  Load l;
  for (int k = 0; k < n; ++k) {
    const int task = r.nodes[k];
    if (m_.kind[task] == TaskKind::kSingle) {
      for (int d = 0; d < m_.dims; ++d) l.v[d] += m_.amount[task].v[d];
    }
    route_of[task] = v;
  }
  r.pos[0].load = l;
  for (int k = 0; k < n; ++k) {
    const int task = r.nodes[k];
    total += m_.c(prev, m_.loc[task]);
    const double arr = t + m_.t(v, prev, m_.loc[task]);
    const double s = m_.earliest(task, arr);
    if (s < 0) ok = false;
    r.pos[k + 1].fwd = s < 0 ? kInfinity : s;
    t = r.pos[k + 1].fwd + m_.service[task];
    prev = m_.loc[task];
    const int sign = m_.kind[task] == TaskKind::kPickup ? 1 : -1;
    for (int d = 0; d < m_.dims; ++d) l.v[d] += sign * m_.amount[task].v[d];
    r.pos[k + 1].load = l;
    const Task& tk = m_.problem->tasks[task];
    if (tk.kind != TaskKind::kDelivery && tk.preferred_vehicle >= 0 && tk.preferred_vehicle != v) {
      total += tk.preference_cost;
    }
  }
  total += m_.c(prev, m_.end[v]);
  r.pos[n + 1].fwd = t + m_.t(v, prev, m_.end[v]);
  r.pos[n + 1].bwd = veh.shift.end;
  for (int k = n; k >= 1; --k) {
    const int task = r.nodes[k - 1];
    const int next_loc = k == n ? m_.end[v] : m_.loc[r.nodes[k]];
    const double limit = r.pos[k + 1].bwd - m_.t(v, m_.loc[task], next_loc) - m_.service[task];
    r.pos[k].bwd = m_.latest(task, limit);
  }
  r.pos[0].bwd = n > 0 ? r.pos[1].bwd - m_.t(v, m_.start[v], m_.loc[r.nodes[0]]) : veh.shift.end;
  r.pos[0].pmax = r.pos[0].load;
  for (int k = 1; k <= n; ++k) {
    for (int d = 0; d < m_.dims; ++d)
      r.pos[k].pmax.v[d] = std::max(r.pos[k - 1].pmax.v[d], r.pos[k].load.v[d]);
  }
  for (int p = 0; p <= n + 1; ++p) {
    Position& q = r.pos[p];
    q.loc = p == 0 ? m_.start[v] : p == n + 1 ? m_.end[v] : m_.loc[r.nodes[p - 1]];
    q.dep = q.fwd + (p >= 1 && p <= n ? m_.service[r.nodes[p - 1]] : 0);
    if (p > 0) r.pos[p - 1].arc = m_.c(r.pos[p - 1].loc, q.loc);
  }
  if (n > 0) total += veh.fixed_cost;
  if (r.pos[n + 1].fwd > veh.shift.end) ok = false;
  r.cost = total;
  r.ok = ok;
}

void RouteState::recompute_cost() {
  double c = 0;
  for (const auto& r : routes) c += r.cost;
  for (int u : unassigned) c += m_.penalty[u];
  cost = c;
}

void RouteState::begin_move() {
  ++stamp_;
  saved_.clear();
  saved_unassigned_ = unassigned;
  if (touched_.size() != routes.size()) touched_.assign(routes.size(), 0);
}
void RouteState::touch(int v) {
  if (touched_[v] == stamp_) return;
  touched_[v] = stamp_;
  saved_.emplace_back(v, routes[v]);
}
void RouteState::undo_move() {
  for (auto& [v, r] : saved_) {
    routes[v] = std::move(r);
    for (int t : routes[v].nodes) route_of[t] = v;
  }
  unassigned = saved_unassigned_;
  for (int u : unassigned) {
    route_of[u] = -1;
    if (m_.kind[u] == TaskKind::kPickup) route_of[m_.sibling[u]] = -1;
  }
  cost = cur_cost;
}

bool RouteState::replay(int v, const std::vector<int>& nodes, std::vector<Step>* out) const {
  const Vehicle& veh = m_.problem->vehicles[v];
  double t = veh.shift.start;
  int loc = m_.start[v];
  double first_departure = -1;
  size_t bi = 0;
  const size_t nb = veh.breaks.size();
  const int n = static_cast<int>(nodes.size());
  if (out) out->push_back({StepKind::kStart, -1, t, t, t});
  for (int k = 0; k <= n; ++k) {
    while (bi < nb) {
      const Break& b = veh.breaks[bi];
      const double tb = earliest_in(b.windows, t);
      if (tb < 0) return false;
      bool take = k == n;
      if (!take) {
        const int next = nodes[k];
        const double arr = t + m_.t(v, loc, m_.loc[next]);
        const double sn = m_.earliest(next, arr);
        if (sn < 0) return false;
        const double end_next = sn + m_.service[next];
        take = earliest_in(b.windows, end_next) < 0 ||
               tb + b.service + m_.t(v, loc, m_.loc[next]) <= sn;
      }
      if (!take) break;
      if (first_departure < 0) first_departure = veh.shift.start;
      if (out) out->push_back({StepKind::kBreak, static_cast<int>(bi), t, tb, tb + b.service});
      t = tb + b.service;
      ++bi;
    }
    if (k == n) break;
    const int task = nodes[k];
    const double travel = m_.t(v, loc, m_.loc[task]);
    const double arr = t + travel;
    const double s = m_.earliest(task, arr);
    if (s < 0) return false;
    if (first_departure < 0) first_departure = std::max(veh.shift.start, s - travel);
    t = s + m_.service[task];
    loc = m_.loc[task];
    dep_[task] = t;
    if (m_.kind[task] == TaskKind::kDelivery && s - dep_[m_.sibling[task]] > m_.max_ride[task]) {
      return false;
    }
    if (out) out->push_back({StepKind::kTask, task, arr, s, t});
  }
  const double arr_end = t + m_.t(v, loc, m_.end[v]);
  if (arr_end > veh.shift.end) return false;
  if (first_departure >= 0 && arr_end - first_departure > veh.max_working_time) return false;
  if (out) out->push_back({StepKind::kEnd, -1, arr_end, arr_end, arr_end});
  return true;
}

}  // namespace siklus::routing::search
