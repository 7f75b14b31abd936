#include "routing/solver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>
#include <thread>

namespace siklus::routing {
namespace {

using Clock = std::chrono::steady_clock;

struct Load {
  int64_t v[kMaxDims] = {0, 0, 0, 0};
};

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [lo, hi].
  int range(int lo, int hi) {
    return lo + static_cast<int>(next() % static_cast<uint64_t>(hi - lo + 1));
  }

 private:
  uint64_t s_;
};

// Read-only data shared by all threads: the problem flattened for the inner loops.
struct Model {
  const Problem* problem = nullptr;
  int n = 0;     // tasks
  int nv = 0;    // vehicles
  int nloc = 0;  // matrix size including the zero-distance "nowhere" location
  int dims = 0;
  std::vector<double> dur;     // (nloc x nloc)
  std::vector<double> cost;    // (nloc x nloc)
  std::vector<double> cost_t;  // transposed: cost_t[b][a] = cost[a][b]
  // Tasks.
  std::vector<int> loc;
  std::vector<double> service;
  std::vector<int> win_begin, win_count;
  std::vector<TimeWindow> windows;
  std::vector<Load> amount;
  std::vector<TaskKind> kind;
  std::vector<int> sibling;
  std::vector<double> penalty;  // unassigned cost of the unit (pickup carries the pair's)
  std::vector<double> max_ride;
  std::vector<double> depot_dist;
  std::vector<int64_t> amount_sum;
  std::vector<std::vector<int>> neighbours;
  std::vector<char> compat;  // unit x vehicle
  // Vehicles.
  std::vector<int> start, end;
  std::vector<double> inv_speed;
  std::vector<Load> cap;
  std::vector<char> complex;  // needs a full replay (breaks, working time, ride limits)
  std::vector<int> vclass;
  std::vector<int> units;  // singles and pickups
  bool ride_limits = false;
  double mean_arc = 1;

  double c(int a, int b) const { return cost[static_cast<size_t>(a) * nloc + b]; }
  const double* cost_from(int a) const { return &cost[static_cast<size_t>(a) * nloc]; }
  const double* cost_to(int b) const { return &cost_t[static_cast<size_t>(b) * nloc]; }
  double t(int v, int a, int b) const {
    return dur[static_cast<size_t>(a) * nloc + b] * inv_speed[v];
  }
  // Earliest start >= t in the task's windows, or -1.
  double earliest(int task, double at) const {
    const int c0 = win_count[task];
    if (c0 == 0) return at;
    const TimeWindow* w = &windows[win_begin[task]];
    for (int i = 0; i < c0; ++i) {
      if (at <= w[i].end) return std::max(at, w[i].start);
    }
    return -1;
  }
  // Latest start <= t in the task's windows, or -inf.
  double latest(int task, double at) const {
    const int c0 = win_count[task];
    if (c0 == 0) return at;
    const TimeWindow* w = &windows[win_begin[task]];
    for (int i = c0 - 1; i >= 0; --i) {
      if (w[i].start <= at) return std::min(at, w[i].end);
    }
    return -kInfinity;
  }
  bool fits(const Load& load, const Load& add, int v) const {
    for (int d = 0; d < dims; ++d) {
      if (load.v[d] + add.v[d] > cap[v].v[d]) return false;
    }
    return true;
  }
};

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

// Per extended position p (0 = start depot, 1..n = stops, n+1 = end), in one array so saving a
// route for the undo log is one allocation.
struct Position {
  double fwd = 0;  // earliest service start
  double bwd = 0;  // latest start keeping the rest feasible
  double dep = 0;  // fwd + service: earliest departure
  double arc = 0;  // cost of the arc to position p + 1
  int loc = 0;     // location
  Load load;       // load when leaving (p <= n)
  Load pmax;       // max of load[0..p]
};

struct RouteData {
  std::vector<int> nodes;
  std::vector<Position> pos;
  double cost = 0;  // travel + fixed + preference
  bool ok = true;   // schedule feasible (false only after removals on odd matrices)
};

struct Candidate {
  double cost = kInfinity;
  int route = -1;
  int i = -1;  // insert (pickup) after ext. position i
  int j = -1;  // pairs: delivery after ext. position j of the original route (j >= i)
};

class Search {
 public:
  Search(const Model& m, const SolveOptions& o, uint64_t seed)
      : m_(m), o_(o), rng_(seed), routes_(m.nv), route_of_(m.n, -1), dep_(m.n, 0) {
    for (int v = 0; v < m.nv; ++v) update(v);
  }

