#pragma once
// The one scope rule (issue 2, item 6): what part of the city a user may see.
//   dinkes_admin  the whole kab/kota of their scope code
//   puskesmas     the kelurahan of the puskesmas's wilayah kerja
//   nakes         the wilayah kerja of the puskesmas their facility belongs to (a hospital or
//                 clinic maps to the puskesmas whose wilayah kerja holds it)
//   kader         the RWs of their posyandu
// Every people, region and facility query goes through Scope, so out-of-scope records are
// simply not found.

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace siklus::registry {

class Scope {
 public:
  //! Everything in the village ordinal range [first, last).
  static Scope range(uint32_t first, uint32_t last, std::string root);
  //! A set of villages (ordinals); `root` is the smallest region holding them all.
  static Scope villages(std::vector<uint32_t> ordinals, std::string root);
  //! A set of (village ordinal, RW) pairs.
  static Scope rws(std::vector<std::pair<uint32_t, int>> rws, std::string root);

  bool contains(uint32_t village, int rw) const {
    if (village < first_ || village >= last_) return false;
    if (!villages_.empty() && !std::binary_search(villages_.begin(), villages_.end(), village)) {
      return false;
    }
    if (!rws_.empty()) return std::binary_search(rws_.begin(), rws_.end(), std::pair(village, rw));
    return true;
  }
  //! Whether any part of the village is visible (for a kader: one of their RWs lies in it).
  bool sees_village(uint32_t village) const {
    if (village < first_ || village >= last_) return false;
    if (!villages_.empty()) return std::binary_search(villages_.begin(), villages_.end(), village);
    return true;
  }
  //! Whether any village of the ordinal range [first, last) is visible.
  bool sees_any(uint32_t first, uint32_t last) const;
  //! Region code the user's view starts at ("me").
  const std::string& root() const { return root_; }
  uint32_t first() const { return first_; }
  uint32_t last() const { return last_; }
  //! Whether every village of [first, last) is wholly visible (not just some of its RWs).
  bool covers(uint32_t first, uint32_t last) const;
  //! The village ordinals of a village set (empty for a range scope).
  const std::vector<uint32_t>& villages() const { return villages_; }
  //! The (village, RW) pairs of an RW scope (empty otherwise).
  const std::vector<std::pair<uint32_t, int>>& rws() const { return rws_; }

 private:
  uint32_t first_ = 0;
  uint32_t last_ = 0;
  std::vector<uint32_t> villages_;             // sorted; empty = the whole range
  std::vector<std::pair<uint32_t, int>> rws_;  // sorted; empty = whole villages
  std::string root_;
};

}  // namespace siklus::registry
