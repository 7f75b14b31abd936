#pragma once
// The LMS tables in memory: one dense array per indicator and sex, indexed by the table's integer
// key (age in days, length in tenths of a cm, or age in months for the WHO 2007 reference), so a
// lookup is one subtraction.

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "growth/growth.h"
#include "growth/lms.h"

namespace siklus::growth {

enum class Indicator : int {
  kWfa,        // weight-for-age, 0-1826 days (WHO 2006)
  kLhfa,       // length/height-for-age, 0-1826 days
  kWfl,        // weight-for-length, 45-110 cm (key: tenths of a cm)
  kWfh,        // weight-for-height, 65-120 cm
  kBmifa,      // BMI-for-age, 0-1826 days
  kHcfa,       // head circumference-for-age, 0-1826 days
  kAcfa,       // arm circumference-for-age, 91-1826 days
  kWfa2007,    // weight-for-age, 60-121 months (WHO 2007)
  kHfa2007,    // height-for-age, 60-229 months
  kBmifa2007,  // BMI-for-age, 60-229 months
  kSsfa,       // subscapular skinfold-for-age, 91-1826 days (imported, not yet scored)
  kTsfa,       // triceps skinfold-for-age, 91-1826 days (imported, not yet scored)
};
inline constexpr int kIndicatorCount = 12;

//! Stable names, used in the database and the curves endpoint: "wfa", "lhfa", "wfl", "wfh",
//! "bmifa", "hcfa", "acfa", "wfa2007", "hfa2007", "bmifa2007", "ssfa", "tsfa".
std::string_view indicator_name(Indicator indicator);
std::optional<Indicator> indicator_from_name(std::string_view name);
//! True for indicators scored with the restricted tail (weight, BMI, MUAC).
bool is_weight_based(Indicator indicator);
//! True for the two tables keyed by length/height in tenths of a cm.
bool is_length_keyed(Indicator indicator);

struct LmsTable {
  int first_key = 0;
  std::vector<Lms> rows;  // rows[k - first_key]

  bool empty() const { return rows.empty(); }
  int last_key() const { return first_key + static_cast<int>(rows.size()) - 1; }
  const Lms* at(int key) const {
    if (rows.empty() || key < first_key || key > last_key()) return nullptr;
    return &rows[static_cast<size_t>(key - first_key)];
  }
};

struct Tables {
  std::array<std::array<LmsTable, 2>, kIndicatorCount> by_indicator;

  LmsTable& of(Indicator i, Sex s) {
    return by_indicator[static_cast<size_t>(i)][s == Sex::kMale ? 0 : 1];
  }
  const LmsTable& of(Indicator i, Sex s) const {
    return by_indicator[static_cast<size_t>(i)][s == Sex::kMale ? 0 : 1];
  }
};

}  // namespace siklus::growth
