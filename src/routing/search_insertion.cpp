#include "routing/search_insertion.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace siklus::routing::search {

void Inserter::add_pending(std::vector<Candidate>& pending, const Candidate& c) {
  if (pending.size() >= pending_limit_ && !candidate_less(c, pending.back())) {
    pending_dropped_ = true;
    return;
  }
  pending.insert(std::upper_bound(pending.begin(), pending.end(), c, candidate_less), c);
  if (pending.size() > pending_limit_) {
    pending.pop_back();
    pending_dropped_ = true;
  }
}

bool Inserter::blink(bool on) {
  if (!on) return false;
  if (--blink_countdown_ > 0) return false;
  blink_countdown_ = next_blink();
  return true;
}

long Inserter::next_blink() {
  if (!(o_.blink_rate > 0)) return std::numeric_limits<long>::max();
  const double u = rng_.uniform() + 1e-300;
  return 1 + static_cast<long>(std::log(u) / std::log1p(-std::min(0.999, o_.blink_rate)));
}

// Best insertion of a single task into route v; complex vehicles' candidates go to `pending`.
void Inserter::scan_single(const RouteState& rs, int task, int v, bool blinks, Candidate& best,
                           std::vector<Candidate>& pending) {
  const RouteData& r = rs.routes[v];
  const Vehicle& veh = m_.problem->vehicles[v];
  const int n = static_cast<int>(r.nodes.size());
  if (n + 1 > veh.max_tasks) return;
  const int jl = m_.loc[task];
  const Task& tk = m_.problem->tasks[task];
  double extra = n == 0 ? veh.fixed_cost : 0;
  if (tk.preferred_vehicle >= 0 && tk.preferred_vehicle != v) extra += tk.preference_cost;
  const bool cplx = m_.complex[v];
  // Rows of j in the matrix and its transpose: both lookups stay in cache on big matrices.
  const double* to_j = m_.cost_to(jl);
  const double* from_j = m_.cost_from(jl);
  const Position* pos = r.pos.data();
  for (int p = 0; p <= n; ++p) {
    if (blink(blinks)) continue;
    const int a_here = pos[p].loc;
    const int b = pos[p + 1].loc;
    const double d = to_j[a_here] + from_j[b] - pos[p].arc + extra;
    if (d >= best.cost) continue;
    if (!m_.fits(pos[p].pmax, m_.amount[task], v)) continue;
    const double arr = pos[p].dep + m_.t(v, a_here, jl);
    const double s = m_.earliest(task, arr);
    if (s < 0) continue;
    if (s + m_.service[task] + m_.t(v, jl, b) > r.pos[p + 1].bwd) continue;
    if (cplx) {
      add_pending(pending, {d, v, p, -1});
    } else {
      best = {d, v, p, -1};
    }
  }
}

// Best insertion of a pickup/delivery pair into route v.
void Inserter::scan_pair(const RouteState& rs, int pu, int v, bool blinks, Candidate& best,
                         std::vector<Candidate>& pending) {
  const RouteData& r = rs.routes[v];
  const Vehicle& veh = m_.problem->vehicles[v];
  const int n = static_cast<int>(r.nodes.size());
  if (n + 2 > veh.max_tasks) return;
  const int de = m_.sibling[pu];
  const int pl = m_.loc[pu];
  const int dl = m_.loc[de];
  const Load& amt = m_.amount[pu];
  const Task& tk = m_.problem->tasks[pu];
  double extra = n == 0 ? veh.fixed_cost : 0;
  if (tk.preferred_vehicle >= 0 && tk.preferred_vehicle != v) extra += tk.preference_cost;
  const bool cplx = m_.complex[v];
  for (int i = 0; i <= n; ++i) {
    const int a = r.pos[i].loc;
    const int b = r.pos[i + 1].loc;
    if (!m_.fits(r.pos[i].load, amt, v)) continue;
    const double arr_p = r.pos[i].dep + m_.t(v, a, pl);
    const double sp = m_.earliest(pu, arr_p);
    if (sp < 0) continue;
    const double pcost = m_.c(a, pl) + extra;
    // Delivery right after the pickup.
    if (!blink(blinks)) {
      const double d = pcost + m_.c(pl, dl) + m_.c(dl, b) - m_.c(a, b);
      if (d < best.cost) {
        const double arr_d = sp + m_.service[pu] + m_.t(v, pl, dl);
        const double sd = m_.earliest(de, arr_d);
        if (sd >= 0 && sd + m_.service[de] + m_.t(v, dl, b) <= r.pos[i + 1].bwd) {
          if (cplx) {
            add_pending(pending, {d, v, i, i});
          } else {
            best = {d, v, i, i};
          }
        }
      }
    }
    // Delivery after later nodes: walk the delayed schedule.
    const double pdelta = pcost + m_.c(pl, b) - m_.c(a, b);
    double t = sp + m_.service[pu];
    int prev = pl;
    for (int k = i + 1; k <= n; ++k) {
      const int node = r.nodes[k - 1];
      const int nl = m_.loc[node];
      const double arr = t + m_.t(v, prev, nl);
      const double s = m_.earliest(node, arr);
      if (s < 0 || s > r.pos[k].bwd) break;
      if (!m_.fits(r.pos[k].load, amt, v)) break;
      t = s + m_.service[node];
      prev = nl;
      if (blink(blinks)) continue;
      const int nb = r.pos[k + 1].loc;
      const double d = pdelta + m_.c(nl, dl) + m_.c(dl, nb) - m_.c(nl, nb);
      if (d >= best.cost) continue;
      const double arr_d = t + m_.t(v, nl, dl);
      const double sd = m_.earliest(de, arr_d);
      if (sd < 0 || sd + m_.service[de] + m_.t(v, dl, nb) > r.pos[k + 1].bwd) continue;
      if (cplx) {
        add_pending(pending, {d, v, i, k});
      } else {
        best = {d, v, i, k};
      }
    }
  }
}

