#pragma once
// UHC coverage by area, computed in one pass over plain facts (no SQL here; see
// coverage_data.h for loading them). Areas form a tree city → kecamatan → kelurahan → RW; every
// count is added along the chain from the deepest area up, so all areas cost one pass.
//
// Definitions (docs/coverage.md):
//  - residents: alive residents whose address lies in the area;
//  - members_linked / members_active: members linked (match or accepted review) to such a
//    resident / of those, AKTIF — counted at the resident's address;
//  - members_registered: members whose insurer address lies in the area (the naive numerator);
//  - members_not_resident: of those, members linked to no alive resident (the dead, the moved
//    out, people living elsewhere, duplicates) — what pushes a naive ratio above 100 %;
//  - members_elsewhere: registered here but linked to an alive resident living outside the area.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "coverage/membership.h"

namespace siklus::coverage {

//! Whether an address (kelurahan code, RW; rw 0 = unknown) is wanted: the acting user's scope,
//! a region filter. Domain calls take one so scope is applied where the rows are read.
using AreaFilter = std::function<bool(std::string_view village, int rw)>;

enum class AreaLevel { kCity, kDistrict, kVillage, kRw };
const char* area_level_name(AreaLevel level);  // "city", "district", "village", "rw"

//! "3371011003.RW03" for RW 3 of a kelurahan.
std::string rw_code(std::string_view village, int rw);
//! Normalizes a region argument: Kemendagri code with or without dots, optionally ".RWnn".
std::optional<std::string> normalize_area_code(std::string_view text);

// ILP life-cycle groups (domain.md §1.2), by age at the snapshot date.
inline constexpr int kAgeGroups = 6;
inline constexpr const char* kAgeGroupNames[kAgeGroups] = {"0-4",   "5-6", "7-17",
                                                           "18-59", "60+", "unknown"};
int age_group(std::optional<Date> birth, Date on);

inline constexpr int kSegmentCount = 6;  // index = static_cast<int>(Segment)

struct Area {
  std::string code;
  std::string name;
  AreaLevel level = AreaLevel::kCity;
  int32_t parent = -1;
  std::vector<int32_t> children;
};

//! The area tree of one city, built from the registry's region tree (registry::ReadPort) plus the
//! RWs people live in; an index for the one-pass computation, not a region model of its own.
//! Children are kept sorted by code.
class AreaTree {
 public:
  int32_t add(std::string code, std::string name, AreaLevel level, int32_t parent);
  std::optional<int32_t> find(std::string_view code) const;
  //! The area of a code or its nearest known ancestor (RW → kelurahan → kecamatan → city).
  std::optional<int32_t> find_nearest(std::string_view code) const;
  const Area& operator[](int32_t i) const { return nodes_[static_cast<size_t>(i)]; }
  size_t size() const { return nodes_.size(); }

 private:
  std::vector<Area> nodes_;
  std::unordered_map<std::string, int32_t> index_;
};

enum class ResidentState : uint8_t { kAlive, kDied, kMovedOut };

struct ResidentFact {
  int32_t area = -1;  // deepest area of the address (RW, else kelurahan, …); -1 outside the tree
  uint8_t age_group = kAgeGroups - 1;
  ResidentState state = ResidentState::kAlive;
};

struct MemberFact {
  int32_t registered_area = -1;  // deepest area of the insurer's address; -1 unplaced
  int32_t resident = -1;         // index into residents when linked (match or accepted)
  Segment segment = Segment::kUnknown;
  MemberStatus status = MemberStatus::kUnknown;
  bool review_pending = false;  // has a candidate in the review queue, not yet decided
};

struct CoverageInput {
  AreaTree areas;
  std::vector<ResidentFact> residents;
  std::vector<MemberFact> members;
};

struct Thresholds {
  double uhc_coverage_pct = 98;  // UHC Prioritas (domain.md §5.3)
  double uhc_active_pct = 80;
  double basic_coverage_pct = 95;  // the older UHC threshold
};

struct CoverageOptions {
  Thresholds thresholds;
  int64_t premium_rupiah = 42000;  // PBI APBD, per person per month (domain.md §5.1)
};

struct AgeCoverage {
  uint64_t residents = 0;
  uint64_t linked = 0;
  uint64_t active = 0;
};

struct AreaCoverage {
  uint64_t residents = 0;
  uint64_t members_linked = 0;
  uint64_t members_active = 0;
  uint64_t members_registered = 0;
  uint64_t members_not_resident = 0;
  uint64_t not_resident_died = 0;
  uint64_t not_resident_moved = 0;
  uint64_t not_resident_unlinked = 0;
  uint64_t members_elsewhere = 0;
  uint64_t members_review = 0;  // registered here with a pending review
  std::array<uint64_t, kSegmentCount> segment_linked{};
  std::array<uint64_t, kSegmentCount> segment_active{};
  std::array<AgeCoverage, kAgeGroups> ages{};

  uint64_t uncovered() const { return residents - members_linked; }
  uint64_t inactive() const { return members_linked - members_active; }
  double coverage_pct() const;
  double active_pct() const;
  double naive_pct() const;
};

//! "uhc_prioritas" (both thresholds met), "uhc_basic" (coverage ≥ the older 95 %), "below".
std::string uhc_status(const AreaCoverage& a, const Thresholds& t);

struct CoverageReport {
  AreaTree areas;
  std::vector<AreaCoverage> stats;  // parallel to areas
  uint64_t members_unplaced = 0;    // insurer address outside every known area
};

CoverageReport compute_coverage(CoverageInput input);

//! Adds (sign +1) or takes back (-1) one resident's own counts: alive residents by area and age.
//! compute_coverage is these two over every fact; live figures apply them per change.
void count_resident(CoverageReport& report, const ResidentFact& resident, int sign);
//! Adds or takes back one member's counts; `resident` is the linked resident's fact or null.
void count_member(CoverageReport& report, const MemberFact& member, const ResidentFact* resident,
                  int sign);

//! Percentage rounded to two decimals (ratios of counts; 0 when the denominator is 0).
double pct(uint64_t num, uint64_t den);

}  // namespace siklus::coverage
