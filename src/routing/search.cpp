#include "routing/search.h"

#include <algorithm>
#include <cmath>

namespace siklus::routing::search {

void Search::run(Clock::time_point deadline, Clock::time_point started) {
  RouteState& s = state_;
  std::vector<int> all = m_.units;
  ruin_.sort_units(all, 1);  // demand first for the construction
  s.unassigned.clear();
  s.begin_move();
  for (int u : all) insert_.insert_unit(s, u, false, true);
  s.recompute_cost();
  s.cur_cost = s.cost;
  best_routes_ = s.routes;
  best_unassigned_ = s.unassigned;
  best_cost_ = s.cost;
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
    s.begin_move();
    removed.clear();
    const bool new_routes = ruin_.ruin(s, removed);
    ruin_.sort_units(removed, -1);
    for (int u : removed) insert_.insert_unit(s, u, true, new_routes);
    s.recompute_cost();
    const double threshold = s.cur_cost - temp * std::log(rng_.uniform() + 1e-300);
    if (s.cost < threshold) {
      s.cur_cost = s.cost;
      if (s.cost < best_cost_ - 1e-9) {
        best_cost_ = s.cost;
        best_routes_ = s.routes;
        best_unassigned_ = s.unassigned;
      }
    } else {
      s.undo_move();
    }
  }
}

}  // namespace siklus::routing::search
