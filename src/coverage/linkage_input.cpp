#include "coverage/linkage_input.h"

#include "core/date.h"

namespace siklus::coverage {

std::optional<linkage::BirthDate> parse_linkage_birth(std::string_view s, bool* real_day) {
  if (real_day) *real_day = false;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (size_t i = 0; i < lens[k]; ++i) {
      const char c = s[starts[k] + i];
      if (c < '0' || c > '9') return std::nullopt;
      v[k] = v[k] * 10 + (c - '0');
    }
  }
  if (v[0] < 1800 || v[0] > 2200 || v[1] < 1 || v[2] < 1 || v[1] > 31 || v[2] > 31) {
    return std::nullopt;
  }
  if (real_day) *real_day = Date::valid(v[0], v[1], v[2]);
  return linkage::BirthDate{static_cast<int16_t>(v[0]), static_cast<int8_t>(v[1]),
                            static_cast<int8_t>(v[2])};
}

}  // namespace siklus::coverage
