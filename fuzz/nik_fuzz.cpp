// NIK checks on arbitrary bytes: never crash, and a NIK that passes has the documented shape.
#include <cstdlib>
#include <string_view>

#include "core/nik.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  siklus::NikCheckInput in;
  in.nik = text;
  in.today = siklus::Date{2026, 12, 2};
  in.sex = size % 3 == 0 ? siklus::Sex::kMale : siklus::Sex::kUnknown;
  const auto info = siklus::check_nik(in);
  if (info.ok() && text.size() != 16) std::abort();
  (void)siklus::mask_nik(text);
  (void)siklus::parse_sex(text);
  return 0;
}
