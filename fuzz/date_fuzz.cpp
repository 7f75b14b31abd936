// Date::parse on arbitrary bytes: never crash, and whatever parses prints back unchanged.
#include <cstdlib>
#include <string_view>

#include "core/date.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto d = siklus::Date::parse(text);
  if (!d) return 0;
  if (d->to_string() != text) std::abort();
  if (siklus::Date::from_days(d->days()) != *d) std::abort();
  (void)siklus::age_in_years(*d, siklus::Date{2026, 12, 2});
  (void)siklus::age_in_months(*d, siklus::Date{2026, 12, 2});
  return 0;
}
