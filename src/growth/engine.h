#pragma once
// The growth engine: WHO z-scores from in-memory LMS tables, following the rules of WHO's own
// `anthro` (0-5 y) and `anthroplus` (5-19 y) R packages: age in completed days, the length/height
// switch at 731 days with the 0.7 cm correction, weight-for-length below 731 days and
// weight-for-height from 731 days, the restricted tail for weight-based indicators, z rounded to
// 2 decimals and WHO's flags for implausible values (docs/growth.md). Pure: no I/O.

#include <memory>
#include <optional>

#include "growth/growth.h"
#include "growth/tables.h"

namespace siklus::growth {

//! z for an age-keyed WHO 2006 table at `age_days` (nullopt outside the table), unrounded.
std::optional<double> z_for_age_days(const Tables& t, Indicator i, Sex sex, int age_days, double x);
//! z for weight-for-length (kWfl) or -height (kWfh) at `cm`; L, M and S are interpolated between
//! the neighbouring 0.1 cm rows when `cm` has more than one decimal. Nullopt outside the table.
std::optional<double> z_for_length(const Tables& t, Indicator i, Sex sex, double cm,
                                   double weight_kg);
//! z for a WHO 2007 table at a fractional age in months (interpolated between whole months);
//! nullopt outside 60-228 months (60-120 for weight).
std::optional<double> z_for_age_months(const Tables& t, Indicator i, Sex sex, double months,
                                       double x);

//! Rounds a z-score to 2 decimals, as WHO's software reports it.
double round_z(double z);

//! The status words of growth.h for a z-score (PMK 2/2020).
std::string weight_for_age_status(double waz);
std::string height_for_age_status(double haz);
std::string weight_for_height_status(double whz);
//! Under 5 the BB/TB words; from 5 years "severely_thin" | "thin" | "normal" | "overweight" |
//! "obese" (IMT/U 5-18 y).
std::string bmi_for_age_status(double bmiz, bool under_five);

//! A Reference over the given tables (installed when weight-for-age is present).
std::shared_ptr<const Reference> make_reference(Tables tables);

}  // namespace siklus::growth
