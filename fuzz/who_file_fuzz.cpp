// WHO's LMS file reader (growth/who_files.cpp) on arbitrary bytes, as every table type: never
// crash, and what it accepts is a table the engine can score against without crashing (a
// damaged but well-formed table gives odd z-scores, never undefined behaviour).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "growth/engine.h"
#include "growth/who_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace siklus::growth;
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const WhoFile& f : who_files()) {
    auto rows = parse_who_file(f, text, f.name);
    if (!rows) {
      if (rows.error().field.rfind(f.name, 0) != 0) std::abort();  // errors name file:line:col
      continue;
    }
    ParsedFile parsed{&f, f.name, text, std::move(*rows)};
    const Tables tables = tables_from({parsed});
    for (const LmsRow& r : parsed.rows) {
      if (is_length_keyed(f.indicator)) {
        (void)z_for_length(tables, f.indicator, r.sex, r.key / 10.0 + 0.05, 10);
      } else {
        (void)z_for_age_days(tables, f.indicator, r.sex, r.key, 10);
        (void)z_for_age_months(tables, f.indicator, r.sex, r.key + 0.5, 10);
      }
    }
  }
  return 0;
}
