#pragma once
// The search's view of a problem (internal to the solver): read-only data shared by all search
// threads, flattened for the inner loops (matrices with a zero-distance "nowhere" location for
// open routes, task windows in one array, compatibility per unit and vehicle, neighbours).

#include <algorithm>
#include <cstdint>
#include <vector>

#include "routing/problem.h"

namespace siklus::routing::search {

//! A load in every capacity dimension (fixed size so it lives in registers).
struct Load {
  int64_t v[kMaxDims] = {0, 0, 0, 0};
};

//! splitmix64: each search thread owns one, seeded from the run's seed and its thread index.
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

//! Earliest start >= `at` in `windows` (empty = any time), or -1.
double earliest_in(const std::vector<TimeWindow>& windows, double at);

Model build_model(const Problem& p);

}  // namespace siklus::routing::search
