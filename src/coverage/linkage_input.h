#pragma once
// What the linkage engine is fed, parsed the same way everywhere (the `siklus link` files and the
// register in the store): one birth-date rule.

#include <optional>
#include <string_view>

#include "coverage/linkage/linkage.h"

namespace siklus::coverage {

//! YYYY-MM-DD kept as written, for comparison: components in range (year 1800–2200, month and
//! day 1–31) are kept even when they are not a real day, because a day/month swap ("1985-13-05")
//! is exactly what the comparison should recognise. nullopt for anything else. `real_day`, when
//! given, says whether the date exists.
std::optional<linkage::BirthDate> parse_linkage_birth(std::string_view text,
                                                      bool* real_day = nullptr);

}  // namespace siklus::coverage
