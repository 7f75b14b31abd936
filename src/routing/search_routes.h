#pragma once
// The routes of one search thread (internal to the solver): per route its stops and, per
// position, the forward/backward schedule, load and arc cost that make an insertion test O(1);
// which route serves each task; the unassigned units; the cost; and an undo log so that a
// rejected ruin-and-recreate move is rolled back by restoring only the routes it touched.

#include <utility>
#include <vector>

#include "routing/search_model.h"
#include "routing/solution.h"

namespace siklus::routing::search {

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

class RouteState {
 public:
  explicit RouteState(const Model& m);

  std::vector<RouteData> routes;  // one per vehicle, empty when unused
  std::vector<int> route_of;      // per task: its vehicle, or -1
  std::vector<int> unassigned;    // units (singles and pickups) left out
  double cost = 0;                // of the current routes (after recompute_cost)
  double cur_cost = 0;            // of the last accepted state (undo_move restores it)

  //! Recomputes route v's positions, cost and feasibility from its nodes.
  void update(int v);
  void recompute_cost();

  // Undo log: routes are saved the first time a move touches them.
  void begin_move();
  void touch(int v);
  void undo_move();

  //! Full replay with greedy break placement; writes steps when `out` is given.
  bool replay(int v, const std::vector<int>& nodes, std::vector<Step>* out) const;

 private:
  const Model& m_;
  mutable std::vector<double> dep_;  // replay scratch: departure per task
  unsigned stamp_ = 0;
  std::vector<unsigned> touched_;
  std::vector<std::pair<int, RouteData>> saved_;
  std::vector<int> saved_unassigned_;
};

}  // namespace siklus::routing::search
