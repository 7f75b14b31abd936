#include "routing/search_model.h"

#include <cmath>
#include <limits>
#include <numeric>

namespace siklus::routing::search {

double earliest_in(const std::vector<TimeWindow>& windows, double at) {
  if (windows.empty()) return at;
  for (const auto& w : windows) {
    if (at <= w.end) return std::max(at, w.start);
  }
  return -1;
}

Model build_model(const Problem& p) {
  Model m;
  m.problem = &p;
  m.n = static_cast<int>(p.tasks.size());
  m.nv = static_cast<int>(p.vehicles.size());
  m.dims = p.dims;
  const int L = p.locations;
  m.nloc = L + 1;
  const int nowhere = L;
  m.dur.assign(static_cast<size_t>(m.nloc) * m.nloc, 0.0);
  m.cost.assign(static_cast<size_t>(m.nloc) * m.nloc, 0.0);
  for (int a = 0; a < L; ++a) {
    for (int b = 0; b < L; ++b) {
      m.dur[static_cast<size_t>(a) * m.nloc + b] = p.duration(a, b);
      m.cost[static_cast<size_t>(a) * m.nloc + b] = p.cost(a, b);
    }
  }
  m.cost_t.assign(m.cost.size(), 0.0);
  for (int a = 0; a < m.nloc; ++a) {
    for (int b = 0; b < m.nloc; ++b) {
      m.cost_t[static_cast<size_t>(b) * m.nloc + a] = m.cost[static_cast<size_t>(a) * m.nloc + b];
    }
  }
  const double base = unassigned_base_cost(p);
  m.loc.resize(m.n);
  m.service.resize(m.n);
  m.win_begin.resize(m.n);
  m.win_count.resize(m.n);
  m.amount.resize(m.n);
  m.kind.resize(m.n);
  m.sibling.resize(m.n);
  m.penalty.resize(m.n);
  m.max_ride.resize(m.n);
  m.amount_sum.resize(m.n);
  for (int i = 0; i < m.n; ++i) {
    const Task& t = p.tasks[i];
    m.loc[i] = t.location;
    m.service[i] = t.service;
    m.win_begin[i] = static_cast<int>(m.windows.size());
    m.win_count[i] = static_cast<int>(t.windows.size());
    m.windows.insert(m.windows.end(), t.windows.begin(), t.windows.end());
    for (size_t d = 0; d < t.amount.size(); ++d) m.amount[i].v[d] = t.amount[d];
    m.amount_sum[i] = std::accumulate(t.amount.begin(), t.amount.end(), int64_t{0});
    m.kind[i] = t.kind;
    m.sibling[i] = t.sibling;
    m.penalty[i] = t.kind == TaskKind::kDelivery ? 0 : unassigned_penalty(p, base, i);
    m.max_ride[i] = t.max_ride;
    if (t.kind == TaskKind::kDelivery && std::isfinite(t.max_ride)) m.ride_limits = true;
    if (t.kind != TaskKind::kDelivery) m.units.push_back(i);
  }
  m.start.resize(m.nv);
  m.end.resize(m.nv);
  m.inv_speed.resize(m.nv);
  m.cap.resize(m.nv);
  m.complex.resize(m.nv);
  m.vclass.resize(m.nv);
  for (int v = 0; v < m.nv; ++v) {
    const Vehicle& veh = p.vehicles[v];
    m.start[v] = veh.start >= 0 ? veh.start : nowhere;
    m.end[v] = veh.end >= 0 ? veh.end : nowhere;
    m.inv_speed[v] = 1.0 / veh.speed_factor;
    for (int d = 0; d < kMaxDims; ++d) {
      m.cap[v].v[d] = d < static_cast<int>(veh.capacity.size())
                          ? veh.capacity[d]
                          : std::numeric_limits<int64_t>::max() / 4;
    }
    m.complex[v] = !veh.breaks.empty() || std::isfinite(veh.max_working_time) || m.ride_limits;
    // Vehicles identical in everything the search sees share a class: an empty route of a class
    // is tried once per insertion.
    m.vclass[v] = v;
    for (int u = 0; u < v; ++u) {
      const Vehicle& o = p.vehicles[u];
      if (m.vclass[u] == u && o.start == veh.start && o.end == veh.end &&
          o.shift.start == veh.shift.start && o.shift.end == veh.shift.end &&
          o.skills == veh.skills && o.capacity == veh.capacity &&
          o.speed_factor == veh.speed_factor && o.breaks.empty() && veh.breaks.empty() &&
          o.max_tasks == veh.max_tasks && o.max_working_time == veh.max_working_time &&
          o.fixed_cost == veh.fixed_cost) {
        bool preferred = false;
        for (const auto& t : p.tasks)
          preferred |= t.preferred_vehicle == u || t.preferred_vehicle == v;
        if (!preferred) {
          m.vclass[v] = u;
          break;
        }
      }
    }
  }
  m.compat.assign(static_cast<size_t>(m.n) * std::max(1, m.nv), 0);
  for (int i = 0; i < m.n; ++i) {
    uint64_t skills = p.tasks[i].skills;
    if (m.kind[i] != TaskKind::kSingle) skills |= p.tasks[m.sibling[i]].skills;
    for (int v = 0; v < m.nv; ++v) {
      m.compat[static_cast<size_t>(i) * m.nv + v] = (skills & ~p.vehicles[v].skills) == 0;
    }
  }
  m.depot_dist.assign(m.n, 0);
  for (int i = 0; i < m.n; ++i) {
    double best = kInfinity;
    for (int v = 0; v < m.nv; ++v) {
      if (m.vclass[v] == v) best = std::min(best, m.c(m.start[v], m.loc[i]));
    }
    m.depot_dist[i] = std::isfinite(best) ? best : 0;
  }
  // Neighbours by arc cost (symmetrised), nearest first, the task itself first.
  const int k = std::min(m.n, 100);
  m.neighbours.resize(m.n);
  std::vector<int> idx(m.n);
  double nn_sum = 0;
  for (int i = 0; i < m.n; ++i) {
    std::iota(idx.begin(), idx.end(), 0);
    auto key = [&](int j) {
      return j == i ? -1.0 : m.c(m.loc[i], m.loc[j]) + m.c(m.loc[j], m.loc[i]);
    };
    std::partial_sort(idx.begin(), idx.begin() + k, idx.end(),
                      [&](int a, int b) { return key(a) < key(b) || (key(a) == key(b) && a < b); });
    m.neighbours[i].assign(idx.begin(), idx.begin() + k);
    if (k > 1) nn_sum += key(idx[1]) / 2;
  }
  m.mean_arc = m.n > 1 ? std::max(1e-9, nn_sum / m.n) : 1;
  return m;
}

}  // namespace siklus::routing::search