std::vector<int> Inserter::with_insertion(const RouteData& r, int task, const Candidate& c) const {
  std::vector<int> nodes;
  nodes.reserve(r.nodes.size() + 2);
  const int n = static_cast<int>(r.nodes.size());
  for (int p = 0; p <= n; ++p) {
    if (p > 0) nodes.push_back(r.nodes[p - 1]);
    if (p == c.i) nodes.push_back(task);
    if (c.j >= 0 && p == c.j) nodes.push_back(m_.sibling[task]);
  }
  return nodes;
}

// Inserts unit u at its cheapest feasible place, or leaves it unassigned.
void Inserter::insert_unit(RouteState& rs, int u, bool blinks, bool allow_new_routes) {
  Candidate best;
  pending_limit_ = kPendingMax;
  const bool pair = m_.kind[u] == TaskKind::kPickup;
  if (class_seen_.size() != rs.routes.size()) class_seen_.assign(rs.routes.size(), 0);
  for (int pass = 0; pass < 2; ++pass) {
    best = Candidate{};
    pending_.clear();
    pending_dropped_ = false;
    ++class_stamp_;
    const long countdown = blink_countdown_;
    // On large instances only routes holding one of the task's nearest neighbours are
    // scanned (the matrix no longer fits in cache; far routes rarely win).
    const bool near_only = blinks && m_.n > kNearOnlyFrom;
    if (near_only) {
      ++near_stamp_;
      if (near_.size() != rs.routes.size()) near_.assign(rs.routes.size(), 0);
      for (int end = 0; end < (pair ? 2 : 1); ++end) {
        const auto& nb = m_.neighbours[end == 0 ? u : m_.sibling[u]];
        const size_t k = std::min<size_t>(nb.size(), kNearNeighbours);
        for (size_t q = 0; q < k; ++q) {
          const int r = rs.route_of[nb[q]];
          if (r >= 0) near_[r] = near_stamp_;
        }
      }
    }
    for (int v = 0; v < m_.nv; ++v) {
      if (!m_.compat[static_cast<size_t>(u) * m_.nv + v]) continue;
      if (near_only && !rs.routes[v].nodes.empty() && near_[v] != near_stamp_) continue;
      if (rs.routes[v].nodes.empty()) {
        if (!allow_new_routes) continue;
        const int cls = m_.vclass[v];
        if (class_seen_[cls] == class_stamp_) continue;
        class_seen_[cls] = class_stamp_;
      }
      if (pair) {
        scan_pair(rs, u, v, blinks, best, pending_);
      } else {
        scan_single(rs, u, v, blinks, best, pending_);
      }
    }
    // Replay the cheapest complex candidates (sorted) until one passes.
    bool exhausted = true;
    for (const auto& c : pending_) {
      if (c.cost >= best.cost) {
        exhausted = false;
        break;
      }
      if (rs.replay(c.route, with_insertion(rs.routes[c.route], u, c), nullptr)) {
        best = c;
        exhausted = false;
        break;
      }
    }
    // Every kept candidate failed but cheaper-than-best ones were dropped: rescan uncapped
    // with the same blinks, so the answer does not depend on the cap.
    if (!exhausted || !pending_dropped_) break;
    pending_limit_ = std::numeric_limits<size_t>::max();
    blink_countdown_ = countdown;
  }
  if (best.route < 0) {
    rs.unassigned.push_back(u);
    rs.route_of[u] = -1;
    return;
  }
  rs.touch(best.route);
  RouteData& r = rs.routes[best.route];
  r.nodes = with_insertion(r, u, best);
  rs.update(best.route);
}

}  // namespace siklus::routing::search
