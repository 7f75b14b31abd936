#pragma once
// Loads coverage facts from the store: the area tree of a city (region table plus the RWs that
// people live in), its residents, and the snapshot's members with their current links. The
// registry's tables (region, person) are read here and only here, read-only.

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"
#include "coverage/coverage.h"
#include "coverage/membership.h"
#include "store/database.h"

namespace siklus::coverage {

struct LoadedCoverage {
  CoverageInput input;
  std::string city;                 // kab/kota code the input covers
  std::vector<int64_t> person_ids;  // parallel to input.residents
};

//! Facts for the city holding `region` (any area code), snapshot `snapshot`, ages on `on`.
//! kNotFound when the city has no regions.
Result<LoadedCoverage> load_coverage(store::Database& db, std::string_view region,
                                     const SnapshotRef& snapshot, Date on);

//! Code range [lo, hi) of the codes starting with `prefix` (for index-friendly range scans).
std::pair<std::string, std::string> prefix_range(std::string_view prefix);

}  // namespace siklus::coverage
