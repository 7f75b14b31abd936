#pragma once
// 16-digit identity numbers (NIK, KK) searchable by their leading digits: "3371011205" finds
// every NIK or KK that starts with it. A sorted run plus an unsorted tail of recent additions,
// merged when the tail grows: a write is O(1) amortized and a query a binary search plus a scan
// of the tail. Entries point at the people index's records; a record replaced later is stale
// and the caller skips it (the next merge drops it).
//
// Not synchronized: the people index's lock covers it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace siklus::registry {

//! The half-open range [first, last) of 16-digit numbers that start with `digits` (1–16 digits,
//! all 0–9), or nullopt when `digits` is not such a prefix.
struct NumberRange {
  uint64_t first = 0;
  uint64_t last = 0;
};
std::optional<NumberRange> number_prefix_range(std::string_view digits);

class NumberPrefixIndex {
 public:
  void add(uint64_t number, uint32_t rec);
  //! Sorts the tail into the run, dropping entries whose record `live` says is gone.
  void merge(const std::function<bool(uint32_t rec)>& live);
  //! Whether the tail has grown enough that the next merge pays for itself.
  bool wants_merge() const { return tail_.size() > std::max<size_t>(kMinTail, run_.size() / 8); }
  //! Calls `visit(number, rec)` for every entry in `range`: the run in number order, then the
  //! tail in insertion order.
  void for_each_in(NumberRange range,
                   const std::function<void(uint64_t number, uint32_t rec)>& visit) const;

 private:
  static constexpr size_t kMinTail = 4096;
  struct Entry {
    uint64_t number;
    uint32_t rec;
    bool operator<(const Entry& o) const {
      return number != o.number ? number < o.number : rec < o.rec;
    }
  };
  std::vector<Entry> run_;  // sorted by number
  std::vector<Entry> tail_;
};

}  // namespace siklus::registry
