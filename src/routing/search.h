#pragma once
// One search thread (internal to the solver): a first solution by insertion, then
// ruin-and-recreate under simulated annealing, keeping the best solution seen. The pieces:
// search_model.h (the problem flattened), search_routes.h (routes, schedule, undo log),
// search_ruin.h (SISR removals and recreate orders), search_insertion.h (cheapest insertion).

#include <chrono>
#include <cstdint>
#include <vector>

#include "routing/search_insertion.h"
#include "routing/search_model.h"
#include "routing/search_routes.h"
#include "routing/search_ruin.h"
#include "routing/solver.h"

namespace siklus::routing::search {

using Clock = std::chrono::steady_clock;

class Search {
 public:
  Search(const Model& m, const SolveOptions& o, uint64_t seed)
      : m_(m), o_(o), rng_(seed), state_(m), ruin_(m, o, rng_), insert_(m, o, rng_) {}

  //! Runs until `deadline` or o.max_iterations; the temperature falls from start_temperature
  //! to end_temperature (times the mean arc) over whichever of the two comes first.
  void run(Clock::time_point deadline, Clock::time_point started);

  long long iterations() const { return iterations_; }
  double best_cost() const { return best_cost_; }
  const std::vector<RouteData>& best_routes() const { return best_routes_; }
  const std::vector<int>& best_unassigned() const { return best_unassigned_; }
  //! For replaying a route of the best solution into steps.
  const RouteState& state() const { return state_; }

 private:
  const Model& m_;
  const SolveOptions& o_;
  Rng rng_;  // one stream per thread, shared by ruin, insertion and acceptance (in that order)
  RouteState state_;
  Ruin ruin_;
  Inserter insert_;
  std::vector<RouteData> best_routes_;
  std::vector<int> best_unassigned_;
  double best_cost_ = kInfinity;
  long long iterations_ = 0;
};

}  // namespace siklus::routing::search
