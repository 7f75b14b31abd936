#pragma once
// Recreate (internal to the solver): cheapest feasible insertion of a unit (a single task, or a
// pickup with its delivery) over the routes, with SISR blinks (a position is skipped with
// probability blink_rate). Candidates on vehicles whose schedule needs a full replay (breaks,
// ride or working-time limits) are kept aside, cheapest first, and replayed until one passes.

#include <cstddef>
#include <vector>

#include "routing/search_model.h"
#include "routing/search_routes.h"
#include "routing/solver.h"

namespace siklus::routing::search {

struct Candidate {
  double cost = kInfinity;
  int route = -1;
  int i = -1;  // insert (pickup) after ext. position i
  int j = -1;  // pairs: delivery after ext. position j of the original route (j >= i)
};

class Inserter {
 public:
  //! `rng` is the search thread's generator, shared with the ruin step (one stream per thread).
  Inserter(const Model& m, const SolveOptions& o, Rng& rng) : m_(m), o_(o), rng_(rng) {}

  //! Inserts unit u at its cheapest feasible place, or leaves it unassigned. Empty vehicles are
  //! tried (one per class) only when `allow_new_routes`.
  void insert_unit(RouteState& rs, int u, bool blinks, bool allow_new_routes);

 private:
  // Candidates on vehicles that need a full replay (breaks, ride or working-time limits): the
  // cheapest kPendingMax by cost, kept sorted; `pending_limit_` lifts the cap for a rescan.
  static constexpr size_t kPendingMax = 12;
  // From this many tasks on, a blinking insertion scans only the routes holding one of the
  // unit's kNearNeighbours nearest tasks.
  static constexpr int kNearOnlyFrom = 400;  // tasks
  static constexpr size_t kNearNeighbours = 40;
  static bool candidate_less(const Candidate& a, const Candidate& b) {
    if (a.cost != b.cost) return a.cost < b.cost;
    if (a.route != b.route) return a.route < b.route;
    if (a.i != b.i) return a.i < b.i;
    return a.j < b.j;
  }
  void add_pending(std::vector<Candidate>& pending, const Candidate& c);
  // SISR blinks: skip a position with probability blink_rate. A geometric countdown draws one
  // random number per skipped position instead of one per position.
  bool blink(bool on);
  long next_blink();
  void scan_single(const RouteState& rs, int task, int v, bool blinks, Candidate& best,
                   std::vector<Candidate>& pending);
  void scan_pair(const RouteState& rs, int pu, int v, bool blinks, Candidate& best,
                 std::vector<Candidate>& pending);
  std::vector<int> with_insertion(const RouteData& r, int task, const Candidate& c) const;

  const Model& m_;
  const SolveOptions& o_;
  Rng& rng_;
  long blink_countdown_ = 1;
  unsigned near_stamp_ = 0;
  std::vector<unsigned> near_;
  size_t pending_limit_ = kPendingMax;
  bool pending_dropped_ = false;
  unsigned class_stamp_ = 0;
  std::vector<unsigned> class_seen_;
  std::vector<Candidate> pending_;
};

}  // namespace siklus::routing::search