  double cost() const { return cost_; }

  void run(Clock::time_point deadline, Clock::time_point started) {
    std::vector<int> all = m_.units;
    sort_units(all, 1);  // demand first for the construction
    unassigned_.clear();
    begin_move();
    for (int u : all) insert_unit(u, false);
    recompute_cost();
    cur_cost_ = cost_;
    best_routes_ = routes_;
    best_unassigned_ = unassigned_;
    best_cost_ = cost_;
    const double t0 = o_.start_temperature * m_.mean_arc;
    const double tf = o_.end_temperature * m_.mean_arc;
    const double total = std::chrono::duration<double>(deadline - started).count();
    std::vector<int> removed;
    for (iterations_ = 0;; ++iterations_) {
      if (o_.max_iterations > 0 && iterations_ >= o_.max_iterations) break;
      const auto now = Clock::now();
      if (now >= deadline) break;
      double frac = std::chrono::duration<double>(now - started).count() / std::max(1e-9, total);
      if (o_.max_iterations > 0) {
        frac = std::max(frac, static_cast<double>(iterations_) / o_.max_iterations);
      }
      const double temp = t0 * std::pow(tf / t0, std::min(1.0, frac));
      begin_move();
      removed.clear();
      ruin(removed);
      sort_units(removed, -1);
      for (int u : removed) insert_unit(u, true);
      allow_new_routes_ = true;
      recompute_cost();
      const double threshold = cur_cost_ - temp * std::log(rng_.uniform() + 1e-300);
      if (cost_ < threshold) {
        cur_cost_ = cost_;
        if (cost_ < best_cost_ - 1e-9) {
          best_cost_ = cost_;
          best_routes_ = routes_;
          best_unassigned_ = unassigned_;
        }
      } else {
        undo_move();
      }
    }
  }

  long long iterations() const { return iterations_; }
  double best_cost() const { return best_cost_; }
  const std::vector<RouteData>& best_routes() const { return best_routes_; }
  const std::vector<int>& best_unassigned() const { return best_unassigned_; }

