#pragma once
// JSON shape of coverage figures (contract.md `siklus coverage --json`), shared by the CLI and
// the HTTP handlers so both answer the same fields.

#include <nlohmann/json.hpp>
#include <span>

#include "coverage/coverage.h"

namespace siklus::coverage {

//! One area's figures: region, name, level, residents, members_linked, members_active,
//! coverage_pct, active_pct, naive_pct, members_not_resident (+ breakdown), uhc_status,
//! uncovered, inactive, enrol_cost_month; with `detail` also by segment and by age group.
nlohmann::json area_json(const CoverageReport& report, int32_t area, const CoverageOptions& options,
                         bool detail);

//! The area with its children (next level down) as contract.md prints it, plus "snapshot".
nlohmann::json coverage_json(const CoverageReport& report, int32_t area,
                             const CoverageOptions& options, const std::string& snapshot);

//! A user's scope made of several areas (a puskesmas's kelurahan): region "me", level "scope",
//! the areas' figures summed, the areas as children.
nlohmann::json scope_json(const CoverageReport& report, std::span<const int32_t> areas,
                          const std::string& name, const CoverageOptions& options,
                          const std::string& snapshot);

}  // namespace siklus::coverage
