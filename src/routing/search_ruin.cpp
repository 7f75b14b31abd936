#include "routing/search_ruin.h"

#include <algorithm>
#include <utility>

namespace siklus::routing::search {

bool Ruin::ruin(RouteState& rs, std::vector<int>& removed) {
  bool new_routes = true;
  int assigned = 0;
  int used = 0;
  for (const auto& r : rs.routes) {
    if (!r.nodes.empty()) {
      assigned += static_cast<int>(r.nodes.size());
      ++used;
    }
  }
  if (assigned == 0) {
    removed = rs.unassigned;
    rs.unassigned.clear();
    return true;
  }
  const double avg_card = static_cast<double>(assigned) / used;
  const double ls_max = std::min(o_.max_string, avg_card);
  const double ks_max = 4 * o_.removal_average / (1 + ls_max) - 1;
  const int ks = std::max(1, static_cast<int>(1 + rng_.uniform() * ks_max));
  int seed = -1;
  for (int tries = 0; tries < 100 && seed < 0; ++tries) {
    const int c = rng_.range(0, m_.n - 1);
    if (rs.route_of[c] >= 0) seed = c;
  }
  if (seed < 0) return true;
  if (used > 1 && rng_.uniform() < o_.route_removal_rate) {
    // Route elimination: empty one random route and forbid new routes in this recreate, so
    // the move only survives if its tasks fit elsewhere (fewer vehicles).
    int pick = rng_.range(0, used - 1);
    for (int v = 0; v < m_.nv; ++v) {
      if (rs.routes[v].nodes.empty() || pick-- > 0) continue;
      rs.touch(v);
      for (int t : rs.routes[v].nodes) {
        rs.route_of[t] = -1;
        if (m_.kind[t] != TaskKind::kDelivery) removed.push_back(t);
      }
      rs.routes[v].nodes.clear();
      rs.update(v);
      break;
    }
    new_routes = false;
  }
  ++ruin_stamp_;
  if (ruined_.size() != rs.routes.size()) ruined_.assign(rs.routes.size(), 0);
  int done = 0;
  for (int c : m_.neighbours[seed]) {
    if (done >= ks) break;
    const int v = rs.route_of[c];
    if (v < 0 || ruined_[v] == ruin_stamp_) continue;
    ruined_[v] = ruin_stamp_;
    ++done;
    rs.touch(v);
    RouteData& r = rs.routes[v];
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
        rs.route_of[t] = -1;
        if (m_.kind[t] != TaskKind::kDelivery) removed.push_back(t);
      }
    }
    r.nodes = std::move(kept);
    rs.update(v);
    // Removing stops keeps a route feasible when travel times obey the triangle inequality;
    // street matrices may not, and greedy breaks may move: then the whole route goes.
    if (!r.ok || (m_.complex[v] && !rs.replay(v, r.nodes, nullptr))) {
      for (int t : r.nodes) {
        rs.route_of[t] = -1;
        if (m_.kind[t] != TaskKind::kDelivery) removed.push_back(t);
      }
      r.nodes.clear();
      rs.update(v);
    }
  }
  // Unassigned units get another chance each time.
  for (int u : rs.unassigned) removed.push_back(u);
  rs.unassigned.clear();
  return new_routes;
}

void Ruin::sort_units(std::vector<int>& units, int mode) {
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

}  // namespace siklus::routing::search
