#pragma once
// Ruin (internal to the solver): SISR string removals (slack induction by string removals,
// Christiaens & Vanden Berghe 2020) around a random seed task, now and then a whole route; and
// the SISR orders in which the removed units are put back.

#include <vector>

#include "routing/search_model.h"
#include "routing/search_routes.h"
#include "routing/solver.h"

namespace siklus::routing::search {

class Ruin {
 public:
  //! `rng` is the search thread's generator, shared with the insertion step.
  Ruin(const Model& m, const SolveOptions& o, Rng& rng) : m_(m), o_(o), rng_(rng) {}

  //! Removes strings of consecutive tasks from routes near a random seed task and appends the
  //! removed units, then every unassigned unit, to `removed`. Returns false when it emptied a
  //! whole route: the recreate must then not open new routes, so the move only survives if
  //! those tasks fit elsewhere (fewer vehicles).
  bool ruin(RouteState& rs, std::vector<int>& removed);

  //! SISR recreate orders: random, demand, far, close (weights 4, 4, 2, 1) when mode < 0;
  //! mode 1 = demand first.
  void sort_units(std::vector<int>& units, int mode);

 private:
  const Model& m_;
  const SolveOptions& o_;
  Rng& rng_;
  unsigned ruin_stamp_ = 0;
  std::vector<unsigned> ruined_;
};

}  // namespace siklus::routing::search
