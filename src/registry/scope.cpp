#include "registry/scope.h"

namespace siklus::registry {

Scope Scope::range(uint32_t first, uint32_t last, std::string root) {
  Scope s;
  s.first_ = first;
  s.last_ = last;
  s.root_ = std::move(root);
  return s;
}

Scope Scope::villages(std::vector<uint32_t> ordinals, std::string root) {
  Scope s;
  std::sort(ordinals.begin(), ordinals.end());
  ordinals.erase(std::unique(ordinals.begin(), ordinals.end()), ordinals.end());
  if (!ordinals.empty()) {
    s.first_ = ordinals.front();
    s.last_ = ordinals.back() + 1;
  }
  s.villages_ = std::move(ordinals);
  s.root_ = std::move(root);
  return s;
}

Scope Scope::rws(std::vector<std::pair<uint32_t, int>> pairs, std::string root) {
  std::vector<uint32_t> v;
  for (const auto& p : pairs) v.push_back(p.first);
  Scope s = villages(std::move(v), std::move(root));
  std::sort(pairs.begin(), pairs.end());
  s.rws_ = std::move(pairs);
  if (s.rws_.empty()) s.last_ = s.first_;  // nothing visible rather than everything
  return s;
}

bool Scope::sees_any(uint32_t first, uint32_t last) const {
  const uint32_t lo = std::max(first, first_);
  const uint32_t hi = std::min(last, last_);
  if (lo >= hi) return false;
  if (villages_.empty()) return true;
  auto it = std::lower_bound(villages_.begin(), villages_.end(), lo);
  return it != villages_.end() && *it < hi;
}

bool Scope::covers(uint32_t first, uint32_t last) const {
  if (first >= last || first < first_ || last > last_ || !rws_.empty()) return false;
  if (villages_.empty()) return true;
  // Sorted and unique: the range is covered when all its ordinals are in the set.
  auto lo = std::lower_bound(villages_.begin(), villages_.end(), first);
  auto hi = std::lower_bound(villages_.begin(), villages_.end(), last);
  return static_cast<uint32_t>(hi - lo) == last - first;
}

}  // namespace siklus::registry
