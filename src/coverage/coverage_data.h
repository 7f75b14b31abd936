#pragma once
// The live coverage figures of one city and snapshot: loaded once from the registry's read port
// (region tree, residents) and coverage's own tables (members, links), then kept current change
// by change. Each resident's and member's contribution is known, so a change takes back the old
// contribution and adds the new one (count_resident/count_member) instead of recomputing the city.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "coverage/coverage.h"
#include "coverage/membership.h"
#include "registry/read_port.h"
#include "store/database.h"

namespace siklus::coverage {

class CityCoverage {
 public:
  //! Facts for the city holding `region` (any area code), snapshot `snapshot`, ages on `on`.
  //! kNotFound when the city has no regions.
  static Result<std::unique_ptr<CityCoverage>> load(store::Database& db, registry::ReadPort& port,
                                                    std::string_view region,
                                                    const SnapshotRef& snapshot, Date on);

  const CoverageReport& report() const { return report_; }
  const std::string& city() const { return city_; }
  int64_t snapshot_id() const { return snapshot_id_; }

  //! A resident was added or changed (`row`), or no longer exists (`row` null). A resident whose
  //! kelurahan is outside the city leaves it.
  void resident_changed(int64_t id, const registry::ResidentRow* row);
  //! A reviewer's verdict on the pair proposed for `noka`: linked to `person` (accept) or not
  //! (reject, `person` empty). False when the member is not part of this city's figures.
  bool link_decided(std::string_view noka, std::optional<int64_t> person);

 private:
  CityCoverage() = default;
  ResidentFact fact_of(const registry::ResidentRow& row);
  int32_t member_of(int64_t person) const;
  void recount_member(int32_t member, int sign);

  std::string city_;
  int64_t snapshot_id_ = 0;
  Date on_;
  CoverageReport report_;
  std::vector<ResidentFact> residents_;
  std::vector<int64_t> person_ids_;                      // parallel to residents_
  std::unordered_map<int64_t, int32_t> resident_index_;  // person id -> residents_
  std::vector<MemberFact> members_;
  std::unordered_map<uint64_t, int32_t> member_index_;     // noka -> members_
  std::unordered_map<int64_t, int32_t> member_of_person_;  // matched links: person id -> members_
};

//! Code range [lo, hi) of the codes starting with `prefix` (for index-friendly range scans).
std::pair<std::string, std::string> prefix_range(std::string_view prefix);

}  // namespace siklus::coverage
