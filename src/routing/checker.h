#pragma once
// Independent feasibility checker. It shares no code with the solver's incremental checks: it
// replays every route from its step order with earliest-start scheduling and reports the first
// violation (task served twice or never, pair split or reversed, skills, capacity at every point,
// time windows, shift, breaks, ride time, task count, working time, cost mismatch).

#include "core/result.h"
#include "routing/problem.h"
#include "routing/solution.h"

namespace siklus::routing {

//! Ok if `solution` is feasible for `problem` and its reported travel cost matches the replay.
Status check_solution(const Problem& problem, const Solution& solution);

}  // namespace siklus::routing
