#include "registry/number_index.h"

#include <algorithm>

namespace siklus::registry {

std::optional<NumberRange> number_prefix_range(std::string_view digits) {
  if (digits.empty() || digits.size() > 16) return std::nullopt;
  uint64_t prefix = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    prefix = prefix * 10 + static_cast<uint64_t>(c - '0');
  }
  uint64_t scale = 1;
  for (size_t i = digits.size(); i < 16; ++i) scale *= 10;
  return NumberRange{prefix * scale, (prefix + 1) * scale};
}

void NumberPrefixIndex::add(uint64_t number, uint32_t rec) { tail_.push_back({number, rec}); }

void NumberPrefixIndex::merge(const std::function<bool(uint32_t rec)>& live) {
  std::sort(tail_.begin(), tail_.end());
  std::vector<Entry> merged;
  merged.reserve(run_.size() + tail_.size());
  std::merge(run_.begin(), run_.end(), tail_.begin(), tail_.end(), std::back_inserter(merged));
  std::erase_if(merged, [&](const Entry& e) { return !live(e.rec); });
  run_ = std::move(merged);
  tail_.clear();
  tail_.shrink_to_fit();
}

void NumberPrefixIndex::for_each_in(
    NumberRange range, const std::function<void(uint64_t number, uint32_t rec)>& visit) const {
  auto it = std::lower_bound(run_.begin(), run_.end(), Entry{range.first, 0});
  for (; it != run_.end() && it->number < range.last; ++it) visit(it->number, it->rec);
  for (const Entry& e : tail_) {
    if (e.number >= range.first && e.number < range.last) visit(e.number, e.rec);
  }
}

}  // namespace siklus::registry