  // Full replay with greedy break placement; writes steps when `out` is given.
  bool replay(int v, const std::vector<int>& nodes, std::vector<Step>* out) const {
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

 private:
  void update(int v) {
    RouteData& r = routes_[v];
    const int n = static_cast<int>(r.nodes.size());
    const Vehicle& veh = m_.problem->vehicles[v];
    r.pos.resize(n + 2);
    bool ok = true;
    double cost = 0;
    int prev = m_.start[v];
    double t = veh.shift.start;
    r.pos[0].fwd = t;
    Load l;
    for (int k = 0; k < n; ++k) {
      const int task = r.nodes[k];
      if (m_.kind[task] == TaskKind::kSingle) {
        for (int d = 0; d < m_.dims; ++d) l.v[d] += m_.amount[task].v[d];
      }
      route_of_[task] = v;
    }
    r.pos[0].load = l;
    for (int k = 0; k < n; ++k) {
      const int task = r.nodes[k];
      cost += m_.c(prev, m_.loc[task]);
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
      if (tk.kind != TaskKind::kDelivery && tk.preferred_vehicle >= 0 &&
          tk.preferred_vehicle != v) {
        cost += tk.preference_cost;
      }
    }
    cost += m_.c(prev, m_.end[v]);
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
    if (n > 0) cost += veh.fixed_cost;
    if (r.pos[n + 1].fwd > veh.shift.end) ok = false;
    r.cost = cost;
    r.ok = ok;
  }

  void recompute_cost() {
    double c = 0;
    for (const auto& r : routes_) c += r.cost;
    for (int u : unassigned_) c += m_.penalty[u];
    cost_ = c;
  }

  // Undo log: routes are saved the first time a move touches them.
  void begin_move() {
    ++stamp_;
    saved_.clear();
    saved_unassigned_ = unassigned_;
    if (touched_.size() != routes_.size()) touched_.assign(routes_.size(), 0);
  }
  void touch(int v) {
    if (touched_[v] == stamp_) return;
    touched_[v] = stamp_;
    saved_.emplace_back(v, routes_[v]);
  }
  void undo_move() {
    for (auto& [v, r] : saved_) {
      routes_[v] = std::move(r);
      for (int t : routes_[v].nodes) route_of_[t] = v;
    }
    unassigned_ = saved_unassigned_;
    for (int u : unassigned_) {
      route_of_[u] = -1;
      if (m_.kind[u] == TaskKind::kPickup) route_of_[m_.sibling[u]] = -1;
    }
    cost_ = cur_cost_;
  }

  // SISR ruin: remove strings of consecutive tasks from routes near a random seed task.
  void ruin(std::vector<int>& removed) {
    int assigned = 0;
    int used = 0;
    for (const auto& r : routes_) {
      if (!r.nodes.empty()) {
        assigned += static_cast<int>(r.nodes.size());
        ++used;
      }
    }
    if (assigned == 0) {
      removed = unassigned_;
      unassigned_.clear();
      return;
    }
    const double avg_card = static_cast<double>(assigned) / used;
    const double ls_max = std::min(o_.max_string, avg_card);
    const double ks_max = 4 * o_.removal_average / (1 + ls_max) - 1;
    const int ks = std::max(1, static_cast<int>(1 + rng_.uniform() * ks_max));
    int seed = -1;
    for (int tries = 0; tries < 100 && seed < 0; ++tries) {
      const int c = rng_.range(0, m_.n - 1);
      if (route_of_[c] >= 0) seed = c;
    }
    if (seed < 0) return;
    if (used > 1 && rng_.uniform() < o_.route_removal_rate) {
      // Route elimination: empty one random route and forbid new routes in this recreate, so
      // the move only survives if its tasks fit elsewhere (fewer vehicles).
      int pick = rng_.range(0, used - 1);
      for (int v = 0; v < m_.nv; ++v) {
        if (routes_[v].nodes.empty() || pick-- > 0) continue;
        touch(v);
        for (int t : routes_[v].nodes) {
          route_of_[t] = -1;
          if (m_.kind[t] != TaskKind::kDelivery) removed.push_back(t);
        }
        routes_[v].nodes.clear();
        update(v);
        break;
      }
      allow_new_routes_ = false;
    }
    ++ruin_stamp_;
    if (ruined_.size() != routes_.size()) ruined_.assign(routes_.size(), 0);
    int done = 0;
    for (int c : m_.neighbours[seed]) {
      if (done >= ks) break;
      const int v = route_of_[c];
      if (v < 0 || ruined_[v] == ruin_stamp_) continue;
      ruined_[v] = ruin_stamp_;
      ++done;
      touch(v);
      RouteData& r = routes_[v];
      const int n = static_cast<int>(r.nodes.size());
      const int pos =
          static_cast<int>(std::find(r.nodes.begin(), r.nodes.end(), c) - r.nodes.begin());
      const double lmax = std::min<double>(n, ls_max);
      const int l = std::min(n, static_cast<int>(1 + rng_.uniform() * lmax));
      std::vector<char> drop(n, 0);
      if (l < n && rng_.uniform() < 0.5) {
        // Split string: a window of l + m tasks around c keeps m consecutive ones.
        int mm = 1;
        while (l + mm < n && rng_.uniform() > 0.5) ++mm;
        const int w = l + mm;
        const int lo = std::max(0, pos - w + 1);
        const int hi = std::min(pos, n - w);
        const int s = rng_.range(lo, hi);
        const int keep = rng_.range(0, l);  // kept block starts after `keep` removed tasks
        for (int k = 0; k < w; ++k) drop[s + k] = (k < keep || k >= keep + mm) ? 1 : 0;
      } else {
        const int lo = std::max(0, pos - l + 1);
        const int hi = std::min(pos, n - l);
        const int s = rng_.range(lo, hi);
        for (int k = 0; k < l; ++k) drop[s + k] = 1;
      }
      // Pairs leave together.
      for (int k = 0; k < n; ++k) {
        if (!drop[k] || m_.kind[r.nodes[k]] == TaskKind::kSingle) continue;
        const int sib = m_.sibling[r.nodes[k]];
        for (int q = 0; q < n; ++q) {
          if (r.nodes[q] == sib) drop[q] = 1;
        }
      }
      std::vector<int> kept;
      kept.reserve(n);
      for (int k = 0; k < n; ++k) {
        const int t = r.nodes[k];
        if (!drop[k]) {
          kept.push_back(t);
        } else {
          route_of_[t] = -1;
          if (m_.kind[t] != TaskKind::kDelivery) removed.push_back(t);
        }
      }
      r.nodes = std::move(kept);
      update(v);
      // Removing stops keeps a route feasible when travel times obey the triangle inequality;
      // street matrices may not, and greedy breaks may move: then the whole route goes.
      if (!r.ok || (m_.complex[v] && !replay(v, r.nodes, nullptr))) {
        for (int t : r.nodes) {
          route_of_[t] = -1;
          if (m_.kind[t] != TaskKind::kDelivery) removed.push_back(t);
        }
        r.nodes.clear();
        update(v);
      }
    }
    // Unassigned units get another chance each time.
    for (int u : unassigned_) removed.push_back(u);
    unassigned_.clear();
  }

  // SISR recreate orders: random, demand, far, close (weights 4, 4, 2, 1); mode 1 = demand.
  void sort_units(std::vector<int>& units, int mode) {
    if (mode < 0) {
      const double x = rng_.uniform() * 11;
      mode = x < 4 ? 0 : x < 8 ? 1 : x < 10 ? 2 : 3;
    }
    switch (mode) {
      case 0:
        for (size_t i = units.size(); i > 1; --i) std::swap(units[i - 1], units[rng_.next() % i]);
        break;
      case 1:
        std::stable_sort(units.begin(), units.end(),
                         [&](int a, int b) { return m_.amount_sum[a] > m_.amount_sum[b]; });
        break;
      case 2:
        std::stable_sort(units.begin(), units.end(),
                         [&](int a, int b) { return m_.depot_dist[a] > m_.depot_dist[b]; });
        break;
      default:
        std::stable_sort(units.begin(), units.end(),
                         [&](int a, int b) { return m_.depot_dist[a] < m_.depot_dist[b]; });
    }
  }

  // SISR blinks: skip a position with probability blink_rate. A geometric countdown draws one
  // random number per skipped position instead of one per position.
  // Candidates on vehicles that need a full replay (breaks, ride or working-time limits): the
  // cheapest kPendingMax by cost, kept sorted; `pending_limit_` lifts the cap for a rescan.
  static constexpr size_t kPendingMax = 12;
  static constexpr int kNearOnlyFrom = 400;  // tasks
  static constexpr size_t kNearNeighbours = 40;
  static bool candidate_less(const Candidate& a, const Candidate& b) {
    if (a.cost != b.cost) return a.cost < b.cost;
    if (a.route != b.route) return a.route < b.route;
    if (a.i != b.i) return a.i < b.i;
    return a.j < b.j;
  }
  void add_pending(std::vector<Candidate>& pending, const Candidate& c) {
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

  bool blink(bool on) {
    if (!on) return false;
    if (--blink_countdown_ > 0) return false;
    blink_countdown_ = next_blink();
    return true;
  }
  long next_blink() {
    if (!(o_.blink_rate > 0)) return std::numeric_limits<long>::max();
    const double u = rng_.uniform() + 1e-300;
    return 1 + static_cast<long>(std::log(u) / std::log1p(-std::min(0.999, o_.blink_rate)));
  }

  // Best insertion of a single task into route v; complex vehicles' candidates go to `pending`.
  void scan_single(int task, int v, bool blinks, Candidate& best, std::vector<Candidate>& pending) {
    const RouteData& r = routes_[v];
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
  void scan_pair(int pu, int v, bool blinks, Candidate& best, std::vector<Candidate>& pending) {
    const RouteData& r = routes_[v];
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

  std::vector<int> with_insertion(const RouteData& r, int task, const Candidate& c) const {
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
  void insert_unit(int u, bool blinks) {
    Candidate best;
    pending_limit_ = kPendingMax;
    const bool pair = m_.kind[u] == TaskKind::kPickup;
    if (class_seen_.size() != routes_.size()) class_seen_.assign(routes_.size(), 0);
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
        if (near_.size() != routes_.size()) near_.assign(routes_.size(), 0);
        for (int end = 0; end < (pair ? 2 : 1); ++end) {
          const auto& nb = m_.neighbours[end == 0 ? u : m_.sibling[u]];
          const size_t k = std::min<size_t>(nb.size(), kNearNeighbours);
          for (size_t q = 0; q < k; ++q) {
            const int r = route_of_[nb[q]];
            if (r >= 0) near_[r] = near_stamp_;
          }
        }
      }
      for (int v = 0; v < m_.nv; ++v) {
        if (!m_.compat[static_cast<size_t>(u) * m_.nv + v]) continue;
        if (near_only && !routes_[v].nodes.empty() && near_[v] != near_stamp_) continue;
        if (routes_[v].nodes.empty()) {
          if (!allow_new_routes_) continue;
          const int cls = m_.vclass[v];
          if (class_seen_[cls] == class_stamp_) continue;
          class_seen_[cls] = class_stamp_;
        }
        if (pair) {
          scan_pair(u, v, blinks, best, pending_);
        } else {
          scan_single(u, v, blinks, best, pending_);
        }
      }
      // Replay the cheapest complex candidates (sorted) until one passes.
      bool exhausted = true;
      for (const auto& c : pending_) {
        if (c.cost >= best.cost) {
          exhausted = false;
          break;
        }
        if (replay(c.route, with_insertion(routes_[c.route], u, c), nullptr)) {
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
      unassigned_.push_back(u);
      route_of_[u] = -1;
      return;
    }
    touch(best.route);
    RouteData& r = routes_[best.route];
    r.nodes = with_insertion(r, u, best);
    update(best.route);
  }

  const Model& m_;
  const SolveOptions& o_;
  Rng rng_;
  std::vector<RouteData> routes_;
  std::vector<int> route_of_;
  mutable std::vector<double> dep_;
  std::vector<int> unassigned_;
  double cost_ = 0;
  double cur_cost_ = 0;
  std::vector<RouteData> best_routes_;
  std::vector<int> best_unassigned_;
  double best_cost_ = kInfinity;
  long long iterations_ = 0;
  // Undo log.
  unsigned stamp_ = 0;
  std::vector<unsigned> touched_;
  std::vector<std::pair<int, RouteData>> saved_;
  std::vector<int> saved_unassigned_;
  unsigned ruin_stamp_ = 0;
  std::vector<unsigned> ruined_;
  long blink_countdown_ = 1;
  unsigned near_stamp_ = 0;
  std::vector<unsigned> near_;
  size_t pending_limit_ = kPendingMax;
  bool pending_dropped_ = false;
  bool allow_new_routes_ = true;
  unsigned class_stamp_ = 0;
  std::vector<unsigned> class_seen_;
  std::vector<Candidate> pending_;
};

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
    if (static_cast<int>(nodes.size()) <= p.vehicles[v].max_tasks && s.replay(v, nodes, nullptr)) {
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
    s.replay(v, r.nodes, &route.steps);
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
  const Model model = build_model(problem);
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
