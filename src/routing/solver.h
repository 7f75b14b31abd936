#pragma once
// The solver: insertion for a first solution, then ruin-and-recreate (SISR: slack induction by
// string removals, Christiaens & Vanden Berghe 2020) under simulated annealing. Each thread runs
// its own search from its own seed; the best by total cost (then thread index) wins.

#include <cstdint>

#include "core/result.h"
#include "routing/problem.h"
#include "routing/solution.h"

namespace siklus::routing {

struct SolveOptions {
  double time_limit_ms = 1000;   // wall time for the whole call, honoured within a few ms
  long long max_iterations = 0;  // per thread; > 0 makes the run independent of machine speed
  uint64_t seed = 1;
  int threads = 2;
  // Simulated annealing temperatures relative to the mean arc cost of the first solution.
  double start_temperature = 3;
  double end_temperature = 0.05;
  double removal_average = 10;       // SISR c-bar: mean number of tasks removed per ruin
  double max_string = 10;            // SISR L-max: longest string removed from one route
  double blink_rate = 0.01;          // SISR beta: chance to skip a position while inserting
  double route_removal_rate = 0.05;  // share of ruins that empty a whole route (fewer vehicles)
};

//! Solves `problem` (validated first). Deterministic for a given seed and thread count when
//! `max_iterations` bounds the run and the time limit does not cut it short.
Result<Solution> solve(const Problem& problem, const SolveOptions& options = {});

}  // namespace siklus::routing
